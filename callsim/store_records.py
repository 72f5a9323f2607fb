"""Load/save pairs for trainees, baselines, sessions and turns (mixed into ``Store``).

Saves are upserts keyed by the record's identity (name, uuid, (session, index,
retry), id); records that get an id from the database come back with it set.
Trainer notes and overrides are in ``store_review.py``.
"""

from __future__ import annotations

import dataclasses
import uuid as uuidlib
from pathlib import Path

from callsim.clip import Clip
from callsim.errors import CallsimError
from callsim.names import names_matching
from callsim.records import STATUSES, BaselineRecord, Session, Trainee, TurnRecord
from callsim.store_files import private_dir, write_audio
from callsim.store_rows import (baseline_from, rel_path, session_from, time_text, to_json, trainee_from, turn_from,
                                unjudged_error, unjudged_reason)

_ADD_TRAINEE = "INSERT OR IGNORE INTO trainees (name, created) VALUES (?, ?)"

_SESSION_COLUMNS = ("uuid", "trainee", "scenario_id", "scenario_title", "started", "ended", "status", "score",
                    "grade", "app_version")
# An upsert, not INSERT OR REPLACE: REPLACE deletes the row first, and the delete would cascade to the turns.
_UPSERT_SESSION = (f"INSERT INTO sessions ({', '.join(_SESSION_COLUMNS)}) VALUES ({', '.join('?' * 10)}) "
                   f"ON CONFLICT (uuid) DO UPDATE SET "
                   + ", ".join(f"{c} = excluded.{c}" for c in _SESSION_COLUMNS[1:]))


