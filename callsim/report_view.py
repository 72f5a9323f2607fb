"""Read a stored turn's payloads for the reports: tone, reasons, moves, verdict, overrides (bars from them:
``report_bars``; what an unjudged try keeps: ``report_unjudged``).

The payload layouts are those ``practice.TurnOutcome.payloads()`` writes:
``tone`` = {"perceived", "confidence", "verdict", "is_hint", "summary", "problems",
"notes", "personal_baseline", "reasons": [{"feature", "value", "baseline", "band",
"unit", "ok", "evidence", "tip"}]} (``tone.ToneResult.to_dict``; a value whose
unit ends in ``vs usual`` is already a difference from the usual value), ``content`` = {"text", "moves",
"banned", "verdict": {"level", "tone_level", "words_level", "missing", "tips"}},
``transcript`` = {"text", "words"}. Missing keys read as empty, never as errors.
"""

from __future__ import annotations

import json
from typing import Any

from callsim.baseline import st_to_hz
from callsim.early_start import flag
from callsim.records import Note, Override, TurnRecord, shown_tries
from callsim.vocab import BANNED_LABELS, MOVE_LABELS


def started_early(turn: TurnRecord) -> str:
    """The flag of a try the trainee was already speaking into as its recording began ('started speaking before
    "Your turn" (speech from 0.0 s): ...', ``early_start.flag``), "" when it was not."""
    return "" if turn.early_start is None else flag(turn.early_start)


def problem_label(name: str) -> str:
    """A delivery problem's id as people read it, in the app and the reports: ``rising_loudness`` ->
    'rising loudness'."""
    return name.replace("_", " ")


def tone(turn: TurnRecord) -> dict[str, Any]:
    """The tone payload (empty dict when absent)."""
    return turn.tone if isinstance(turn.tone, dict) else {}


def combined(turn: TurnRecord) -> dict[str, Any]:
    """The combined verdict practice.py stores in ``content["verdict"]`` (empty when absent)."""
    value = (turn.content or {}).get("verdict")
    return value if isinstance(value, dict) else {}


def certainty(tone_: dict[str, Any]) -> str:
    """How sure the tone model was: ``sure``, ``hint`` (a low-confidence guess) or ``unclear`` ("" without a tone)."""
    if not tone_:
        return ""
    return "unclear" if tone_.get("is_unclear") else "hint" if tone_.get("is_hint") else "sure"


def heard(tone_: dict[str, Any]) -> str:
    """The perceived tone as the app and the reports show it: 'calm', 'calm?' (a hint), 'unclear', '—' (none)."""
    if tone_.get("is_unclear"):
        return "unclear"
    perceived = tone_.get("perceived")
    return "—" if not perceived else f"{perceived}?" if tone_.get("is_hint") else str(perceived)


def move_label(name: str) -> str:
    """A move id as people read it: ``offer_help`` -> 'offered more help' (``vocab.MOVE_LABELS``)."""
    return MOVE_LABELS.get(name, name.replace("_", " "))


def banned_label(name: str) -> str:
    """A banned-phrase id as people read it: ``calm_down`` -> '"calm down"' (``vocab.BANNED_LABELS``)."""
    return BANNED_LABELS.get(name, name.replace("_", " "))


def reasons(turn: TurnRecord) -> list[dict[str, Any]]:
    """The tone reasons: each a dict with feature, value, baseline, band, unit, ok, evidence, tip."""
    return [r for r in tone(turn).get("reasons") or () if isinstance(r, dict)]


def findings(turn: TurnRecord, kind: str) -> list[dict[str, Any]]:
    """``content[kind]`` findings (``moves`` or ``banned``) that have a name."""
    return [f for f in (turn.content or {}).get(kind) or () if isinstance(f, dict) and "name" in f]


def missing(turn: TurnRecord) -> list[str]:
    """Required moves the reply lacked."""
    return [str(m) for m in combined(turn).get("missing") or ()]


