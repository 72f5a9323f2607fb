"""Silencing what C decoders print on standard error (file descriptor 2) while they read a file."""

from __future__ import annotations

import os
import sys
import threading
from contextlib import contextmanager


@contextmanager
def quiet_stderr():
    """Send what C decoders print on file descriptor 2 (mpg123's "Note: Illegal Audio-MPEG-Header") to /dev/null.

    Only done while this is the process's one Python thread: the app draws its screen on
    standard error from the main thread while workers decode, and that output must not be lost.
    """
    saved = mute_fd2() if threading.active_count() == 1 else None
    try:
        yield
    finally:
        if saved is not None:
            os.dup2(saved, 2)
            os.close(saved)


def mute_fd2() -> int | None:
    """Point fd 2 at /dev/null; the duplicate of the old fd 2 to restore, or None when that is not possible."""
    try:
        if sys.stderr is not None:
            sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):
        return None
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        os.close(saved)
        return None
    os.dup2(devnull, 2)
    os.close(devnull)
    return saved
