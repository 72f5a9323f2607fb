"""Read a JSON export (``report_json.py``) back into records, checking it fully before anything is stored.

API::

    bundle = read_export(path)            # CallsimError (one line) for anything else
    result = exchange_merge.merge(store, bundle)

Everything is parsed and every embedded recording decoded here, so a broken
file is refused before the store is touched.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from callsim import exchange_fields as f
from callsim.errors import CallsimError
from callsim.records import OVERRIDE_KINDS, STATUSES, BaselineRecord, Note, Override, Session, Trainee, TurnRecord
from callsim.report_json import FORMAT, VERSION

#: Recording types an import restores (others are refused).
AUDIO_SUFFIXES = (".flac", ".wav")


@dataclass
class Audio:
    """An embedded recording: its file suffix and bytes."""

    suffix: str
    data: bytes


@dataclass
class SessionBundle:
    """One imported session with every try, notes and overrides; ``audio`` by (index, retry).

    ``left_out`` holds the tries whose recording the other machine had but did not embed
    (exported without ``--audio``); a try in neither had no recording there either."""

    session: Session
    turns: list[TurnRecord]
    notes: list[Note]
    overrides: list[Override]
    audio: dict[tuple[int, int], Audio] = field(default_factory=dict)
    left_out: set[tuple[int, int]] = field(default_factory=set)


@dataclass
class Bundle:
    """Everything in one export file."""

    trainees: list[Trainee]
    baselines: list[tuple[BaselineRecord, Audio | None]]
    sessions: list[SessionBundle]


def read_export(path: Path | str) -> Bundle:
    """Parse and check the export at ``path``; CallsimError when it is not a usable callsim export."""
    doc = _load(Path(path))
    try:
        return parse(doc)
    except (KeyError, TypeError, ValueError, AttributeError, binascii.Error) as err:
        raise CallsimError(f"{path}: damaged callsim export ({type(err).__name__}: {err})") from None


def _load(path: Path) -> dict:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise CallsimError(f"{path}: cannot read it ({err.strerror or err})") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise CallsimError(f"{path}: not a callsim export (not JSON)") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise CallsimError(f"{path}: not a callsim export (no \"format\": \"{FORMAT}\")")
    if doc.get("version") != VERSION:
        raise CallsimError(f"{path}: callsim export version {doc.get('version')!r}; this callsim reads version {VERSION}")
    return doc


def parse(doc: dict[str, Any]) -> Bundle:
    """A checked export document as records (raises KeyError/TypeError/ValueError when malformed)."""
    trainees = [Trainee(f.text(t["name"]), f.time(t["created"])) for t in doc["trainees"]]
    baselines = [(_baseline(b), _audio(b)) for b in doc["baselines"]]
    return Bundle(trainees, baselines, [_session(s) for s in doc["sessions"]])


def _session(s: dict) -> SessionBundle:
    if s["status"] not in STATUSES:
        raise ValueError(f"unknown session status {s['status']!r}")
    session = Session(f.uuid(s["uuid"]), f.text(s["trainee"]), f.text(s["scenario_id"]),
                      f.text(s["scenario_title"]), f.time(s["started"]), f.maybe_time(s["ended"]), s["status"],
                      f.number(s["score"]), f.maybe_text(s["grade"]), f.text(s["app_version"]))
    turns = [_turn(session.uuid, t) for t in s["turns"]]
    audio = {(t["index"], t["retry"]): a for t in s["turns"] if (a := _audio(t))}
    left_out = {(t["index"], t["retry"]) for t in s["turns"] if _left_out(t)}
    notes = [Note(session.uuid, int(n["turn_index"]), f.text(n["text"]), f.text(n["author"]),
                  f.number(n["at_seconds"]), f.time(n["created"]), retry=_try(n)) for n in s["notes"]]
    overrides = [_override(session.uuid, o) for o in s["overrides"]]
    return SessionBundle(session, turns, notes, overrides, audio, left_out)


def _turn(uuid: str, t: dict) -> TurnRecord:
    return TurnRecord(uuid, int(t["index"]), f.text(t["caller_turn_id"]), f.text(t["caller_text"]),
                      f.text(t["target_tone"]), dict(t["transcript"]), dict(t["prosody"]), dict(t["tone"]),
                      dict(t["content"]), f.text(t["verdict"]), int(t["retry"]), f.time(t["recorded_at"]))


def _override(uuid: str, o: dict) -> Override:
    if o["kind"] not in OVERRIDE_KINDS:
        raise ValueError(f"unknown override kind {o['kind']!r}")
    return Override(uuid, int(o["turn_index"]), o["kind"], o["original"], o["new_value"], f.text(o["reason"]),
                    f.text(o["author"]), f.time(o["created"]), retry=_try(o))


def _try(entry: dict) -> int | None:
    """The try a note or override belongs to; None (the turn's latest) in files from before tries were told apart."""
    return None if entry.get("retry") is None else int(entry["retry"])


def _baseline(b: dict) -> BaselineRecord:
    return BaselineRecord(f.text(b["trainee"]), dict(b["profile"]), f.time(b["created"]))


def _left_out(entry: dict) -> bool:
    """True when the entry names a recording (``audio_file``) without its bytes (``audio_data``)."""
    return entry.get("audio_file") is not None and entry.get("audio_data") is None


def _audio(entry: dict) -> Audio | None:
    data, name = entry.get("audio_data"), entry.get("audio_file")
    if data is None:
        return None
    suffix = Path(f.text(name)).suffix.lower()
    if suffix not in AUDIO_SUFFIXES:
        raise ValueError(f"recording {name!r} is not {' or '.join(AUDIO_SUFFIXES)}")
    return Audio(suffix, base64.b64decode(f.text(data), validate=True))
