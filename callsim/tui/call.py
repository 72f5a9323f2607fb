"""The call: briefing, the caller speaks, the trainee replies, feedback, next turn by the branch."""

from __future__ import annotations

import threading

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from callsim.tui.call_record import RecordsReplies
from callsim.unheard import HINT
from callsim.tui.call_reply import JudgesReplies
from callsim.tui.messages import CallerFinished, CallerNotPlayed, FeedbackReady
from callsim.tui.path_suggest import PathSuggester
from callsim.tui.turns import CallState
from callsim.tui.widgets import LevelMeter, StatusHeader


class CallScreen(RecordsReplies, JudgesReplies, Screen):
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

    def _show_briefing(self) -> None:
        """The briefing in full, or folded to title and caller so the call itself fits the screen."""
        sc = self.call.scenario
        text = Text.assemble((f"{sc.title}\n", "bold"), (f"Caller: {sc.persona.name} ({sc.persona.mood})", "italic"))
        text.append(f"\n{sc.briefing}" if self.full_briefing else "   b: the briefing", "" if self.full_briefing
                    else "grey62")
        self.query_one("#briefing", Static).update(text)

    def action_toggle_briefing(self) -> None:
        """Show or fold the briefing (during the call)."""
        if self.phase != "briefing":
            self.full_briefing = not self.full_briefing
            self._show_briefing()

    def play_caller(self) -> None:
        """The caller speaks the current turn's line."""
        if self.phase == "briefing":
            self.full_briefing = False
            self._show_briefing()
        self.phase = "caller"
        self.unplayed = ""
        turn = self.call.turn
        self.query_one("#caller", Static).update(self._caller_line())
        self.query_one("#partial", Static).update("")
        self.set_phase("The caller is speaking…")
        if self.app.services.device is None:
            self.prefill_reply_file()
            self.show_file_field()
        self.speak(turn)

    @work(thread=True, exclusive=True, group="audio")
    def speak(self, turn) -> None:
        """Play the caller's line and wait for its end."""
        device = self.app.services.device
        if device is not None:
            from callsim.clip import load

            try:
                clip = load(turn.audio_path)
            except Exception as err:  # a broken caller file: read the line instead
                self.post_message(CallerNotPlayed(unplayable_reason(err, turn.audio_path)))
            else:
                self._play_caller_line(device, clip)
        self.post_message(CallerFinished())

    def _play_caller_line(self, device, clip) -> None:
        """Play the caller's line and wait for its end; a device that fails is lost (the line shows as text)."""
        try:
            self.playing = device.play(clip)
            self.playing.wait()
        except Exception as err:  # PortAudio failure (sound server gone): the rest of the call uses files
            self.post_message(CallerNotPlayed("the sound device stopped"))
            self.app.audio_failed(err)

    def on_caller_not_played(self, message: CallerNotPlayed) -> None:
        """The caller's line was not heard: its words show (even when hidden) and the phase line says why."""
        self.unplayed = message.reason
        self.query_one("#caller", Static).update(self._caller_line())
        self.notify(f"cannot play the caller: {message.reason}", severity="warning")

    def turn_prompt(self, text: str) -> str:
        """The phase line for the trainee's turn: ``text``, after a note when the caller's line was not heard (the
        toast says why)."""
        if not self.unplayed:
            return text
        return f"The caller's audio would not play: read their words above. {text}"

    def device_lost(self) -> None:
        """The sound device failed (``app.audio_failed``): no level or live words, the caller's words show,
        and the next reply comes from the file box."""
        for widget in self.query("#level, #partial"):
            widget.display = False
        if self.phase != "briefing":
            self.query_one("#caller", Static).update(self._caller_line())
        self.prefill_reply_file()
        self.refresh_bindings()

    def on_caller_finished(self, message: CallerFinished) -> None:
        """After the caller: the end of the call, or the trainee's turn."""
        if not self.call.turn.expects_reply:
            self.finish_call()
        else:
            self.listen()

    def on_feedback_ready(self, message: FeedbackReady) -> None:
        """Show the feedback (the judging worker saves the turn); its result picks what happens next."""
        from callsim.tui.feedback import FeedbackScreen

        self.phase = "feedback"
        self.query_one("#reply-file", Input).display = False
        self.app.push_screen(FeedbackScreen(message.outcome, self.call, self.judging), self.after_feedback)

    def after_feedback(self, choice: str | None) -> None:
        """``retry`` the same turn, ``hang_up``, or go on along the branch the verdict picks."""
        if choice == "hang_up":
            return self.action_hang_up()
        if choice == "retry":
            self.call.retry()
        elif not self.call.advance():
            self.finish_call()
            return
        self.play_caller()

    def finish_call(self) -> None:
        """Close the session and show the summary."""
        from callsim.tui.summary import SummaryScreen

        self.call.close_session(self.app.services.store, "complete")
        self.app.switch_screen(SummaryScreen(self.call))

    def action_toggle_caller_text(self) -> None:
        """Show or hide the caller's words."""
        settings = self.app.services.settings
        settings.show_caller_text = not settings.show_caller_text
        if self.phase != "briefing":
            self.query_one("#caller", Static).update(self._caller_line())

    def _caller_line(self) -> Text:
        """'Name: what they say', or 'Name (words hidden: h shows them)'; always the words with no speaker."""
        name = self.call.scenario.persona.name
        if self.app.services.settings.show_caller_text or self.app.services.device is None or self.unplayed:
            return Text(f"{name}: {self.call.turn.caller}", style="yellow")
        return Text(f"{name} (words hidden: h shows them)", style="yellow")

    def action_hang_up_key(self) -> None:
        """Esc: hang up, but mid-reply only on a second press within 3 s (what was said so far is kept)."""
        now = self.app.services.clock()
        if self.phase == "reply" and self.recording_open and now - self.hang_up_asked > 3.0:
            self.hang_up_asked = now
            self.notify("Press Esc again to hang up; what you said so far is kept for review.", timeout=3)
            return
        self.action_hang_up()

    def action_hang_up(self) -> None:
        """Leave the call; finished turns stay saved and the session is marked abandoned (one left before any
        reply is removed: there is nothing to review)."""
        self.end_call()
        if self.call.results:  # something was judged: the summary, marked as a call you left
            from callsim.tui.summary import SummaryScreen

            self.app.switch_screen(SummaryScreen(self.call, hung_up=True))
        else:
            self.app.pop_screen()

    def end_call(self) -> None:
        """Stop the caller and the recording, and mark the session abandoned (also when the app quits); a reply
        being recorded is kept first (the recording worker sees the hang-up when it stops)."""
        self.leave_call()
        if self.stop_event is not None:
            self.stop_event.set()
        if self.playing is not None:
            self.playing.stop()

    def palette_commands(self):
        """Command palette entries of this screen."""
        return [("End reply", "Stop recording now", self.action_stop_reply),
                ("Toggle caller text", "Show or hide the caller's words", self.action_toggle_caller_text),
                ("Toggle briefing", "Show or fold the call's briefing", self.action_toggle_briefing),
                ("Hang up", "Leave this call", self.action_hang_up)]


def unplayable_reason(err: Exception, path) -> str:
    """Why a caller file would not load, without its path in front ("the file is cut short: ...")."""
    text = str(err).splitlines()[0] if str(err) else type(err).__name__
    prefix = f"{path}: "
    return text[len(prefix):] if text.startswith(prefix) else text
