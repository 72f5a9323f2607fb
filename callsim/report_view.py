"""Read a stored turn's payloads for the reports: tone, reasons, moves, verdict, overrides, bars.

The payload layouts are those ``practice.TurnOutcome.payloads()`` writes:
``tone`` = {"perceived", "confidence", "verdict", "is_hint", "reasons": [{"feature",
"value", "baseline", "band", "tip", "ok"}]}, ``content`` = {"text", "moves",
"banned", "verdict": {"level", "tone_level", "words_level", "missing", "tips"}},
``transcript`` = {"text", "words"}. Missing keys read as empty, never as errors.
"""

from __future__ import annotations

import json
from typing import Any

from callsim.records import Note, Override, TurnRecord
from callsim.report_plots import Bar

#: Full-bar differences for the measures drawn against the usual voice (others use their own size).
SCALES = {"pitch_median_st": 6.0, "pitch_sd_st": 3.0, "pitch_range_st": 6.0, "energy_db": 10.0,
          "energy_sd_db": 5.0, "syllable_rate": 2.0, "wpm": 60.0, "pace_wpm": 60.0}
#: Short names and units of the measures on the bars.
LABELS = {"pitch_median_st": ("pitch", "st"), "pitch_sd_st": ("pitch spread", "st"),
          "pitch_range_st": ("pitch range", "st"), "energy_db": ("energy", "dB"),
          "energy_sd_db": ("energy spread", "dB"), "syllable_rate": ("pace", "syl/s"), "wpm": ("pace", "wpm"),
          "pace_wpm": ("pace", "wpm")}
#: Measures drawn from the prosody payload when the tone reasons carry no numbers.
FALLBACK = (("pitch_median_st", "pitch", "st"), ("energy_db", "energy", "dB"), ("syllable_rate", "pace", "syl/s"))


def tone(turn: TurnRecord) -> dict[str, Any]:
    """The tone payload (empty dict when absent)."""
    return turn.tone if isinstance(turn.tone, dict) else {}


def combined(turn: TurnRecord) -> dict[str, Any]:
    """The combined verdict practice.py stores in ``content["verdict"]`` (empty when absent)."""
    value = (turn.content or {}).get("verdict")
    return value if isinstance(value, dict) else {}


def reasons(turn: TurnRecord) -> list[dict[str, Any]]:
    """The tone reasons: each a dict with feature, value, baseline, band, tip, ok."""
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
    """The notes or overrides attached to turn ``index``."""
    return [i for i in items if i.turn_index == index]


def in_force(overrides: list[Override]) -> dict[str, Override]:
    """The newest override per kind (overrides come oldest first)."""
    return {o.kind: o for o in overrides}


def bars(turn: TurnRecord, baseline: dict[str, Any] | None) -> list[Bar]:
    """Measures against the usual voice: the tone reasons' numbers, else pitch/energy/pace from prosody."""
    found = [_reason_bar(r) for r in reasons(turn)]
    found = [b for b in found if b is not None]
    if found or not baseline:
        return found
    prosody = turn.prosody or {}
    return [Bar(label, float(prosody[key]), float(baseline[key]), unit, SCALES.get(key, 1.0))
            for key, label, unit in FALLBACK if _num(prosody.get(key)) and _num(baseline.get(key))]


def _reason_bar(reason: dict[str, Any]) -> Bar | None:
    value, base = reason.get("value"), reason.get("baseline")
    if not (_num(value) and _num(base)):
        return None
    feature = str(reason.get("feature", ""))
    label, unit = LABELS.get(feature, (feature, str(reason.get("unit", ""))))
    scale = SCALES.get(feature) or max(abs(value - base), abs(base) * 0.2, 1e-6)
    return Bar(label, float(value), float(base), unit, scale)


def _num(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def baseline_at(baselines: list, when) -> dict[str, Any] | None:
    """The profile of the newest baseline made before ``when`` (else the oldest one), or None."""
    before = [b for b in baselines if b.created <= when]
    chosen = before[-1] if before else (baselines[0] if baselines else None)
    return chosen.profile if chosen else None
