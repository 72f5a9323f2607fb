"""Sessions whose process died: marked ``incomplete`` and scored, or removed when nothing of them was kept.

``Store.open()`` runs ``recover()``. A session left ``in_progress`` while nobody holds its lock (``store_files``)
was killed: it becomes ``incomplete``, with the score its judged tries earn, as a call hung up with Esc gets it
(``overridden.stored_score``); a reply it was still recording or judging is first kept as an unjudged try, from its
spool (``store_spool``). An incomplete session with no try at all (killed before its first reply) holds nothing to
review, so it is removed with its folder, as a call left at its briefing is, and with its trainee when the session
created them and nothing else of theirs is kept. One with a note stays.
"""

from __future__ import annotations

import shutil
import sqlite3

from callsim.errors import CallsimError
from callsim.store_files import remove_leftovers

#: Incomplete sessions with no try and no note: nothing of them to review.
_EMPTY = ("SELECT uuid FROM sessions s WHERE status = 'incomplete' AND NOT EXISTS (SELECT 1 FROM turns "
          "WHERE session = s.uuid) AND NOT EXISTS (SELECT 1 FROM notes WHERE session = s.uuid)")

#: Incomplete sessions with a judged try but no score (killed, or recovered before they were scored).
_UNSCORED = ("SELECT uuid FROM sessions s WHERE status = 'incomplete' AND score IS NULL AND EXISTS "
             "(SELECT 1 FROM turns WHERE session = s.uuid AND verdict != '')")


class RecoverMixin:
    """Store mixin: ``recover`` and the deletion of a session that holds no try."""

    def recover(self) -> list[str]:
        """Mark sessions left ``in_progress`` by a dead process ``incomplete``, score every unscored incomplete
        session from its judged tries, and remove the incomplete ones with nothing in them; returns the uuids of
        the dead sessions found (removed ones included)."""
        rows = self.query("SELECT uuid FROM sessions WHERE status = 'in_progress'")
        dead = [row["uuid"] for row in rows if not self.is_live(row["uuid"])]
        for uuid in dead:
            self._mark_incomplete(uuid)
        self._score_incomplete()
        self._remove_empty_incomplete()
        return dead

    def _mark_incomplete(self, uuid: str) -> None:
        """One dead session: the reply it was recording kept (``store_spool``), then ``incomplete``, ended at its
        last try (or its start); its leftovers and lock go. A reply that cannot be kept yet (disk full) leaves the
        session as it is, to be tried again at the next start: it is never given up."""
        if self.keep_spooled(uuid, "hung_up"):
            return
        with self.transaction() as conn:
            conn.execute(
                "UPDATE sessions SET status = 'incomplete', ended = COALESCE(ended, "
                "(SELECT MAX(recorded_at) FROM turns WHERE session = :u), started) "
                "WHERE uuid = :u AND status = 'in_progress'", {"u": uuid})
        remove_leftovers(self.session_dir(uuid))
        self._lock_path(uuid).unlink(missing_ok=True)

    def keep_spooled(self, uuid: str, reason: str) -> int:
        """Each reply spooled in session ``uuid``'s folder (one a dead session was recording, or one whose save
        failed) becomes an unjudged try (why: the reason the spool was left with, else ``reason``), unless that try
        was saved or it holds only silence; then its spool goes. Best effort: a reply that cannot be saved now
        (disk full) keeps its spool; returns how many did."""
        from callsim.store_spool import remove_spools, spooled

        folder = self.session_dir(uuid)
        left = frozenset(found.stem for found in spooled(folder) if not self._kept(uuid, found, reason))
        remove_spools(folder, but=left)
        return len(left)

    def _kept(self, uuid: str, found, reason: str) -> bool:
        """Save one spooled reply as an unjudged try (unless saved already, or silent); False when it cannot be."""
        from callsim.records import TurnRecord

        try:
            saved = self.query("SELECT 1 FROM turns WHERE session = ? AND turn_index = ? AND retry = ?",
                               (uuid, found.index, found.retry))
            if not saved and len(found.clip.y) and not found.clip.is_silent:
                self.save_turn(TurnRecord(uuid, found.index, **found.turn, retry=found.retry, recorded_at=found.written,
                                          unjudged_reason=found.reason or reason), found.clip)
            return True
        except (CallsimError, OSError, sqlite3.Error):
            return False

    def _score_incomplete(self) -> None:
        """Give each incomplete session with judged tries and no score the score the app gives a call left."""
        from callsim.overridden import stored_score

        for row in self.query(_UNSCORED):
            score = stored_score(self.load_turns(row["uuid"]))
            with self.transaction() as conn:
                conn.execute("UPDATE sessions SET score = ? WHERE uuid = ? AND score IS NULL", (score, row["uuid"]))

    def _remove_empty_incomplete(self) -> None:
        """Remove the incomplete sessions that hold no try (nor a note), with their folders."""
        for row in self.query(_EMPTY):
            with self.transaction() as conn:
                gone = delete_if_empty(conn, row["uuid"])
            if gone:
                shutil.rmtree(self.session_dir(row["uuid"]), ignore_errors=True)
                self._lock_path(row["uuid"]).unlink(missing_ok=True)


def delete_if_empty(conn, uuid: str) -> bool:
    """Delete session ``uuid`` inside an open transaction when it has no try, and its trainee when this session
    created them (stamped with its start) and nothing else of theirs is kept; returns whether it was deleted."""
    row = conn.execute("SELECT trainee, started FROM sessions WHERE uuid = ?", (uuid,)).fetchone()
    gone = conn.execute("DELETE FROM sessions WHERE uuid = ? AND NOT EXISTS "
                        "(SELECT 1 FROM turns WHERE session = ?)", (uuid, uuid)).rowcount
    if gone and row:  # a mistyped name must not linger in the lists
        conn.execute("DELETE FROM trainees WHERE name = ? AND created = ? AND NOT EXISTS (SELECT 1 FROM "
                     "sessions WHERE trainee = ?) AND NOT EXISTS (SELECT 1 FROM baselines WHERE trainee = ?)",
                     (row[0], row[1], row[0], row[0]))
    return bool(gone)