def transcript(turn: TurnRecord) -> str:
    """The words heard, as text."""
    t = turn.transcript or {}
    return str(t.get("text") or " ".join(str(w.get("word", w.get("text", ""))) for w in t.get("words") or ()))


def words(turn: TurnRecord) -> list[dict[str, Any]]:
    """The transcript's timed words (dicts with a numeric ``start``)."""
    found = (turn.transcript or {}).get("words") or ()
    return [w for w in found if isinstance(w, dict) and isinstance(w.get("start"), (int, float))]


def usual_pitch_hz(baseline: dict[str, Any] | None) -> float | None:
    """The middle of the trainee's usual pitch in Hz (baselines keep semitones above 100 Hz), when known."""
    st = (baseline or {}).get("pitch_median_st")
    return st_to_hz(float(st)) if isinstance(st, (int, float)) and not isinstance(st, bool) else None


def confidence(turn: TurnRecord) -> float | None:
    """The tone model's confidence in its perceived tone (0..1), when known."""
    value = tone(turn).get("confidence")
    return float(value) if isinstance(value, (int, float)) else None


def value_text(value: Any) -> str:
    """An override value for display: a verdict string as is, a dict by its verdict or as JSON."""
    if isinstance(value, dict):
        shown = value.get("verdict") or value.get("level")
        return str(shown) if isinstance(shown, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    return "" if value is None else str(value)


def for_turn(items: list[Note] | list[Override], index: int) -> list:
    """The notes or overrides on any try of turn ``index`` (each says its try in ``retry``)."""
    return [i for i in items if i.turn_index == index]


def for_try(items: list[Note] | list[Override], turn: TurnRecord) -> list:
    """The notes or overrides on this one try of a turn (``turn.index``, ``turn.retry``)."""
    return [i for i in items if i.turn_index == turn.index and i.retry == turn.retry]


def in_force(overrides: list[Override]) -> dict[str, Override]:
    """The newest override per kind (overrides come oldest first)."""
    return {o.kind: o for o in overrides}


#: Short marks for a verdict, where a line has little room (the review's path line).
VERDICT_MARKS = {"suits": "✓", "partly": "~", "does not suit": "✗"}


def call_path(turns: list[TurnRecord], *, marks: bool = False) -> str:
    """The way the call went: each answered caller turn with the verdict that chose the next line
    ('opening (partly) → impatient (suits) → confirmed', or with ``marks`` 'opening ~ → impatient ✓ → confirmed');
    the verdict as judged, which is what branched (a retry left unjudged never hides the try that counted)."""

    def step(t: TurnRecord) -> str:
        said = VERDICT_MARKS.get(t.verdict, t.verdict) if marks else f"({t.verdict})"
        return f"{t.caller_turn_id} {said}" if t.verdict else t.caller_turn_id

    return " → ".join(step(t) for t in shown_tries(turns))


def tone_band_text(band) -> str:
    """The wanted tones in words: the target, then the tones that partly fit ('somber; calm partly fits')."""
    near = f"; {' or '.join(band[1:])} partly fit{'s' if len(band) == 2 else ''}" if len(band) > 1 else ""
    return f"{band[0]}{near}"


def baseline_at(baselines: list, when) -> dict[str, Any] | None:
    """The profile of the newest baseline made before ``when`` (else the oldest one), or None."""
    before = [b for b in baselines if b.created <= when]
    chosen = before[-1] if before else (baselines[0] if baselines else None)
    return chosen.profile if chosen else None


def local_minute(when) -> str:
    """A stored UTC time as this machine's local time to the minute, as the review's sessions list shows it:
    ``2026-03-01 10:30`` (``callsim progress`` and ``callsim purge`` list sessions so too)."""
    return f"{when.astimezone():%Y-%m-%d %H:%M}"


def local_text(when) -> str:
    """A stored UTC time as this machine's local time with its offset: ``2026-03-01 10:30 UTC+01:00``."""
    offset = when.astimezone().strftime("%z")
    label = "UTC" if offset in ("+0000", "-0000") else f"UTC{offset[:3]}:{offset[3:]}"
    return f"{local_minute(when)} {label}"
