"""Review: every stored session in a filterable, sortable table; Enter opens one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from callsim import paths
from callsim.tui.review_filter import HINT, parse_filter
from callsim.tui.widgets import StatusHeader

COLUMNS = (("started", "Date"), ("trainee", "Trainee"), ("scenario", "Scenario"), ("status", "Status"),
           ("score", "Score"), ("grade", "Grade"))


class ReviewScreen(Screen):
    """Sessions table with a one-line filter; headers sort."""

    BINDINGS = [Binding("slash", "focus_filter", "Filter"), Binding("o", "cycle_sort", "Sort"),
                Binding("p", "progress", "Progress"), Binding("escape", "back", "Back")]

    def __init__(self):
        super().__init__()
        self.sort, self.descending, self.sessions = "started", True, []

    def compose(self) -> ComposeResult:
        """Filter line, the table, the data folder."""
        yield StatusHeader()
        yield Input(placeholder=HINT, id="filter")
        yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield Static(f"Data: {paths.data_dir()} (stays on this machine)", id="datadir")
        yield Footer()

    def on_mount(self) -> None:
        """Columns, then the rows."""
        table = self.query_one(DataTable)
        for key, label in COLUMNS:
            table.add_column(label, key=key)
        self.reload()
        table.focus()

    def on_screen_resume(self) -> None:
        """Back from a session: grades and notes may have changed."""
        self.reload()

    def refresh_status(self) -> None:
        """The store opened after the first frame."""
        self.reload()

    def reload(self) -> None:
        """Query the store with the filter and sort; fill the table."""
        store = self.app.services.store
        if store is None:
            self.notify(self.app.services.store_error or "the session store is not open yet", severity="warning")
            return
        try:
            filters = parse_filter(self.query_one("#filter", Input).value)
        except ValueError as err:
            self.notify(str(err), severity="error")
            return
        self.sessions = store.list_sessions(**filters, sort=self.sort, descending=self.descending)
        self._fill()

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for s in self.sessions:
            score = "" if s.score is None else f"{s.score:.0f}"
            table.add_row(s.started.astimezone().strftime("%Y-%m-%d %H:%M"), s.trainee, s.scenario_id, s.status,
                          score, s.grade or "", key=s.uuid)
        self.query_one("#datadir", Static).update(
            f"{len(self.sessions)} sessions · sorted by {self.sort}{' ↓' if self.descending else ' ↑'} · "
            f"data: {paths.data_dir()} (stays on this machine)")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Apply the filter."""
        self.reload()
        self.query_one(DataTable).focus()

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        """Clicking a header sorts by it (again: reverses)."""
        self._sort_by(str(event.column_key.value))

    def _sort_by(self, key: str) -> None:
        self.descending = not self.descending if key == self.sort else True
        self.sort = key
        self.reload()

    def action_cycle_sort(self) -> None:
        """Sort by the next column."""
        keys = [k for k, _ in COLUMNS]
        self.sort = keys[(keys.index(self.sort) + 1) % len(keys)]
        self.descending = True
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
        """Leave review (quits when review is where the app started)."""
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.exit()

    def palette_commands(self):
        """Command palette entries of this screen."""
        return [("Filter sessions", HINT, self.action_focus_filter),
                ("Sort by next column", "Cycle the sort order", self.action_cycle_sort),
                ("Trainee progress", "Progress of the highlighted session's trainee", self.action_progress)]
