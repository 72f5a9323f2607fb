"""Listing the stored sessions for the review screen: the filter read, the matching sessions read in a thread
worker (the store may be busy with a save) that posts ``SessionsListed``, the table filled from it."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.message import Message
from textual.widgets import DataTable, Input, Static
from textual.worker import get_current_worker

from callsim import paths
from callsim.errors import first_line
from callsim.overridden import score_text
from callsim.report_view import local_minute
from callsim.tui.review_filter import FilterError, parse_filter, scored_matching
from callsim.tui.review_sort import COLUMNS, SortOrder
from callsim.tui.widgets import fit_columns


class SessionsListed(Message):
    """The sessions matching a filter were read (``sessions``), or could not be (``error``), or the filter names
    a trainee or scenario the store does not know (``bad_filter``)."""

    def __init__(self, sessions=(), error: str = "", bad_filter: str = "", scores=None):
        super().__init__()
        self.sessions, self.error, self.bad_filter = list(sessions), error, bad_filter
        self.scores = scores or {}  # uuid -> overridden.Score (the score after the trainer's overrides)


class ListsSessions:
    """Review-screen mixin: list the sessions the filter matches, in the order ``order`` says; a bad filter says why
    in the status line.

    The screen provides ``order`` (a ``SortOrder``), ``sessions`` and ``filter_error``."""

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
        self._fill_table(fact.scores)
        count = f"{len(self.sessions)} session{'' if len(self.sessions) == 1 else 's'}"
        self._status(f"{count} · sorted by {self.order.words()} · "
                     f"data: {paths.data_dir()} (stays on this machine)")

    def _fill_table(self, scores: dict) -> None:
        """A row per listed session (``scores``: uuid -> score in force), under headers that show the sort."""
        table = self.query_one(DataTable)
        highlighted = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value if table.row_count else None
        for key, _ in COLUMNS:  # before clear(), which drops the rendered header too
            table.columns[key].label = Text(self.order.header(key))
        table.clear()
        rows = [(local_minute(s.started), s.trainee, s.scenario_id, s.status,
                 _score_text(scores.get(s.uuid)), s.grade or "") for s in self.sessions]
        for s, row in zip(self.sessions, rows):
            table.add_row(*row, key=s.uuid)
        if any(s.uuid == highlighted for s in self.sessions):  # back from a session, sorted or refiltered: the
            table.move_cursor(row=table.get_row_index(highlighted))  # same session stays highlighted
        fit_columns(table, rows)

    def _status(self, text) -> None:
        self.query_one("#datadir", Static).update(text)


def _score_text(score) -> str:
    """The score in force as ``callsim progress`` shows it (``overridden.score_text``: 16.7, 50), marked ✎ when a
    trainer's override changed it ("" without a score)."""
    if score is None or score.value is None:
        return ""
    return score_text(score.value) + (" ✎" if score.changed else "")
