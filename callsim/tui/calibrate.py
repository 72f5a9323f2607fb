"""Calibration: read the neutral passage aloud; its pitch, loudness and pace become the baseline."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from callsim.audio_worker import RecordingFailed
from callsim.baseline import MIC_HEARD_NOTHING, STEADY_SPEECH, readings_text
from callsim.errors import first_line
from callsim.passages import BASELINE_PASSAGE, INSTRUCTIONS, MAX_READING_SECONDS, READING_LIMITS
from callsim.tui.messages import BaselineSaved, LevelMeasured
from callsim.tui.path_suggest import PathSuggester
from callsim.tui.widgets import LevelMeter, StatusHeader


class CalibrateScreen(Screen):
    """Record one reading of the passage and save the trainee's baseline."""

    BINDINGS = [Binding("enter", "record", "Start reading"), Binding("space", "stop", "Finish"),
                Binding("escape", "back", "Back")]
    recording: var[bool] = var(False, bindings=True)  # a reading is being recorded or measured: Enter waits
    measuring: var[bool] = var(False, bindings=True)  # ... measured: Space has nothing left to finish

    def __init__(self, trainee: str):
        super().__init__()
        self.trainee = trainee
        self.recorder = None
        self.stop_event = None
        self.cancelled = False
        self.readings = []  # (features, clip) of this visit's usable readings: each new one is averaged in
        self.files_read: set[Path] = set()  # reading files already averaged in (one recording, one reading)
        self.file_pending: Path | None = None
        self.reading_lost = False  # the device failed during a reading (which says so itself)

    def compose(self) -> ComposeResult:
        """Instructions, the passage, the level meter and the status line."""
        yield StatusHeader()
        with VerticalScroll(id="calibrate-body"):
            yield Static(INSTRUCTIONS)
            yield Static(Text(BASELINE_PASSAGE, style="bold"), id="passage")
            yield LevelMeter(id="level")
            yield Static("Press Enter, then read the passage aloud.", id="cal-status")
            yield Input(placeholder="no microphone: path of a recording of the passage, then Enter", id="cal-file",
                        suggester=PathSuggester())  # the rest of a file name, dimmed: Right takes it
        yield Footer()

    def on_mount(self) -> None:
        """Offer a file when there is no microphone."""
        self.query_one("#cal-file", Input).display = False
        if self.app.services.device is None:
            self.offer_file("No microphone: give a recording of the passage instead.")

    def offer_file(self, text: str = "") -> None:
        """Show and focus the reading-file field, saying ``text`` (if any) on the status line."""
        field = self.query_one("#cal-file", Input)
        field.display = True
        field.focus()
        if text:
            self.status(text)

    def device_lost(self) -> None:
        """The sound device failed (``app.audio_failed``): readings come from files now; a reading cut short by it
        says so itself (``BaselineSaved``)."""
        self.offer_file("" if self.recording or self.reading_lost else
                        "The sound device stopped: give a recording of the passage instead.")
        self.refresh_bindings()

    def check_action(self, action: str, parameters) -> bool | None:
        """Enter starts a reading from the microphone when none runs; Space finishes one that does."""
        if action == "record":
            return not self.recording and self.app.services.device is not None
        if action == "stop":
            return self.recording and not self.measuring
        return True

    def status(self, text: str) -> None:
        """The one-line state."""
        self.query_one("#cal-status", Static).update(text)

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
        self.app.call_from_thread(self._measuring, "Measuring your reading…")
        self.post_message(self._measure(recording.clip))

    def _failed(self, err: Exception) -> str:
        """Why the reading failed; a microphone that stopped mid-reading is lost (``app.audio_failed``)."""
        if not isinstance(err, RecordingFailed):
            return str(err)
        self.reading_lost = True  # before the app tells the screens: this reading's line says it
        self.app.audio_failed(err)
        return f"the sound device stopped ({first_line(err)})"

    def _measuring(self, text: str) -> None:
        self.measuring = True
        self.query_one(LevelMeter).db = -100.0  # the recording is over (a stale level would read "no audio")
        self.status(text)

    @work(thread=True, exclusive=True, group="audio")
    def measure_file(self, path: str) -> None:
        """Measure a recorded reading (refused, as ``callsim calibrate`` refuses it, when longer than
        ``MAX_READING_SECONDS``)."""
        from callsim.clip import load
        from callsim.errors import CallsimError

        try:
            self.post_message(self._measure(load(path, max_seconds=MAX_READING_SECONDS)))
        except CallsimError as err:
            self.post_message(BaselineSaved(error=str(err)))

    def _measure(self, clip) -> BaselineSaved:
        from callsim.tui.trainee import measure_and_save

        try:
            return BaselineSaved(measure_and_save(self.app.services.store, self.trainee, clip, self.app.transcriber,
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

    def on_baseline_saved(self, message: BaselineSaved) -> None:
        """Say what was learned, or what went wrong."""
        self.recording = self.measuring = False
        read, self.file_pending = self.file_pending, None
        self.query_one(LevelMeter).db = -100.0
        again = "Press Enter to try again." if self.app.services.device else "Give another file and press Enter." \
            if read else "Type the path of a recording of the passage below instead."
        if message.error:
            stands = f" The baseline from your earlier {readings_text(len(self.readings))} stands." if self.readings else ""
            self.status(Text(f"Not saved: {message.error}.{stands} {again}", style="red"))
            return
        if read is not None:
            self.files_read.add(read)
        self.status(Text(saved_text(message.baseline, len(self.readings), mic=bool(self.app.services.device)),
                         style="green"))

    def action_stop(self) -> None:
        """Finish the reading now."""
        if self.stop_event is not None:
            self.stop_event.set()

    def action_back(self) -> None:
        """Back home (a recording in progress is stopped)."""
        self.cancelled = True  # a reading cut short by Escape is not a baseline
        self.action_stop()
        self.app.pop_screen()


def saved_text(b, readings: int, *, mic: bool) -> str:
    """What the baseline from ``readings`` readings holds, and what to do next."""
    pace = f"{b.wpm:.0f} words/min" if b.wpm else \
        f"{b.syllable_rate:.1f} syllables/s (no words/min: the speech model was not ready)"
    shaky = f" Only {b.speech_seconds:.0f} s of speech: read the whole passage for a steadier one." \
        if b.speech_seconds < STEADY_SPEECH else ""
    more = ("Enter reads again" if mic else "Another file") + " to average it in; " if readings < 3 else ""
    return (f"Baseline saved from {readings_text(readings)}: usual pitch {b.pitch_median_hz:.0f} Hz, level "
            f"{b.energy_db:.0f} dB, {pace}.{shaky} {more}Escape to go back.")
