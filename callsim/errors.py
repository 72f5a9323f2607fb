"""The one exception type the command line turns into a one-line message."""

from __future__ import annotations


class CallsimError(Exception):
    """A problem the user can fix, described in one line (no traceback shown)."""


def first_line(err: BaseException) -> str:
    """An exception as one line for a message: the first line of its text, else its type's name."""
    lines = str(err).strip().splitlines()
    return lines[0] if lines else type(err).__name__
