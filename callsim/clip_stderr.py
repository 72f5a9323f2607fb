"""Silencing what C decoders print on standard error (file descriptor 2) while they read a file."""

from __future__ import annotations

import os
import sys
import tempfile
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


@contextmanager
def captured_fd2():
    """Collect what C code prints on file descriptor 2 (Kaldi's ``ERROR (VoskAPI:...)`` lines) instead of showing
    it: yields a list that holds those lines once the block ends. Left alone, as in ``quiet_stderr``, while other
    Python threads run (the app draws its screen on standard error)."""
    lines: list[str] = []
    saved = _fd2_to(tempfile.TemporaryFile()) if threading.active_count() == 1 else None
    try:
        yield lines
    finally:
        if saved is not None:
            fd, sink = saved
            os.dup2(fd, 2)
            os.close(fd)
            sink.seek(0)
            lines.extend(sink.read().decode("utf-8", "replace").splitlines())
            sink.close()


def _fd2_to(sink):
    """Point fd 2 at the open file ``sink``; (duplicate of the old fd 2, ``sink``), or None when that fails."""
    try:
        if sys.stderr is not None:
            sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):
        sink.close()
        return None
    os.dup2(sink.fileno(), 2)
    return saved, sink


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
