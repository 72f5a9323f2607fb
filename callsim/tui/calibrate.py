"""Calibration: read the neutral passage aloud; its pitch, loudness and pace become the baseline."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Input, Static

from callsim.baseline import STEADY_SPEECH, readings_text
from callsim.passages import BASELINE_PASSAGE, INSTRUCTIONS
from callsim.tui.calibrate_record import RecordsReadings
from callsim.tui.messages import BaselineSaved
from callsim.tui.path_suggest import PathSuggester
from callsim.tui.widgets import LevelMeter, StatusHeader
from callsim.tui.footer import Footer


class CalibrateScreen(RecordsReadings, Screen):
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

    def on_baseline_saved(self, message: BaselineSaved) -> None:
        """Say what was learned, or what went wrong."""
        self.recording = self.measuring = False
        read, self.file_pending = self.file_pending, None
        self.query_one(LevelMeter).db = -100.0
        if message.error:
            self._not_saved(message.error, read)
            return
        if read is not None:
            self.files_read.add(read)
        self.status(Text(saved_text(message.baseline, len(self.readings), mic=bool(self.app.services.device)),
                         style="green"))

    def _not_saved(self, error: str, read: Path | None) -> None:
        """Why the reading was not saved, that the baseline so far stands, and how to try again (``read``: the
        reading file given, if any)."""
        again = "Press Enter to try again." if self.app.services.device else "Give another file and press Enter." \
            if read else "Type the path of a recording of the passage below instead."
        stands = (f" The baseline from your earlier {readings_text(len(self.readings))} stands." if self.readings
                  else "")
        self.status(Text(f"Not saved: {error}.{stands} {again}", style="red"))

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
