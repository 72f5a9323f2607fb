"""Review: every stored session in a filterable, sortable table; Enter opens one.

``s`` sorts by the next column, ``S`` (or clicking the sorted header) reverses the order; the sorted column's
header shows ▼ or ▲ and the status line says the order in words (see ``review_sort``).

The list is read in a thread worker (the store may be busy with a save) that
posts ``SessionsListed``. Esc in the filter field leaves the field; Esc on the
table goes back (or quits, when review is where the app started).
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static
from textual.worker import get_current_worker

from callsim import paths
from callsim.errors import first_line
from callsim.report_view import local_minute
from callsim.tui.review_filter import HINT, FilterError, parse_filter, scored_matching
from callsim.tui.review_sort import COLUMNS, SortOrder
from callsim.tui.widgets import StatusHeader


class SessionsListed(Message):
    """The sessions matching a filter were read (``sessions``), or could not be (``error``), or the filter names
    a trainee or scenario the store does not know (``bad_filter``)."""

    def __init__(self, sessions=(), error: str = "", bad_filter: str = "", scores=None):
        super().__init__()
        self.sessions, self.error, self.bad_filter = list(sessions), error, bad_filter
        self.scores = scores or {}  # uuid -> overridden.Score (the score after the trainer's overrides)


class ReviewScreen(Screen):
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

    def reload(self) -> None:
        """Read the filter; list the matching sessions in a worker (a bad filter, or a trainee or scenario the
        store does not know, says why in the status line and leaves the rows as they were)."""
        if self.app.services.store is None:  # still opening: refresh_status lists them once it is open
            if self.app.services.store_error:
                self.notify(self.app.services.store_error, severity="warning")
            self._status("Opening the session store…")
            return
        try:
            filters, self.filter_error = parse_filter(self.query_one("#filter", Input).value), ""
        except FilterError as err:
            self._bad_filter(str(err))
            return
        self.list_sessions(filters, self.order)

    def _bad_filter(self, error: str) -> None:
        self.filter_error = error
        self._status(Text(f"✗ {error}\nThe rows below are NOT filtered by it: fix it and press Enter.", "bold red"))

    @work(thread=True, exclusive=True, group="list")
    def list_sessions(self, filters: dict, order: SortOrder) -> None:
        """The matching sessions from the store, sorted (a newer listing supersedes this one)."""
        try:
            sessions, scores = scored_matching(self.app.services.store, filters, sort=order.key,
                                               descending=order.descending)
            fact = SessionsListed(sessions, scores=scores)
        except FilterError as err:  # a trainee or scenario the store does not know
            fact = SessionsListed(bad_filter=str(err))
        except Exception as err:  # a busy or broken store: the old rows stay, the status line says why
            fact = SessionsListed(error=first_line(err))
        if not get_current_worker().is_cancelled:
            self.post_message(fact)

    def on_sessions_listed(self, fact: SessionsListed) -> None:
        """Fill the table and the status line."""
        if fact.error:
            self._status(Text(f"✗ cannot list the sessions: {fact.error}", "bold red"))
            return
        if fact.bad_filter:
            self._bad_filter(fact.bad_filter)
            self.query_one("#filter", Input).focus()
            return
        self.sessions = fact.sessions
        table = self.query_one(DataTable)
        for key, _ in COLUMNS:  # before clear(), which drops the rendered header too
            table.columns[key].label = Text(self.order.header(key))
        table.clear()
        rows = [(local_minute(s.started), s.trainee, s.scenario_id, s.status,
                 _score_text(fact.scores.get(s.uuid)), s.grade or "") for s in self.sessions]
        for s, row in zip(self.sessions, rows):
            table.add_row(*row, key=s.uuid)
        _fit_columns(table, rows)
        count = f"{len(self.sessions)} session{'' if len(self.sessions) == 1 else 's'}"
        self._status(f"{count} · sorted by {self.order.words()} · "
                     f"data: {paths.data_dir()} (stays on this machine)")

    def _status(self, text) -> None:
        self.query_one("#datadir", Static).update(text)

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
            self.app.exit()

    def palette_commands(self):
        """Command palette entries of this screen."""
        return [("Filter sessions", HINT, self.action_focus_filter),
                ("Sort by next column", "Cycle the sort column", self.action_cycle_sort),
                ("Reverse the sort", "The same column the other way round", self.action_reverse_sort),
                ("Trainee progress", "Progress of the highlighted session's trainee", self.action_progress)]


def _score_text(score) -> str:
    """The score in force, marked ✎ when a trainer's override changed it ("" without a score)."""
    if score is None or score.value is None:
        return ""
    return f"{score.value:.0f}" + (" ✎" if score.changed else "")


def _fit_columns(table: DataTable, rows: list[tuple]) -> None:
    """Widen each column to its widest cell or header (▼ or ▲ included) now: DataTable measures new rows only when
    idle, and a second listing right after the first (the store opening at launch) sometimes left the columns at
    their headers' width."""
    for i, (key, _) in enumerate(COLUMNS):
        column = table.columns[key]
        widths = (cell_len(column.label.plain), *(cell_len(str(row[i])) for row in rows))
        column.content_width = max(column.content_width, *widths)
    table.refresh()
