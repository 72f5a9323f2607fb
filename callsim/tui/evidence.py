"""Turn an outcome into what the feedback screen shows: measures, transcript, checklist.

Plain functions returning Rich renderables, so they can be tested without a screen.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from callsim.vocab import VERDICTS

LOW_CONFIDENCE = 0.6
MOVE_LABELS = {"acknowledge": "acknowledged the feeling", "apologize": "apologised", "own_mistake": "owned our mistake",
               "action": "committed to an action", "time_frame": "gave a time frame",
               "restate": "restated their problem", "offer_help": "offered more help", "accept_no": "accepted the no"}


def headline(outcome, target: str | None) -> str:
    """'You sounded calm (80 % sure); this moment needs somber.'"""
    tone = outcome.tone
    sure = f"{tone.confidence:.0%} sure"
    heard = f"You may have sounded {tone.perceived} (a hint: {sure})" if tone.is_hint else \
        f"You sounded {tone.perceived} ({sure})"
    return f"{heard}; this moment needs {target}." if target else f"{heard}."


def measures_table(outcome) -> Table:
    """One row per reason: the measured value, the trainee's usual, and what the target wants."""
    table = Table(box=None, pad_edge=False, expand=False, header_style="bold")
    for col in ("measure", "you", "your usual", "wanted", ""):
        table.add_column(col)
    for r in outcome.tone.reasons:
        ok = getattr(r, "ok", None)
        mark = Text("✓", "green") if ok else Text("✗", "red") if ok is False else Text("")
        table.add_row(str(r.feature), _fmt(r.value), _fmt(r.baseline), str(r.band or ""), mark)
    return table


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:.1f}"
    return "" if value is None else str(value)


def transcript_text(outcome) -> Text:
    """The words: moves green, banned phrases red, low-confidence words dimmed (never blamed)."""
    words = list(outcome.transcript.words)
    if not words:
        return Text("(no words heard)", style="italic")
    styles = [""] * len(words)
    for finding in outcome.content.moves:
        _paint(styles, finding, "bold green")
    for finding in outcome.content.banned:
        _paint(styles, finding, "bold red underline")
    text = Text()
    for word, style in zip(words, styles):
        dim = " dim" if word.conf < LOW_CONFIDENCE and not style else ""
        text.append(word.text, style=(style + dim).strip())
        text.append(" ")
    return text


def _paint(styles: list[str], finding, style: str) -> None:
    for i in range(finding.start_index, min(finding.end_index + 1, len(styles))):
        styles[i] = style


def checklist(outcome, turn) -> Text:
    """✓/✗ for every required move, ✗ for every banned phrase used, with the time it was said."""
    made = {f.name: f for f in outcome.content.moves}
    text = Text()
    for move in turn.moves:
        f = made.get(move)
        label = MOVE_LABELS.get(move, move)
        if f:
            text.append("✓ ", "green").append(f"{label}: “{f.words}”{_at(f)}\n")
        else:
            text.append("✗ ", "red").append(f"{label}: not heard\n")
    for f in outcome.content.banned:
        text.append("✗ ", "bold red").append(f"avoid {f.name.replace('_', ' ')}: “{f.words}”{_at(f)}\n")
    return text


def _at(finding) -> str:
    return f" at {finding.start:.1f} s" if getattr(finding, "start", None) is not None else ""


def verdict_detail(outcome, turn) -> str:
    """The one line beside the banner: tone and words parts."""
    v = outcome.verdict
    parts = [headline(outcome, turn.tone)]
    if v.words_level != VERDICTS[0]:
        parts.append(f"Words: {v.words_level}.")
    return " ".join(parts)
