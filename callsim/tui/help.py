"""The keys of every screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

HELP = """\
# callsim keys

**Everywhere** — `F1`/`?` this help · `Ctrl+P` command palette · `Ctrl+Q` quit

**Home** — type your name · `Enter` start the highlighted scenario · `b` calibrate your usual voice ·
`h` show or hide the caller's words during calls

**Calibration** — `Enter` start reading the passage aloud · `Space` finish early · `Escape` back

**Call** — `Enter` take the call · speak when it says *Your turn*; a pause of about 1.2 s ends your reply ·
`Space` end the reply now · `h` caller text · `Escape` hang up (finished turns stay saved)

**Feedback** — `Enter`/`n` go on (the caller reacts to how you did) · `t` retry this turn ·
`r` replay your reply · `c` replay the caller

**Summary** — `Enter` back home

The tone verdict compares your pitch, loudness and pace with *your own* calibrated voice. When the model is
unsure it shows its guess as a hint, never as a verdict. Low-confidence words are dimmed: they may be
recognition slips, and you are never blamed for them.
"""


class HelpScreen(ModalScreen):
    """Keys and a word on how judging works; any of Escape, q, F1 closes it."""

    BINDINGS = [Binding("escape,q,f1,question_mark", "close", "Close")]

    def compose(self) -> ComposeResult:
        """The help text."""
        with VerticalScroll(id="help"):
            yield Markdown(HELP)

    def action_close(self) -> None:
        """Back to where you were."""
        self.dismiss()
