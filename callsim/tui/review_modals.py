"""Small dialogs of the review: a note at a time, an override with a reason, a grade."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select

from callsim.vocab import VERDICTS


class Dialog(ModalScreen):
    """A modal form: Enter in the last field submits, Escape cancels (dismisses with None)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def action_cancel(self) -> None:
        """Close without a result."""
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter: next field, or submit from the last one."""
        inputs = list(self.query(Input))
        if event.input is inputs[-1]:
            self.submit()
        else:
            inputs[inputs.index(event.input) + 1].focus()

    def submit(self) -> None:  # pragma: no cover - overridden
        """Dismiss with the form's value."""


class NoteDialog(Dialog):
    """A trainer note at a time in the reply: dismisses with (seconds or None, text)."""

    def __init__(self, at: float | None):
        super().__init__()
        self.at = at

    def compose(self) -> ComposeResult:
        """Time and text fields."""
        with Vertical(classes="dialog"):
            yield Label("Note at (seconds into the reply; empty for the whole turn)")
            yield Input("" if self.at is None else f"{self.at:.2f}", id="at")
            yield Label("Note")
            yield Input(placeholder="what you heard, and what to try", id="text")

    def on_mount(self) -> None:
        """Start in the text field."""
        self.query_one("#text", Input).focus()

    def submit(self) -> None:
        """Check the time; dismiss with (time, text)."""
        raw, text = self.query_one("#at", Input).value.strip(), self.query_one("#text", Input).value.strip()
        try:
            at = float(raw) if raw else None
        except ValueError:
            self.notify(f"not a time in seconds: {raw!r}", severity="error")
            return
        if text:
            self.dismiss((at, text))


class OverrideDialog(Dialog):
    """Overrule a verdict: dismisses with (kind, new verdict, reason)."""

    def compose(self) -> ComposeResult:
        """Kind, new verdict and reason."""
        with Vertical(classes="dialog"):
            yield Label("Override which verdict")
            yield Select([("tone", "tone"), ("words (content)", "content")], value="tone", allow_blank=False, id="kind")
            yield Select([(v, v) for v in VERDICTS], value=VERDICTS[0], allow_blank=False, id="verdict")
            yield Label("Reason (required; the original verdict is kept beside yours)")
            yield Input(id="reason")

    def submit(self) -> None:
        """Dismiss with the override once a reason is given."""
        reason = self.query_one("#reason", Input).value.strip()
        if not reason:
            self.notify("Give a reason for the override.", severity="warning")
            return
        self.dismiss((self.query_one("#kind", Select).value, self.query_one("#verdict", Select).value, reason))


class GradeDialog(Dialog):
    """Grade the session: dismisses with the grade text (empty clears it)."""

    def __init__(self, current: str | None):
        super().__init__()
        self.current = current or ""

    def compose(self) -> ComposeResult:
        """One field."""
        with Vertical(classes="dialog"):
            yield Label("Grade (e.g. A-F, pass/redo; empty clears)")
            yield Input(self.current, id="grade")

    def submit(self) -> None:
        """Dismiss with the grade."""
        self.dismiss(self.query_one("#grade", Input).value.strip())
