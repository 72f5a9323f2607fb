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

from callsim.clip import mute_fd2


@contextmanager
def screen_apart():
    """Inside the block: ``sys.stderr`` and ``sys.__stderr__`` write to the terminal on a new descriptor, and fd 2
    goes to /dev/null; all is restored after it (unchanged when a descriptor cannot be had)."""
    original = sys.__stderr__
    if original is not None:
        original.flush()
    saved_fd = mute_fd2()
    if saved_fd is None:
        yield
        return
    screen = open(saved_fd, "w", encoding=getattr(original, "encoding", None) or "utf-8",
                  errors=getattr(original, "errors", None) or "backslashreplace", buffering=1)
    saved = sys.stderr, sys.__stderr__
    sys.stderr = sys.__stderr__ = screen
    try:
        yield
    finally:
        screen.flush()
        os.dup2(screen.fileno(), 2)
        sys.stderr, sys.__stderr__ = saved
        screen.close()
