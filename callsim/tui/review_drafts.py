"""Note drafts: what a trainer typed in the note dialog and closed with Esc, kept for the note it was meant for.

Esc in the note dialog never loses what was typed, even a time alone: the fields are kept as a draft, and the dialog
opens with it the next time it is opened for the same note (a new note on the same try, or the same stored note).
Saving the note forgets the draft; so does Esc with nothing typed left: both fields emptied, or as the dialog opens
without a draft (a new note: the highlighted word's time and no text; an edit: the note as stored). Drafts live as
long as the app runs: the store keeps only saved notes, so quitting with drafts asks first.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NoteDraft:
    """The note dialog's two fields as typed: ``at`` (the At field's text, possibly not a number yet) and
    ``text``."""

    at: str
    text: str

    def says_more_than(self, fresh: "NoteDraft") -> bool:
        """True when a field holds something typed: text that ``fresh`` (the fields as the dialog opens without a
        draft) does not have there. A time alone counts; a field emptied adds nothing."""
        pairs = zip((self.at.strip(), self.text.strip()), (fresh.at.strip(), fresh.text.strip()))
        return any(typed and typed != before for typed, before in pairs)


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

    def keep(self, key: tuple, draft: NoteDraft, fresh: NoteDraft = NoteDraft("", "")) -> bool:
        """Keep ``draft`` for ``key`` when it says more than ``fresh``; else forget any draft for it. True when
        kept."""
        if draft.says_more_than(fresh):
            self._drafts[key] = draft
            return True
        self.forget(key)
        return False

    def forget(self, key: tuple) -> None:
        """Drop the draft for ``key`` (saved, or cleared)."""
        self._drafts.pop(key, None)

    def __len__(self) -> int:
        """How many drafts are kept."""
        return len(self._drafts)


def lost_drafts_question(count: int) -> str:
    """What quitting with ``count`` note drafts kept would lose, asked before the trainer's own quit (a quit signal
    does not ask: there is no one to answer)."""
    return f"{count} note draft{'s' if count > 1 else ''} (typed, not saved) will be lost. Quit anyway?"
