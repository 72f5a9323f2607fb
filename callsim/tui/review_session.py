"""One stored session for a trainer: turns, evidence, words; play, annotate, override, grade."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static, TabbedContent, TabPane

from callsim import report_view as view
from callsim.records import Note, Override
from callsim.tui import review_render as render
from callsim.tui.playback import PlaysAudio
from callsim.tui.review_modals import GradeDialog, NoteDialog, OverrideDialog
from callsim.tui.widgets import StatusHeader

AUTHOR = "trainer"


class SessionReviewScreen(PlaysAudio, Screen):
    """Review one session; the highlighted turn's evidence fills the tabs."""

    BINDINGS = [Binding("r", "play_reply", "Play reply"), Binding("c", "play_caller", "Play caller"),
                Binding("n", "note", "Note"), Binding("o", "override", "Override"), Binding("g", "grade", "Grade"),
                Binding("x", "export", "Export"), Binding("escape", "back", "Back")]

    def __init__(self, uuid: str):
        super().__init__()
        self.uuid = uuid
        self.detail = None
        self.turn = None

    def compose(self) -> ComposeResult:
        """Session line, turns table, evidence/words/notes tabs."""
        yield StatusHeader()
        yield Static(id="session-line")
        yield DataTable(id="review-turns", cursor_type="row")
        with TabbedContent(id="review-tabs"):
            with TabPane("Evidence", id="tab-evidence"):
                yield Static(id="evidence")
            with TabPane("Words", id="tab-words"):
                yield DataTable(id="words", cursor_type="row")
            with TabPane("Notes", id="tab-notes"):
                yield Static(id="notes")
        yield Footer()

    def on_mount(self) -> None:
        """Load the session."""
        turns = self.query_one("#review-turns", DataTable)
        turns.add_columns("#", "caller said", "wanted", "heard", "verdict", "try")
        self.query_one("#words", DataTable).add_columns("word", "at", "conf")
        self.reload()
        turns.focus()

    def reload(self) -> None:
        """Read the session again (after a note, override or grade)."""
        store = self.app.services.store
        self.detail = store.session_detail(self.uuid)
        self.query_one("#session-line", Static).update(render.session_line(self.detail))
        table = self.query_one("#review-turns", DataTable)
        row = table.cursor_row
        table.clear()
        for t in self.detail.turns:
            table.add_row(*render.turn_row(t, view.for_turn(self.detail.overrides, t.index)),
                          key=f"{t.index}:{t.retry}")
        if self.detail.turns:
            table.move_cursor(row=min(row, len(self.detail.turns) - 1))
            self.show_turn(self.detail.turns[table.cursor_row])

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """A turn highlighted: show its evidence; a word highlighted: nothing to do."""
        if event.data_table.id == "review-turns" and self.detail and event.cursor_row < len(self.detail.turns):
            self.show_turn(self.detail.turns[event.cursor_row])

    def show_turn(self, turn) -> None:
        """Fill the tabs for ``turn``; pitch and energy plots are measured from its audio in a worker."""
        self.turn = turn
        overrides = view.for_turn(self.detail.overrides, turn.index)
        self.query_one("#evidence", Static).update(render.evidence(turn, overrides))
        self.query_one("#notes", Static).update(render.notes(view.for_turn(self.detail.notes, turn.index)))
        words = self.query_one("#words", DataTable)
        words.clear()
        for i, w in enumerate((turn.transcript or {}).get("words") or []):
            words.add_row(w.get("text", ""), f"{w.get('start', 0):.2f}", f"{w.get('conf', 0):.2f}", key=str(i))
        self.plot_turn(turn)

    @work(thread=True, exclusive=True, group="plot")
    def plot_turn(self, turn) -> None:
        """Pitch and energy over time, measured from the stored reply."""
        try:
            plots = render.plots(turn, width=max(self.size.width - 6, 30))
        except Exception as err:  # a damaged recording: the evidence stays, the plots say why
            from rich.text import Text

            plots = [Text(f"(no plots: {err})", "italic")]
        if plots is not None:
            self.app.call_from_thread(self._add_plots, turn, plots)

    def _add_plots(self, turn, plots) -> None:
        if turn is self.turn:
            overrides = view.for_turn(self.detail.overrides, turn.index)
            self.query_one("#evidence", Static).update(render.evidence(turn, overrides, plots=plots))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a word plays the reply from that word."""
        if event.data_table.id == "words" and self.turn is not None:
            word = self.turn.transcript["words"][int(event.row_key.value)]
            self._play_reply(from_seconds=float(word["start"]))

    def action_play_reply(self) -> None:
        """Play the trainee's reply."""
        self._play_reply(from_seconds=0.0)

    def _play_reply(self, *, from_seconds: float) -> None:
        from callsim.clip import load

        if self.turn is None or not self.turn.audio_path or not self.turn.audio_path.exists():
            self.notify("This turn has no recording.", severity="warning")
            return
        try:
            clip = load(self.turn.audio_path)
        except Exception as err:
            self.notify(f"cannot play the reply: {err}", severity="warning")
            return
        self.play(clip.slice(max(from_seconds - 0.1, 0.0), clip.duration))

    def action_play_caller(self) -> None:
        """Play the caller's line, if its scenario is installed here."""
        from callsim.clip import load

        try:
            sc = self.app.services.library.get(self.detail.session.scenario_id)
            self.play(load(sc.turn(self.turn.caller_turn_id).audio_path))
        except Exception as err:
            self.notify(f"cannot play the caller line: {err}", severity="warning")

    def action_note(self) -> None:
        """Add a note at the highlighted word's time."""
        if self.turn is None:
            return
        words = self.query_one("#words", DataTable)
        at = None
        if words.row_count and self.query_one(TabbedContent).active == "tab-words":
            at = float(self.turn.transcript["words"][words.cursor_row]["start"])
        self.app.push_screen(NoteDialog(at), self._save_note)

    def _save_note(self, result) -> None:
        if result:
            at, text = result
            self.app.services.store.save_note(Note(self.uuid, self.turn.index, text, AUTHOR, at))
            self.reload()

    def action_override(self) -> None:
        """Overrule the tone or words verdict of the highlighted turn (with a reason)."""
        if self.turn is not None:
            self.app.push_screen(OverrideDialog(), self._save_override)

    def _save_override(self, result) -> None:
        if result:
            kind, new, reason = result
            original = render.original_verdict(self.turn, kind)
            self.app.services.store.save_override(
                Override(self.uuid, self.turn.index, kind, original, new, reason, AUTHOR))
            self.reload()

    def action_grade(self) -> None:
        """Grade the whole session."""
        self.app.push_screen(GradeDialog(self.detail.session.grade), self._save_grade)

    def _save_grade(self, grade) -> None:
        if grade is not None:
            self.app.services.store.grade_session(self.uuid, grade or None)
            self.reload()

    def action_export(self) -> None:
        """Write this session as a self-contained HTML report in the data folder."""
        from callsim.tui.review_render import export_session

        path = export_session(self.app.services.store, self.detail.session)
        self.notify(f"saved {path}", title="Report", timeout=10)

    def action_back(self) -> None:
        """Back to the sessions table."""
        self.app.pop_screen()

    def palette_commands(self):
        """Command palette entries of this screen."""
        return [("Play reply", "Play the trainee's reply", self.action_play_reply),
                ("Play caller", "Play the caller's line", self.action_play_caller),
                ("Add note", "A note at a time in the reply", self.action_note),
                ("Override verdict", "Overrule tone or words, with a reason", self.action_override),
                ("Grade session", "Give the session a grade", self.action_grade),
                ("Export report", "Self-contained HTML of this session", self.action_export)]
