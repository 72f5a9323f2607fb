"""A trainee's usual voice: the baseline every tone judgement is relative to.

API::

    b = baseline_from_clips([clip1, clip2])        # readings of passages.BASELINE_PASSAGE
    save_baseline(b, path); b = load_baseline(path)  # small JSON file
    path, row = save_calibration(b, name, store_save)  # NAME.json, then the store's row: whole or not at all
    b = resolve_baseline("anna")                    # a .json path, or a name: the store's, else baselines/anna.json
    DEFAULT_BASELINE, population_baseline(features) # when there is no personal baseline

Without a personal baseline the population profile nearest the reply's pitch
(lower or higher voice) is used and the tone judgement says it is less certain.
This module holds the population profiles; the value is ``baseline_profile``, the
readings ``baseline_readings``, the files ``baseline_files`` and the lookup by name
``baseline_lookup`` (their names used elsewhere are importable from here too).
"""

from __future__ import annotations

import json
from pathlib import Path

from callsim.baseline_files import (baseline_from_dict, baselines_dir, load_baseline, named_baseline_path,
                                    save_baseline, save_calibration)
from callsim.baseline_lookup import resolve_baseline
from callsim.baseline_profile import MEASURES, Baseline, st_to_hz
from callsim.baseline_readings import (MAX_READINGS, MIC_HEARD_NOTHING, STEADY_SPEECH, baseline_from_clips,
                                       baseline_from_features, calibration, reading_features, reading_path,
                                       reading_problem, readings_text, usable_reading)

__all__ = ["Baseline", "DEFAULT_BASELINE", "LOWER_VOICE", "MAX_READINGS", "MEASURES", "MIC_HEARD_NOTHING",
           "STEADY_SPEECH", "baseline_from_clips", "baseline_from_dict", "baseline_from_features", "baselines_dir",
           "calibration", "load_baseline", "named_baseline_path", "population_baseline", "reading_features",
           "reading_path", "reading_problem", "readings_text", "resolve_baseline", "save_baseline", "save_calibration",
           "st_to_hz", "usable_reading"]

POPULATION_FILE = Path(__file__).with_name("tone_population.json")
SPLIT_ST = 9.0  # replies with a median pitch above this (~168 Hz) use the higher-voice profile


def _population() -> dict[str, Baseline]:
    """Population profiles (lower and higher voices), written by ``scripts/train_tone.py``."""
    if not POPULATION_FILE.exists():  # only while training the very first model
        return {k: Baseline(k, "population", st, 2.0, -38.0, 6.5, 4.6, -12.0, 22.0, -7.0)
                for k, st in (("lower", 3.6), ("higher", 13.5))}
    data = json.loads(POPULATION_FILE.read_text())
    return {k: Baseline(**{f: v for f, v in d.items() if f != "format"}) for k, d in data.items()}


_PROFILES = _population()
LOWER_VOICE, HIGHER_VOICE = _PROFILES["lower"], _PROFILES["higher"]
DEFAULT_BASELINE = LOWER_VOICE


def population_baseline(features=None) -> Baseline:
    """Population defaults, choosing the profile nearest the reply's pitch."""
    st = getattr(features, "pitch_median_st", None)
    return HIGHER_VOICE if st is not None and st > SPLIT_ST else LOWER_VOICE
