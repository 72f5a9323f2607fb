"""Read a JSON document's root object an entry of its big lists at a time: the file's text is never held whole.

API::

    with open(path, encoding="utf-8") as f:
        head = read_object(f, on_entry, ("sessions",))   # on_entry("sessions", item) for each item, in file order
    # head: the root object, with each streamed list left empty ([]); any other JSON value as it is

The text is read in pieces into a buffer that holds it from the value being read on; ``json.JSONDecoder.raw_decode``
reads one value (a key's value, or one entry of a streamed list) at a time, and the buffer grows only while a value
needs more of the file. What is held is about one entry (a session with its recordings' base64), not the file.
The same text is JSON here as for ``json.loads`` (NaN included, as it reads it), and anything else is a
``json.JSONDecodeError``, extra text after the root value too; so is a streamed list given twice (``json.loads``
would keep the last one alone, but the first one's entries were handed on already).
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable, TextIO

#: Characters read from the file at a time (more, doubling, while one value needs them).
PIECE = 2**20

_SPACE = re.compile(r"[ \t\n\r]*")
_NUMBER_TAIL = re.compile(r"[0-9+\-.eE]*")
_DECODER = json.JSONDecoder()


class TextPieces:
    """A text file read in pieces, a JSON value at a time."""

    def __init__(self, f: TextIO, piece: int = PIECE):
        """Nothing read yet; ``piece`` characters at a time."""
        self.f, self.piece, self.buffer, self.at = f, piece, "", 0

    def _more(self, size: int) -> bool:
        """Read ``size`` more characters, dropping what was read before ``at``; False at the end of the file."""
        chunk = self.f.read(size)
        if not chunk:
            return False
        self.buffer, self.at = self.buffer[self.at:] + chunk, 0
        return True

    def peek(self) -> str:
        """The next character that is not white space ("" at the end of the file)."""
        while True:
            self.at = _SPACE.match(self.buffer, self.at).end()
            if self.at < len(self.buffer) or not self._more(self.piece):
                return self.buffer[self.at:self.at + 1]

    def take(self, allowed: str) -> str:
        """The next character that is not white space, when it is one of ``allowed``; else JSONDecodeError."""
        char = self.peek()
        if not char or char not in allowed:
            raise json.JSONDecodeError(f"Expecting one of {allowed!r}", self.buffer, self.at)
        self.at += 1
        return char

    def value(self) -> Any:
        """The next JSON value, reading on while it needs more of the file (a number may go on in the next piece)."""
        self.peek()
        size = self.piece
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buffer, self.at)
            except json.JSONDecodeError:
                if not self._more(size):
                    raise
            else:
                if not self._may_go_on(value, end) or not self._more(size):
                    self.at = end
                    return value
            size *= 2

    def _may_go_on(self, value: Any, end: int) -> bool:
        """True when the value read up to ``end`` may be cut short by the buffer's end: text or an object ends in a
        quote or a bracket, but the number ``1`` read from ``1.`` is ``1.5`` once the next piece is read."""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return _NUMBER_TAIL.match(self.buffer, end).end() == len(self.buffer)
        return end == len(self.buffer)


def read_object(f: TextIO, on_entry: Callable[[str, Any], None], streamed: tuple[str, ...], *,
                piece: int | None = None) -> Any:
    """The root value of the JSON text in ``f`` (read ``piece`` characters at a time, ``PIECE`` unless given); the
    items of each list at a key in ``streamed`` are handed to ``on_entry(key, item)`` as they are read, and the list
    is left empty in the root object."""
    text = TextPieces(f, piece or PIECE)
    root = _object(text, on_entry, streamed) if text.peek() == "{" else text.value()
    if text.peek():
        raise json.JSONDecodeError("Extra data", text.buffer, text.at)
    return root


def _object(text: TextPieces, on_entry: Callable[[str, Any], None], streamed: tuple[str, ...]) -> dict:
    """The root object, its streamed lists handed on."""
    text.take("{")
    if text.peek() == "}":
        text.take("}")
        return {}
    return _members(text, on_entry, streamed)


def _members(text: TextPieces, on_entry: Callable[[str, Any], None], streamed: tuple[str, ...]) -> dict:
    """The members of an object up to its closing brace (the opening one read)."""
    members: dict[str, Any] = {}
    while True:
        if text.peek() != '"':
            raise json.JSONDecodeError("Expecting property name enclosed in double quotes", text.buffer, text.at)
        key = text.value()
        text.take(":")
        if key in members and key in streamed:  # json.loads keeps the last; its entries were handed on already
            raise json.JSONDecodeError(f"{key!r} given twice", text.buffer, text.at)
        if key in streamed and text.peek() == "[":
            members[key] = _stream_list(text, key, on_entry)
        else:
            members[key] = text.value()
        if text.take(",}") == "}":
            return members


def _stream_list(text: TextPieces, key: str, on_entry: Callable[[str, Any], None]) -> list:
    """Hand each item of the list ahead to ``on_entry``; an empty list to stand in for it."""
    text.take("[")
    if text.peek() == "]":
        text.take("]")
        return []
    while True:
        on_entry(key, text.value())
        if text.take(",]") == "]":
            return []
