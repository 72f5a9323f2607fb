"""The CSV export: one row per turn — its last try — for spreadsheets.

Choice: a row is the turn's *last* try (the one that counted). ``turn`` and
``try`` count from 1, as the review screen shows them ("turn 1, try 3") and as the
notes' "(try N)" do; ``tries`` is how many there were. Every try is in the JSON
export (with its 0-based ``index`` and ``retry``). The columns are ``COLUMNS``,
always in that order, after a header row. ``perceived_tone`` is the model's tone
as stored and ``tone_certainty`` how sure it was: ``sure``, ``hint`` (a
low-confidence guess, the app shows "calm?") or ``unclear``. Moves and banned
phrases are named in words (``vocab.MOVE_LABELS`` / ``BANNED_LABELS``).
List cells join items with ``"; "``. Each verdict and the score come in a pair,
named as in the JSON export: the plain name is what the app gave and stored,
``_in_force`` what the trainer's overrides make of it (equal when nothing was
overridden): ``tone_verdict`` / ``tone_in_force`` and ``words_verdict`` /
``words_in_force`` (the newest override of that half), ``verdict`` /
``verdict_in_force`` (the turn verdict; in force, the worse of the two halves in
force), ``score`` / ``score_in_force`` (the session's score; in force, the app's
scoring of the verdicts in force, ``overridden``). ``notes`` lists the turn's
notes as ``[1.2 s] author: text`` (the time into the reply when given),
``overrides`` every override as ``kind: original -> new (reason, author)``; a
note or override on an earlier try than the row's starts with ``(try N)``, and
only the row's own try's overrides are in force. Times are UTC. When the row's try
was kept without a verdict (``verdict`` empty), ``unjudged_reason`` says why in words
(``vocab.UNJUDGED_REASONS``: "nothing was heard", "the call was ended mid-reply", ...;
for a try kept before callsim stored it, that the reason was not recorded) and
``live_transcript`` holds the words shown live while it was spoken: the recogniser's
running guess, not a judged transcript (``transcript`` stays empty). Both are empty
for a judged try. ``early_start`` is the time in seconds (``0.0``) from which speech was
heard when the trainee was already speaking as the microphone recording began, so the
reply's first words may be missing from ``transcript`` (``early_start.flag``); empty when
not, for a reply given as a file, and for a try kept before callsim stored it.
``unjudged_error`` is the one-line error the trainee was shown when the row's try was kept
without a verdict because the recording or the analysis failed (at most
``errors.MAX_ERROR`` characters); empty otherwise, and for a try kept before callsim stored it.

Earlier versions named the score and turn-verdict pairs the other way round
(``score`` / ``score_original``, ``verdict_original`` / ``verdict``: the plain name
was the value in force), unlike the JSON; a spreadsheet built on such a file reads
``score`` and ``verdict`` as the stored values now.

Free-text cells that a spreadsheet would run as a formula (starting with
``= + - @``, tab or CR) get a leading ``'``.
"""

from __future__ import annotations

import csv
import io
from itertools import groupby
from typing import Iterable

from callsim import overridden
from callsim import report_view as view
from callsim.report_unjudged import live_words, unjudged_error, unjudged_why
from callsim.records import Session, shown_try
from callsim.store_rows import time_text

COLUMNS = ("session", "trainee", "scenario_id", "scenario_title", "started", "status", "score", "score_in_force",
           "grade",
           "turn", "try", "tries", "caller_turn_id", "caller_text", "target_tone", "perceived_tone",
           "tone_certainty", "confidence", "tone_verdict", "tone_summary", "words_verdict", "verdict",
           "verdict_in_force", "tone_in_force", "words_in_force",
           "moves_made", "moves_missing", "banned", "transcript", "notes", "overrides", "recorded_at",
           "unjudged_reason", "live_transcript", "early_start", "unjudged_error")
