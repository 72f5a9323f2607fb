"""The keys of every screen."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

SECTIONS = [
    ("Everywhere", [("F1 ?", "this help"), ("Ctrl+P", "command palette"), ("Ctrl+Q", "quit")]),
    ("Home", [("s Enter", "start the highlighted scenario"), ("b", "calibrate your usual voice"),
              ("h", "show or hide the caller's words during calls"), ("v", "review stored sessions")]),
    ("Calibration", [("Enter", "start reading the passage aloud"), ("Space", "finish early"), ("Esc", "back")]),
    ("Call", [("Enter", "take the call"), ("", "speak when it says Your turn; a 1.2 s pause ends the reply"),
              ("Space", "end the reply now"), ("h", "caller text"), ("Esc", "hang up (finished turns stay saved)")]),
    ("Feedback", [("Enter n", "go on: the caller reacts to how you did"), ("t", "retry this turn"),
                  ("r", "replay your reply"), ("c", "replay the caller")]),
    ("Review", [("/", "filter: trainee:NAME since:DATE score>=N notes"), ("o", "sort"), ("p", "progress"),
                ("Enter", "open a session"), ("r c", "play reply / caller; Enter on a word plays from it"),
                ("n o g x", "note at a time · override with a reason · grade · export HTML")]),
]

ABOUT = ("Tone is judged against your own calibrated voice: pitch, loudness, pace and voice quality. "
         "When the model is unsure it shows its guess as a hint, never as a verdict. Dimmed words may be "
         "recognition slips; you are never blamed for them.")


def help_text() -> Text:
    """The keys, section by section, and how judging works."""
    text = Text()
    for title, keys in SECTIONS:
        text.append(f"{title}\n", "bold underline")
        for key, what in keys:
            text.append(f"  {key:<9}", "bold yellow").append(f"{what}\n")
    return text.append("\n" + ABOUT, "italic")


class HelpScreen(ModalScreen):
    """Keys and a word on how judging works; Escape, q or F1 closes it."""

    BINDINGS = [Binding("escape,q,f1,question_mark", "close", "Close")]

    def compose(self) -> ComposeResult:
        """The help text."""
        with VerticalScroll(id="help"):
            yield Static(help_text())

    def action_close(self) -> None:
        """Back to where you were."""
        self.dismiss()
