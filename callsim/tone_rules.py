"""The readable part of the tone judgement: bands from ``tone_bands.toml``, problems, reasons.

Each ``Reason`` names a feature, the measured value, the trainee's usual value,
the band the target wants and one plain-language tip. ``Problem``s are named
whatever the target (monotone, rushed, too slow, too quiet, rising loudness).
"""

from __future__ import annotations

import functools
from dataclasses import asdict, dataclass
from pathlib import Path

from callsim.prosody_summary import SYLLABLES_PER_WORD

BANDS_FILE = Path(__file__).with_name("tone_bands.toml")


@dataclass(frozen=True)
class Reason:
    """One piece of evidence: ``feature`` measured at ``value`` (usual: ``baseline``) against ``band``."""

    feature: str
    value: float | str | None
    baseline: float | None
    band: tuple | list | None
    unit: str
    ok: bool
    evidence: str  # what was measured, in words
    tip: str  # one plain-language suggestion

    def to_dict(self) -> dict:
        """JSON-ready form."""
        data = asdict(self) | {"band": list(self.band) if self.band is not None else None}
        return {k: (round(v, 2) if isinstance(v, float) else v) for k, v in data.items()}


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


@functools.lru_cache(maxsize=8)
def load_bands(path: str | Path | None = None) -> dict:
    """The parsed bands file (``tone_bands.toml`` beside this module by default), read once."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    with open(path or BANDS_FILE, "rb") as fh:
        return tomllib.load(fh)


def problems(feats, base, limits: dict) -> list[Problem]:
    """Every delivery problem the reply shows, whatever the target."""
    found = _monotone(feats, base, limits)
    pace = feats.pace_wpm
    if pace and pace > limits["rushed_wpm"]:
        found.append(Problem("rushed", "pace", pace, limits["rushed_wpm"],
                             f"you spoke at about {pace:.0f} wpm; over {limits['rushed_wpm']} sounds hurried on the phone"))
    if pace and pace < limits["slow_wpm"]:
        found.append(Problem("too_slow", "pace", pace, limits["slow_wpm"],
                             f"you spoke at about {pace:.0f} wpm; under {limits['slow_wpm']} drags"))
    return found + _loudness_problems(feats, base, limits)


def _monotone(feats, base, limits: dict) -> list[Problem]:
    sd = feats.pitch_sd_st
    if sd is None:
        return []
    narrow = sd < limits["monotone_rel_max_st"] and sd - base.pitch_sd_st < limits["monotone_rel_st"]
    if not (sd < limits["monotone_sd_st"] or (base.is_personal and narrow)):
        return []
    usual = f", usually {base.pitch_sd_st:.1f}" if base.is_personal else ""
    return [Problem("monotone", "pitch variation", sd, limits["monotone_sd_st"],
                    f"your pitch barely moved (spread {sd:.1f} st{usual})")]


def _loudness_problems(feats, base, limits: dict) -> list[Problem]:
    found = []
    rel = feats.energy_db - base.energy_db if feats.energy_db is not None else None
    if "too_quiet" in feats.checks or (rel is not None and base.is_personal and rel < limits["quiet_rel_db"]):
        value = rel if rel is not None else 0.0
        found.append(Problem("too_quiet", "loudness", value, limits["quiet_rel_db"],
                             f"your voice was {-value:.0f} dB quieter than usual" if rel and rel < 0
                             else "the recording is very quiet"))
    trend = feats.energy_trend_db
    if trend is not None and trend > limits["rising_loudness_db"]:
        found.append(Problem("rising_loudness", "loudness trend", trend, limits["rising_loudness_db"],
                             f"you got {trend:.0f} dB louder from start to end"))
    return found


def reasons(feats, base, target: str, band: dict, perceived: str | None) -> list[Reason]:
    """Evidence for a verdict against ``target``: the tone class, then pitch, loudness, pace, variation."""
    out = [_tone_reason(target, band, perceived)]
    out += [r for r in (_pitch(feats, base, band), _loudness(feats, base, band), _pace(feats, base, band),
                        _spread(feats, base, band)) if r is not None]
    return out


def _tone_reason(target: str, band: dict, perceived: str | None) -> Reason:
    ok = perceived == target
    near = perceived in band.get("near", [])
    tip = "keep this tone" if ok else f"aim for a {target} delivery"
    evidence = f"it came across as {perceived or 'nothing (no speech heard)'}" + (" (close)" if near else "")
    return Reason("tone", perceived, None, [target, *band.get("near", [])], "", ok, evidence, tip)


def _pitch(feats, base, band: dict) -> Reason | None:
    if feats.pitch_median_st is None or not base.is_personal:  # voices differ too much for a population centre
        return None
    rel = feats.pitch_median_st - base.pitch_median_st
    lo, hi = band["pitch_rel_st"]
    where = f"{abs(rel):.1f} semitones {'above' if rel >= 0 else 'below'} your usual"
    evidence = f"your pitch sat {where} ({feats.pitch_median_hz:.0f} Hz vs {base.pitch_median_hz:.0f} Hz)"
    tip = "bring your pitch down" if rel > hi else "lift your pitch a little" if rel < lo else "keep your pitch here"
    return Reason("pitch", rel, base.pitch_median_st, (lo, hi), "st vs usual", lo <= rel <= hi, evidence, tip)


def _loudness(feats, base, band: dict) -> Reason | None:
    if feats.energy_db is None or not base.is_personal:  # levels differ by microphone: needs a baseline
        return None
    rel = feats.energy_db - base.energy_db
    lo, hi = band["loudness_rel_db"]
    evidence = f"you were {abs(rel):.0f} dB {'louder' if rel >= 0 else 'quieter'} than usual"
    tip = "soften your voice" if rel > hi else "speak up a little" if rel < lo else "keep this volume"
    return Reason("loudness", rel, base.energy_db, (lo, hi), "dB vs usual", lo <= rel <= hi, evidence, tip)


def _pace(feats, base, band: dict) -> Reason | None:
    if not feats.pace_wpm:
        return None
    pace, usual = feats.pace_wpm, base.wpm or base.syllable_rate * 60 / SYLLABLES_PER_WORD
    (lo, hi), goal = _pace_band(band, usual if base.is_personal else None)
    how = "" if feats.pace_source == "words" else "about "
    evidence = f"you spoke at {how}{pace:.0f} wpm" + (f" (usually {usual:.0f})" if base.is_personal else "")
    tip = f"slow to about {goal} wpm" if pace > hi else f"speed up to about {goal} wpm" if pace < lo else "keep this pace"
    return Reason("pace", pace, usual, (lo, hi), "wpm", lo <= pace <= hi, evidence, tip)


def _pace_band(band: dict, usual: float | None) -> tuple[tuple[float, float], int]:
    """The wanted pace in wpm and the tip's goal: relative to the usual pace when it is known."""
    if usual and "pace_rel" in band:
        lo, hi = band["pace_rel"]
        return (round(lo * usual), round(hi * usual)), round(band.get("pace_goal_rel", 1.0) * usual)
    return tuple(band["pace_wpm"]), band["pace_goal_wpm"]


