"""The callsim practice app: home → call → feedback per turn → summary.

The speech model loads and librosa warms up in background workers at start,
with their status in the header; screens never wait on them to draw.
"""

from __future__ import annotations

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive

from callsim.errors import CallsimError, first_line
from callsim.tui.call_save import InFlight
from callsim.tui.messages import AnalysisWarmed, AudioLost, ModelLoaded, ResourcesOpened
from callsim.tui.review_drafts import NoteDrafts
from callsim.tui.services import Services


#: The header's audio part once the device failed mid-use.
LOST_AUDIO = "audio lost: press m on the home screen to look again"


def make_app(services: Services, *, start: str = "home") -> "CallsimApp":
    """The app on the given services, opening on ``home`` or ``review``; ``callsim`` and the tests build it here."""
    return CallsimApp(services, start=start)


class CallsimApp(App):
    """Phone-tone practice with per-turn feedback."""

    CSS_PATH = "app.tcss"
    TITLE = "callsim"
    status: reactive[str] = reactive("loading speech model…")
    BINDINGS = [Binding("f1,question_mark", "help", "Help"), Binding("ctrl+q", "quit", "Quit", show=False, priority=True)]

    def __init__(self, services: Services, *, start: str = "home"):
        super().__init__()
        self.services = services
        self.start = start
        self.transcriber = None
        self.model_error = ""
        self.warmed = False
        self.opening = False
        self.quitting = False  # set on quit: keys still queued behind it do nothing
        self.saves = InFlight()  # replies being judged and saved: quitting waits for them
        self.last_reply_file = ""  # no microphone: the last reply file given (its folder starts every later turn)
        self.note_drafts = NoteDrafts()  # review: notes closed with Esc before they were saved

    def on_mount(self) -> None:
        """Show home at once, then load the model and warm up analysis in the background."""
        from callsim.tui.home import HomeScreen
        from callsim.tui.review import ReviewScreen

        self.push_screen(ReviewScreen() if self.start == "review" else HomeScreen())
        self.opening = self.services.open_later is not None
        self.call_after_refresh(self.start_background_work)

    def start_background_work(self) -> None:
        """After the first frame: open store and device, load the model, warm up analysis."""
        if self.opening:
            self.open_resources()
        elif self.services.device is not None:
            self.warm_microphone()
        self.load_model()
        self.warm_analysis()

    @work(thread=True, group="startup")
    def load_model(self) -> None:
        """Load the Vosk model once (takes about a second)."""
        try:
            self.post_message(ModelLoaded(self.services.transcriber_factory()))
        except CallsimError as err:
            self.post_message(ModelLoaded(error=str(err)))

    @work(thread=True, group="startup")
    def warm_analysis(self) -> None:
        """Compile (or load from cache) librosa's numba kernels before the first reply."""
        start = self.services.clock()
        if self.services.warm_up:
            self.services.warm_up()
        self.post_message(AnalysisWarmed(self.services.clock() - start))

    @work(thread=True, group="startup")
    def open_resources(self) -> None:
        """Open the store and the sound device off the UI thread (first frame first)."""
        self.services.open_later(self.services)
        self.post_message(ResourcesOpened())

    def on_resources_opened(self, message: ResourcesOpened) -> None:
        """Store and device are open (or their notices are set): refresh what shows them."""
        self.opening = False
        self._update_status()
        if hasattr(self.screen, "refresh_status"):
            self.screen.refresh_status()
        self.screen.refresh_bindings()  # keys that need (or offer to find) a device
        if self.services.device is not None:
            self.warm_microphone()

    @work(thread=True, group="startup")
    def warm_microphone(self) -> None:
        """Open the input stream early: PortAudio needs about a second before audio flows. A microphone that
        cannot be opened is lost, as one failing mid-call is (``audio_failed``)."""
        device = self.services.device
        try:
            if device is not None:
                device.warm_up()
        except Exception as err:  # noqa: BLE001 - CallsimError or a raw PortAudioError: the device is unusable
            self.audio_failed(err)

    def audio_failed(self, err: Exception) -> None:
        """The sound device failed while warming up, recording or playing (any thread): let go of it now, then
        tell the screens (``AudioLost``)."""
        if self.services.lose_device(err):
            self.post_message(AudioLost(first_line(err)))

    def on_audio_lost(self, message: AudioLost) -> None:
        """The device is gone: the header says so, screens stop using it, and home offers m to look again."""
        self._update_status()
        self.notify(f"The sound device stopped ({message.error}): replies come from audio files until m on the "
                    "home screen finds it again.", title="Audio lost", severity="error", timeout=15)
        for screen in self.screen_stack:
            if hasattr(screen, "device_lost"):
                screen.device_lost()
            if hasattr(screen, "refresh_status"):
                screen.refresh_status()
        self.screen.refresh_bindings()

    def on_model_loaded(self, message: ModelLoaded) -> None:
        """Keep the model; say so in the header."""
        self.transcriber, self.model_error = message.transcriber, message.error
        self._update_status()
        if message.error:
            self.notify(message.error, title="Speech model", severity="error", timeout=15)

    def on_analysis_warmed(self, message: AnalysisWarmed) -> None:
        """Analysis is ready."""
        self.warmed = True
        self._update_status()

    def _update_status(self) -> None:
        model = "model ready" if self.transcriber else ("no model" if self.model_error else "loading model…")
        analysis = "analysis ready" if self.warmed else "warming analysis…"
        audio = "opening audio…" if self.opening else "audio ok" if self.services.device else \
            LOST_AUDIO if self.services.device_lost else "no audio device"
        self.status = f"{model} · {analysis} · {audio}"

    @property
    def ready(self) -> bool:
        """True when a reply can be judged."""
        return self.transcriber is not None and not self.opening

    async def run_action(self, action, default_namespace=None, namespaces=None) -> bool:
        """Run a key's or a link's action, unless the app is quitting: keys typed after ``q`` (``qa3/replies``
        typed into the wrong place) must not start a call while the screens are torn down."""
        if self.quitting:
            return True
        return await super().run_action(action, default_namespace, namespaces)

    def exit(self, *args, **kwargs) -> None:
        """Exit the app (see ``App.exit``); from now on further actions are ignored."""
        self.quitting = True
        super().exit(*args, **kwargs)

    async def action_quit(self) -> None:
        """Quit; a call still open ends as if hung up (finished turns stay saved, the session is abandoned)."""
        from callsim.tui.call import CallScreen

        self.quitting = True
        try:
            for screen in self.screen_stack:
                if isinstance(screen, CallScreen) and not screen.hung_up:
                    screen.end_call()
        except Exception:  # noqa: BLE001 - a busy or purged store: the next start marks it incomplete; quit anyway
            pass
        finally:
            await super().action_quit()

    def action_help(self) -> None:
        """Show the keys of every screen."""
        from callsim.tui.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_find_device(self) -> None:
        """Look again for a microphone (one plugged in since the app started)."""
        if self.services.device is not None:
            self.notify("A microphone is already in use (see the header).")
        elif self.services.find_device is None or self.opening:
            self.notify("Still opening the audio device; try again in a moment.")
        else:
            self.opening = True
            self._update_status()
            self.find_device()

    @work(thread=True, group="startup")
    def find_device(self) -> None:
        """Restart PortAudio and open the devices, off the UI thread; say what was found."""
        self.services.find_device(self.services)
        found = self.services.device is not None
        if found:
            self.services.device_lost = False
        self.call_from_thread(self.notify, "Found a microphone: replies are recorded from it now." if found
                              else self.services.device_error, severity="information" if found else "warning")
        self.post_message(ResourcesOpened())

    def get_system_commands(self, screen):
        """Command palette: the app's own actions beside Textual's."""
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "Keys for every screen", self.action_help)
        for name, help_text, callback in getattr(screen, "palette_commands", lambda: [])():
            yield SystemCommand(name, help_text, callback)
