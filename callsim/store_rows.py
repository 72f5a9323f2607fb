"""Turn stored rows into records and back: times as fixed-width UTC text, dicts as JSON.

Times are written as ``2026-11-23T06:35:19.000000Z`` so text order is time order
and range filters can compare strings. Naive datetimes are taken as local time.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from callsim.errors import one_line
from callsim.records import BaselineRecord, Note, Override, Session, Trainee, TurnRecord
from callsim.vocab import UNKNOWN_REASON

TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def time_text(when: datetime | None) -> str | None:
    """``when`` as sortable UTC text (None stays None)."""
    return None if when is None else when.astimezone(timezone.utc).strftime(TIME_FORMAT)


def parse_time(text: str | None) -> datetime | None:
    """Stored time text back to an aware UTC datetime."""
    return None if text is None else datetime.strptime(text, TIME_FORMAT).replace(tzinfo=timezone.utc)


def to_json(value: Any) -> str:
    """Any JSON-able value (numpy scalars and arrays too) as JSON text."""
    return json.dumps(value, ensure_ascii=False, default=_plain)


def from_json(text: str | None) -> Any:
    """JSON text back to a value (None stays None)."""
    return None if text is None else json.loads(text)


def _plain(value: Any) -> Any:
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def trainee_from(row: sqlite3.Row) -> Trainee:
    """A trainees row as a Trainee."""
    return Trainee(row["name"], parse_time(row["created"]))


def baseline_from(row: sqlite3.Row, root: Path) -> BaselineRecord:
    """A baselines row as a BaselineRecord (audio path made absolute against ``root``)."""
    return BaselineRecord(
        row["trainee"], from_json(row["profile"]), parse_time(row["created"]),
        _abs(row["audio_path"], root), row["id"],
    )


def session_from(row: sqlite3.Row) -> Session:
    """A sessions row as a Session."""
    return Session(
        row["uuid"], row["trainee"], row["scenario_id"], row["scenario_title"],
        parse_time(row["started"]), parse_time(row["ended"]), row["status"],
        row["score"], row["grade"], row["app_version"],
    )


def turn_from(row: sqlite3.Row, root: Path) -> TurnRecord:
    """A turns row as a TurnRecord (audio path made absolute against ``root``), its fields as stored."""
    return TurnRecord(
        row["session"], row["turn_index"], row["caller_turn_id"], row["caller_text"],
        row["target_tone"], from_json(row["transcript"]), from_json(row["prosody"]),
        from_json(row["tone"]), from_json(row["content"]), row["verdict"], row["retry"],
        parse_time(row["recorded_at"]), _abs(row["audio_path"], root),
        unjudged_reason=row["unjudged_reason"],
        live_transcript=row["live_transcript"], early_start=row["early_start"], unjudged_error=row["unjudged_error"],
    )


def unjudged_reason(verdict: str, reason: str) -> str:
    """The reason a try is stored with: "" for a judged try, ``unknown`` for an unjudged one saved without it.

    The one place that default is applied (``save_turn`` writes every try through it, an import too); migration 3
    gave the unjudged tries stored before reasons were kept the same ``unknown`` once. So a stored try always reads
    its reason as written, and nothing reading it needs a default of its own."""
    return "" if verdict else reason or UNKNOWN_REASON


def unjudged_error(verdict: str, error: str | None) -> str | None:
    """The error a try is stored with: for an unjudged try that has one, one line of at most ``errors.MAX_ERROR``
    characters (``errors.one_line``); None otherwise."""
    return None if verdict or not error else one_line(error) or None


def note_from(row: sqlite3.Row) -> Note:
    """A notes row as a Note."""
    return Note(
        row["session"], row["turn_index"], row["text"], row["author"],
        row["at_seconds"], parse_time(row["created"]), row["id"], row["retry"],
    )


def override_from(row: sqlite3.Row) -> Override:
    """An overrides row as an Override."""
    return Override(
        row["session"], row["turn_index"], row["kind"], from_json(row["original"]),
        from_json(row["new_value"]), row["reason"], row["author"], parse_time(row["created"]), row["id"],
        row["retry"],
    )


def rel_path(path: Path | None, root: Path) -> str | None:
    """``path`` relative to ``root`` when inside it (so the data folder can move), else absolute."""
    if path is None:
        return None
    path = Path(path)
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def _abs(text: str | None, root: Path) -> Path | None:
    return None if text is None else root / text
