"""A trainee's progress: score over time, success per tone and per move, frequent misses."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Sparkline, Static
from callsim.tui.widgets import StatusHeader


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
            yield Static(id="progress-title")
            yield Sparkline([], id="score-plot")
            yield Static(id="progress-text")
        yield Footer()

    def on_mount(self) -> None:
        """Read the progress summary from the store."""
        from callsim.progress import summary, text_lines

        s = summary(self.app.services.store, self.trainee)
        scores = [p.score for p in s.scores]
        self.query_one("#progress-title", Static).update(
            f"{self.trainee}: score over time ({len(scores)} scored sessions, oldest left)")
        self.query_one(Sparkline).data = scores or [0]
        self.query_one("#progress-text", Static).update("\n".join(text_lines(s)))

    def action_back(self) -> None:
        """Back to the sessions."""
        self.app.pop_screen()
