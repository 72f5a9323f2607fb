"""The callsim practice app: home → call → feedback per turn → summary.

The speech model loads and librosa warms up in background workers at start,
with their status in the header; screens never wait on them to draw.
"""

from __future__ import annotations

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive

from callsim.tui.app_resources import OpensResources
from callsim.tui.inflight import InFlight
from callsim.tui.quit_signals import QuitsOnSignals
from callsim.tui.review_drafts import NoteDrafts
from callsim.tui.services import Services


#: The header's audio part once the device failed mid-use (short: the whole header fits 80 columns).
LOST_AUDIO = "audio lost: press m on home"


def make_app(services: Services, *, start: str = "home", quit_signals: bool = False) -> "CallsimApp":
    """The app on the given services, opening on ``home`` or ``review``; ``callsim`` and the tests build it here.
    With ``quit_signals`` (the real app) SIGTERM and SIGHUP quit it as Ctrl+Q does (``quit_signals.py``)."""
    return CallsimApp(services, start=start, quit_signals=quit_signals)


class CallsimApp(QuitsOnSignals, OpensResources, App):
    """Phone-tone practice with per-turn feedback."""

    CSS_PATH = "app.tcss"
    TITLE = "callsim"
    status: reactive[str] = reactive("loading speech model…")
    BINDINGS = [Binding("f1,question_mark", "help", "Help"), Binding("ctrl+q", "quit", "Quit", show=False, priority=True)]

    def __init__(self, services: Services, *, start: str = "home", quit_signals: bool = False):
        super().__init__()
        self.services = services
        self.start = start
        self.quit_signals = quit_signals
        self.transcriber = None
        self.model_error = ""
        self.warmed = False
        self.opening = False
        self.quitting = False  # set on quit: keys still queued behind it do nothing
        self.saves = InFlight()  # replies, review edits and readings being saved: quitting waits for them
        self.last_reply_file = ""  # no microphone: the last reply file given (its folder starts every later turn)
        self.note_drafts = NoteDrafts()  # review: notes closed with Esc before they were saved

    def on_mount(self) -> None:
        """Show home at once, then load the model and warm up analysis in the background."""
        from callsim.tui.home import HomeScreen
        from callsim.tui.review import ReviewScreen

        if self.quit_signals:
            self.catch_quit_signals()
        self.push_screen(ReviewScreen() if self.start == "review" else HomeScreen())
        self.opening = self.services.open_later is not None
        self.call_after_refresh(self.start_background_work)

    def _update_status(self) -> None:
        model = "model ready" if self.transcriber else ("no model" if self.model_error else "loading model…")
        analysis = "analysis ready" if self.warmed else "warming analysis…"
        audio = "opening audio…" if self.opening else "audio ok" if self.services.device else \
            LOST_AUDIO if self.services.device_lost else "no audio device"
        self.status = f"{model} · {analysis} · {audio}"

    def watch_status(self, status: str) -> None:
        """Show the new status in the header of every screen in the stack."""
        from callsim.tui.widgets import StatusHeader

        for screen in self.screen_stack:
            for header in screen.query(StatusHeader):
                header.show(status)

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
        """Quit; a call still open ends as if hung up (finished turns stay saved, the session is abandoned). With
        note drafts kept, the trainer is asked first (not on a quit signal)."""
        from callsim.tui.call import CallScreen

        if len(self.note_drafts) and not self.signalled and not self.quitting:
            self._ask_before_losing_drafts()
            return
        self.quitting = True
        try:
            for screen in self.screen_stack:
                if isinstance(screen, CallScreen) and not screen.hung_up:
                    screen.end_call()
        except Exception:  # noqa: BLE001 - a busy or purged store: the next start marks it incomplete; quit anyway
            pass
        finally:
            await super().action_quit()

    def _ask_before_losing_drafts(self) -> None:
        """Ask whether to quit although note drafts would be lost; yes forgets them and quits."""
        from callsim.tui.review_drafts import NoteDrafts, lost_drafts_question
        from callsim.tui.review_modals import ConfirmDialog

        if isinstance(self.screen, ConfirmDialog) and self.screen.title == "Quit?":
            return  # asked already

        def answered(yes) -> None:
            if yes:
                self.note_drafts = NoteDrafts()
                self.call_next(self.action_quit)

        self.push_screen(ConfirmDialog("Quit?", lost_drafts_question(len(self.note_drafts))), answered)

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
