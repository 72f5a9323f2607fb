"""Small widgets: the level meter, the verdict banner and the pitch contour with words."""

from __future__ import annotations

import time

import numpy as np
from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

BARS = " ▁▂▃▄▅▆▇█"
VERDICT_STYLE = {"suits": "bold white on dark_green", "partly": "bold black on yellow",
                 "does not suit": "bold white on dark_red"}


class LevelMeter(Static):
    """A one-line microphone level bar, -60..0 dBFS; "clip" when the input clips, and "no audio" when levels
    stop coming while it is live (a dead or unplugged microphone must not look like a working one)."""

    db: reactive[float] = reactive(-100.0, always_update=True)  # every level counts, even a repeated one
    STALE_SECONDS = 0.8  # levels come about 15 times a second while audio flows

    def on_mount(self) -> None:
        """Watch for levels that stop coming."""
        self.stale = False
        self.updated_at = time.monotonic()
        self.set_interval(0.25, self._check_stale)

    def watch_db(self, db: float) -> None:
        """A new level: the meter is live again."""
        self.updated_at, self.stale = time.monotonic(), False

    def _check_stale(self) -> None:
        if self.db > -100 and time.monotonic() - self.updated_at > self.STALE_SECONDS:
            self.db = -100.0
            self.stale = True  # after watch_db, which the line above ran
            self.refresh()

    def render(self) -> Text:
        """Draw the bar: green while speaking level, red near clipping."""
        width = max(self.size.width - 12, 10)
        frac = min(max((self.db + 60) / 60, 0.0), 1.0)
        filled = int(frac * width)
        style = "red" if self.db > -3 else "green" if self.db > -40 else "grey50"
        label = " CLIP" if self.db >= 0 else f" {self.db:5.0f} dB" if self.db > -100 else "   -- dB"
        bar = Text("█" * filled, style=style) + Text("░" * (width - filled), style="grey23")
        if getattr(self, "stale", False):
            return bar + Text(" no audio", style="bold red")
        return bar + Text(label, style="bold red" if self.db >= 0 else "")


class VerdictBanner(Static):
    """The verdict in a coloured band, with perceived and target tone (content: ``verdict_text``)."""


def verdict_text(level: str, detail: str) -> Text:
    """The verdict (``suits``/``partly``/``does not suit``) in its colour, then its one-line detail."""
    return Text.assemble((f" {level.upper()} ", VERDICT_STYLE.get(level, "bold")), (f"\u00a0 {detail}", ""))


def pitch_rows(track, words, *, width: int) -> list[Text]:
    """The reported pitch track (``prosody_voicing.pitch_track``) around its median, as ``contour_lines``."""
    from callsim.prosody_voicing import pitch_track

    f0 = pitch_track(track)
    centre = np.nanmedian(f0) if np.any(np.isfinite(f0)) else 100.0
    return contour_lines(track.times, 12 * np.log2(f0 / centre), words, width=width)


def contour_lines(times: np.ndarray, semitones: np.ndarray, words, *, width: int, height: int = 3) -> list[Text]:
    """Pitch (semitones around the speaker's centre) as block rows over time, words underneath."""
    duration = max(float(times[-1]) if len(times) else 0.0, max((w.end for w in words), default=0.0), 0.1)
    columns = _columns(times, semitones, duration, width)
    rows = _bars(columns, height)
    return rows + [_word_row(words, duration, width)]


def _columns(times, semitones, duration: float, width: int) -> np.ndarray:
    cols = np.full(width, np.nan)
    if len(times):
        idx = np.minimum((np.asarray(times) / duration * width).astype(int), width - 1)
        for i in range(width):
            values = np.asarray(semitones)[idx == i]
            values = values[np.isfinite(values)]
            if len(values):
                cols[i] = float(np.median(values))
    return cols


def _bars(cols: np.ndarray, height: int) -> list[Text]:
    finite = cols[np.isfinite(cols)]
    lo, hi = (float(finite.min()), float(finite.max())) if len(finite) else (0.0, 1.0)
    span = max(hi - lo, 4.0)
    levels = np.where(np.isfinite(cols), (cols - lo) / span * (height * 8 - 1), -1)
    rows = []
    for r in range(height - 1, -1, -1):
        chars = [" " if v < 0 else BARS[int(min(max(v - r * 8 + 1, 0), 8))] for v in levels]
        rows.append(Text("".join(chars), style="cyan"))
    return rows


def _word_row(words, duration: float, width: int) -> Text:
    """The words under the plot, each at its start or just after the word before (in order, none dropped
    while they fit in the width)."""
    row, free = [" "] * width, 0
    for w in words:
        start = max(min(int(w.start / duration * width), width - 1), free)
        if start + len(w.text) > width:
            break
        row[start : start + len(w.text)] = list(w.text)
        free = start + len(w.text) + 1
    return Text("".join(row), style="grey70")


class StatusHeader(Static):
    """The top line: 'callsim' and the app's status (model, analysis, audio); the app calls ``show`` on every
    header in its screen stack when ``app.status`` changes. (No ``watch`` on the app: Textual would keep every
    closed screen's header referenced until the status next changed, Textualize/textual#6666.)"""

    DEFAULT_CSS = "StatusHeader { dock: top; height: 1; background: $panel; color: $text; padding: 0 1; }"

    def on_mount(self) -> None:
        """Show the app's status as it is now."""
        self.show(self.app.status)

    def show(self, status: str) -> None:
        """Show ``status`` after the app's name."""
        if self.is_attached:
            self.update(Text.assemble(("callsim │ ", "bold"), status))


def fit_columns(table, rows: list[tuple]) -> None:
    """Widen each of ``table``'s columns to its widest cell of ``rows`` or its header now, and repaint: a DataTable
    measures new rows only when idle, and its header could be painted first, at the labels' widths, and stay so
    (the review list after a second listing at launch; a session's tries table under load)."""
    from rich.cells import cell_len

    for i, column in enumerate(table.columns.values()):
        widths = (cell_len(column.label.plain), *(cell_len(str(row[i])) for row in rows))
        column.content_width = max(column.content_width, *widths)
    table.refresh()
