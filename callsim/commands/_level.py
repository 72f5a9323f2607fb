"""The microphone level on a terminal, shared by ``callsim calibrate --mic`` and ``callsim devices --test`` (the
underscore keeps this module from being a command of its own)."""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager

CELLS = 20  # the bar spans -60 to 0 dBFS, 3 dB a cell


def bar(db: float) -> str:
    """A level (dBFS) as a fixed-width bar of ``#``: empty at -60 dBFS and below, full at 0."""
    return "#" * max(0, min(CELLS, round((db + 60) / 3)))


class LiveLevel:
    """``on_level`` for a terminal: the microphone level and the time so far, redrawn on one line."""

    def __init__(self):
        self.began = time.monotonic()

    def __call__(self, db: float) -> None:
        """Redraw the line for a new level (dBFS)."""
        level = "CLIP (too loud)" if db >= 0 else f"{db:4.0f} dBFS"  # the window had samples at full scale
        sys.stdout.write(f"\r  {bar(db):<{CELLS}} {level:<15} {time.monotonic() - self.began:5.1f} s ")
        sys.stdout.flush()

    def done(self) -> None:
        """End the line."""
        sys.stdout.write("\n")


@contextmanager
def live_level(show: bool):
    """A ``LiveLevel`` while the block runs, its line ended afterwards; ``None`` (no line) when not ``show``."""
    meter = LiveLevel() if show else None
    try:
        yield meter
    finally:
        if meter is not None:
            meter.done()
