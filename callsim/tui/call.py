"""The call: briefing, the caller speaks, the trainee replies, feedback, next turn by the branch."""

from __future__ import annotations

import threading
import time

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from callsim.tui.messages import CallerFinished, FeedbackReady, LevelMeasured, PartialHeard, ReplyRecorded
from callsim.tui.turns import CallState
from callsim.tui.widgets import LevelMeter, StatusHeader


class CallScreen(Screen):
    """One practice call through a scenario."""

    BINDINGS = [
        Binding("enter", "answer", "Take call"),
        Binding("space", "stop_reply", "End reply"),
        Binding("h", "toggle_caller_text", "Caller text"),
        Binding("escape", "hang_up", "Hang up"),
    ]

    def __init__(self, scenario, trainee: str):
        super().__init__()
        self.call = CallState(scenario, trainee)
        self.phase = "briefing"
        self.recorder = None
        self.live = None
        self.judging = None
        self.stop_event = None
        self.playing = None
        self.started_at = 0.0

    def compose(self) -> ComposeResult:
        """Briefing, caller line, phase, level, live words."""
        yield StatusHeader()
        with VerticalScroll(id="call-body"):
            yield Static(id="briefing")
            yield Static(id="caller")
            yield Static(id="phase")
            yield LevelMeter(id="level")
            yield Static(id="partial")
            yield Input(placeholder="no microphone: path of an audio file with your reply, then Enter",
                        id="reply-file")
        yield Footer()

    def on_mount(self) -> None:
        """Open the session and show the briefing."""
        services = self.app.services
        self.call.open_session(services.store)
        sc = self.call.scenario
        self.query_one("#briefing", Static).update(Text.assemble(
            (f"{sc.title}\n", "bold"), (f"Caller: {sc.persona.name} ({sc.persona.mood})\n", "italic"), sc.briefing))
        self.query_one("#reply-file", Input).display = False
        self.set_phase("Press Enter to take the call.")
        self.set_interval(0.2, self._tick)

    def set_phase(self, text: str, style: str = "bold") -> None:
        """The one-line state of the call."""
        self.query_one("#phase", Static).update(Text(text, style=style))

    def action_answer(self) -> None:
        """Take the call (from the briefing)."""
        if self.phase == "briefing":
            self.play_caller()

    def play_caller(self) -> None:
        """The caller speaks the current turn's line."""
        self.phase = "caller"
        turn = self.call.turn
        shown = self.app.services.settings.show_caller_text
        text = f"{self.call.scenario.persona.name}: {turn.caller}" if shown else f"{self.call.scenario.persona.name} is speaking…"
        self.query_one("#caller", Static).update(Text(text, style="yellow"))
        self.query_one("#partial", Static).update("")
        self.set_phase("The caller is speaking…")
        self.speak(turn)

    @work(thread=True, exclusive=True, group="audio")
    def speak(self, turn) -> None:
        """Play the caller's line and wait for its end."""
        device = self.app.services.device
        if device is not None:
            from callsim.clip import load

            try:
                self.playing = device.play(load(turn.audio_path))
                self.playing.wait()
            except Exception as err:  # a broken caller file or device: read the line instead
                self.app.call_from_thread(self.notify, f"cannot play the caller: {err}", severity="warning")
        self.post_message(CallerFinished())

    def on_caller_finished(self, message: CallerFinished) -> None:
        """After the caller: the end of the call, or the trainee's turn."""
        if not self.call.turn.expects_reply:
            self.finish_call()
        else:
            self.listen()

    def listen(self) -> None:
        """Start the trainee's reply (from the microphone, or a file when there is none)."""
        if self.app.model_error:
            self.set_phase(f"No speech model: {self.app.model_error}", "bold red")
            return
        if not self.app.ready:
            self.set_phase("Waiting for the speech model…", "italic")
            self.set_timer(0.3, self.listen)
            return
        self.phase = "reply"
        self.started_at = self.app.services.clock()
        if self.app.services.device is None:
            self.set_phase("Your turn: give the path of a recorded reply below.", "bold green")
            self.query_one("#reply-file", Input).display = True
            self.query_one("#reply-file", Input).focus()
            return
        self.set_phase("Your turn — speak now. Space ends your reply.", "bold green")
        self.stop_event = threading.Event()  # exists before the recorder, so Space or Escape always reach it
        self.record_reply(self.call.turn, self.stop_event)

    @work(thread=True, exclusive=True, group="audio")
    def record_reply(self, turn, stop_event) -> None:
        """Record until the reply ends; transcription and prosody run while it is spoken."""
        from callsim.practice import LiveReply

        self.live = LiveReply(self.app.transcriber)
        try:
            self.recorder = self.app.services.device.recorder(
                on_chunk=self.live.feed, on_level=lambda db: self.post_message(LevelMeasured(db)), stop_event=stop_event,
                max_seconds=turn.time_limit, no_speech_timeout=min(turn.time_limit, 15.0)).start()
            while not self.recorder.done:
                self.post_message(PartialHeard(self.live.partial()))
                time.sleep(0.25)
            self.post_message(ReplyRecorded(self.recorder.wait()))
        except Exception as err:  # device failure: one line, the call goes on
            self.post_message(ReplyRecorded(error=str(err)))

    def on_level_measured(self, message: LevelMeasured) -> None:
        """Move the level meter."""
        self.query_one(LevelMeter).db = message.db

    def on_partial_heard(self, message: PartialHeard) -> None:
        """Show the words heard so far."""
        if self.phase == "reply":
            self.query_one("#partial", Static).update(Text(message.text or "…", style="italic"))

    def on_reply_recorded(self, message: ReplyRecorded) -> None:
        """The reply is over: judge it."""
        self.query_one(LevelMeter).db = -100.0
        if message.error:
            self.notify(message.error, severity="error")
            self.set_phase("That reply was not judged. Press Enter to hear the caller again.")
            self.phase = "briefing"
            return
        self.phase = "judging"
        self.reply_ended_at = message.at
        self.set_phase("Judging your reply…", "italic")
        self.judging = self.judge(message.recording)

    @work(thread=True, exclusive=True, group="judge")
    def judge(self, recording) -> None:
        """Finish the analysis and post the feedback; a failure keeps the audio and says so."""
        try:
            outcome = self.live.judge(recording.clip, turn=self.call.turn, baseline=self.call.baseline,
                                      reason=recording.reason)
        except Exception as err:  # never lose a reply to an analysis bug
            self._keep_unjudged(recording.clip, err)
            return
        self.post_message(FeedbackReady(outcome))
        self._save(outcome)

    def _file_refused(self, error: str) -> None:
        self.notify(error, severity="error")
        self.phase = "reply"

    def _keep_unjudged(self, clip, err: Exception) -> None:
        try:
            self.call.save_unjudged(self.app.services.store, clip)
        finally:
            self.post_message(ReplyRecorded(error=f"could not judge this reply ({err}); its audio is kept"))

    def _save(self, outcome) -> None:
        """Write the turn (audio + row) from the judging worker: it is kept even if the trainee hangs up now."""
        try:
            self.call.save(self.app.services.store, outcome)
        except Exception as err:  # disk full, store locked: say so, the call goes on
            self.app.call_from_thread(self.notify, f"this turn was not saved: {err}", severity="error", timeout=15)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """A reply from a file (no microphone)."""
        if self.phase == "reply":
            self.phase = "judging"
            self.judging = self.judge_file(event.value.strip())

    @work(thread=True, exclusive=True, group="judge")
    def judge_file(self, path: str) -> None:
        """Judge a recorded reply file through the same path as the microphone."""
        from callsim.clip import load
        from callsim.errors import CallsimError
        from callsim.practice import judge_clip

        try:
            clip = load(path, max_seconds=self.call.turn.time_limit + 30)
        except CallsimError as err:
            self.app.call_from_thread(self._file_refused, str(err))
            return
        try:
            outcome = judge_clip(clip, self.app.transcriber, turn=self.call.turn, baseline=self.call.baseline)
        except Exception as err:
            self._keep_unjudged(clip, err)
            return
        self.post_message(FeedbackReady(outcome))
        self._save(outcome)

    def on_feedback_ready(self, message: FeedbackReady) -> None:
        """Save the turn, show the feedback; its result picks what happens next."""
        from callsim.tui.feedback import FeedbackScreen

        self.phase = "feedback"
        self.query_one("#reply-file", Input).display = False
        self.app.push_screen(FeedbackScreen(message.outcome, self.call, self.judging), self.after_feedback)

    def after_feedback(self, choice: str | None) -> None:
        """``retry`` the same turn, or go on along the branch the verdict picks."""
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

    def action_stop_reply(self) -> None:
        """End the reply now (instead of waiting for the silence)."""
        if self.phase == "reply" and self.stop_event is not None:
            self.stop_event.set()

    def action_toggle_caller_text(self) -> None:
        """Show or hide the caller's words."""
        settings = self.app.services.settings
        settings.show_caller_text = not settings.show_caller_text
        if self.phase != "briefing":
            self.query_one("#caller", Static).update(
                Text(self.call.turn.caller if settings.show_caller_text else "(caller text hidden)", style="yellow"))

    def action_hang_up(self) -> None:
        """Leave the call; finished turns stay saved, the session is marked abandoned."""
        if self.stop_event is not None:
            self.stop_event.set()
        if self.playing is not None:
            self.playing.stop()
        self.call.close_session(self.app.services.store, "abandoned")
        self.app.pop_screen()

    def _tick(self) -> None:
        if self.phase == "reply" and self.app.services.device is not None:
            elapsed = self.app.services.clock() - self.started_at
            self.set_phase(f"Your turn — speak now. Space ends your reply.  {elapsed:4.1f} s / "
                           f"{self.call.turn.time_limit:.0f} s", "bold green")

    def palette_commands(self):
        """Command palette entries of this screen."""
        return [("End reply", "Stop recording now", self.action_stop_reply),
                ("Toggle caller text", "Show or hide the caller's words", self.action_toggle_caller_text),
                ("Hang up", "Leave this call", self.action_hang_up)]
