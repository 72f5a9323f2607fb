"""The bands a baseline's numbers must lie in: a hand-edited file, a damaged store row or an edited export with a
pitch of 1e308 semitones or a negative spread is refused in one line, never met later as a traceback or a
"usually -5.0" beside a reply.

The bands are generous (a real calibration lies well inside every one): they stop what no voice can give, not
unusual voices.

API::

    bounds_problem(data)   # "pitch_median_st 1e+308 not within -24 to 48 (semitones above 100 Hz)", or ""
"""

from __future__ import annotations

import math

#: The top-level numbers every baseline holds (``baseline_profile.NUMBERS``): (lowest, highest, unit).
NUMBER_BANDS = {
    "pitch_median_st": (-24.0, 48.0, "semitones above 100 Hz: 25 Hz to 1600 Hz"),
    "pitch_sd_st": (0.0, 48.0, "semitones"),
    "energy_db": (-120.0, 0.0, "dBFS"),
    "energy_sd_db": (0.0, 120.0, "dB"),
    "syllable_rate": (0.0, 30.0, "syllables a second"),
    "alpha_ratio": (-100.0, 100.0, "dB"),
    "hammarberg": (-200.0, 200.0, "dB"),  # 0-2 kHz over 2-5 kHz: 70-90 dB for audio recorded at 4-5 kHz
    "spectral_tilt": (-100.0, 100.0, "dB per kHz"),
}
#: Numbers a baseline may leave out (``wpm`` may also be null: readings that were not transcribed).
OPTIONAL_BANDS = {
    "wpm": (1.0, 1000.0, "words a minute"),
    "clips": (0, 10000, "readings"),
    "speech_seconds": (0.0, 100000.0, "seconds"),
    "measures": (1, 1000, ""),
}
#: Which optional numbers are counts (a whole number, not 2.5).
WHOLE = ("clips", "measures")
#: The measures of a profile (``prosody_features.Features.profile``, ``prosody_voice.voice_quality``) callsim
#: knows; other keys need only be finite numbers (a newer callsim may add measures).
PROFILE_BANDS = {
    "pitch_st": (-24.0, 48.0, "semitones above 100 Hz"),
    "spread_st": (0.0, 48.0, "semitones"),
    "range_st": (0.0, 96.0, "semitones"),
    "loudness_db": (-120.0, 0.0, "dBFS"),
    "loudness_sd_db": (0.0, 120.0, "dB"),
    "rate_log2": (-4.0, 6.0, "log2 of syllables a second"),
    "voiced_fraction": (0.0, 1.0, "a share"),
    "voicing_prob": (0.0, 1.0, "a probability"),
    "pitch_loudness_corr": (-1.0, 1.0, "a correlation"),
    "centroid_log2": (0.0, 16.0, "log2 Hz"),
    "f1_bw_log2": (-40.0, 24.0, "log2 Hz"),
    "mfcc2_sd": (0.0, 1000.0, ""),
    "mfcc_flux": (0.0, 1000.0, ""),
    **{k: (-100.0, 100.0, "dB") for k in ("alpha_db", "hnr_db", "h1h2_db", "h2h4_db", "cpp_db")},
    "hammarberg_db": (-200.0, 200.0, "dB"),
    "tilt_db_khz": (-100.0, 100.0, "dB per kHz"),
    **{f"mfcc{n}": (-1000.0, 1000.0, "") for n in range(1, 9)},
}


def bounds_problem(data: dict) -> str:
    """Why a baseline's numbers (the ``NUMBERS`` already known to be finite) cannot be a voice's, or "" when they can:
    each top-level number in its band, the optional ones absent or in theirs, and ``profile`` absent or an object of
    finite numbers, the known ones in their bands."""
    for key, band in NUMBER_BANDS.items():
        if problem := _band_problem(key, data[key], band):
            return problem
    for key, band in OPTIONAL_BANDS.items():
        value = data.get(key)
        if value is None and (key == "wpm" or key not in data):
            continue
        if not is_number(value) or (key in WHOLE and not isinstance(value, int)):
            return f"{key} not a {'whole' if key in WHOLE else 'finite'} number"
        if problem := _band_problem(key, value, band):
            return problem
    return _profile_problem(data.get("profile", {}))


def _profile_problem(profile) -> str:
    """Why ``profile`` is not a baseline's profile (an object of finite numbers, known measures in their bands)."""
    if not isinstance(profile, dict):
        return "profile not a JSON object"
    for key, value in profile.items():
        if not is_number(value):
            return f"profile.{key} not a finite number"
        if key in PROFILE_BANDS and (problem := _band_problem(f"profile.{key}", value, PROFILE_BANDS[key])):
            return problem
    return ""


def _band_problem(key: str, value: float, band: tuple) -> str:
    """"KEY VALUE not within LOW to HIGH (UNIT)" when ``value`` is outside ``band``, else ""."""
    low, high, unit = band
    if low <= value <= high:
        return ""
    return f"{key} {_shown(value)} not within {low:g} to {high:g}" + (f" ({unit})" if unit else "")


def _shown(value: float) -> str:
    """A number as a message shows it: short (a 400-digit whole number is too big for ``:g``)."""
    text = str(value) if isinstance(value, int) else f"{value:g}"
    return text if len(text) <= 20 else f"a {len(text.lstrip('-'))}-digit number"


def is_number(value) -> bool:
    """A finite JSON number (not true/false, not NaN or infinity, which Python's json reads without a word; a
    whole number of any size, which ``math.isfinite`` cannot take)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return isinstance(value, int) or math.isfinite(value)
