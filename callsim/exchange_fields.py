"""Field checks for reading an export: each names what is wrong, and where, in words.

API::

    doc = Entry(document, Entry.ROOT)
    s = next(doc.entries("sessions", "session"))    # Entry "session 1"
    s.time("started")      # ExportError "session 1: 'started' is not a date (yesterday)"
    s.uuid()               # ExportError "session 1 has no 'uuid'"
    for t in s.entries("turns", "turn entry"): ...   # "session 3, turn entry 1", ...
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from datetime import datetime
from typing import Any, Iterator

from callsim.store_rows import parse_time

#: What a session uuid may hold (it names a folder): letters, digits, ``-`` and ``_``.
SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")

#: The largest turn index or try number an export may hold: far more than any call has, and small enough to store
#: (SQLite's integers end at 2**63 - 1).
MAX_WHOLE = 9999
#: The latest time in a reply an import takes (a note's, an early start): a reply lasts minutes, never a day.
MAX_SECONDS = 86400
#: The earliest time a note may have: the review's note dialog took times before the reply's start until it refused
#: them (523a7ca), and the review and exports show such a note as stored (``-5.00 s``), so an export of it imports.
EARLIEST_NOTE = -MAX_SECONDS

_MISSING = object()


class ExportError(ValueError):
    """What is wrong with one part of an export, in words (``session 2 has no 'uuid'``)."""


def shown(value: Any) -> str:
    """A value as it appears in a message: strings bare, others as JSON text, at most 40 characters."""
    text = value if isinstance(value, str) else json.dumps(value, default=repr)
    return text if len(text) <= 40 else text[:39] + "…"


class Entry:
    """One JSON object of an export (a session, a turn, a note...) and its place (``label``) in the file."""

    #: The label of the whole document; its lists' entries are named without it (``session 3``).
    ROOT = "the export"

    def __init__(self, data: Any, label: str):
        if not isinstance(data, dict):
            raise ExportError(f"{label} is not a JSON object ({shown(data)})")
        self.data, self.label = data, label

    def _get(self, key: str, default: Any = _MISSING) -> Any:
        """The value at ``key``; ``default`` (or ExportError 'has no') when absent."""
        if key in self.data:
            return self.data[key]
        if default is _MISSING:
            raise ExportError(f"{self.label} has no '{key}'")
        return default

    def wrong(self, key: str, what: str, value: Any = _MISSING) -> ExportError:
        """The error for ``key`` holding something that is not ``what`` (``'score' is not a number (high)``)."""
        value = self.data.get(key) if value is _MISSING else value
        return ExportError(f"{self.label}: '{key}' is not {what} ({shown(value)})")

    def value(self, key: str) -> Any:
        """Whatever JSON value is at ``key`` (an override's original and new value)."""
        return self._get(key)

    def text(self, key: str) -> str:
        """The string at ``key``."""
        value = self._get(key)
        if not isinstance(value, str):
            raise self.wrong(key, "text")
        return value

    def maybe_text(self, key: str) -> str | None:
        """The string at ``key``, or None when it is null or absent."""
        return None if self._get(key, None) is None else self.text(key)

    def number(self, key: str) -> float | None:
        """The finite number (or null) at ``key``: NaN, which Python's json reads without a word, would be stored
        as empty."""
        value = self._get(key)
        if value is not None and not finite_number(value):
            raise self.wrong(key, "a number")
        return value

    def score(self, key: str) -> float | None:
        """The score of 0 to 100 (or null) at ``key``."""
        value = self.number(key)
        if value is not None and not 0 <= value <= 100:
            raise self.wrong(key, "a score from 0 to 100")
        return value

    def maybe_seconds(self, key: str, *, low: float = 0) -> float | None:
        """The time in a reply, ``low`` (0 unless given) to ``MAX_SECONDS`` s, at ``key`` (a float), or None when it
        is null or absent."""
        if self._get(key, None) is None:
            return None
        value = self._get(key)
        if not finite_number(value) or not low <= value <= MAX_SECONDS:
            raise self.wrong(key, f"a time of {low:g} to {MAX_SECONDS} s")
        return float(value)

    def whole(self, key: str) -> int:
        """The whole number of 0 to ``MAX_WHOLE`` at ``key`` (a turn index, a try)."""
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_WHOLE:
            raise self.wrong(key, f"a whole number from 0 to {MAX_WHOLE}")
        return value

    def maybe_whole(self, key: str) -> int | None:
        """``whole(key)``, or None when it is null or absent."""
        return None if self._get(key, None) is None else self.whole(key)

    def time(self, key: str) -> datetime:
        """The stored UTC time text at ``key`` as a datetime."""
        value = self._get(key)
        if not isinstance(value, str):  # parse_time passes None through: a required date must be text
            raise self.wrong(key, "a date")
        try:
            return parse_time(value)
        except ValueError:
            raise self.wrong(key, "a date") from None

    def maybe_time(self, key: str) -> datetime | None:
        """``time(key)``, or None when it is null or absent."""
        return None if self._get(key, None) is None else self.time(key)

    def uuid(self, key: str = "uuid") -> str:
        """A session uuid that is safe as a folder name (``SAFE_ID``)."""
        value = self._get(key)
        if not isinstance(value, str) or not SAFE_ID.fullmatch(value):
            raise self.wrong(key, "a usable uuid (1 to 64 letters, digits, - or _)")
        return value

    def choice(self, key: str, allowed: tuple[str, ...]) -> str:
        """The value at ``key`` when it is one of ``allowed``."""
        value = self._get(key)
        if value not in allowed:
            raise self.wrong(key, f"one of {', '.join(allowed)}")
        return value

    def mapping(self, key: str) -> dict:
        """The JSON object at ``key`` (an analysis payload)."""
        value = self._get(key)
        if not isinstance(value, dict):
            raise self.wrong(key, "a JSON object")
        return dict(value)

    def base64(self, key: str) -> bytes:
        """The bytes encoded in base64 at ``key``."""
        try:
            return base64.b64decode(self.text(key), validate=True)
        except (binascii.Error, ValueError):
            raise self.wrong(key, "base64 data") from None

    def entries(self, key: str, noun: str) -> Iterator["Entry"]:
        """Each object of the list at ``key`` as an Entry labelled ``<label>, <noun> N`` (N from 1)."""
        value = self._get(key)
        if not isinstance(value, list):
            raise self.wrong(key, "a list")
        prefix = "" if self.label == self.ROOT else f"{self.label}, "
        return (Entry(item, f"{prefix}{noun} {n}") for n, item in enumerate(value, 1))


def finite_number(value: Any) -> bool:
    """True for a JSON number the store can keep: not true or false, NaN or infinity, nor a whole number beyond
    SQLite's integers (which would fail to store with an OverflowError)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return abs(value) < 2**63 if isinstance(value, int) else math.isfinite(value)
