"""The callsim practice app: home → call → feedback per turn → summary.

The speech model loads and librosa warms up in background workers at start,
with their status in the header; screens never wait on them to draw.
"""

from __future__ import annotations

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding

from callsim.errors import CallsimError
from callsim.tui.messages import AnalysisWarmed, ModelLoaded
from callsim.tui.services import Services


def make_app(services: Services) -> "CallsimApp":
    """The app on the given services; ``callsim`` and the tests both build it here."""
    return CallsimApp(services)


class CallsimApp(App):
    """Phone-tone practice with per-turn feedback."""

    CSS_PATH = "app.tcss"
    TITLE = "callsim"
    BINDINGS = [Binding("f1,question_mark", "help", "Help"), Binding("ctrl+q", "quit", "Quit", show=False, priority=True)]

    def __init__(self, services: Services):
        super().__init__()
        self.services = services
        self.transcriber = None
        self.model_error = ""
        self.warmed = False

    def on_mount(self) -> None:
        """Show home at once, then load the model and warm up analysis in the background."""
        from callsim.tui.home import HomeScreen

        self.sub_title = "loading speech model…"
        self.push_screen(HomeScreen())
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
        audio = "audio ok" if self.services.device else "no audio device"
        self.sub_title = f"{model} · {analysis} · {audio}"

    @property
    def ready(self) -> bool:
        """True when a reply can be judged."""
        return self.transcriber is not None

    def action_help(self) -> None:
        """Show the keys of every screen."""
        from callsim.tui.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen):
        """Command palette: the app's own actions beside Textual's."""
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "Keys for every screen", self.action_help)
        for name, help_text, callback in getattr(screen, "palette_commands", lambda: [])():
            yield SystemCommand(name, help_text, callback)
