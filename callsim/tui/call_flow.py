"""How a call moves on, for the call screen: after the caller the trainee's turn, after the feedback the next turn
by the branch (or a retry), then the summary; or the trainee hangs up."""

from __future__ import annotations

from textual.widgets import Input

from callsim.tui.messages import CallerFinished, FeedbackReady


class MovesCallOn:
    """Call-screen mixin: the turn after the caller and after the feedback, the end of the call, hanging up."""

    leave_pending = False  # hung up while a reply was judged: the summary is due once this screen is on top

    def on_caller_finished(self, message: CallerFinished) -> None:
        """After the caller: the end of the call, or the trainee's turn."""
        if not self.call.turn.expects_reply:
            self.finish_call()
        else:
            self.listen()

    def on_feedback_ready(self, message: FeedbackReady) -> None:
        """Show the feedback (the judging worker saves the turn); its result picks what happens next."""
        from callsim.tui.feedback import FeedbackScreen

        if self.hung_up:  # judged after the trainee hung up: the summary shows it instead
            return
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

        try:
            self.call.close_session(self.app.services.store, "complete")
        except Exception as err:  # noqa: BLE001 - disk full, store busy: said; the next start closes it
            self.notify(f"could not close this session: {err}", severity="error", timeout=15)
        self.app.switch_screen(SummaryScreen(self.call))

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
        reply is removed: there is nothing to review). A reply being judged is waited for (keys still work meanwhile;
        another Esc does nothing more), so the summary shows it and the score the trainer will see."""
        if self.hung_up:
            return
        self.end_call()
        judging = self.judging
        if judging is None or judging.is_finished:
            return self._leave()
        self.notify("Keeping the reply being judged…", timeout=3)
        self.run_worker(self._leave_when_judged(judging), group="leave")

    async def _leave_when_judged(self, judging) -> None:
        """Wait for the reply being judged as the trainee hung up to be saved (its worker saves it either way)."""
        try:
            await judging.wait()
        except Exception:  # a failed judge has kept the audio and said so (call_save)
            pass
        self._leave()  # or, with help or the palette open on top, once it closes (on_screen_resume)

    def on_screen_resume(self) -> None:
        """Back on top with the hang-up still to finish (help was open while the reply was judged)."""
        if self.leave_pending:
            self._leave()

    def _leave(self) -> None:
        """The summary, marked as a call you left, when something was judged; else home (once this screen is on
        top: a switch or pop would close the screen above it instead)."""
        self.leave_pending = self.app.screen is not self
        if self.leave_pending:  # on_screen_resume comes back here
            return
        if self.call.results:
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
