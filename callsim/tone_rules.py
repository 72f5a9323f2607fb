"""The readable part of the tone judgement: bands from ``tone_bands.toml``, problems, reasons.

Each ``Reason`` names a feature, the measured value, the trainee's usual value,
the band the target wants and one plain-language tip (worded in ``tone_tips``). The
problems named whatever the target (monotone, rushed, ...) are in ``tone_problems``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from callsim.prosody_summary import SYLLABLES_PER_WORD
from callsim.tone_problems import QUIET_RECORDING_TIP, judged_pace, monotone_floor
from callsim.tone_tips import DIGITS, problem_tips, reason_step, step, tip

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
    hint: bool = False  # the tone class was a low-confidence guess: shown as a hint, never as a miss

    def to_dict(self) -> dict:
        """JSON-ready form; the value is kept at the precision its evidence prints and it is judged at
        (``DIGITS``), so a report that shows the stored value never reads 1.9 where the evidence said 1.8."""
        data = asdict(self) | {"band": list(self.band) if self.band is not None else None}
        data = {k: (round(v, 2) if isinstance(v, float) else v) for k, v in data.items()}
        if isinstance(self.value, float) and self.feature in DIGITS:
            data["value"] = round(self.value, DIGITS[self.feature]) + 0.0  # + 0.0: -0.0 prints as 0.0
        return data


def reasons(feats, base, target: str, band: dict, perceived: str | None, *, certainty: str = "sure",
            limits: dict | None = None, short: bool = True) -> list[Reason]:
    """Evidence for a verdict against ``target``: the tone class, then pitch, loudness, pace, variation.

    ``certainty`` is ``sure``, ``hint`` (a guess, shown as such) or ``unclear`` (too little to tell);
    ``limits`` are the problem limits, which keep the pace band from contradicting "rushed"/"too slow";
    ``short``: the reply held little speech (``tone.little_speech``), so an unclear tone asks for more of it.
    """
    out = [_tone_reason(target, band, perceived, certainty, short=short)]
    out += [r for r in (_pitch(feats, base, band), _loudness(feats, base, band, limits or {}),
                        _pace(feats, base, band, limits or {}), _spread(feats, base, band, limits or {}))
            if r is not None]
    return out


def _tone_reason(target: str, band: dict, perceived: str | None, certainty: str, *, short: bool = True) -> Reason:
    """The tone class line; ``short``: the reply held little speech, so an unclear tone asks for more of it."""
    ok = perceived == target
    near = perceived in band.get("near", [])
    tip = "keep this tone" if ok else f"aim for a {target} delivery"
    wanted = [target, *band.get("near", [])]
    if perceived is None:
        return Reason("tone", None, None, wanted, "", False, "nothing came across (no speech heard)", tip)
    if certainty == "unclear":
        more = f"speak a full sentence or two in a {target} way" if short else f"aim for a clearly {target} delivery"
        return Reason("tone", perceived, None, wanted, "", False, "too little to tell how it came across", more,
                      hint=True)
    if certainty == "hint":
        return Reason("tone", perceived, None, wanted, "", ok, f"it may have come across as {perceived} (a hint)",
                      tip, hint=True)
    return Reason("tone", perceived, None, wanted, "", ok, f"it came across as {perceived}" +
                  (" (close: it partly fits)" if near and not ok else ""), tip)


#: Semitones from the usual pitch that read as "about an octave down". Few speakers drop a whole octave on purpose:
#: a creaky (vocal-fry) voice or a tracker that locked onto every second pulse reads this low too, so the evidence says so.
OCTAVE_DOWN = (-13.5, -10.5)


def _pitch(feats, base, band: dict) -> Reason | None:
    if feats.pitch_median_st is None or not base.is_personal:  # voices differ too much for a population centre
        return None
    rel = feats.pitch_median_st - base.pitch_median_st
    lo, hi = band["pitch_rel_st"]
    where = ("at your usual" if f"{abs(rel):.1f}" == "0.0" else
             f"{abs(rel):.1f} semitones {'above' if rel >= 0 else 'below'} your usual")
    evidence = f"your pitch sat {where} ({feats.pitch_median_hz:.0f} Hz vs {base.pitch_median_hz:.0f} Hz)"
    if OCTAVE_DOWN[0] <= rel <= OCTAVE_DOWN[1]:
        evidence += "; a creaky voice can also read about an octave down"
    return Reason("pitch", rel, base.pitch_median_st, (lo, hi), "st vs usual", _within("pitch", rel, (lo, hi)),
                  evidence, tip("pitch", rel, (lo, hi)))


def _loudness(feats, base, band: dict, limits: dict | None = None) -> Reason | None:
    if feats.energy_db is None or not base.is_personal:  # levels differ by microphone: needs a baseline
        return None
    rel = feats.energy_db - base.energy_db
    lo, hi = band["loudness_rel_db"]
    lo = max(lo, (limits or {}).get("quiet_rel_db", lo))  # never "keep this volume" next to "too quiet"
    evidence = ("you were as loud as usual" if f"{abs(rel):.0f}" == "0" else
                f"you were {abs(rel):.0f} dB {'louder' if rel >= 0 else 'quieter'} than usual")
    ok = _within("loudness", rel, (lo, hi))
    advice = tip("loudness", rel, (lo, hi))
    if ok and "too_quiet" in getattr(feats, "checks", ()):  # as loud as usual, yet the recording is too quiet: never just "keep"
        advice = f"{advice}, but {QUIET_RECORDING_TIP}"
    return Reason("loudness", rel, base.energy_db, (lo, hi), "dB vs usual", ok, evidence, advice)


def _pace(feats, base, band: dict, limits: dict) -> Reason | None:
    if (pace := judged_pace(feats, limits)) is None:  # no words, or too little speech for a rate
        return None
    usual = usual_pace(feats, base)
    personal = base.is_personal and usual is not None
    (lo, hi), goal = _pace_band(band, usual if personal else None, limits)
    how = "" if feats.pace_source == "words" else "about "
    evidence = f"you spoke at {how}{pace:.0f} wpm" + (f" (usually {usual:.0f})" if personal else "")
    # judged as printed (``step`` rounds like the band check and the rushed / too slow problems)
    return Reason("pace", pace, usual, (lo, hi), "wpm", _within("pace", pace, (lo, hi)), evidence,
                  tip("pace", pace, (lo, hi), goal=goal))


def usual_pace(feats, base) -> float | None:
    """The usual pace measured the way the reply's was: counted words against the baseline's words a minute, the
    syllable estimate against the baseline's syllable rate (the estimate reads far slower than counted words: a
    neutral reading counted at 214 wpm is estimated at about 140). A personal baseline without words (calibrated
    with --no-transcribe, or no words recognised) has no usual pace for a reply counted in words: None."""
    if feats.pace_source == "words" and base.wpm:
        return base.wpm
    if feats.pace_source == "words" and base.is_personal:
        return None
    return base.syllable_rate * 60 / SYLLABLES_PER_WORD


def _pace_band(band: dict, usual: float | None, limits: dict) -> tuple[tuple[float, float], int]:
    """The wanted pace in wpm and the tip's goal: relative to the usual pace when it is known.

    A usual pace beyond the "rushed" or "too slow" limits is first brought inside them, and the band
    never reaches past them, so the pace line and the named problems never disagree.
    """
    slow, rushed = limits.get("slow_wpm", 0), limits.get("rushed_wpm", 10_000)
    if not (usual and "pace_rel" in band):
        return tuple(band["pace_wpm"]), band["pace_goal_wpm"]
    anchor = min(max(usual, slow), rushed)
    lo, hi = (max(round(band["pace_rel"][0] * anchor), slow), min(round(band["pace_rel"][1] * anchor), rushed))
    return (lo, hi), min(max(round(band.get("pace_goal_rel", 1.0) * anchor), lo), hi)


def _spread(feats, base, band: dict, limits: dict) -> Reason | None:
    if feats.pitch_sd_st is None:
        return None
    sd, (lo, hi) = feats.pitch_sd_st, band["spread_st"]
    lo = max(lo, monotone_floor(base, limits)) if limits else lo  # never "fine" next to "monotone"
    usual = f"; usually {base.pitch_sd_st:.1f}" if base.is_personal else ""
    evidence = f"your pitch varied by {sd:.1f} semitones (SD{usual})"
    return Reason("pitch variation", sd, base.pitch_sd_st, (lo, hi), "st SD",
                  _within("pitch variation", sd, (lo, hi)), evidence, tip("pitch variation", sd, (lo, hi)))


def _within(feature: str, value: float, band) -> bool:
    """In the band as shown: the value is judged at the precision the evidence prints it with (``DIGITS``)."""
    return step(feature, value, band) == 0


#: The mark each ``reason_status`` is shown with, in the app and the reports alike.
STATUS_MARKS = {"ok": "✓", "miss": "✗", "near": "~", "hint": "?"}


def reason_status(reason: dict) -> str:
    """``ok``, ``miss``, ``near`` (a tone that partly fits) or ``hint`` (a guess, never a miss), from ``to_dict()``."""
    if reason.get("hint"):
        return "hint"
    if reason.get("ok"):
        return "ok"
    band = reason.get("band") or []
    return "near" if reason.get("feature") == "tone" and reason.get("value") in band[1:] else "miss"


def verdict(reasons_: list[Reason], *, perceived: str | None, target: str, band: dict, certainty: str) -> str:
    """``suits`` / ``partly`` / ``does not suit`` from the tone class and the bands.

    A hint can cost the tone at most one step; an unclear tone costs nothing (only the bands count).
    """
    if perceived is None:
        return "does not suit"
    level = 0 if perceived == target else 1 if perceived in band.get("near", []) else 2
    level = {"hint": min(level, 1), "unclear": 0}.get(certainty, level)
    misses = sum(1 for r in reasons_[1:] if not r.ok)
    if level == 0 and misses == 0:
        return "suits"
    if level == 2 or misses >= 3 or level + misses >= 3:
        return "does not suit"
    return "partly"


def summary(reasons_: list[Reason], purpose: str, problems_=()) -> str:
    """One sentence: the two things furthest off and what to do, e.g. 'your pitch sat 9.1 semitones above your usual
    ... - for an apology, bring your pitch down a lot ... and ...' (``purpose``: what the tone is for, "for an
    apology"); a wrong tone class counts as clearly off (``tone_tips.CLASS_STEP``). With every band line fine, a
    named delivery problem (``tone_problems``: rising loudness, a very quiet recording) is said with its tip instead
    of "keep it up"."""
    off = [r for r in reasons_ if not r.ok and not r.hint]  # a guess is not something that was "off"
    if not off and problems_:
        texts = [p.text for p in problems_]
        tips = [t for t in problem_tips(problems_, reasons_) if not any(t in text for text in texts)]
        return (f"{reasons_[0].evidence} and every measure sat in its band \u2014 right {purpose}, but "
                f"{' and '.join(texts)}" + (f": {' and '.join(tips)}" if tips else ""))
    if not off:
        return f"{reasons_[0].evidence} and every measure sat in its band \u2014 right {purpose}; keep it up"
    off.sort(key=lambda r: -reason_step(r))  # the furthest off first, as the turn's tips (``verdict._tips``)
    evidence = " and ".join(r.evidence for r in off[:2])
    tips = " and ".join(r.tip for r in off[:2])
    return f"{evidence} \u2014 {purpose}, {tips}"
