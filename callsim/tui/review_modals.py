"""Small dialogs of the review: a note at a time, an override with a reason, a grade."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select

from callsim.tui.review_drafts import NoteDraft, at_text
from callsim.vocab import VERDICTS


class Dialog(ModalScreen):
    """A modal form: Enter in the last field submits, Escape cancels (dismisses with None)."""

    DEFAULT_CSS = """
    Dialog .dialog-title { text-style: bold; margin-bottom: 1; }
    Dialog .dialog-hint { color: $text-muted; }
    """
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


def where(index: int, retry: int | None) -> str:
    """A try as the screens count it: ``turn 1, try 2`` for index 0, retry 1 (``turn 1`` when the try is unknown)."""
    return f"turn {index + 1}" + ("" if retry is None else f", try {retry + 1}")


class NoteDialog(Dialog):
    """A trainer note at a time in the reply: dismisses with (seconds or None, text) when saved, and with a
    ``NoteDraft`` of both fields as typed on Esc (the caller keeps it: see ``review_drafts``).

    ``title`` names the try it is for (``Note on turn 1, try 2``); ``draft`` fills the fields instead of ``at`` and
    ``text`` and says so; every line fits the 58 columns inside the dialog.
    """

    def __init__(self, at: float | None, text: str = "", *, title: str = "Note", length: float | None = None,
                 draft: NoteDraft | None = None):
        super().__init__()
        self.fields, self.title, self.length = draft or NoteDraft(at_text(at), text), title, length
        self.restored = draft is not None

    def compose(self) -> ComposeResult:
        """Title, time and text fields, what Enter and Esc do."""
        with Vertical(classes="dialog"):
            yield Label(self.title, classes="dialog-title")
            yield Label("At: seconds into the reply (empty: the whole reply)")
            yield Input(self.fields.at, id="at")
            yield Label("Note")
            yield Input(self.fields.text, placeholder="what you heard, and what to try", id="text")
            yield Label("Enter in At only moves to Note; Enter in Note saves.", classes="dialog-hint")
            yield Label("Your draft is back: Esc with both fields empty drops it." if self.restored else
                        "Esc keeps what you typed as a draft, for next time.", classes="dialog-hint", id="esc-hint")

    def on_mount(self) -> None:
        """Start in the first field shown (At): Enter there moves on to Note, so a typed time is never saved
        as the note's text."""
        self.query_one("#at", Input).focus()

    def action_cancel(self) -> None:
        """Esc: close, handing back both fields as typed (a draft)."""
        self.dismiss(NoteDraft(self.query_one("#at", Input).value, self.query_one("#text", Input).value))

    def submit(self) -> None:
        """Check the time; dismiss with (time, text)."""
        raw, text = self.query_one("#at", Input).value.strip(), self.query_one("#text", Input).value.strip()
        try:
            at = float(raw) if raw else None
        except ValueError:
            self.notify(f"not a time in seconds: {raw!r}", severity="error")
            return
        if at is not None and not self._inside(at):
            self.notify(f"{at:g} s is outside the reply: give 0 to {self.length or 0:.1f} s, or nothing for the whole "
                        "reply", severity="error")
            return
        if not text:
            self.notify("Type the note first (Esc closes; d on the try deletes a note).", severity="warning")
            return
        self.dismiss((at, text))

    def _inside(self, at: float) -> bool:
        """A time within the reply (any non-negative time when its length is unknown)."""
        return 0 <= at <= (self.length if self.length else float("inf"))


class OverrideDialog(Dialog):
    """Overrule a verdict: dismisses with (kind, new verdict, reason).

    ``title`` names the try it is for (``Override turn 1, try 1``); every line fits inside the dialog.
    """

    def __init__(self, kind: str = "tone", verdict: str = VERDICTS[0], reason: str = "", *,
                 title: str = "Override"):
        super().__init__()
        self.kind, self.verdict, self.reason, self.title = kind, verdict, reason, title

    def compose(self) -> ComposeResult:
        """Title, kind, new verdict and reason."""
        with Vertical(classes="dialog"):
            yield Label(self.title, classes="dialog-title")
            yield Label("Which verdict, and what it becomes")
            yield Select([("tone", "tone"), ("words (content)", "content")], value=self.kind, allow_blank=False,
                         id="kind")
            yield Select([(v, v) for v in VERDICTS], value=self.verdict, allow_blank=False, id="verdict")
            yield Label("Reason (required; the original verdict is kept too)")
            yield Input(self.reason, id="reason")

    def submit(self) -> None:
        """Dismiss with the override once a reason is given."""
        reason = self.query_one("#reason", Input).value.strip()
        if not reason:
            self.notify("Give a reason for the override.", severity="warning")
            return
        self.dismiss((self.query_one("#kind", Select).value, self.query_one("#verdict", Select).value, reason))


class ConfirmDialog(Dialog):
    """A question before something that cannot be undone: dismisses with True (Enter or y) or None (Esc or n)."""

    BINDINGS = [Binding("enter,y", "confirm", "Yes"), Binding("escape,n", "cancel", "No")]

    def __init__(self, title: str, question, hint: str = "Enter or y: yes · Esc or n: no"):
        super().__init__()
        self.title, self.question, self.hint = title, question, hint

    def compose(self) -> ComposeResult:
        """Title, the question, the keys."""
        with Vertical(classes="dialog"):
            yield Label(self.title, classes="dialog-title")
            yield Label(self.question)
            yield Label(self.hint, classes="dialog-hint")

    def action_confirm(self) -> None:
        """Yes."""
        self.dismiss(True)


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
