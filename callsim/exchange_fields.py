"""Field checks for reading an export: each returns the value or raises TypeError/ValueError."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from callsim.store_rows import parse_time

#: What a session uuid may hold (it names a folder): letters, digits, ``-`` and ``_``.
SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def text(value: Any) -> str:
    """``value`` when it is a string, else TypeError."""
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {value!r:.40}")
    return value


def maybe_text(value: Any) -> str | None:
    """``text(value)``, or None for None."""
    return None if value is None else text(value)


def uuid(value: Any) -> str:
    """A session uuid that is safe as a folder name (``SAFE_ID``), else ValueError."""
    if not SAFE_ID.fullmatch(text(value)):
        raise ValueError(f"bad session uuid {value!r:.40}")
    return value


def number(value: Any) -> float | None:
    """``value`` when it is a number or None, else TypeError."""
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise TypeError(f"expected a number, got {value!r:.40}")
    return value


def time(value: Any) -> datetime:
    """Stored UTC time text as a datetime (ValueError when malformed)."""
    return parse_time(text(value))


def maybe_time(value: Any) -> datetime | None:
    """``time(value)``, or None for None."""
    return None if value is None else time(value)
