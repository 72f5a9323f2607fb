"""Trainer review records (mixed into ``Store``): notes on turns and verdict overrides.

Overrides are append-only history: each keeps the original value beside the
new one, and the newest per (turn, kind) is the one in force.
"""

from __future__ import annotations

import dataclasses

from callsim.records import OVERRIDE_KINDS, Note, Override
from callsim.store_rows import note_from, override_from, time_text, to_json


class ReviewMixin:
    """``save_*`` / ``load_*`` for notes and overrides."""

    def save_note(self, note: Note) -> Note:
        """Add a note (or rewrite it, when it has an id); returns it with its id."""
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT OR REPLACE INTO notes (id, session, turn_index, at_seconds, text, author, created) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)", (note.id, note.session, note.turn_index, note.at_seconds,
                                                 note.text, note.author, time_text(note.created)))
        return dataclasses.replace(note, id=cur.lastrowid if note.id is None else note.id)

    def load_notes(self, session: str) -> list[Note]:
        """A session's notes by turn, then time in the reply, then creation."""
        rows = self.query("SELECT * FROM notes WHERE session = ? ORDER BY turn_index, at_seconds, created, id", (session,))
        return [note_from(r) for r in rows]

    def delete_note(self, note_id: int) -> None:
        """Remove one note."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM notes WHERE id = ?", (note_id,))

    def save_override(self, override: Override) -> Override:
        """Record a trainer override (the original value is stored with it); returns it with its id."""
        if override.kind not in OVERRIDE_KINDS:
            raise ValueError(f"override kind must be one of {OVERRIDE_KINDS}, not {override.kind!r}")
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT OR REPLACE INTO overrides (id, session, turn_index, kind, original, new_value, reason, author, "
                "created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (override.id, override.session, override.turn_index, override.kind, to_json(override.original),
                 to_json(override.new_value), override.reason, override.author, time_text(override.created)))
        return dataclasses.replace(override, id=cur.lastrowid if override.id is None else override.id)

    def load_overrides(self, session: str) -> list[Override]:
        """A session's overrides, oldest first (the newest per turn and kind is in force)."""
        rows = self.query("SELECT * FROM overrides WHERE session = ? ORDER BY created, id", (session,))
        return [override_from(r) for r in rows]