class RecordsMixin:
    """``save_*`` / ``load_*`` for trainees, baselines, sessions and turns."""

    def save_trainee(self, trainee: Trainee) -> Trainee:
        """Add a trainee (an existing name keeps its original ``created``)."""
        with self.transaction() as conn:
            conn.execute(_ADD_TRAINEE, (trainee.name, time_text(trainee.created)))
        return self.load_trainee(trainee.name)

    def load_trainee(self, name: str) -> Trainee:
        """The trainee called ``name``; CallsimError when unknown."""
        rows = self.query("SELECT * FROM trainees WHERE name = ?", (name,))
        if not rows:
            raise CallsimError(f"no trainee called {name!r} in the store")
        return trainee_from(rows[0])

    def find_trainee(self, name: str) -> Trainee:
        """The trainee called ``name``, else the one ``names.names_matching`` finds (any case or accents, or one of
        their names alone, as the review filter finds them); CallsimError naming the known trainees or the
        candidates."""
        known = {t.name: t for t in self.list_trainees()}
        found = [name] if name in known else names_matching(name, known)
        if len(found) == 1:
            return known[found[0]]
        if found:
            raise CallsimError(f"{name!r} could be {', '.join(map(repr, found))}: give the full name")
        shown = ", ".join(map(repr, list(known)[:8])) + (", …" if len(known) > 8 else "")
        raise CallsimError(f"no trainee called {name!r} in the store (known: {shown or 'none yet'})")

    def list_trainees(self) -> list[Trainee]:
        """Every trainee, by name as people read it (any case or accents: ``store_open.folded_order``)."""
        return [trainee_from(r) for r in self.query("SELECT * FROM trainees ORDER BY name COLLATE FOLDED")]

    def save_baseline(self, record: BaselineRecord, audio: Clip | None = None) -> BaselineRecord:
        """Store a baseline (and its recording, when given); returns it with id and audio path."""
        if audio is not None:
            self.check_in_place()  # never a recording in a folder made anew where the store was
            folder = private_dir(self.root / "recordings" / "baselines")
            path = folder / f"{uuidlib.uuid4()}.{self.audio_format}"
            write_audio(path, audio)
            record = dataclasses.replace(record, audio_path=path)
        with self.transaction() as conn:
            conn.execute(_ADD_TRAINEE, (record.trainee, time_text(record.created)))
            cur = conn.execute(
                "INSERT OR REPLACE INTO baselines (id, trainee, profile, created, audio_path) VALUES (?, ?, ?, ?, ?)",
                (record.id, record.trainee, to_json(record.profile), time_text(record.created),
                 rel_path(record.audio_path, self.root)))
        return dataclasses.replace(record, id=cur.lastrowid if record.id is None else record.id)

    def load_baseline(self, trainee: str) -> BaselineRecord | None:
        """The trainee's newest baseline, or None when they have none yet."""
        found = self.load_baselines(trainee)
        return found[-1] if found else None

    def load_baselines(self, trainee: str) -> list[BaselineRecord]:
        """All of a trainee's baselines, oldest first."""
        rows = self.query("SELECT * FROM baselines WHERE trainee = ? ORDER BY created, id", (trainee,))
        return [baseline_from(r, self.root) for r in rows]

    def save_session(self, session: Session) -> Session:
        """Insert or fully rewrite a session row (the trainee is added if new)."""
        if session.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, not {session.status!r}")
        values = dataclasses.astuple(session)
        values = (*values[:4], time_text(session.started), time_text(session.ended), *values[6:])
        with self.transaction() as conn:
            conn.execute(_ADD_TRAINEE, (session.trainee, time_text(session.started)))
            conn.execute(_UPSERT_SESSION, values)
        return session

    def load_session(self, uuid: str) -> Session:
        """The session with ``uuid``; CallsimError when unknown."""
        rows = self.query("SELECT * FROM sessions WHERE uuid = ?", (uuid,))
        if not rows:
            raise CallsimError(f"no session {uuid} in the store")
        return session_from(rows[0])

    def grade_session(self, uuid: str, grade: str | None) -> Session:
        """Set (or clear) the trainer's grade, touching nothing else."""
        with self.transaction() as conn:
            conn.execute("UPDATE sessions SET grade = ? WHERE uuid = ?", (grade, uuid))
        return self.load_session(uuid)

    def turn_audio_path(self, session: str, index: int, retry: int, suffix: str) -> Path:
        """Where a try's recording lives: ``<session folder>/turn-INDEX-try-RETRY<suffix>``."""
        return self.session_dir(session) / f"turn-{index}-try-{retry}{suffix}"

    def save_turn(self, turn: TurnRecord, audio: Clip | None = None) -> TurnRecord:
        """Write the reply audio durably, then the row; both are on disk when this returns."""
        if audio is not None:
            self.check_in_place()  # never a recording in a folder made anew where the store was
            private_dir(self.session_dir(turn.session))
            path = self.turn_audio_path(turn.session, turn.index, turn.retry, f".{self.audio_format}")
            write_audio(path, audio)
            turn = dataclasses.replace(turn, audio_path=path)
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO turns (session, turn_index, retry, caller_turn_id, caller_text, target_tone, "
                "audio_path, transcript, prosody, tone, content, verdict, recorded_at, unjudged_reason, "
                f"live_transcript, early_start, unjudged_error) VALUES ({', '.join('?' * 17)})",
                (turn.session, turn.index, turn.retry, turn.caller_turn_id, turn.caller_text, turn.target_tone,
                 rel_path(turn.audio_path, self.root), to_json(turn.transcript), to_json(turn.prosody),
                 to_json(turn.tone), to_json(turn.content), turn.verdict, time_text(turn.recorded_at),
                 unjudged_reason(turn.verdict, turn.unjudged_reason), turn.live_transcript, turn.early_start,
                 unjudged_error(turn.verdict, turn.unjudged_error)))
        return turn

    def attach_turn_audio(self, session: str, index: int, retry: int, path) -> bool:
        """Point a try that has no recording at ``path`` (already written); False when it has one or is unknown."""
        with self.transaction() as conn:
            done = conn.execute(
                "UPDATE turns SET audio_path = ? WHERE session = ? AND turn_index = ? AND retry = ? "
                "AND audio_path IS NULL", (rel_path(path, self.root), session, index, retry)).rowcount
        return bool(done)

    def load_turns(self, session: str) -> list[TurnRecord]:
        """Every try of every turn of a session, in (index, retry) order."""
        rows = self.query("SELECT * FROM turns WHERE session = ? ORDER BY turn_index, retry", (session,))
        return [turn_from(r, self.root) for r in rows]
