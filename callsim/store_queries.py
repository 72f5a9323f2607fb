"""What the screens ask the store (mixed into ``Store``): lists, details, who practised last, progress, purge."""

from __future__ import annotations

import shutil
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any, Iterator

from callsim.errors import CallsimError
from callsim.names import folded, names_matching
from callsim.records import Session, SessionDetail, shown_tries, utcnow
from callsim.store_progress import Progress, tally, turn_outcome
from callsim.store_rows import session_from, time_text

#: ``list_sessions(sort=...)`` keys and their columns (ties broken by start time); "scenario" is the id the
#: review table shows. Text sorts ignore case and accents, as people read names (``store_open.folded_order``).
SORTS = {"started": "started", "score": "score", "trainee": "trainee", "scenario": "scenario_id",
         "status": "status", "grade": "grade"}
TEXT_SORTS = ("trainee", "scenario", "status", "grade")


class QueriesMixin:
    """Session lists with filters, a session's full record, who practised last, trainee progress, purging."""

    def list_sessions(self, *, trainee: str | None = None, scenario: str | None = None,
                      since: datetime | None = None, until: datetime | None = None,
                      has_notes: bool | None = None, status: str | None = None,
                      sort: str = "started", descending: bool = True, limit: int | None = None) -> list[Session]:
        """Sessions matching every given filter (``since`` <= started < ``until``), sorted.

        Scores are filtered by the caller (``tui.review_filter``): the score that counts is the one after a
        trainer's overrides, which the stored column does not know."""
        where, params = _filters(trainee, scenario, since, until, has_notes, status)
        if sort not in SORTS:
            raise ValueError(f"sort must be one of {sorted(SORTS)}, not {sort!r}")
        order = "DESC" if descending else "ASC"
        key = f"s.{SORTS[sort]}" + (" COLLATE FOLDED" if sort in TEXT_SORTS else "")
        sql = (f"SELECT * FROM sessions s WHERE {' AND '.join(where) or '1'} "
               f"ORDER BY s.{SORTS[sort]} IS NULL, {key} {order}, s.started {order}")
        if limit is not None:
            sql, params = sql + " LIMIT ?", [*params, int(limit)]
        return [session_from(r) for r in self.query(sql, params)]

    def session_detail(self, uuid: str) -> SessionDetail:
        """A session with all its turns (every try), notes and overrides."""
        return SessionDetail(self.load_session(uuid), self.load_turns(uuid),
                             self.load_notes(uuid), self.load_overrides(uuid))

    def last_trainee(self) -> str | None:
        """Who practised last: the trainee of the newest session or calibration, whichever began later (None in a
        store with neither)."""
        rows = self.query("SELECT trainee FROM (SELECT trainee, started AS at FROM sessions UNION ALL "
                          "SELECT trainee, created FROM baselines) ORDER BY at DESC LIMIT 1")
        return rows[0]["trainee"] if rows else None

    def known_spelling(self, name: str) -> str:
        """``name`` as the store spells it when it names one known trainee but for case or accents ("zoe" is the Zoë
        who calibrated), so their calibration and sessions are found; else ``name`` as given (see
        ``spellings_like`` for a name that could be several)."""
        same = self.spellings_like(name)
        return same[0] if len(same) == 1 else name

    def spellings_like(self, name: str) -> list[str]:
        """The known trainees ``name`` is but for case or accents: itself when known, else every such one."""
        known = [t.name for t in self.list_trainees()]
        if not name or name in known:
            return [name] if name else []
        return [k for k in names_matching(name, known) if folded(k) == folded(name)]

    def progress(self, trainee: str) -> Progress:
        """A trainee's sessions over time and their per-tone and per-move success counts."""
        sessions = self.list_sessions(trainee=trainee, descending=False)
        outcomes, history = [], {}
        for session in sessions:
            turns, overrides = self.load_turns(session.uuid), self.load_overrides(session.uuid)
            history[session.uuid] = (turns, overrides)
            for turn in (t for t in shown_tries(turns) if t.verdict):  # the try that counted; unjudged turns: none
                mine = [o for o in overrides if (o.turn_index, o.retry) == (turn.index, turn.retry)]
                outcomes.append(turn_outcome(turn, mine))
        return tally(Progress(trainee, sessions, history=history), outcomes)

    def purge_trainee(self, name: str) -> int:
        """Delete a trainee with their baselines, sessions and recordings; returns sessions removed."""
        uuids = [s.uuid for s in self.list_sessions(trainee=name)]
        if any(self.is_live(u) for u in uuids):
            raise CallsimError(f"{name} has a practice session running; finish it before purging")
        audio = [b.audio_path for b in self.load_baselines(name) if b.audio_path]
        with self._scrubbing(), self.transaction() as conn:
            conn.execute("DELETE FROM trainees WHERE name = ?", (name,))
        self._remove_files(uuids, audio)
        return len(uuids)

    def purge_older_than(self, days: float) -> int:
        """Delete sessions started more than ``days`` ago (running ones stay); returns how many."""
        cutoff = utcnow() - timedelta(days=days)
        uuids = [s.uuid for s in self.list_sessions(until=cutoff) if not self.is_live(s.uuid)]
        with self._scrubbing(), self.transaction() as conn:
            conn.executemany("DELETE FROM sessions WHERE uuid = ?", [(u,) for u in uuids])
        self._remove_files(uuids, [])
        return len(uuids)

    @contextmanager
    def _scrubbing(self) -> Iterator[None]:
        """Deleted rows are overwritten with zeros, and the WAL is folded back and emptied afterwards
        (best effort: a reader still holding an old snapshot can keep the WAL until it is done)."""
        with self._mutex:
            self.conn.execute("PRAGMA secure_delete = ON")
            try:
                yield
            finally:
                self.conn.execute("PRAGMA secure_delete = OFF")
        self.query("PRAGMA wal_checkpoint(TRUNCATE)")

    def _remove_files(self, uuids: list[str], files: list) -> None:
        for uuid in uuids:
            shutil.rmtree(self.session_dir(uuid), ignore_errors=True)
        for path in files:
            path.unlink(missing_ok=True)


def _filters(trainee, scenario, since, until, has_notes, status) -> tuple[list[str], list[Any]]:
    checks = [("s.trainee = ?", trainee), ("s.scenario_id = ?", scenario), ("s.started >= ?", time_text(since)),
              ("s.started < ?", time_text(until)), ("s.status = ?", status)]
    where = [sql for sql, value in checks if value is not None]
    params = [value for _, value in checks if value is not None]
    if has_notes is not None:
        exists = "EXISTS (SELECT 1 FROM notes n WHERE n.session = s.uuid)"
        where.append(exists if has_notes else f"NOT {exists}")
    return where, params
