"""Notes on a reviewed session: n writes one on the highlighted try, the Notes tab lists its notes; Enter edits
one, d deletes one. Esc in the note dialog keeps what was typed as a draft (``review_drafts``)."""

from __future__ import annotations

import dataclasses

from textual.widgets import DataTable, Static, TabbedContent

from callsim import report_view as view
from callsim.records import Note
from callsim.tui import review_render as render
from callsim.tui.review_drafts import NoteDraft, at_text
from callsim.tui.review_edits import AUTHOR, NoteDeleted, NoteSaved
from callsim.tui.review_modals import ConfirmDialog, NoteDialog, where

#: Columns of the notes table besides the note itself: "whole reply" and an author, each with its padding.
AT_WIDTH, BY_WIDTH, FRAME = 11, 8, 12


class ListsNotes:
    """Session-screen mixin: write, list, edit and delete the highlighted try's notes.

    The screen provides ``uuid``, ``detail``, ``turn``, ``run_edit``, ``_refused`` and ``load()``; the app its
    ``note_drafts``."""

    notes_shown: list = []

    def show_notes(self, turn) -> None:
        """Fill the Notes tab for ``turn`` (one try), keeping the highlighted note where it was."""
        self.notes_shown = render.notes_in_order(view.for_try(self.detail.notes, turn))
        others = len(view.for_turn(self.detail.notes, turn.index)) - len(self.notes_shown)
        self.query_one("#notes", Static).update(render.notes_hint(len(self.notes_shown), elsewhere=others))
        table = self.query_one("#notes-table", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        table.display = bool(self.notes_shown)
        table.add_column("at", width=AT_WIDTH)
        table.add_column("by", width=BY_WIDTH)
        table.add_column("note", width=max(20, self.size.width - AT_WIDTH - BY_WIDTH - FRAME))
        for note in self.notes_shown:
            table.add_row(*render.note_cells(note), height=None, key=str(note.id))
        if self.notes_shown:
            table.move_cursor(row=min(max(row, 0), len(self.notes_shown) - 1))

    def action_note(self) -> None:
        """Add a note to the highlighted try, at the highlighted word's time on the Words tab."""
        if self.turn is None:
            return
        words = self.query_one("#words", DataTable)
        at = None
        if words.row_count and self.query_one(TabbedContent).active == "tab-words":
            at = float(self.turn.transcript["words"][words.cursor_row]["start"])
        self._ask_note(self.turn.index, self.turn.retry, at, "")

    def _ask_note(self, index: int, retry: int, at: float | None, text: str, *, base: Note | None = None) -> None:
        """The note dialog for a try, holding ``at`` and ``text`` (or the draft kept for it); saving rewrites
        ``base`` when it is given (an edit of a stored note) and adds a note otherwise."""
        key = (self.uuid, index, retry, None if base is None else base.id)
        fresh = NoteDraft(at_text(at), "") if base is None else NoteDraft(at_text(base.at_seconds), base.text)

        def closed(result) -> None:
            if isinstance(result, NoteDraft):
                self._keep_draft(key, result, fresh)
            elif result:
                self.app.note_drafts.forget(key)
                self._save_note(index, retry, *result, base=base)
        title = f"{'Edit note' if base is not None else 'Note'} on {where(index, retry)}"
        self.app.push_screen(NoteDialog(at, text, title=title, length=self._reply_length(index, retry),
                                        draft=self.app.note_drafts.get(key)), closed)

    def _save_note(self, index: int, retry: int, at: float | None, text: str, *, base: Note | None) -> None:
        """Store the note (``base`` rewritten, or a new one) in a worker; ``on_note_saved`` hears back."""
        note = (dataclasses.replace(base, at_seconds=at, text=text) if base is not None
                else Note(self.uuid, index, text, AUTHOR, at, retry=retry))
        self.run_edit(NoteSaved, self.app.services.store.save_note, note)

    def _keep_draft(self, key: tuple, draft: NoteDraft, fresh: NoteDraft) -> None:
        """Esc in the note dialog: keep what was typed (a time alone too) unless it adds nothing to ``fresh`` (the
        fields as the dialog opens without a draft), and say how to get it back; a draft emptied is dropped, and
        that is said too."""
        drafts = self.app.note_drafts
        had = drafts.get(key) is not None
        if drafts.keep(key, draft, fresh):
            again = "Enter on that note" if key[3] is not None else f"n on {where(key[1], key[2])}"
            self.notify(f"Note not saved, kept as a draft: {again} opens it again.", timeout=8)
        elif had:
            self.notify("Draft dropped.")

    def _reply_length(self, index: int, retry: int) -> float | None:
        """Seconds of the try's recorded reply (None when unknown: an unjudged try has no measures)."""
        turn = next((t for t in self.detail.turns if (t.index, t.retry) == (index, retry)), None)
        return ((turn.prosody or {}).get("duration") or None) if turn else None

    def on_note_saved(self, fact: NoteSaved) -> None:
        """Stored: show it. Refused: say why and give the typed note back in its dialog (an edit still measured
        against the note as stored, so Esc keeps it as a draft)."""
        if self._refused(fact, "Note", esc="Esc keeps it as a draft"):
            n = fact.record
            self._ask_note(n.turn_index, n.retry, n.at_seconds, n.text, base=self._stored(n))

    def _stored(self, note: Note) -> Note | None:
        """The note as stored that ``note`` (an unsaved edit) rewrites: None for a new note, ``note`` itself when the
        session as read has it no more."""
        if note.id is None:
            return None
        return next((stored for stored in self.detail.notes if stored.id == note.id), note)

    def highlighted_note(self):
        """The note under the notes table's cursor (None when the try has none)."""
        if not self.notes_shown:
            return None
        return self.notes_shown[min(self.query_one("#notes-table", DataTable).cursor_row, len(self.notes_shown) - 1)]

    def edit_note(self) -> None:
        """Open the highlighted note in the note dialog; saving rewrites it."""
        note = self.highlighted_note()
        if note is None:
            self.notify("This try has no notes to edit: n adds one.", severity="warning")
            return
        self._ask_note(note.turn_index, note.retry, note.at_seconds, note.text, base=note)

    def action_delete_note(self) -> None:
        """Delete the highlighted note of this try, once the trainer confirms (the Notes tab shows which)."""
        note = self.highlighted_note()
        if note is None:
            self.notify("This try has no notes to delete.", severity="warning")
            return
        self.query_one(TabbedContent).active = "tab-notes"

        def confirmed(yes) -> None:
            if yes:
                self.run_edit(NoteDeleted, delete_note, self.app.services.store, note)
        title = f"Delete a note on {where(note.turn_index, note.retry)}?"
        self.app.push_screen(ConfirmDialog(title, render.note_label(note), "Enter or y deletes it · Esc or n keeps "
                                           "it"), confirmed)

    def on_note_deleted(self, fact: NoteDeleted) -> None:
        """Deleted: list the notes again. Refused: say why (the note stays)."""
        if fact.error:
            self.notify(f"Note not deleted: {fact.error}", severity="error", timeout=15)
            return
        self.notify("Note deleted.")
        self.load()


def delete_note(store, note):
    """Remove ``note`` from the store; returns it (what the fact names)."""
    store.delete_note(note.id)
    return note
