"""The one exception type the command line turns into a one-line message."""

from __future__ import annotations


class CallsimError(Exception):
    """A problem the user can fix, described in one line (no traceback shown)."""
