"""The keys of every screen; the help opens at the section of the screen it was called from."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

#: (title, screens it belongs to, keys). Each key text fits one line of the help box at 80 columns.
SECTIONS = [
    ("Everywhere", (), [("F1 ?", "this help, at the screen you are on"), ("Ctrl+P", "command palette"),
                        ("Ctrl+Q", "quit"), ("Tab", "next part of the screen; ↑ ↓ PgUp PgDn scroll it")]),
    ("Home", ("HomeScreen",), [("s Enter", "start the highlighted scenario"), ("b", "calibrate your usual voice"),
                               ("h", "show or hide the caller's words during calls"), ("v", "review stored sessions"),
                               ("m", "no microphone, or audio lost: look again for one"),
                               ("q", "quit")]),
    ("Calibration", ("CalibrateScreen",), [("Enter", "start reading the passage aloud"), ("Space", "finish early"),
                                           ("Esc", "back")]),
    ("Call", ("CallScreen",), [("Enter", "take the call"), ("", "speak when it says Your turn;"),
                               ("", "a 1.2 s pause ends the reply"), ("Space", "end the reply now"),
                               ("h", "caller text"), ("b", "show or fold the briefing"),
                               ("", "no microphone: type the path of a recorded"),
                               ("", "reply in the box, then Enter (Tab: the keys)"),
                               ("→", "in the box: take the dimmed rest of a name"),
                               ("Esc", "hang up (finished turns stay saved);"),
                               ("", "mid-reply press it twice: what you said is kept")]),
    ("Feedback", ("FeedbackScreen",), [("Enter n", "go on: the caller reacts to how you did"),
                                       ("t", "retry this turn (every try is kept)"),
                                       ("r c", "replay your reply / the caller (again: stop)"),
                                       ("Esc", "hang up (this turn stays saved)")]),
    ("Summary", ("SummaryScreen",), [("Enter Esc", "back to the home screen")]),
    ("Review", ("ReviewScreen",), [("/", "filter; Enter applies it, Esc leaves the field"),
                                   ("", "trainee:NAME scenario:ID score>=N score<N"),
                                   ("", "since:YYYY-MM-DD until:YYYY-MM-DD notes status:S"),
                                   ("", "graded ungraded (still to grade) grade:G"),
                                   ("s", "sort by the next column (dates, scores: largest first)"),
                                   ("S", "reverse the sort (▼ ▲ in the header; or click it)"),
                                   ("p", "progress of the highlighted trainee"), ("Enter", "open a session"),
                                   ("Esc", "back (quits when started as callsim review)")]),
    ("Review a session", ("SessionReviewScreen", "NoteDialog", "OverrideDialog", "GradeDialog", "ConfirmDialog"),
     [("↑ ↓", "choose a turn; each try of it has its own row"),
      ("", "⚠ after a try: speaking began before \"Your turn\""),
      ("", "not judged: why, in short (the Evidence tab says more)"),
      ("Tab", "to the tabs, then the evidence: ↑ ↓ PgUp PgDn"),
      ("r c", "play the reply / the caller (while playing: stop)"),
      ("Enter", "on a word: play from it; on a note: edit it"),
      ("n", "note on this try (at the highlighted word's time)"),
      ("", "Esc in a note keeps it as a draft for next time"),
      ("d", "delete the highlighted note (Notes tab; asks first)"),
      ("o", "override this try's tone or words verdict"), ("g", "grade the session"),
      ("x", "export the session as an HTML page"), ("Esc", "back to the sessions")]),
    ("Progress", ("ProgressScreen",), [("Esc", "back")]),
]

ABOUT = ("Tone is judged against your own calibrated voice: pitch, loudness, pace and voice quality. "
         "When the model is unsure it shows its guess as a hint, never as a verdict. Dimmed words may be "
         "recognition slips; you are never blamed for them.")


def section_text(title: str, keys) -> Text:
    """One section: its title, then a key and what it does per line."""
    text = Text().append(title, "bold underline")
    for key, what in keys:
        text.append(f"\n  {key:<10}", "bold yellow").append(what)
    return text


def section_for(screen_name: str) -> int | None:
    """The index of the section about the screen class ``screen_name`` (None when no section is)."""
    return next((i for i, (_, names, _) in enumerate(SECTIONS) if screen_name in names), None)


class HelpScreen(ModalScreen):
    """Keys and a word on how judging works, scrolled to the current screen's section; Escape, q or F1 closes it."""

    BINDINGS = [Binding("escape,q,f1,question_mark", "close", "Close")]

    def compose(self) -> ComposeResult:
        """One block per section, then how judging works."""
        with VerticalScroll(id="help"):
            for i, (title, _, keys) in enumerate(SECTIONS):
                yield Static(section_text(title, keys), id=f"help-{i}")
            yield Static(Text(ABOUT, "italic"))

    def on_mount(self) -> None:
        """Scroll to the section of the screen below, once laid out."""
        below = next((s for s in reversed(self.app.screen_stack) if s is not self), None)
        index = section_for(type(below).__name__)
        if index:
            self.call_after_refresh(self._show, index)

    def _show(self, index: int) -> None:
        scroll = self.query_one("#help", VerticalScroll)
        scroll.scroll_to_widget(self.query_one(f"#help-{index}"), top=True, animate=False)

    def action_close(self) -> None:
        """Back to where you were."""
        self.dismiss()
