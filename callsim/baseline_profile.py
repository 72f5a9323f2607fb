"""The ``Baseline`` value: the medians of a trainee's neutral readings, and the measures it holds."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

FORMAT = 1
#: The set of voice measures a new calibration's profile holds: 2 since the formant-bandwidth and pitch-loudness
#: cues (2026-11-24). A profile saved with an older set (the field is absent: 1) lacks them.
MEASURES = 2
NUMBERS = ("pitch_median_st", "pitch_sd_st", "energy_db", "energy_sd_db", "syllable_rate",
           "alpha_ratio", "hammarberg", "spectral_tilt")


def st_to_hz(st: float) -> float:
    """Hz of a pitch on callsim's scale (semitones above 100 Hz)."""
    return 100.0 * 2 ** (st / 12)


@dataclass(frozen=True)
class Baseline:
    """Medians of a trainee's neutral readings (same units as ``prosody.Features``)."""

    name: str
    source: str  # "personal" or "population"
    pitch_median_st: float
    pitch_sd_st: float
    energy_db: float
    energy_sd_db: float
    syllable_rate: float
    alpha_ratio: float
    hammarberg: float
    spectral_tilt: float
    wpm: float | None = None  # from word timings, when the readings were transcribed
    clips: int = 0
    speech_seconds: float = 0.0
    profile: dict = field(default_factory=dict)  # Features.profile() medians, what the tone model compares
    measures: int = 1  # which set of measures the profile was made with (MEASURES for a new calibration)

    @property
    def is_personal(self) -> bool:
        """True for a trainee's own calibration, False for population defaults."""
        return self.source == "personal"

    @property
    def pitch_median_hz(self) -> float:
        """The pitch centre in Hz."""
        return st_to_hz(self.pitch_median_st)

    def to_dict(self) -> dict:
        """JSON-ready form (with a format number)."""
        data = {k: (round(v, 3) if isinstance(v, float) else v) for k, v in asdict(self).items()}
        data["profile"] = {k: round(v, 4) for k, v in self.profile.items()}
        return {"format": FORMAT} | data
