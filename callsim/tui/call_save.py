"""Saving a reply, for the call screen: nothing the trainee said is lost.

The judging runs in a thread worker that was handed the app when it started, so
it can still save the turn (and close the session) after the trainee hung up and
the screen is gone; the app's ``saves`` (``tui/inflight.py``) lets it wait for
them before it closes the store on quit.
"""

from __future__ import annotations

from callsim.errors import first_line
from callsim.tui.messages import NothingHeard, ReplyRecorded, tell


class SavesReplies:
    """Call-screen mixin: save a judged turn, keep the audio of a reply that was not judged, and close the session
    once the trainee has hung up and no save is left."""

    def _keep_unjudged(self, app, clip, err: Exception, reason: str, live: str = "") -> None:
        """Save the audio of a reply that could not be judged (why: ``reason``; the words shown ``live``; the error
        in the one line the trainee is shown), then say so."""
        error = first_line(err)
        problem = self._keep_audio(app, clip, reason, live, error)
        text = f"could not judge this reply ({error}) and could not keep its audio ({problem})" if problem else \
            f"could not judge this reply ({error}); its audio is kept"
        self._saved_or_left(app)
        self.post_message(ReplyRecorded(error=text))

    def _nothing_heard(self, app, clip) -> None:
        """No speech in the reply: say so and keep any audio above silence unjudged (a too-quiet voice is
        still there for the trainer); the turn is offered again, not judged."""
        from callsim.practice import nothing_heard_text

        text = nothing_heard_text(clip)
        if not clip.is_silent:
            problem = self._keep_audio(app, clip, "nothing_heard", self.shown_live)
            text += f"; its audio could not be kept ({problem})" if problem else "; its audio is kept"
        self._saved_or_left(app)
        self.post_message(NothingHeard(text))

    def _keep_audio(self, app, clip, reason: str, live: str = "", error: str | None = None) -> str:
        """Save ``clip`` as an unjudged try, with why (``vocab.UNJUDGED_REASONS``), the words shown ``live`` and the
        ``error`` behind a failure; what went wrong ("" when it is kept)."""
        try:
            self.call.save_unjudged(app.services.store, clip, reason, live, error)
            return ""
        except Exception as err:  # disk full, store locked: the spool keeps the reply until the session ends
            self.leave_spool()
            return str(err)

    def keep_unfinished_reply(self, app, clip, reason: str = "hung_up") -> None:
        """Hung up (or quit) mid-reply, or before the reply was judged (``reason``): keep what was said so far,
        unjudged (unless it is silence), with the words shown live, then close the session."""
        if not clip.is_silent and (problem := self._keep_audio(app, clip, reason, self.shown_live)):
            tell(app, app.notify, f"your unfinished reply could not be kept: {problem}", severity="error")
        self._saved_or_left(app)

    def _save(self, app, outcome) -> None:
        """Write the turn (audio + row); it is kept even if the trainee hangs up meanwhile."""
        try:
            self.call.save(app.services.store, outcome)
        except Exception as err:  # disk full, store locked: say so, the call goes on; the spool keeps the reply
            later = "; your reply is kept, unjudged, when the call ends" if self.leave_spool() else ""
            if not later:
                self.call.unsaved += 1
            tell(app, app.notify, f"this turn was not saved: {err}{later}", severity="error", timeout=15)
        self._saved_or_left(app)

    def _saved_or_left(self, app) -> None:
        """The judging is over (the reply is kept, or there was nothing to keep, so its spool goes): if the trainee
        hung up meanwhile, close the session now."""
        self.drop_spool()
        with self.ending:
            self.pending_save = False
            left = self.hung_up
        if left:
            self._close_abandoned(app)

    def _close_abandoned(self, app) -> None:
        """Mark the session abandoned; a failure (store busy) is said, not lost in a worker of a closed screen."""
        try:
            self.call.close_session(app.services.store, "abandoned")
        except Exception as err:  # the next start marks it incomplete
            tell(app, app.notify, f"could not close this session: {err}", severity="error")

    def leave_call(self) -> None:
        """Mark the session abandoned now, or after the reply being judged (or recorded) is saved; a reply
        recorded but not yet handed to the judge is kept unjudged first."""
        with self.ending:
            self.pending_save = self.pending_save or self.recording_open  # the recording worker keeps it
            self.hung_up = True
            unjudged, self.handed_off = self.handed_off, None
            close = not self.pending_save and unjudged is None
            self.call.partial_kept = self.recording_open or unjudged is not None  # the summary says so
        if unjudged is not None:
            self.keep_unfinished_reply(self.app, unjudged.clip, "ended_before_judging")
        elif close:
            self._close_abandoned(self.app)
