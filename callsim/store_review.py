"""Trainer review records (mixed into ``Store``): notes on turns and verdict overrides.

Each note and override belongs to one try of a turn: (turn index, retry). One
saved without a ``retry`` goes to the turn's latest try (an import of an older
export, say). Overrides are append-only history: each keeps the original value
beside the new one, and the newest per (try, kind) is the one in force.
"""

from __future__ import annotations

import dataclasses

from callsim.records import OVERRIDE_KINDS, Note, Override
from callsim.store_rows import note_from, override_from, time_text, to_json


class ReviewMixin:
    """``save_*`` / ``load_*`` for notes and overrides."""

    def save_note(self, note: Note) -> Note:
        """Add a note (or rewrite it, when it has an id); returns it with its id and try."""
        with self.transaction() as conn:
            note = dataclasses.replace(note, retry=_try_of(conn, note))
            cur = conn.execute(
                "INSERT OR REPLACE INTO notes (id, session, turn_index, retry, at_seconds, text, author, created) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (note.id, note.session, note.turn_index, note.retry,
                                                    note.at_seconds, note.text, note.author, time_text(note.created)))
        return dataclasses.replace(note, id=cur.lastrowid if note.id is None else note.id)

    def load_notes(self, session: str) -> list[Note]:
        """A session's notes by turn, try, then time in the reply, then creation."""
        rows = self.query("SELECT * FROM notes WHERE session = ? ORDER BY turn_index, retry, at_seconds, created, id",
                          (session,))
        return [note_from(r) for r in rows]

    def delete_note(self, note_id: int) -> None:
        """Remove one note."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM notes WHERE id = ?", (note_id,))

    def save_override(self, override: Override) -> Override:
        """Record a trainer override (the original value is stored with it); returns it with its id and try."""
        if override.kind not in OVERRIDE_KINDS:
            raise ValueError(f"override kind must be one of {OVERRIDE_KINDS}, not {override.kind!r}")
        with self.transaction() as conn:
            o = dataclasses.replace(override, retry=_try_of(conn, override))
            cur = conn.execute(
                "INSERT OR REPLACE INTO overrides (id, session, turn_index, retry, kind, original, new_value, reason, "
                "author, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (o.id, o.session, o.turn_index, o.retry, o.kind, to_json(o.original), to_json(o.new_value), o.reason,
                 o.author, time_text(o.created)))
        return dataclasses.replace(o, id=cur.lastrowid if o.id is None else o.id)

    def load_overrides(self, session: str) -> list[Override]:
        """A session's overrides, oldest first (the newest per try and kind is in force)."""
        rows = self.query("SELECT * FROM overrides WHERE session = ? ORDER BY created, id", (session,))
        return [override_from(r) for r in rows]


def _try_of(conn, item: Note | Override) -> int:
    """The try ``item`` belongs to: its own, else the latest recorded try of its turn (0 when none is)."""
    if item.retry is not None:
        return int(item.retry)
    row = conn.execute("SELECT COALESCE(MAX(retry), 0) FROM turns WHERE session = ? AND turn_index = ?",
                       (item.session, item.turn_index)).fetchone()
    return int(row[0])
