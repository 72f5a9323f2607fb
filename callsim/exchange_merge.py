"""Merge an imported ``Bundle`` into a store without duplicates; importing twice changes nothing.

Identity rules:

* trainee: the name (an existing trainee keeps its creation time);
* baseline: trainee + creation time + profile;
* session: the uuid. A new one is added whole (``in_progress`` arrives as
  ``incomplete``: it cannot go on here). For a known one the local row wins,
  except that empty end time / score / grade are filled in and ``incomplete``
  becomes the other machine's ``complete`` or ``abandoned``;
* turn try: (session, index, retry) — a try already here is left alone;
* note: turn + time in reply + text + author + creation time;
* override: turn + kind + original + new value + reason + author + creation time.

Embedded recordings of added tries and baselines are written (mode 0600) to the
store's recordings folder; rows go in one transaction, and new files are
removed again if it fails.
"""

from __future__ import annotations

import dataclasses
import uuid as uuidlib
from dataclasses import dataclass
from pathlib import Path

from callsim.exchange import Audio, Bundle, SessionBundle
from callsim.records import Session
from callsim.store_files import private_dir, write_bytes
from callsim.store_rows import session_from, time_text, to_json

FINAL = ("complete", "abandoned")


@dataclass
class ImportResult:
    """What an import added (all zero when everything was already there)."""

    trainees: int = 0
    baselines: int = 0
    sessions_added: int = 0
    sessions_updated: int = 0
    turns: int = 0
    notes: int = 0
    overrides: int = 0
    recordings: int = 0

    def lines(self) -> list[str]:
        """One printable line per non-zero count, or one line saying nothing was new."""
        shown = [f"{name.replace('_', ' ')}: {n}" for name, n in dataclasses.asdict(self).items() if n]
        return shown or ["nothing new: everything in the file was already in the store"]


def merge(store, bundle: Bundle) -> ImportResult:
    """Add what ``bundle`` has and ``store`` lacks; returns the counts."""
    result, written = ImportResult(), []
    try:
        with store.transaction():
            _add_all(store, bundle, result, written)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    result.recordings = len(written)
    return result


def _add_all(store, bundle: Bundle, result: ImportResult, written: list[Path]) -> None:
    for trainee in bundle.trainees:
        result.trainees += _add_trainee(store, trainee)
    for record, audio in bundle.baselines:
        result.baselines += _add_baseline(store, record, audio, written)
    for part in bundle.sessions:
        _add_session(store, part, result, written)


def _add_trainee(store, trainee) -> int:
    if store.query("SELECT 1 FROM trainees WHERE name = ?", (trainee.name,)):
        return 0
    store.save_trainee(trainee)
    return 1


def _add_baseline(store, record, audio: Audio | None, written: list[Path]) -> int:
    rows = store.query("SELECT profile FROM baselines WHERE trainee = ? AND created = ?",
                       (record.trainee, time_text(record.created)))
    if any(row["profile"] == to_json(record.profile) for row in rows):
        return 0
    if audio is not None:
        path = private_dir(store.root / "recordings" / "baselines") / f"{uuidlib.uuid4()}{audio.suffix}"
        record = dataclasses.replace(record, audio_path=_write(path, audio, written))
    store.save_baseline(record)
    return 1


def _add_session(store, part: SessionBundle, result: ImportResult, written: list[Path]) -> None:
    rows = store.query("SELECT * FROM sessions WHERE uuid = ?", (part.session.uuid,))
    if not rows:
        status = "incomplete" if part.session.status == "in_progress" else part.session.status
        store.save_session(dataclasses.replace(part.session, status=status))
        result.sessions_added += 1
    elif (merged := merged_session(session_from(rows[0]), part.session)) != session_from(rows[0]):
        if not store.is_live(merged.uuid):
            store.save_session(merged)
            result.sessions_updated += 1
    result.turns += _add_turns(store, part, written)
    result.notes += _add_notes(store, part)
    result.overrides += _add_overrides(store, part)


def merged_session(local: Session, incoming: Session) -> Session:
    """The local session with its blanks filled from ``incoming`` (see the module docstring)."""
    status = incoming.status if local.status == "incomplete" and incoming.status in FINAL else local.status
    return dataclasses.replace(
        local, status=status, ended=local.ended or incoming.ended,
        score=incoming.score if local.score is None else local.score,
        grade=incoming.grade if local.grade is None else local.grade)


def _add_turns(store, part: SessionBundle, written: list[Path]) -> int:
    have = {(r["turn_index"], r["retry"]) for r in
            store.query("SELECT turn_index, retry FROM turns WHERE session = ?", (part.session.uuid,))}
    added = [t for t in part.turns if (t.index, t.retry) not in have]
    for turn in added:
        audio = part.audio.get((turn.index, turn.retry))
        if audio is not None:
            path = private_dir(store.session_dir(turn.session)) / f"turn-{turn.index}-try-{turn.retry}{audio.suffix}"
            turn = dataclasses.replace(turn, audio_path=_write(path, audio, written))
        store.save_turn(turn)
    return len(added)


def _add_notes(store, part: SessionBundle) -> int:
    key = lambda n: (n.turn_index, n.at_seconds, n.text, n.author, time_text(n.created))  # noqa: E731
    have = {key(n) for n in store.load_notes(part.session.uuid)}
    added = [n for n in part.notes if key(n) not in have and not have.add(key(n))]
    for note in added:
        store.save_note(note)
    return len(added)


def _add_overrides(store, part: SessionBundle) -> int:
    key = lambda o: (o.turn_index, o.kind, to_json(o.original), to_json(o.new_value), o.reason,  # noqa: E731
                     o.author, time_text(o.created))
    have = {key(o) for o in store.load_overrides(part.session.uuid)}
    added = [o for o in part.overrides if key(o) not in have and not have.add(key(o))]
    for override in added:
        store.save_override(override)
    return len(added)


def _write(path: Path, audio: Audio, written: list[Path]) -> Path:
    existed = path.exists()
    write_bytes(path, audio.data)
    if not existed:
        written.append(path)
    return path
