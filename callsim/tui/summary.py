"""Call summary: a row per turn, the score, and the three most useful tips."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from callsim.overridden import score_text
from callsim.report_view import heard
from callsim.tui.widgets import StatusHeader, VERDICT_STYLE
from callsim.tui.footer import Footer


class SummaryScreen(Screen):
    """How the whole call went."""

    BINDINGS = [Binding("enter,escape", "home", "Home", priority=True)]  # the table would take Enter

    def __init__(self, call, *, hung_up: bool = False):
        super().__init__()
        self.call, self.hung_up = call, hung_up
        self.filled_width: int | None = None  # the terminal's width when the rows were made

    def compose(self) -> ComposeResult:
        """Title and score, the turn table, the tips."""
        yield StatusHeader()
        yield Static(id="score")
        yield DataTable(id="turns", cursor_type="row")
        yield Static(id="top-tips")
        yield Footer()

    def on_mount(self) -> None:
        """Fill the score, the table and the tips."""
        call = self.call
        score = "no turns judged" if call.score is None else f"score {score_text(call.score)} / 100"
        title = Text(f"{call.scenario.title} — {score}", "bold")
        title.append_text(self._ending())
        if any(heard(r.outcome.tone.to_dict()).endswith("?") for r in call.results):  # not for "unclear" or "—"
            title.append("\n\"?\" after a tone: only a hint, the tone model was not sure", "grey62")
        self.query_one("#score", Static).update(title)
        self._fill_turns()
        tips = call.top_tips(3)
        lines = ["Most useful next time:"] + [f"• {t}" for t in tips] if tips else ["Nothing to improve: well done."]
        self.query_one("#top-tips", Static).update("\n".join(lines))

    def on_resize(self) -> None:
        """The terminal's width changed since the rows were made: the caller's line gets the new width."""
        if self.filled_width not in (None, self.app.size.width):
            self.query_one(DataTable).clear(columns=True)
            self._fill_turns()

    def _fill_turns(self) -> None:
        """A row per turn; the caller's line is cut ("…") only where the terminal's width runs out."""
        table = self.query_one(DataTable)
        table.add_columns(*COLUMNS)
        rows = [_cells(i, r) for i, r in enumerate(self.call.results, 1)]
        self.filled_width = self.app.size.width
        width = caller_width(self.filled_width, rows)
        for row in rows:
            table.add_row(row[0], _short(row[1], width), *row[2:])

    def _ending(self) -> Text:
        """How the call ended (you hung up, or the caller's last words) and what of it is saved."""
        out = Text()
        turn = self.call.turn
        if not self.hung_up and turn is not None and not turn.expects_reply:
            out.append(f"\n{self.call.scenario.persona.name}: {turn.caller}", "yellow")
        kept = self.call.kept_note(hung_up=self.hung_up)
        return out.append(f"\n{kept}", "italic") if kept else out

    def action_home(self) -> None:
        """Back to the scenario list."""
        self.app.pop_screen()


#: The turn table's columns; the caller's line (the second) gets what the others leave.
COLUMNS = ("#", "caller said", "wanted", "heard", "verdict", "tries")
#: Besides the cells: one column of padding each side of each cell, the table's margin and a scrollbar.
CELL_PADDING, FRAME = 2, 4


def _cells(i: int, r) -> tuple:
    verdict = Text(r.outcome.level, style=VERDICT_STYLE.get(r.outcome.level, ""))
    return str(i), r.turn.caller, r.turn.tone or "", heard(r.outcome.tone.to_dict()), verdict, str(r.attempts)


def caller_width(total: int, rows) -> int:
    """Columns left for the caller's line in a ``total``-wide screen, after the other columns (at least 10)."""
    others = sum(max([cell_len(COLUMNS[c])] + [cell_len(str(row[c])) for row in rows])
                 for c in range(len(COLUMNS)) if c != 1)
    return max(10, total - others - CELL_PADDING * len(COLUMNS) - FRAME)


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
