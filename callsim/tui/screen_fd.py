"""Keeping what C libraries print off the app's screen.

Textual draws the screen on standard error (file descriptor 2), where PortAudio and ALSA also print, from
any thread, when a sound device fails ("Expression 'alsa_snd_pcm_poll_descriptors_revents(...)' failed"):
those lines land on top of the screen. While the app runs, ``screen_apart`` gives the screen (and Python's
own ``sys.stderr``) a copy of fd 2 and points fd 2 itself at /dev/null; the app says what failed in its own
words.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager


@contextmanager
def screen_apart():
    """Inside the block: ``sys.stderr`` and ``sys.__stderr__`` write to the terminal on a new descriptor, and fd 2
    goes to /dev/null; all is restored after it (unchanged when a descriptor cannot be had)."""
    screen = _open_screen()
    if screen is None:
        yield
        return
    saved = sys.stderr, sys.__stderr__
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)
    sys.stderr = sys.__stderr__ = screen
    try:
        yield
    finally:
        screen.flush()
        os.dup2(screen.fileno(), 2)
        sys.stderr, sys.__stderr__ = saved
        screen.close()


def _open_screen():
    """A text file on a copy of fd 2, like the one Python opened there; None when fd 2 cannot be copied."""
    original = sys.__stderr__
    try:
        if original is not None:
            original.flush()
        fd = os.dup(2)
    except (OSError, ValueError):
        return None
    return open(fd, "w", encoding=getattr(original, "encoding", None) or "utf-8",
                errors=getattr(original, "errors", None) or "backslashreplace", buffering=1)
