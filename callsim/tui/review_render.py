"""What the session review's head and tables show, as Rich text built from stored turns (no Textual): the session
head, a row per try, the words and the notes of a try. The Evidence tab is ``review_evidence``'s."""

from __future__ import annotations

from rich.text import Text

from callsim import overridden
from callsim import report_view as view
from callsim.records import OVERRIDE_KINDS
from callsim.report import SHORT_ID
from callsim.vocab import UNKNOWN_REASON
from callsim.tui.widgets import VERDICT_STYLE


def session_head(detail) -> Text:
    """Trainee · scenario · short id, then date · status · score · grade (each line fits 80 columns), then the
    path the call took with a mark per verdict (``report_view.call_path``; cut with … past one line).

    The score is the one in force after the trainer's overrides, with the stored one beside it when they differ
    (``score 50 (was 0, overridden)``). The short id is what ``callsim export --session`` takes."""
    s = detail.session
    score = overridden.detail_score(detail).text()
    grade = ("grade ", (s.grade, "bold")) if s.grade else ("not graded",)
    return Text.assemble((s.trainee, "bold"), f" · {s.scenario_title} · ", (f"id {s.uuid[:SHORT_ID]}", "grey62"),
                         f"\n{view.local_minute(s.started)} · {s.status} · score {score} · ", *grade,
                         *((f"\npath: {path}", "grey62"),) if (path := view.call_path(detail.turns, marks=True)) else ())


#: How the turns table names the verdict an override changes.
KIND_LABEL = {"tone": "tone", "content": "words"}


#: The turns table's mark after the try number of a try the trainee was already speaking into as it began.
EARLY_MARK = "⚠"
#: Why a try was not judged, as the turns table's verdict cell says it ('not judged: hung up'; the Evidence tab says
#: it in full). Each fits 13 characters, so the cell is no wider than 'does not suit ✎tone+words'.
UNJUDGED_SHORT = {"nothing_heard": "nothing heard", "hung_up": "hung up", "ended_before_judging": "call ended",
                  "recording_failed": "mic failed", "analysis_failed": "app error", "save_failed": "save failed",
                  UNKNOWN_REASON: "why unknown"}


def turn_row(turn, overrides) -> tuple:
    """The cells of one try in the turns table: #, try (``EARLY_MARK`` after it when the trainee was already
    speaking as it began), caller, wanted, heard, verdict.

    The verdict is the one in force (``overridden.verdict_in_force``), or 'not judged' and why in short
    (``UNJUDGED_SHORT``). An overridden half is marked ``✎tone``, ``✎words`` or ``✎tone+words`` (what it became, and
    the original turn verdict, are the first things under the tone line of the evidence), so the row fits 80
    columns."""
    tone = view.tone(turn)
    level = overridden.verdict_in_force(turn, overrides)
    verdict = Text(level, style=VERDICT_STYLE.get(level, "")) if level else unjudged_cell(turn)
    if forced := view.in_force(overrides):
        verdict.append(" ✎" + "+".join(KIND_LABEL.get(k, k) for k in sorted(forced, key=OVERRIDE_KINDS.index)),
                       "italic")
    caller = turn.caller_text if len(turn.caller_text) <= 20 else turn.caller_text[:19] + "…"
    return str(turn.index + 1), try_cell(turn), caller, turn.target_tone, view.heard(tone), verdict


def try_cell(turn) -> str | Text:
    """The try number counted from 1, with ``EARLY_MARK`` after it when the trainee was already speaking as the try
    began (``report_view.started_early``)."""
    number = str(turn.retry + 1)
    return Text.assemble(number, (f" {EARLY_MARK}", "yellow")) if view.started_early(turn) else number


def unjudged_cell(turn) -> Text:
    """'not judged: hung up': an unjudged try's verdict cell (a reason this callsim does not know, cut to fit)."""
    reason = turn.unjudged_reason
    return Text(f"not judged: {UNJUDGED_SHORT.get(reason, reason.replace('_', ' ')[:13])}", style="dim")


def notes_in_order(items) -> list:
    """A try's notes as the Notes tab lists them: by time in the reply, notes on the whole reply last."""
    return sorted(items, key=lambda n: (n.at_seconds is None, n.at_seconds or 0))


def notes_hint(count: int, *, elsewhere: int = 0) -> Text:
    """The line above the try's notes: notes on its other tries, then the keys (or how to add the first note)."""
    text = Text()
    if elsewhere:
        text.append(f"{elsewhere} note(s) on another try of this turn: highlight that try to see them.\n", "italic")
    if not count:
        return text.append("No notes on this try yet: press n (on the Words tab a note takes the highlighted "
                           "word's time).")
    return text.append("Tab to the notes, ↑ ↓ to pick one: Enter edits it, d deletes it.", "grey62")


def note_cells(note) -> tuple[str, str, str]:
    """One note's cells in the Notes tab: when in the reply, who wrote it, what it says."""
    return "whole reply" if note.at_seconds is None else f"{note.at_seconds:5.2f} s", note.author, note.text


def note_label(note) -> str:
    """A note named in one line, for the question before deleting it."""
    at = "on the whole reply" if note.at_seconds is None else f"at {note.at_seconds:.2f} s"
    text = note.text if len(note.text) <= 80 else note.text[:79] + "…"
    return f"The note {at}: “{text}”"


def word_cells(word: dict) -> tuple[str, str, str]:
    """A transcript word's row on the Words tab: its text, start (s) and confidence (blank when not known)."""
    text = word.get("text", word.get("word", ""))
    return str(text), _two_places(word.get("start")), _two_places(word.get("conf"))


def _two_places(value) -> str:
    """A number to two places ("" when it is none)."""
    return f"{value:.2f}" if isinstance(value, (int, float)) and not isinstance(value, bool) else ""


def original_verdict(turn, kind: str) -> str:
    """The verdict an override replaces: the tone verdict or the words verdict."""
    judged = overridden.tone_original(turn) if kind == "tone" else overridden.words_original(turn)
    return judged or str(turn.verdict)
