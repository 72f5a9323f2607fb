"""Saves still running in thread workers (a reply, a review edit, a calibration reading): quitting waits for them
before the store closes, so nothing being written is lost."""

from __future__ import annotations

import contextlib
import threading


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
