"""The exception the command line turns into a one-line message (and its `path:line:` kind), and helpers for such messages."""

from __future__ import annotations

import difflib


class CallsimError(Exception):
    """A problem the user can fix, described in one line (no traceback shown)."""


class FileProblem(CallsimError):
    """A mistake at one line of a file the user wrote, shown as ``path:line: what is wrong``; the parts stay
    readable on their own (``path``, ``line``, ``message``)."""

    def __init__(self, path, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


def not_utf8(path, err: UnicodeDecodeError) -> FileProblem:
    """A user's text file that is not UTF-8, at the line of its first bad byte (``path:3: not UTF-8 text (byte 0xe9:
    save the file as UTF-8)``)."""
    line = err.object[:err.start].count(b"\n") + 1
    byte = err.object[err.start:err.start + 1].hex()
    return FileProblem(path, line, f"not UTF-8 text (byte 0x{byte}: save the file as UTF-8)")


def first_line(err: BaseException) -> str:
    """An exception as one line for a message: the first line of its text, else its type's name."""
    lines = str(err).strip().splitlines()
    return lines[0] if lines else type(err).__name__


#: The longest error line a try keeps (``TurnRecord.unjudged_error``); a longer one is cut, ending in "…".
MAX_ERROR = 200


def one_line(text: str, limit: int = MAX_ERROR) -> str:
    """``text`` as one line of at most ``limit`` characters: line breaks and runs of blanks become one space, and a
    longer text is cut, ending in "…"."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[:limit - 1].rstrip() + "…"


def did_you_mean(value, known) -> str:
    """``"; did you mean 'x'?"`` for the closest of ``known`` (case and spelling), else ``""``."""
    if not isinstance(value, str):
        return ""
    known = list(known)
    by_case = [k for k in known if k.lower() == value.lower().strip()]
    close = by_case or difflib.get_close_matches(value.lower(), known, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""