def _spread(feats, base, band: dict) -> Reason | None:
    if feats.pitch_sd_st is None:
        return None
    sd, (lo, hi) = feats.pitch_sd_st, band["spread_st"]
    usual = f"; usually {base.pitch_sd_st:.1f}" if base.is_personal else ""
    evidence = f"your pitch varied by {sd:.1f} semitones (SD{usual})"
    tip = "smooth out the big pitch swings" if sd > hi else "let your voice move a little more" if sd < lo \
        else "keep this melody"
    return Reason("pitch variation", sd, base.pitch_sd_st, (lo, hi), "st SD", lo <= sd <= hi, evidence, tip)


def verdict(reasons_: list[Reason], *, perceived: str | None, target: str, band: dict, is_hint: bool) -> str:
    """``suits`` / ``partly`` / ``does not suit`` from the tone class and the bands."""
    if perceived is None:
        return "does not suit"
    level = 0 if perceived == target else 1 if perceived in band.get("near", []) else 2
    level = min(level, 1) if is_hint else level
    misses = sum(1 for r in reasons_[1:] if not r.ok)
    if level == 0 and misses == 0:
        return "suits"
    if level == 2 or misses >= 3 or level + misses >= 3:
        return "does not suit"
    return "partly"


def summary(reasons_: list[Reason], band: dict) -> str:
    """One sentence: what was off and what to do, e.g. '... - for an apology, bring your pitch down and ...'."""
    off = [r for r in reasons_ if not r.ok]
    if not off:
        return f"{reasons_[0].evidence} and every measure sat in its band \u2014 right {band['purpose']}; keep it up"
    evidence = " and ".join(r.evidence for r in off[:2])
    tips = " and ".join(r.tip for r in off[:2])
    return f"{evidence} \u2014 {band['purpose']}, {tips}"