TEXT = {"trainee", "scenario_title", "caller_text", "grade", "tone_summary", "transcript", "notes", "overrides",
        "unjudged_reason", "live_transcript", "unjudged_error"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def export_csv(store, sessions: Iterable[Session]) -> str:
    """The CSV text (header + one row per turn; a session without turns gets one row with its facts) for
    ``sessions`` in the given order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for session in sessions:
        for row in session_rows(store.session_detail(session.uuid)):
            writer.writerow([_safe(c, row[c]) for c in COLUMNS])
    return out.getvalue()


def session_rows(detail) -> list[dict]:
    """One dict per turn (keyed by ``COLUMNS``) for a ``SessionDetail``."""
    s = detail.session
    head = {"session": s.uuid, "trainee": s.trainee, "scenario_id": s.scenario_id, "scenario_title": s.scenario_title,
            "started": time_text(s.started), "status": s.status, "score": _score(s.score),
            "score_in_force": _score(overridden.detail_score(detail).value), "grade": s.grade}
    rows = []
    for index, tries in groupby(detail.turns, key=lambda t: t.index):
        tries = list(tries)
        notes, overrides = view.for_turn(detail.notes, index), view.for_turn(detail.overrides, index)
        rows.append(head | turn_cells(shown_try(tries), notes, overrides) | {"tries": len(tries)})
    return rows or [dict.fromkeys(COLUMNS) | head | {"tries": 0}]


def _score(value: float | None) -> float | None:
    """A score to one decimal (sessions stored before scores were rounded hold 33.333333333333336)."""
    return None if value is None else round(value, 1)


def turn_cells(turn, notes, overrides) -> dict:
    """The per-turn columns of one try (the one that counted: ``records.shown_try``), counted from 1; ``notes``
    and ``overrides`` may include other tries' (labelled "(try N)", also from 1)."""
    tone = view.tone(turn)
    tone_level, words_level = overridden.tone_original(turn), overridden.words_original(turn)
    return {"turn": turn.index + 1, "try": turn.retry + 1, "caller_turn_id": turn.caller_turn_id,
            "caller_text": turn.caller_text, "target_tone": turn.target_tone,
            "perceived_tone": tone.get("perceived") or "", "tone_certainty": view.certainty(tone),
            "confidence": view.confidence(turn),
            "tone_verdict": tone_level, "tone_summary": tone.get("summary") or "", "words_verdict": words_level,
            "verdict": turn.verdict, "verdict_in_force": overridden.verdict_in_force(turn, overrides),
            "tone_in_force": overridden.half_in_force(turn, overrides, "tone"),
            "words_in_force": overridden.half_in_force(turn, overrides, "content"),
            "moves_made": "; ".join(view.move_label(f["name"]) for f in view.findings(turn, "moves")),
            "moves_missing": "; ".join(map(view.move_label, view.missing(turn))),
            "banned": "; ".join(view.banned_label(f["name"]) for f in view.findings(turn, "banned")),
            "transcript": view.transcript(turn), "notes": "; ".join(_try(n, turn) + _note(n) for n in notes),
            "overrides": "; ".join(_try(o, turn) + _override(o) for o in overrides),
            "recorded_at": time_text(turn.recorded_at), "unjudged_reason": unjudged_why(turn),
            "live_transcript": live_words(turn), "early_start": turn.early_start,
            "unjudged_error": unjudged_error(turn)}


def _try(item, turn) -> str:
    return "" if item.retry in (None, turn.retry) else f"(try {item.retry + 1}) "


def _note(note) -> str:
    at = "" if note.at_seconds is None else f"[{note.at_seconds:.1f} s] "
    return f"{at}{note.author}: {note.text}"


def _override(o) -> str:
    return f"{o.kind}: {view.value_text(o.original)} -> {view.value_text(o.new_value)} ({o.reason}, {o.author})"


def _safe(column: str, value) -> object:
    if value is None:
        return ""
    if column in TEXT and isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
