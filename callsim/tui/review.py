"""Review: every stored session in a filterable, sortable table; Enter opens one.

``s`` sorts by the next column, ``S`` (or clicking the sorted header) reverses the order; the sorted column's
header shows ▼ or ▲ and the status line says the order in words (see ``review_sort``).

The list is read in a thread worker (``review_list``). Esc in the filter field leaves the field; Esc on the
table goes back (or quits, when review is where the app started).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from callsim import paths
from callsim.tui.review_filter import HINT
from callsim.tui.review_list import ListsSessions
from callsim.tui.review_sort import COLUMNS, SortOrder
from callsim.tui.widgets import StatusHeader
from callsim.tui.footer import Footer


class ReviewScreen(ListsSessions, Screen):
    """Sessions table with a one-line filter; ``s``/``S`` and the headers sort."""

    BINDINGS = [Binding("slash", "focus_filter", "Filter"), Binding("s", "cycle_sort", "Sort"),
                Binding("S", "reverse_sort", "Reverse"), Binding("p", "progress", "Progress"),
                Binding("escape", "back", "Back")]

    def __init__(self):
        super().__init__()
        self.order, self.sessions = SortOrder(), []
        self.filter_error = ""

    def compose(self) -> ComposeResult:
        """Filter line, the table, the status line."""
        yield StatusHeader()
        yield Input(placeholder=HINT, id="filter")
        yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield Static(f"Data: {paths.data_dir()} (stays on this machine)", id="datadir")
        yield Footer()

    def on_mount(self) -> None:
        """Columns, then the rows."""
        table = self.query_one(DataTable)
        for key, _ in COLUMNS:
            table.add_column(self.order.header(key), key=key)
        self.reload()
        table.focus()

    def on_screen_resume(self) -> None:
        """Back from a session: grades and notes may have changed."""
        self.reload()

    def refresh_status(self) -> None:
        """The store opened after the first frame."""
        self.reload()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Apply the filter; back to the table unless the filter is wrong."""
        self.reload()
        if not self.filter_error:
            self.query_one(DataTable).focus()

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        """Clicking a header sorts by it (again: reverses)."""
        self.order = self.order.clicked(str(event.column_key.value))
        self.reload()

    def action_cycle_sort(self) -> None:
        """Sort by the next column (dates and scores largest first, the others A→Z)."""
        self.order = self.order.next_column()
        self.reload()

    def action_reverse_sort(self) -> None:
        """Sort the same column the other way round."""
        self.order = self.order.reversed()
        self.reload()

    def action_focus_filter(self) -> None:
        """Type a filter."""
        self.query_one("#filter", Input).focus()

    def _current(self):
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        uuid = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next(s for s in self.sessions if s.uuid == uuid)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Open the session."""
        from callsim.tui.review_session import SessionReviewScreen

        self.app.push_screen(SessionReviewScreen(str(event.row_key.value)))

    def action_progress(self) -> None:
        """The highlighted session's trainee over time."""
        from callsim.tui.progress_view import ProgressScreen

        session = self._current()
        if session is not None:
            self.app.push_screen(ProgressScreen(session.trainee))

    def action_back(self) -> None:
        """Esc: out of the filter field (its text stays); else leave review (quits when review is where the app
        started)."""
        if self.focused is self.query_one("#filter", Input):
            self.query_one(DataTable).focus()
        elif len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.call_next(self.app.action_quit)  # as q would: unsaved note drafts are asked about first

    def palette_commands(self):
        """Command palette entries of this screen."""
        return [("Filter sessions", HINT, self.action_focus_filter),
                ("Sort by next column", "Cycle the sort column", self.action_cycle_sort),
                ("Reverse the sort", "The same column the other way round", self.action_reverse_sort),
                ("Trainee progress", "Progress of the highlighted session's trainee", self.action_progress)]
