"""The call: briefing, the caller speaks, the trainee replies, feedback, next turn by the branch."""

from __future__ import annotations

import threading

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Input, Static

from callsim.tui.call_caller import PlaysCaller
from callsim.tui.call_flow import MovesCallOn
from callsim.tui.call_record import RecordsReplies
from callsim.unheard import HINT
from callsim.tui.call_reply import JudgesReplies
from callsim.tui.call_save import SavesReplies
from callsim.tui.path_suggest import PathSuggester
from callsim.tui.turns import CallState
from callsim.tui.widgets import LevelMeter, StatusHeader
from callsim.tui.footer import Footer


class CallScreen(PlaysCaller, MovesCallOn, RecordsReplies, JudgesReplies, SavesReplies, Screen):
    """One practice call through a scenario."""

    phase: var[str] = var("briefing", bindings=True)  # briefing, caller, reply, judging, feedback, again (a reply
    # not judged: Enter hears the caller again); the footer follows

    BINDINGS = [
        Binding("enter", "answer", "Take call"),
        Binding("enter", "hear_again", "Hear caller again"),  # after a reply that was not judged
        Binding("space", "stop_reply", "End reply"),
        Binding("space", "too_early", show=False),  # while the caller speaks: says the turn is coming
        Binding("h", "toggle_caller_text", "Caller text"),
        Binding("b", "toggle_briefing", "Briefing", show=False),  # the folded briefing says so
        Binding("escape", "hang_up_key", "Hang up"),
    ]

    def __init__(self, scenario, trainee: str):
        super().__init__()
        self.call = CallState(scenario, trainee)
        self.recorder = None
        self.live = None
        self.shown_live = ""  # the words shown live during the reply being recorded
        self.live_error = None  # what stopped the live analysis of that reply (it is then judged whole)
        self.judging = None
        self.stop_event = None
        self.playing = None
        self.started_at = 0.0
        self.reply_ended_at = None
        self.ending = threading.Lock()  # hang-up vs. the judging worker's save
        self.pending_save = self.hung_up = self.recording_open = False
        self.handed_off = None  # a finished recording posted to the UI thread, not yet judged
        self.hang_up_asked = -10.0  # when Esc mid-reply last asked for a second press
        self.full_briefing = True  # folded to its title once the call is taken (b shows it again)
        self.unplayed = ""  # why this turn's caller line could not be played ("" when it was)

    def compose(self) -> ComposeResult:
        """Briefing, caller line, phase, level, sound without speech, live words."""
        yield StatusHeader()
        with VerticalScroll(id="call-body"):
            yield Static(id="briefing")
            with VerticalScroll(id="caller-scroll"):  # a long line scrolls here; the turn stays in view
                yield Static(id="caller")
            yield Static(id="phase")
            yield LevelMeter(id="level")
            yield Static(HINT, id="unheard")  # shown while the reply is sound with no speech heard
            yield Static(id="partial")
            yield Input(placeholder="no microphone: path of an audio file with your reply, then Enter",
                        id="reply-file", select_on_focus=False,  # a prefilled folder is kept, not replaced
                        suggester=PathSuggester(folder=self._prefilled_folder))  # the rest of a name, dimmed: Right
        yield Footer()

    def _prefilled_folder(self) -> str:
        """The folder the reply-file box starts in (that of the last reply file given)."""
        from callsim.tui.call_record import reply_folder

        return reply_folder(self.app.last_reply_file)

    def on_mount(self) -> None:
        """Open the session and show the briefing."""
        try:
            self.call.open_session(self.app.services.store)
        except Exception as err:  # store locked or disk full: practise anyway, say it is not kept
            self.notify(f"this call will not be saved: {err}", severity="error", timeout=15)
        self._show_briefing()
        self.query_one("#reply-file", Input).display = False
        for widget in self.query("#level, #partial"):  # live level and words need a microphone
            widget.display = self.app.services.device is not None
        self.set_phase("Press Enter to take the call.")
        self.set_interval(0.2, self._tick)

    def check_action(self, action: str, parameters) -> bool | None:
        """The footer shows only the keys that do something now: Enter before the caller speaks, Space while a
        microphone reply is recorded."""
        if action == "answer":
            return self.phase == "briefing"
        if action == "hear_again":
            return self.phase == "again"
        if action == "stop_reply":
            return self.phase == "reply" and self.app.services.device is not None
        if action == "too_early":
            return self.phase == "caller"
        if action == "toggle_caller_text":  # with no speaker the words are the only way to hear the caller
            return self.app.services.device is not None
        return True

    def set_phase(self, text: str, style: str = "bold") -> None:
        """The one-line state of the call."""
        self.query_one("#phase", Static).update(Text(text, style=style))

    def action_answer(self) -> None:
        """Take the call (from the briefing), or hear the caller again after a reply that was not judged."""
        if self.phase in ("briefing", "again"):
            self.play_caller()

    def action_hear_again(self) -> None:
        """Enter after a reply that was not judged: the caller says the line again."""
        self.action_answer()

    def device_lost(self) -> None:
        """The sound device failed (``app.audio_failed``): no level or live words, the caller's words show,
        and the next reply comes from the file box."""
        for widget in self.query("#level, #partial"):
            widget.display = False
        if self.phase != "briefing":
            self.query_one("#caller", Static).update(self._caller_line())
        self.prefill_reply_file()
        self.refresh_bindings()

    def palette_commands(self):
        """Command palette entries of this screen."""
        return [("End reply", "Stop recording now", self.action_stop_reply),
                ("Toggle caller text", "Show or hide the caller's words", self.action_toggle_caller_text),
                ("Toggle briefing", "Show or fold the call's briefing", self.action_toggle_briefing),
                ("Hang up", "Leave this call", self.action_hang_up)]
