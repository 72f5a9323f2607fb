"""A trainee's progress: score over time, success per tone and per move, frequent misses.

The summary is read in a thread worker (the store may be busy with a save); moves
and banned phrases are named in words (``progress.text_lines``).
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import get_current_worker

from callsim.errors import first_line
from callsim.tui.widgets import BARS, StatusHeader
from callsim.tui.footer import Footer


class ProgressScreen(Screen):
    """Progress of one trainee."""

    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self, trainee: str):
        super().__init__()
        self.trainee = trainee

    def compose(self) -> ComposeResult:
        """Title, the score sparkline, the summary text."""
        yield StatusHeader()
        with VerticalScroll(id="progress-body"):
            yield Static(Text(f"{self.trainee}: reading the progress…"), id="progress-title")
            yield Static(id="score-plot")
            yield Static(id="progress-text")
        yield Footer()

    def on_mount(self) -> None:
        """Read the progress summary from the store."""
        self.load()

    @work(thread=True, exclusive=True, group="progress")
    def load(self) -> None:
        """The summary from the store, shown when read (or why it could not be)."""
        from callsim.progress import summary

        try:
            result, error = summary(self.app.services.store, self.trainee), ""
        except Exception as err:  # an unknown trainee or a busy store: say so, the screen stays
            result, error = None, first_line(err)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show, result, error)

    def show(self, s, error: str = "") -> None:
        """Fill the title, the plot and the text from the summary ``s`` (or say ``error``)."""
        from callsim.progress import text_lines

        if s is None:
            self.query_one("#progress-title", Static).update(Text(f"{self.trainee}: cannot show the progress: {error}"))
            return
        scores = [p.score for p in s.scores]
        sessions = f"{len(scores)} scored session{'' if len(scores) == 1 else 's'}"
        self.query_one("#progress-title", Static).update(
            Text(f"{self.trainee}: score over time ({sessions}, oldest left)"))
        plot = self.query_one("#score-plot", Static)
        plot.update(score_chart(scores, width=max(plot.size.width, 20)))
        self.query_one("#progress-text", Static).update(Text("\n".join(text_lines(s))))  # as written, no markup

    def action_back(self) -> None:
        """Back to the sessions."""
        self.app.pop_screen()


PLOT_ROWS = 4


def score_chart(scores: list[float], *, width: int, rows: int = PLOT_ROWS) -> Text:
    """Session scores (0-100, oldest left) as bars on a fixed 0-100 scale with its axis, so a 50 is half height
    whatever the trainee's best (a sparkline scales to the data: one 0 drew full height)."""
    columns = _columns(scores, width - 5)
    out = Text()
    for row in range(rows):  # top row first
        label = "100" if row == 0 else " 50" if row == rows // 2 else ""
        cells = "".join(BARS[round(min(max(v / 100 * rows - (rows - 1 - row), 0.0), 1.0) * 8)] for v in columns)
        out.append(f"{label:>3} ▕", "grey62").append(cells, "green").append("\n")
    return out.append(f"  0 ▕{'▔' * len(columns)}", "grey62")


def _columns(scores: list[float], width: int) -> list[float]:
    """One value per plot column: a bar and a gap per session while they fit, else the mean of each slice."""
    if len(scores) * 2 <= width:
        return [v for s in scores for v in (s, 0.0)][:-1] if scores else []
    edges = [round(i * len(scores) / width) for i in range(width + 1)]
    return [sum(scores[a:b]) / (b - a) for a, b in zip(edges, edges[1:]) if b > a]

