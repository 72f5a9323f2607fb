"""The tone part of a turn in the HTML report: the summary, each reason with its evidence, the bars.

Reads ``tone.ToneResult.to_dict()`` as stored (see ``report_view``); every
stored text is escaped.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import numpy as np

from callsim import overridden
from callsim import report_view as view
from callsim.report_bars import bars, is_range
from callsim.baseline import st_to_hz
from callsim.records import TurnRecord
from callsim.report_plots import contour_plot, deviation_bars
from callsim.tone_rules import STATUS_MARKS, reason_status
from callsim.tone_tips import DIGITS

#: The CSS class of a verdict (a coloured left border).
LEVEL_CSS = {"suits": "good", "partly": "mid", "does not suit": "bad"}
HEAD = ("measure", "you", "your usual", "wanted", "", "evidence", "tip")


def tone_block(turn: TurnRecord, baseline: dict | None, *, words: str = "") -> str:
    """Summary sentence (labelled with the tone verdict, ``words`` — the words part's own line — right under it),
    reasons table, bars against the usual voice, delivery problems, confidence notes."""
    tone = view.tone(turn)
    parts = [summary_line(turn), words, reasons_table(turn), deviation_bars(bars(turn, baseline)),
             contour_block(turn, baseline), problems_list(tone), basis_line(tone)]
    return "".join(parts)


def summary_line(turn: TurnRecord) -> str:
    """The tone summary, labelled as the tone part with its own verdict ("tone: suits — …"), so a tone that passed
    never reads as the turn passing (empty without a summary)."""
    tone = view.tone(turn)
    if not tone.get("summary"):
        return ""
    level = overridden.tone_original(turn) or "?"
    return (f'<p class="summary {LEVEL_CSS.get(level, "")}"><b>tone: {escape(str(level))}</b> — '
            f'{escape(str(tone["summary"]))}</p>')


def contour_block(turn: TurnRecord, baseline: dict | None) -> str:
    """The reply's pitch over time, measured again from its recording, in semitones against the usual pitch
    (against the reply's own middle without a baseline); empty without a readable recording or voicing."""
    from callsim import prosody
    from callsim.clip import load
    from callsim.prosody_voicing import pitch_track

    if not turn.audio_path or not Path(turn.audio_path).is_file():
        return ""
    try:
        track = prosody.report_track(load(turn.audio_path))
    except Exception:  # noqa: BLE001 - a damaged or odd recording: the stored measures above still stand
        return ""
    f0 = pitch_track(track)
    if not np.any(np.isfinite(f0)):
        return ""
    usual = view.usual_pitch_hz(baseline)
    centre, against = (usual, "your usual pitch") if usual else (float(np.nanmedian(f0)), "the middle of this reply")
    words = [(str(w.get("word", w.get("text", ""))), float(w["start"])) for w in view.words(turn)]
    st = 12 * np.log2(f0 / centre)
    span = float(np.clip(2 * np.ceil(np.nanmax(np.abs(st)) / 2), 6, 16))  # the whole contour, up to ±16 st
    return contour_plot(track.times, st, words, span=span, title=f"Pitch over the reply (semitones; 0 = {against})")


def reasons_table(turn: TurnRecord) -> str:
    """One row per reason: the measure, the reply's value, the usual value, the wanted band, ✓ ✗ ~ ?, why."""
    rows = view.reasons(turn)
    if not rows:
        return '<p class="muted">No tone measures stored for this reply.</p>'
    head = "".join(f"<th>{h}</th>" for h in HEAD)
    heard = view.heard(view.tone(turn))
    return f'<table class="reasons"><tr>{head}</tr>{"".join(reason_row(r, heard) for r in rows)}</table>'


def reason_row(r: dict[str, Any], heard: str | None = None) -> str:
    """One reason as a table row (all text escaped); the tone's value is ``heard`` ('calm?' for a hint) when given."""
    unit = str(r.get("unit") or "")
    relative = unit.endswith("vs usual")
    value = heard if r.get("feature") == "tone" and heard else _value(r.get("value"), unit, relative,
                                                                       DIGITS.get(str(r.get("feature"))))
    cells = (r.get("feature", ""), value, _usual(r), band_text(r.get("band"), unit), mark(r),
             r.get("evidence") or "", r.get("tip") or "")
    return "<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in cells) + "</tr>"


def mark(r: dict[str, Any]) -> str:
    """✓ ✗ ~ (a tone that partly fits) or ? (a guess, never a miss), as in the app; "" when not judged."""
    return "" if r.get("ok") is None and not r.get("hint") else STATUS_MARKS[reason_status(r)]


def _usual(r: dict[str, Any]) -> str:
    unit = str(r.get("unit") or "").removesuffix("vs usual").strip()
    base = r.get("baseline")
    if r.get("feature") == "pitch" and unit == "st" and isinstance(base, (int, float)) and not isinstance(base, bool):
        return f"{st_to_hz(float(base)):.0f} Hz"  # kept as semitones above 100 Hz; shown in Hz like the evidence
    return _value(base, unit, False)


def band_text(band: Any, unit: str) -> str:
    """A wanted band as words: ``-4 to +1 st vs usual``, ``95 to 145 wpm`` or ``somber; calm partly fits``."""
    if is_range(band):
        signed = "+" if unit.endswith("vs usual") else ""
        return f"{band[0]:{signed}g} to {band[1]:{signed}g} {unit}".strip()
    if isinstance(band, (list, tuple)) and band and all(isinstance(b, str) for b in band):
        return view.tone_band_text(band)  # as the app says it
    if isinstance(band, (list, tuple)):
        return " or ".join(map(str, band))
    return "" if band is None else str(band)


def problems_list(tone: dict) -> str:
    """Delivery problems found in the reply (monotone, rushed...), each named as the app names it
    (``report_view.problem_label``) with its words."""
    items = [p for p in tone.get("problems") or () if isinstance(p, dict)]
    shown = "".join(f"<li>{escape(view.problem_label(str(p.get('name', ''))))}: {escape(str(p.get('text', '')))}</li>"
                    for p in items)
    return f'<ul class="problems">{shown}</ul>' if shown else ""


def basis_line(tone: dict) -> str:
    """What the judgement was measured against, and why it is less sure (when it is)."""
    if "personal_baseline" not in tone and not tone.get("notes"):
        return ""
    basis = "the trainee's own baseline" if tone.get("personal_baseline") else "population defaults (no calibration)"
    notes = "; ".join(map(str, tone.get("notes") or ()))
    return f'<p class="muted">Measured against {basis}.{escape(" Less sure: " + notes + ".") if notes else ""}</p>'


def _value(value: Any, unit: str, signed: bool, digits: int | None = None) -> str:
    """A measure as the app prints it: to ``digits`` decimals (its evidence's, ``tone_tips.DIGITS``) when given,
    else pace in whole wpm and the rest to one decimal."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        digits = (0 if unit == "wpm" else 1) if digits is None else digits
        return f"{value:+.{digits}f} {unit}".strip() if signed else f"{value:.{digits}f} {unit}".strip()
    return "" if value is None else str(value)
