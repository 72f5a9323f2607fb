"""Judging a reply, for the call screen: a recording from the microphone or a reply file; the turn is saved
(``call_save``) even if the trainee hangs up meanwhile.
"""

from __future__ import annotations

import math
import os

from textual import work
from textual.widgets import Input

from callsim.tui.call_record import reply_folder, typed_path
from callsim.tui.messages import FeedbackReady, tell


class JudgesReplies:
    """Call-screen mixin: judge a recorded or file reply; ``SavesReplies`` saves it, surviving a hang-up
    meanwhile."""

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
                outcome = self._judged(app, recording)
            except Exception as err:  # never lose a reply to an analysis bug
                return self._keep_unjudged(app, recording.clip, err, "analysis_failed", self.shown_live)
            if outcome.nothing_heard:  # a muted mic is not a failed turn: no verdict, no branch
                return self._nothing_heard(app, recording.clip)
            self.post_message(FeedbackReady(outcome))
            self._save(app, outcome)

    def _judged(self, app, recording):
        """The outcome of the live analysis; when it failed while the reply was spoken, of the whole reply now."""
        from callsim.practice import judge_clip

        if self.live_error is None:
            return self.live.judge(recording.clip, turn=self.call.turn, baseline=self.call.baseline,
                                   reason=recording.reason)
        return judge_clip(recording.clip, app.transcriber, turn=self.call.turn, baseline=self.call.baseline,
                          reason=recording.reason)

    @work(thread=True, exclusive=True, group="judge")
    def judge_file(self, app, path: str) -> None:
        """Judge a recorded reply file through the same path as the microphone."""
        from callsim.practice import judge_clip, nothing_heard_text

        with app.saves.track():
            clip = self._reply_file(app, path)
            if clip is None:
                return
            try:
                outcome = judge_clip(clip, app.transcriber, turn=self.call.turn, baseline=self.call.baseline)
            except Exception as err:
                return self._keep_unjudged(app, clip, err, "analysis_failed")  # no live words for a file
            if outcome.nothing_heard:
                self._saved_or_left(app)
                return tell(app, self._file_refused, nothing_heard_text(clip, file=path))
            self.post_message(FeedbackReady(outcome))
            self._save(app, outcome)

    def _reply_file(self, app, path: str):
        """The reply file's audio cut at the turn's time limit, or None when it would not load (the trainee is
        told why and the judging is over)."""
        from callsim.clip import load
        from callsim.errors import CallsimError

        try:
            clip = load(path)  # any length up to the general maximum: cut at the time limit below
        except CallsimError as err:
            self._saved_or_left(app)
            tell(app, self._file_refused, str(err))
            return None
        return self._within_time_limit(app, clip)

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
