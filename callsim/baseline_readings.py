"""From calibration readings to a ``Baseline``: which readings count, and the medians across them."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from callsim.baseline_files import baselines_dir
from callsim.baseline_profile import MEASURES, NUMBERS, Baseline
from callsim.errors import CallsimError

#: Speech (seconds, over all readings) below which a calibration is refused: a word or a cough is no baseline
#: (one short sentence, about 2 s, still counts; below ``STEADY_SPEECH`` the calibration says it is shaky).
MIN_CALIBRATION_SPEECH = 1.5
STEADY_SPEECH = 10.0


#: A microphone reading in which the end-of-reply detector never heard speech (app and ``callsim calibrate --mic``).
MIC_HEARD_NOTHING = "no speech heard from the microphone (muted, or its input level far too low?)"

MAX_READINGS = 5  # ``callsim calibrate --mic --readings N`` takes at most this many


def usable_reading(features) -> bool:
    """True when a reading's ``Features`` hold speech with a pitch, so it counts towards a baseline."""
    return features.has_speech and features.pitch_median_st is not None


def reading_problem(features) -> str:
    """Why one calibration reading cannot count ("" when it can): no speech, too quiet or clipped.

    A too-quiet reading would make every later reply sound loud; a clipped one measures the distortion."""
    if not usable_reading(features):
        return "no speech heard (silent or too short)"
    if "too_quiet" in features.checks:
        return (f"too quiet (speech at {features.energy_db:.0f} dBFS): raise the microphone's input level and "
                "read again")
    if "clipping" in features.checks:
        return (f"it clips ({features.clipped_share:.1%} of the samples at full scale): turn the microphone's input "
                "level down and read again")
    return ""


def calibration(feats: list, *, name: str) -> Baseline:
    """The baseline a calibration saves from its readings' ``Features``: readings with a ``reading_problem`` are
    left out; CallsimError naming the problem when none is left or they hold too little speech in all."""
    problems = [reading_problem(f) for f in feats]
    usable = [f for f, problem in zip(feats, problems) if not problem]
    if not usable:
        raise CallsimError("; ".join(p for p in problems if p) or "no readings")
    speech = sum(f.speech_seconds for f in usable)
    if speech < MIN_CALIBRATION_SPEECH:
        raise CallsimError(f"only {speech:.1f} s of speech: read the whole passage (about 20 s)")
    return baseline_from_features(usable, name=name)


def baseline_from_features(feats: list, *, name: str = "baseline") -> Baseline:
    """Combine the ``Features`` of neutral readings (medians across readings; readings without speech left out)."""
    usable = [f for f in feats if usable_reading(f)]
    if not usable:
        raise CallsimError("no usable speech in the baseline recordings (silent or too short)")
    values = {k: _median([getattr(f, k) for f in usable]) for k in NUMBERS}
    wpm = _median([f.wpm for f in usable]) if any(f.wpm for f in usable) else None
    seconds = float(sum(f.speech_seconds for f in usable))
    profiles = [f.profile() for f in usable]
    keys = sorted(set().union(*profiles))  # a measure one reading could not take still comes from the others
    profile = {k: _median([p.get(k) for p in profiles]) for k in keys}
    return Baseline(name, "personal", **values, wpm=wpm, clips=len(usable), speech_seconds=seconds, profile=profile,
                    measures=MEASURES)


def baseline_from_clips(clips: list, *, words: list | None = None, name: str = "baseline") -> Baseline:
    """Measure neutral readings (``Clip`` list, optional word lists) into a ``Baseline``."""
    return baseline_from_features(reading_features(clips, words=words), name=name)


def reading_features(clips: list, *, words: list | None = None) -> list:
    """The ``Features`` of each reading (``words``: one word list per clip, or None for no transcripts)."""
    from callsim import prosody

    words = words or [None] * len(clips)
    return [prosody.extract(c, words=w) for c, w in zip(clips, words)]


def _median(values) -> float:
    values = [v for v in values if v is not None]
    return float(np.median(values)) if values else float("nan")


def readings_text(n: int) -> str:
    """'1 reading', '3 readings'."""
    return "1 reading" if n == 1 else f"{n} readings"


def reading_path(name: str, n: int = 1) -> Path:
    """Where ``callsim calibrate --mic`` keeps the ``n``-th reading it recorded for ``name``."""
    return baselines_dir() / (f"{name}-reading.wav" if n == 1 else f"{name}-reading-{n}.wav")
