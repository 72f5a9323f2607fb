"""Quitting on SIGTERM and SIGHUP as on Ctrl+Q: a reply being recorded or judged is kept, the call is closed.

By default either signal ended the process at once: a terminal window closed mid-reply (SIGHUP), a ``kill`` or a
machine shutting down (SIGTERM) lost everything the trainee had said in that reply, which Esc and Ctrl+Q keep. Now
the app quits as on Ctrl+Q. The terminal may be gone (SIGHUP), so the screen may never finish tearing down: once
the saves in progress are over (or after ``SAVES_SECONDS``) and ``GRACE_SECONDS`` more, the process ends anyway;
everything it wrote is committed by then, and the next start tidies what is left, as after a kill.
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from contextlib import contextmanager

QUIT_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
SAVES_SECONDS = 30.0  # as long as run_app waits for them after a normal quit
GRACE_SECONDS = 5.0


class QuitsOnSignals:
    """App mixin: ``catch_quit_signals`` (the real app only) makes SIGTERM and SIGHUP quit as Ctrl+Q does.

    The app provides ``saves`` (``InFlight``), ``action_quit`` and ``call_next``."""

    signalled: int = 0  # the quit signal received, 0 before any

    def catch_quit_signals(self) -> None:
        """Handle SIGTERM and SIGHUP in the app's event loop (call it from the loop, in the main thread)."""
        loop = asyncio.get_running_loop()
        for signum in QUIT_SIGNALS:
            loop.add_signal_handler(signum, self._on_quit_signal, signum)

    def _on_quit_signal(self, signum: int) -> None:
        if not self.signalled:
            threading.Thread(target=end_after_saves, args=(self.saves, signum), daemon=True,
                             name="callsim-quit-signal").start()
        self.quit_on_signal(signum)

    def quit_on_signal(self, signum: int) -> None:
        """Quit as Ctrl+Q does (a call still open ends as if hung up, keeping the reply under way); once only."""
        if self.signalled:
            return
        self.signalled = signum
        self.call_next(self.action_quit)


@contextmanager
def held_quit_signals():
    """While the saves are waited for after the app has quit (its event loop, and the handlers it held, are gone):
    SIGTERM and SIGHUP are ignored, so a terminal closed then does not kill a save half-way."""
    before = {signum: signal.signal(signum, signal.SIG_IGN) for signum in QUIT_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)


def end_after_saves(saves, signum: int) -> None:
    """End the process (exit status 128 + ``signum``) if it is still running once ``saves`` are over and the
    grace time has passed: the screen could not be torn down (its terminal is gone)."""
    saves.wait(timeout=SAVES_SECONDS)
    threading.Event().wait(GRACE_SECONDS)
    os._exit(128 + signum)
