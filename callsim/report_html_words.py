"""The words of a turn in the HTML report: the words verdict in one line, then what was heard (flagged when the
trainee spoke early), the moves made and missing, the banned phrases; for an unjudged try, why, the error and the
words shown live. Text from people or the analysis goes through ``html.escape``.
"""

from __future__ import annotations

from html import escape

from callsim import overridden
from callsim import report_view as view
from callsim.records import TurnRecord
from callsim.report_html_tone import LEVEL_CSS
from callsim.report_unjudged import (ERROR_LABEL, LIVE_LABEL, LIVE_NOTE, live_words, unjudged, unjudged_error,
                                     unjudged_text)


def words_line(turn: TurnRecord) -> str:
    """The words part in one line beside the tone summary: its verdict and what made it ("words: does not suit —
    2 of 3 required moves not heard; said "calm down"")."""
    level = overridden.words_original(turn)
    if not level:
        return ""
    missing, banned = view.missing(turn), [view.banned_label(f["name"]) for f in view.findings(turn, "banned")]
    required = view.combined(turn).get("required")
    of = f" of {len(required)}" if isinstance(required, list) and required else ""
    why = ([f"{len(missing)}{of} required move(s) not heard ({', '.join(map(view.move_label, missing))})"]
           if missing else []) + ([f"said {', '.join(banned)}"] if banned else [])
    if not why and not view.transcript(turn):
        why = ["no words heard"]
    reason = "; ".join(why) or "every required move made"
    return f'<p class="summary {LEVEL_CSS.get(level, "")}"><b>words: {escape(level)}</b> — {escape(reason)}</p>'


def words_block(turn: TurnRecord) -> str:
    """The transcript (flagged when the trainee was already speaking as the recording began), the moves made (with
    their words and time), moves missing, banned phrases found (each named in words, ``vocab.MOVE_LABELS`` /
    ``BANNED_LABELS``)."""
    said = view.transcript(turn)
    heard = f"<q>{escape(said)}</q>" if said else f"<i>{escape(_nothing_heard(turn))}</i>"
    rows = [("heard", heard + early_flag(turn)), *unjudged_rows(turn)]
    if not unjudged(turn):  # an unjudged try's words were never checked: no "none" that reads as a finding
        made = [_finding(view.move_label(f["name"]), f) for f in view.findings(turn, "moves")]
        banned = [_finding(view.banned_label(f["name"]), f) for f in view.findings(turn, "banned")]
        rows += [("moves made", "; ".join(made) or "none"),
                 ("moves missing", escape(", ".join(map(view.move_label, view.missing(turn)))) or "none"),
                 ("banned phrases", "; ".join(banned) or "none")]
    return '<dl class="words">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"


def _nothing_heard(turn: TurnRecord) -> str:
    """What the heard row says without a transcript: that the try was not judged and why, or that it held no
    words."""
    return unjudged_text(turn) if unjudged(turn) else "no words heard"


def early_flag(turn: TurnRecord) -> str:
    """' ⚠ started speaking before "Your turn" (speech from 0.0 s): ...' after a try's words when the trainee was
    already speaking as its recording began (``report_view.started_early``); "" otherwise."""
    early = view.started_early(turn)
    return f' <span class="early">⚠ {escape(early)}</span>' if early else ""


def unjudged_rows(turn: TurnRecord) -> list[tuple[str, str]]:
    """(label, HTML) rows for an unjudged try: the error behind its failed recording or analysis, then the words
    shown live while it was spoken (none for a judged try)."""
    return [*_error_row(turn), *_live_row(turn)]


def _error_row(turn: TurnRecord) -> list[tuple[str, str]]:
    """The error behind an unjudged try's failed recording or analysis, as the trainee saw it (none without)."""
    error = unjudged_error(turn)
    return [(ERROR_LABEL, escape(error))] if error else []


def _live_row(turn: TurnRecord) -> list[tuple[str, str]]:
    """The words shown live while an unjudged try was spoken, labelled as such (none for a judged try)."""
    live = live_words(turn)
    return [(LIVE_LABEL, _live(live))] if live else []


def _live(words: str) -> str:
    return f"<q>{escape(words)}</q> <small>({escape(LIVE_NOTE)})</small>"


def _finding(label: str, finding: dict) -> str:
    return f"{escape(label)}: “{escape(str(finding.get('words', '')))}”{_at(finding)}"


def _at(finding: dict) -> str:
    start = finding.get("start")
    return f" at {start:.1f} s" if isinstance(start, (int, float)) else ""
