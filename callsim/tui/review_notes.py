"""The Notes tab of a reviewed session: the highlighted try's notes in a table; Enter edits one, d deletes one."""

from __future__ import annotations

from textual.widgets import DataTable, Static, TabbedContent

from callsim import report_view as view
from callsim.tui import review_render as render
from callsim.tui.review_edits import NoteDeleted
from callsim.tui.review_modals import ConfirmDialog, where

#: Columns of the notes table besides the note itself: "whole reply" and an author, each with its padding.
AT_WIDTH, BY_WIDTH, FRAME = 11, 8, 12


class ListsNotes:
    """Session-screen mixin: list, edit and delete the highlighted try's notes.

    The screen provides ``detail``, ``turn``, ``run_edit``, ``_ask_note`` and ``load()``."""

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

    def highlighted_note(self):
        """The note under the notes table's cursor (None when the try has none)."""
        if not self.notes_shown:
            return None
        return self.notes_shown[min(self.query_one("#notes-table", DataTable).cursor_row, len(self.notes_shown) - 1)]

    def edit_note(self) -> None:
        """Open the highlighted note in the note dialog; saving rewrites it."""
        note = self.highlighted_note()
        if note is not None:
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
