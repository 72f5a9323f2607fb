"""Delivery problems named whatever the target: monotone, rushed, too slow, too quiet, rising loudness.

The limits come from the ``[problems]`` table of ``tone_bands.toml``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

#: What to do about a recording too quiet to measure against the usual voice (no personal loudness to compare).
QUIET_RECORDING_TIP = "move closer to the microphone or raise its input level"


@dataclass(frozen=True)
class Problem:
    """A named delivery problem (``name`` from PROBLEMS) with the value that shows it."""

    name: str
    feature: str
    value: float
    limit: float
    text: str

    def to_dict(self) -> dict:
        """JSON-ready form."""
        return {k: (round(v, 2) if isinstance(v, float) else v) for k, v in asdict(self).items()}


PROBLEMS = ("monotone", "rushed", "too_slow", "too_quiet", "rising_loudness")


def problems(feats, base, limits: dict) -> list[Problem]:
    """Every delivery problem the reply shows, whatever the target."""
    found = _monotone(feats, base, limits)
    pace = judged_pace(feats, limits)
    pace = round(pace) if pace else pace  # judged as printed: "175 wpm" is never over 175
    about = "" if getattr(feats, "pace_source", "") == "words" else "about "  # counted words, or estimated
    if pace and pace > limits["rushed_wpm"]:
        found.append(Problem("rushed", "pace", pace, limits["rushed_wpm"],
                             f"you spoke at {about}{pace:.0f} wpm; over {limits['rushed_wpm']} sounds hurried on the "
                             "phone"))
    if pace and pace < limits["slow_wpm"]:
        found.append(Problem("too_slow", "pace", pace, limits["slow_wpm"],
                             f"you spoke at {about}{pace:.0f} wpm; under {limits['slow_wpm']} drags"))
    return found + _loudness_problems(feats, base, limits)


def judged_pace(feats, limits: dict) -> float | None:
    """The reply's pace in wpm, or None when there is none to judge (``no_pace_reason``)."""
    return None if no_pace_reason(feats, limits) else feats.pace_wpm


def no_pace_reason(feats, limits: dict) -> str:
    """Why the reply has no pace to judge ("" when it has one): none was measured, recognition ran and heard no
    words, or the reply held less speech than ``pace_min_speech_s`` (one word in half a second is no rate)."""
    if not feats.pace_wpm:
        return "none measured"
    if feats.word_count == 0:
        return "no words heard"
    if feats.speech_seconds < limits.get("pace_min_speech_s", 0.0):
        return f"under {limits['pace_min_speech_s']:g} s of speech"
    return ""


def monotone_floor(base, limits: dict) -> float:
    """The pitch spread (SD, st, one decimal) below which a reply sounds flat: an absolute floor, raised
    for a personal baseline to ``monotone_rel_st`` under the usual spread (at most ``monotone_rel_max_st``)."""
    floor = limits["monotone_sd_st"]
    if base.is_personal:
        floor = max(floor, min(base.pitch_sd_st + limits["monotone_rel_st"], limits["monotone_rel_max_st"]))
    return round(floor, 1)


def _monotone(feats, base, limits: dict) -> list[Problem]:
    sd = feats.pitch_sd_st
    if sd is None or round(sd, 1) >= monotone_floor(base, limits):
        return []
    usual = f", usually {base.pitch_sd_st:.1f}" if base.is_personal else ""
    return [Problem("monotone", "pitch variation", sd, limits["monotone_sd_st"],
                    f"your pitch barely moved (spread {sd:.1f} st{usual})")]


def _loudness_problems(feats, base, limits: dict) -> list[Problem]:
    found = []
    rel = feats.energy_db - base.energy_db if feats.energy_db is not None and base.is_personal else None
    if rel is not None and round(rel) < limits["quiet_rel_db"]:  # judged as printed: "8 dB quieter" is not past -8
        found.append(Problem("too_quiet", "loudness", rel, limits["quiet_rel_db"],
                             f"your voice was {-rel:.0f} dB quieter than usual"))
    elif "too_quiet" in feats.checks:
        found.append(Problem("too_quiet", "recording level", feats.energy_db or 0.0, limits["quiet_rel_db"],
                             f"the recording is very quiet: {QUIET_RECORDING_TIP}"))
    trend = feats.energy_trend_db
    if trend is not None and round(trend) > limits["rising_loudness_db"]:  # as printed: "5 dB louder" is not past 5
        found.append(Problem("rising_loudness", "loudness trend", trend, limits["rising_loudness_db"],
                             f"you got {trend:.0f} dB louder from start to end"))
    return found
