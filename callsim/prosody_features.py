"""``Features``: the prosody of one reply, as ``prosody.extract`` measures it (see ``prosody_summary``)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from callsim.prosody_frames import FrameTrack


@dataclass
class Features:
    """Prosody of one reply. Times in s, pitch in Hz or semitones (st re 100 Hz), energy in dBFS."""

    duration: float = 0.0
    speech_seconds: float = 0.0
    voiced_fraction: float = 0.0  # voiced share of the speech frames
    pitch_median_hz: float | None = None
    pitch_median_st: float | None = None
    pitch_sd_st: float | None = None  # spread
    pitch_range_st: float | None = None  # p10-p90
    final_contour: str | None = None  # falling / level / rising (last phrase)
    final_change_st: float | None = None
    energy_db: float | None = None  # speech level
    energy_sd_db: float | None = None
    energy_trend_db: float | None = None  # fitted change from first to last speech frame
    pause_count: int = 0
    longest_pause: float = 0.0
    pause_share: float = 0.0  # share of the speaking span spent in pauses
    latency: float | None = None  # silence before the first word
    word_count: int | None = None
    wpm: float | None = None  # from word timings, when there are words
    syllable_rate: float | None = None  # energy peaks per second of speaking
    pace_wpm: float | None = None  # wpm, or the syllable-rate estimate
    pace_source: str | None = None  # "words" or "syllables"
    alpha_ratio: float | None = None  # dB, 1-5 kHz against 50 Hz-1 kHz
    hammarberg: float | None = None  # dB, peak 0-2 kHz against peak 2-5 kHz
    spectral_tilt: float | None = None  # dB per kHz, 50 Hz-5 kHz
    clipped_share: float = 0.0
    voice: dict = field(default_factory=dict)  # voice quality: hnr_db, centroid_log2, mfcc1..8 (voiced medians), mfcc_flux
    checks: tuple[str, ...] = ()  # "no_speech", "too_quiet", "clipping"
    track: FrameTrack | None = field(default=None, repr=False, compare=False)

    @property
    def has_speech(self) -> bool:
        """False when the reply held no usable speech."""
        return "no_speech" not in self.checks

    def to_dict(self) -> dict:
        """JSON-ready numbers (the frame track is left out)."""
        data = {f: getattr(self, f) for f in self.__dataclass_fields__ if f != "track"}
        data |= {"checks": list(self.checks), "voice": {k: round(v, 3) for k, v in self.voice.items()}}
        return {k: (round(v, 3) if isinstance(v, float) else v) for k, v in data.items()}

    @classmethod
    def from_dict(cls, data: dict) -> "Features":
        """Inverse of :meth:`to_dict` (without the frame track)."""
        names = set(cls.__dataclass_fields__) - {"track"}
        values = {k: v for k, v in data.items() if k in names}
        return cls(**values | {"checks": tuple(values.get("checks", ()))})

    def profile(self) -> dict[str, float]:
        """The absolute statistics the tone model compares with a baseline (empty without speech)."""
        if not self.has_speech or self.pitch_median_st is None:
            return {}
        core = {"pitch_st": self.pitch_median_st, "spread_st": self.pitch_sd_st, "range_st": self.pitch_range_st,
                "loudness_db": self.energy_db, "loudness_sd_db": self.energy_sd_db,
                "rate_log2": float(np.log2(self.syllable_rate + 0.1)), "voiced_fraction": self.voiced_fraction,
                "alpha_db": self.alpha_ratio, "hammarberg_db": self.hammarberg, "tilt_db_khz": self.spectral_tilt}
        return {k: float(v) for k, v in (core | self.voice).items() if v is not None and np.isfinite(v)}
