"""Note drafts: what a trainer typed in the note dialog and closed with Esc, kept for the note it was meant for.

Esc in the note dialog never loses text: the fields are kept as a draft, and the dialog opens with it the next time
it is opened for the same note (a new note on the same try, or the same stored note). Saving the note forgets the
draft; so does Esc with the note's text cleared, or as it is stored. Drafts live as long as the app runs: the store
keeps only saved notes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NoteDraft:
    """The note dialog's two fields as typed: ``at`` (the At field's text, possibly not a number yet) and
    ``text``."""

    at: str
    text: str

    def says_more_than(self, stored: "NoteDraft") -> bool:
        """True when it holds a note (not just a time) that differs from ``stored`` (empty for a new note)."""
        return bool(self.text.strip()) and (self.at.strip(), self.text.strip()) != (stored.at, stored.text)


def at_text(at: float | None) -> str:
    """A note's time as the At field shows it (empty: the whole reply)."""
    return "" if at is None else f"{at:.2f}"


class NoteDrafts:
    """The drafts by what they are for: ``(session uuid, turn index, try, stored note id or None for a new note)``."""

    def __init__(self):
        self._drafts: dict[tuple, NoteDraft] = {}

    def get(self, key: tuple) -> NoteDraft | None:
        """The draft for ``key``, if one is kept."""
        return self._drafts.get(key)

    def keep(self, key: tuple, draft: NoteDraft, stored: NoteDraft = NoteDraft("", "")) -> bool:
        """Keep ``draft`` for ``key`` when it says more than ``stored``; else forget any draft for it. True when
        kept."""
        if draft.says_more_than(stored):
            self._drafts[key] = draft
            return True
        self.forget(key)
        return False

    def forget(self, key: tuple) -> None:
        """Drop the draft for ``key`` (saved, or cleared)."""
        self._drafts.pop(key, None)
