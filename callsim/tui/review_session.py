"""One stored session for a trainer: each try of each turn, its evidence and words; play, annotate, override, grade.

Reading, writing and exporting run in thread workers (a busy database can make
them wait seconds); each posts a fact. An edit the store refused comes back in
its dialog with what the trainer typed, so nothing typed is lost.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static, TabbedContent, TabPane
from textual.worker import get_current_worker

from callsim import report_view as view
from callsim.errors import first_line
from callsim.tui import review_render as render
from callsim.tui.playback import PlaysAudio
from callsim.tui.review_edits import EditsSession
from callsim.tui.review_notes import ListsNotes
from callsim.tui.review_try import ShowsTry
from callsim.tui.widgets import StatusHeader, fit_columns
from callsim.tui.footer import Footer


class SessionLoaded(Message):
    """The session's full record was read (``detail``), or could not be (``error``)."""

    def __init__(self, detail=None, error: str = ""):
        super().__init__()
        self.detail, self.error = detail, error


class SessionReviewScreen(ShowsTry, ListsNotes, EditsSession, PlaysAudio, Screen):
    """Review one session; the highlighted try's evidence fills the tabs."""

    CSS = """
    #session-head { height: 3; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    #review-turns { height: auto; max-height: 6; margin: 0 1; }
    #evidence-scroll:focus { background: $boost; }
    """
    BINDINGS = [Binding("r", "play_reply", "Reply"), Binding("r", "stop_playing", "Stop"),  # see check_action
                Binding("c", "play_caller", "Caller"), Binding("c", "play_caller_unlisted", show=False),  # by width
                Binding("c", "stop_playing", "Stop", show=False),
                Binding("n", "note", "Note"),
                Binding("d,delete", "delete_note", "Delete note", show=False),  # no room at 80: the Notes tab says it
                Binding("o", "override", "Override"), Binding("g", "grade", "Grade"),
                Binding("x", "export", "Export"), Binding("escape", "back", "Back")]
    PLAY_ACTIONS = ("play_reply", "play_caller", "play_caller_unlisted")
    CALLER_KEY_WIDTH = 90  # the narrowest screen whose footer has room for c beside the other keys (not 80)

    def __init__(self, uuid: str):
        super().__init__()
        self.uuid, self.detail, self.turn = uuid, None, None

    def compose(self) -> ComposeResult:
        """Session head, the tries table, evidence/words/notes tabs (evidence and notes scroll when focused)."""
        yield StatusHeader()
        yield Static("reading the session…", id="session-head")
        yield DataTable(id="review-turns", cursor_type="row")
        with TabbedContent(id="review-tabs"):
            with TabPane("Evidence", id="tab-evidence"), VerticalScroll(id="evidence-scroll"):
                yield Static(id="evidence")
            with TabPane("Words", id="tab-words"):
                yield DataTable(id="words", cursor_type="row")
            with TabPane("Notes", id="tab-notes"):
                yield Static(id="notes")
                yield DataTable(id="notes-table", cursor_type="row")
        yield Footer()

    def check_action(self, action: str, parameters) -> bool:
        """c plays the caller whatever the width, but the footer lists it only where it fits (``CALLER_KEY_WIDTH``);
        while a clip plays, the play keys stop it (``PlaysAudio``)."""
        if action in ("play_caller", "play_caller_unlisted"):
            listed = self.app.size.width >= self.CALLER_KEY_WIDTH
            if listed != (action == "play_caller"):
                return False
        return super().check_action(action, parameters)

    def on_resize(self) -> None:
        """The footer lists c or not by the new width."""
        self.refresh_bindings()

    def on_mount(self) -> None:
        """Columns; then read the session."""
        turns = self.query_one("#review-turns", DataTable)
        turns.add_columns("#", "try", "caller said", "wanted", "heard", "verdict")
        self.query_one("#words", DataTable).add_columns("word", "at", "conf")
        turns.focus()
        self.load()

    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        """Read the session (again after an edit) from the store (a newer reading supersedes this one)."""
        try:
            fact = SessionLoaded(self.app.services.store.session_detail(self.uuid))
        except Exception as err:  # a broken or busy store: say so, the screen stays
            fact = SessionLoaded(error=first_line(err))
        if not get_current_worker().is_cancelled:
            self.post_message(fact)

    def on_session_loaded(self, fact: SessionLoaded) -> None:
        """Fill the head and the tries table; keep the highlighted row."""
        if fact.error:
            self.notify(f"cannot read this session: {fact.error}", severity="error", timeout=10)
            return
        self.detail = fact.detail
        self.query_one("#session-head", Static).update(render.session_head(self.detail))
        table = self.query_one("#review-turns", DataTable)
        row = table.cursor_row
        turns = self.detail.turns
        rows = [render.turn_row(t, view.for_try(self.detail.overrides, t)) for t in turns]
        table.clear()
        for t, cells in zip(turns, rows):
            table.add_row(*cells, key=f"{t.index}:{t.retry}")
        fit_columns(table, rows)
        if turns:
            table.move_cursor(row=min(row, len(turns) - 1))
            self.show_turn(turns[table.cursor_row])

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """A try highlighted: show its evidence; a word highlighted: nothing to do."""
        if event.data_table.id == "review-turns" and self.detail and event.cursor_row < len(self.detail.turns):
            self.show_turn(self.detail.turns[event.cursor_row])

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a word plays the reply from that word; Enter on a note edits it."""
        if event.data_table.id == "notes-table":
            self.edit_note()
        elif event.data_table.id == "words" and self.turn is not None:
            word = self.turn.transcript["words"][int(event.row_key.value)]
            self._play_reply(from_seconds=float(word["start"]))

    def action_back(self) -> None:
        """Back to the sessions table (a clip still playing stops)."""
        self.stop_playing()
        self.app.pop_screen()

    def palette_commands(self):
        """Command palette entries of this screen."""
        return [("Play reply", "Play the trainee's reply", self.action_play_reply),
                ("Play caller", "Play the caller's line", self.action_play_caller),
                ("Stop playing", "Cut off the reply or caller line playing now", self.action_stop_playing),
                ("Add note", "A note at a time in the reply", self.action_note),
                ("Edit note", "The highlighted note on the Notes tab", self.edit_note),
                ("Delete note", "The highlighted note on the Notes tab (asks first)", self.action_delete_note),
                ("Override verdict", "Overrule tone or words, with a reason", self.action_override),
                ("Grade session", "Give the session a grade", self.action_grade),
                ("Export report", "Self-contained HTML of this session", self.action_export)]
