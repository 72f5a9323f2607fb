"""Judging and saving a reply, for the call screen: nothing the trainee said is lost.

The judging runs in a thread worker that was handed the app when it started, so
it can still save the turn (and close the session) after the trainee hung up and
the screen is gone. ``InFlight`` lets the app wait for such saves before it
closes the store on quit.
"""

from __future__ import annotations

import contextlib
import math
import os
import threading

from textual import work
from textual.widgets import Input

from callsim.errors import first_line
from callsim.tui.call_record import reply_folder, typed_path
from callsim.tui.messages import FeedbackReady, NothingHeard, ReplyRecorded, tell


class InFlight:
    """Counts saves in progress so quitting can wait for them."""

    def __init__(self):
        self._count = 0
        self._idle = threading.Condition()

    @contextlib.contextmanager
    def track(self):
        """Mark one save in progress for the ``with`` block."""
        with self._idle:
            self._count += 1
        try:
            yield
        finally:
            with self._idle:
                self._count -= 1
                self._idle.notify_all()

    def wait(self, timeout: float = 30.0) -> bool:
        """Block until no save is in progress (or ``timeout``); True when idle."""
        with self._idle:
            return self._idle.wait_for(lambda: self._count == 0, timeout)


class JudgesReplies:
    """Call-screen mixin: judge a recorded or file reply, save it, survive a hang-up meanwhile."""

    def start_judging(self, run, *args) -> None:
        """Start ``run(app, *args)`` in the judge worker; a hang-up now waits for its save."""
        self.phase = "judging"
        with self.ending:
            self.pending_save = True
        self.judging = run(self.app, *args)

    @work(thread=True, exclusive=True, group="judge")
    def judge(self, app, recording) -> None:
        """Finish the live analysis and post the feedback; a failure keeps the audio and says so."""
        with app.saves.track():
            try:
                outcome = self.live.judge(recording.clip, turn=self.call.turn, baseline=self.call.baseline,
                                          reason=recording.reason)
            except Exception as err:  # never lose a reply to an analysis bug
                return self._keep_unjudged(app, recording.clip, err, "analysis_failed", self.shown_live)
            if outcome.nothing_heard:  # a muted mic is not a failed turn: no verdict, no branch
                return self._nothing_heard(app, recording.clip)
            self.post_message(FeedbackReady(outcome))
            self._save(app, outcome)

    @work(thread=True, exclusive=True, group="judge")
    def judge_file(self, app, path: str) -> None:
        """Judge a recorded reply file through the same path as the microphone."""
        from callsim.clip import load
        from callsim.errors import CallsimError
        from callsim.practice import judge_clip, nothing_heard_text

        with app.saves.track():
            try:
                clip = load(path)  # any length up to the general maximum: cut at the time limit below
            except CallsimError as err:
                self._saved_or_left(app)
                return tell(app, self._file_refused, str(err))
            clip = self._within_time_limit(app, clip)
            try:
                outcome = judge_clip(clip, app.transcriber, turn=self.call.turn, baseline=self.call.baseline)
            except Exception as err:
                return self._keep_unjudged(app, clip, err, "analysis_failed")  # no live words for a file
            if outcome.nothing_heard:
                self._saved_or_left(app)
                return tell(app, self._file_refused, nothing_heard_text(clip, file=path))
            self.post_message(FeedbackReady(outcome))
            self._save(app, outcome)

    def _within_time_limit(self, app, clip):
        """The reply file cut at the turn's time limit, as a microphone recording is (and the trainee told)."""
        limit = self.call.turn.time_limit
        if clip.duration <= limit:
            return clip
        lasts = math.ceil(clip.duration * 10) / 10  # 25.03 s is "25.1 s", never "25.0 s" against a 25 s limit
        tell(app, self.notify, f"Your reply file lasts {lasts:.1f} s and this turn allows {limit:g} s: its "
                                f"first {limit:g} s were judged, as a microphone recording stops there.",
              severity="warning", timeout=8)
        return clip.slice(0.0, limit)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """A reply from a file (no microphone)."""
        if self.phase == "again":  # the screen says "Press Enter to hear the caller again"
            self.action_answer()
            return
        path = typed_path(event.value.strip(), reply_folder(self.app.last_reply_file))
        if self.phase != "reply":  # typed early: the path stays in the field for when the turn comes
            wait = "still judging your reply" if self.phase == "judging" else "press Enter when it says Your turn"
            self.notify(f"Not your turn yet: {wait}.", severity="warning")
            return
        if not path:
            self.notify("Type the path of an audio file with your reply (WAV, FLAC, OGG or MP3).", severity="warning")
            return
        self.app.last_reply_file = path  # the next turn's field starts in its folder (~ kept as typed)
        self.start_judging(self.judge_file, os.path.expanduser(path))

    def _file_refused(self, error: str) -> None:
        self.notify(error, severity="error")
        self.phase = "reply"

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
        except Exception as err:  # disk full, store locked
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
        except Exception as err:  # disk full, store locked: say so, the call goes on
            self.call.unsaved += 1
            tell(app, app.notify, f"this turn was not saved: {err}", severity="error", timeout=15)
        self._saved_or_left(app)

    def _saved_or_left(self, app) -> None:
        """The judging is over: if the trainee hung up meanwhile, close the session now."""
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
