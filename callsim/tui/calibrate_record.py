"""Taking a reading of the passage for the calibration screen: recorded from the microphone (up to
``MAX_READING_SECONDS``, as ``callsim calibrate --mic`` does) or read from a file, then measured and saved in a
thread worker that posts ``BaselineSaved``."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from textual import work
from textual.widgets import Input

from callsim.audio_worker import RecordingFailed
from callsim.baseline import MIC_HEARD_NOTHING
from callsim.errors import first_line
from callsim.passages import MAX_READING_SECONDS, READING_LIMITS
from callsim.tui.messages import BaselineSaved, LevelMeasured, tell
from callsim.tui.widgets import LevelMeter


class RecordsReadings:
    """Calibration-screen mixin: record a reading (Space finishes it) or take one from a file, and measure it.

    The screen provides ``trainee``, ``readings``, ``files_read``, ``file_pending``, the flags ``recording``,
    ``measuring``, ``cancelled`` and ``reading_lost``, and ``status`` (its one-line state)."""

    def action_record(self) -> None:
        """Start recording the reading."""
        if self.app.services.device is None or self.recording:
            return
        self.recording = True
        self.status("Recording… read the passage; a 2-second pause or Space finishes.")
        self.stop_event = threading.Event()  # exists before the recorder, so Space or Escape always reach it
        self.record(self.stop_event)

    @work(thread=True, exclusive=True, group="audio")
    def record(self, stop_event) -> None:
        """Record the reading (up to ``MAX_READING_SECONDS``, as the CLI does) and measure it."""
        app = self.app  # still reachable after Escape removed the screen
        try:
            self.recorder = self.app.services.device.recorder(
                on_level=lambda db: self.post_message(LevelMeasured(db)), max_seconds=MAX_READING_SECONDS,
                stop_event=stop_event, **READING_LIMITS).start()
            recording = self.recorder.wait()
        except Exception as err:
            self.post_message(BaselineSaved(error=self._failed(err)))
            return
        if self.cancelled:
            return
        if not recording.heard_speech:  # a muted or far too quiet microphone: the silence limit ended it
            self.post_message(BaselineSaved(error=MIC_HEARD_NOTHING))
            return
        app.call_from_thread(self._measuring, "Measuring your reading…")
        self._report(app, self._measure(app, recording.clip))

    def _failed(self, err: Exception) -> str:
        """Why the reading failed; a microphone that stopped mid-reading is lost (``app.audio_failed``)."""
        if not isinstance(err, RecordingFailed):
            return str(err)
        self.reading_lost = True  # before the app tells the screens: this reading's line says it
        self.app.audio_failed(err)
        return f"the sound device stopped ({first_line(err)})"

    def _measuring(self, text: str) -> None:
        """Show that the reading is being measured (on the UI thread, where Escape sets ``cancelled``: left in the
        instant after the recording ended, the screen is gone and there is nothing to show)."""
        if self.cancelled:
            return
        self.measuring = True
        self.query_one(LevelMeter).db = -100.0  # the recording is over (a stale level would read "no audio")
        self.status(text)

    @work(thread=True, exclusive=True, group="audio")
    def measure_file(self, path: str) -> None:
        """Measure a recorded reading (refused, as ``callsim calibrate`` refuses it, when longer than
        ``MAX_READING_SECONDS``)."""
        from callsim.clip import load
        from callsim.errors import CallsimError

        app = self.app  # still reachable after Escape removed the screen
        try:
            self._report(app, self._measure(app, load(path, max_seconds=MAX_READING_SECONDS)))
        except CallsimError as err:
            self._report(app, BaselineSaved(error=str(err)))

    def _report(self, app, fact: BaselineSaved) -> None:
        """Tell the screen how the reading went; left with Escape while the reading was measured, tell the trainee
        where they are now (the baseline is saved all the same, and home's calibration line must say so)."""
        if self.cancelled:
            tell(app, told_after_leaving, app, fact)
        else:
            self.post_message(fact)

    def _measure(self, app, clip) -> BaselineSaved:
        """Measure and save the reading; quitting meanwhile waits for the save (``app.saves``), as Esc does."""
        from callsim.tui.trainee import measure_and_save

        try:
            with app.saves.track():
                return BaselineSaved(measure_and_save(app.services.store, self.trainee, clip, app.transcriber,
                                                      readings=self.readings))
        except Exception as err:  # CallsimError (no speech, too short) and store errors
            return BaselineSaved(error=str(err))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """A recorded reading from a file."""
        if not event.value.strip():
            self.status("Type the path of a recording of the passage (WAV, FLAC, OGG or MP3).")
            return
        if self.recording:  # Enter twice: the same file would count as two readings
            self.notify("Still measuring the last reading.", timeout=3)
            return
        typed = os.path.expanduser(event.value.strip())  # a ~ path, as completion keeps it
        self.file_pending = Path(typed).resolve()
        if self.file_pending in self.files_read:
            self.status("That recording is already one of these readings: give a different one (or Escape).")
            return
        self.recording = True
        self._measuring("Measuring…")
        self.measure_file(typed)

    def on_level_measured(self, message: LevelMeasured) -> None:
        """Move the meter."""
        self.query_one(LevelMeter).db = message.db

    def action_stop(self) -> None:
        """Finish the reading now."""
        if self.stop_event is not None:
            self.stop_event.set()


def told_after_leaving(app, fact: BaselineSaved) -> None:
    """A reading measured after the trainee left calibration: say whether it was saved, and refresh the screen
    they are on (home's calibration line)."""
    if fact.error:
        app.notify(f"Your last reading was not saved: {fact.error}.", severity="warning")
    else:
        app.notify("Your last reading was measured after you left calibration: the baseline is saved.")
    if hasattr(app.screen, "refresh_status"):
        app.screen.refresh_status()
