"""From frame measurements (and optional word timings) to one reply's ``Features``.

Speech frames are those within 30 dB of the reply's loud frames and clearly
above its noise floor; pauses are silent runs of at least 0.25 s between the
first and last speech frame. Pitch statistics use voiced speech frames only,
in semitones relative to 100 Hz.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from callsim.prosody_frames import HOP, SR, FrameTrack
from callsim.prosody_voicing import speech_mask, voiced_mask

STEP = HOP / SR  # seconds per frame
MIN_PAUSE = 0.25  # s of silence that counts as a pause
MIN_SPEECH = 0.3  # s of speech below which a reply counts as "no speech"
QUIET_DB = -48.0  # speech level (dBFS) below which the reply is "too quiet"
CLIPPED_SHARE = 0.001  # share of clipped samples that triggers the "clipping" check
CONTOUR_SPAN = 0.6  # s of the last phrase's voiced frames used for its final contour
CONTOUR_ST = 1.5  # semitones of change that make a contour falling or rising
SYLLABLES_PER_WORD = 1.4  # conversational English, for the pace estimate without words


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


def summarise(track: FrameTrack, *, duration: float, clipped: float, words=None) -> Features:
    """All reply-level features from the frame track."""
    speech = speech_mask(track.db)
    feats = Features(duration=duration, track=track, clipped_share=clipped)
    feats.speech_seconds = float(speech.sum() * STEP)
    _words(feats, words)
    feats.checks = _checks(feats, track, speech)
    if not feats.has_speech:
        return feats
    _energy(feats, track, speech)
    _pitch(feats, track, speech)
    _timing(feats, track, speech, words)
    _spectral(feats, track, speech)
    return feats


def _checks(feats: Features, track: FrameTrack, speech: np.ndarray) -> tuple[str, ...]:
    checks = []
    voiced = int(np.count_nonzero(voiced_mask(track, speech, periodic=False)))
    if feats.speech_seconds < MIN_SPEECH or voiced * STEP < 0.15:
        checks.append("no_speech")
    elif _level(track.db[speech]) < QUIET_DB:
        checks.append("too_quiet")
    if feats.clipped_share > CLIPPED_SHARE:
        checks.append("clipping")
    return tuple(checks)


def _level(db: np.ndarray) -> float:
    return float(10 * np.log10(np.mean(10 ** (db / 10)))) if len(db) else -100.0


def _energy(feats: Features, track: FrameTrack, speech: np.ndarray) -> None:
    db, t = track.db[speech], track.times[speech]
    feats.energy_db = _level(db)
    feats.energy_sd_db = float(np.std(db))
    slope = np.polyfit(t, db, 1)[0] if t[-1] > t[0] else 0.0
    feats.energy_trend_db = float(slope * (t[-1] - t[0]))


def _pitch(feats: Features, track: FrameTrack, speech: np.ndarray) -> None:
    feats.voiced_fraction = float(voiced_mask(track, speech, periodic=False).sum() / max(speech.sum(), 1))
    voiced = voiced_mask(track, speech)
    if voiced.sum() < 3:
        return
    st = 12 * np.log2(track.f0[voiced] / 100.0)
    feats.pitch_median_st = float(np.median(st))
    feats.pitch_median_hz = float(100.0 * 2 ** (feats.pitch_median_st / 12))
    feats.pitch_sd_st = float(np.std(st))
    feats.pitch_range_st = float(np.percentile(st, 90) - np.percentile(st, 10))
    feats.final_change_st, feats.final_contour = final_contour(track, speech)


def final_contour(track: FrameTrack, speech: np.ndarray) -> tuple[float | None, str | None]:
    """Fitted pitch change over the last phrase's final voiced stretch, and its label."""
    last_phrase = _runs(speech)[-1]
    idx = np.arange(*last_phrase)
    idx = idx[voiced_mask(track, speech)[idx]]
    idx = idx[idx * STEP >= (idx[-1] * STEP - CONTOUR_SPAN)] if len(idx) else idx
    if len(idx) < 5:
        return None, None
    st = 12 * np.log2(track.f0[idx] / 100.0)
    change = float(np.polyfit(idx * STEP, st, 1)[0] * (idx[-1] - idx[0]) * STEP)
    label = "falling" if change <= -CONTOUR_ST else "rising" if change >= CONTOUR_ST else "level"
    return change, label


def _runs(speech: np.ndarray) -> list[tuple[int, int]]:
    """Speech runs (start, stop) after bridging gaps shorter than MIN_PAUSE."""
    on = np.flatnonzero(speech)
    gaps = np.flatnonzero(np.diff(on) * STEP > MIN_PAUSE)
    starts = np.concatenate([[on[0]], on[gaps + 1]])
    stops = np.concatenate([on[gaps] + 1, [on[-1] + 1]])
    return list(zip(starts.tolist(), stops.tolist()))


def _timing(feats: Features, track: FrameTrack, speech: np.ndarray, words) -> None:
    runs = _runs(speech)
    pauses = [(b - a) * STEP for (_, a), (b, _) in zip(runs[:-1], runs[1:])]
    span = (runs[-1][1] - runs[0][0]) * STEP
    feats.pause_count, feats.longest_pause = len(pauses), max(pauses, default=0.0)
    feats.pause_share = float(sum(pauses) / span) if span else 0.0
    onset = runs[0][0] * STEP
    feats.latency = float(words[0].start) if words else onset
    peaks = syllable_peaks(track, speech)
    feats.syllable_rate = float(peaks / max(span - sum(pauses), STEP))
    if feats.wpm is None:
        feats.pace_wpm, feats.pace_source = round(feats.syllable_rate * 60 / SYLLABLES_PER_WORD, 3), "syllables"


def syllable_peaks(track: FrameTrack, speech: np.ndarray) -> int:
    """Syllable nuclei: energy peaks in voiced speech, at least 2 dB prominent and 105 ms apart."""
    from scipy.signal import find_peaks

    env = np.convolve(track.db, np.ones(3) / 3, mode="same")
    env = np.where(voiced_mask(track, speech, periodic=False), env, env.min() if len(env) else 0.0)
    peaks, _ = find_peaks(env, prominence=2.0, distance=7)
    return len(peaks)


def _words(feats: Features, words) -> None:
    if words is None:
        return
    feats.word_count = len(words)
    span = (words[-1].end - words[0].start) if words else 0.0
    if span >= 0.5:
        feats.wpm = feats.pace_wpm = round(len(words) * 60 / span, 3)  # as stored: every display rounds alike
        feats.pace_source = "words"


def _spectral(feats: Features, track: FrameTrack, speech: np.ndarray) -> None:
    voiced = voiced_mask(track, speech, periodic=False)
    if voiced.sum() >= 3:
        feats.alpha_ratio = float(np.median(track.alpha[voiced]))
        feats.hammarberg = float(np.median(track.hammarberg[voiced]))
        feats.spectral_tilt = float(np.median(track.tilt[voiced]))
        feats.voice = voice_quality(track, voiced, speech)


def voice_quality(track: FrameTrack, voiced: np.ndarray, speech: np.ndarray) -> dict[str, float]:
    """Voiced-frame medians (HNR, H1-H2, H2-H4, CPP, voicing probability, centroid, MFCC 1-8), MFCC2 spread
    and spectral flux (``mfcc_flux``: mean distance between the MFCC 1-8 of successive speech frames), plus
    ``formant_and_coupling``."""
    hnr = track.hnr[voiced]
    out = {"hnr_db": float(np.nanmedian(hnr)) if np.isfinite(hnr).any() else 0.0,
           "h1h2_db": float(np.nanmedian(track.h1h2[voiced])),
           "h2h4_db": float(np.nanmedian(track.h2h4[voiced])),
           "cpp_db": float(np.nanmedian(track.cpp[voiced])),
           "voicing_prob": float(np.median(track.prob[voiced])),
           "centroid_log2": float(np.log2(np.median(track.centroid[voiced]))),
           "mfcc2_sd": float(np.std(track.mfcc[speech, 1])),
           "mfcc_flux": spectral_flux(track.mfcc, speech)}
    mfcc = np.median(track.mfcc[voiced], axis=0)
    out |= {f"mfcc{i + 1}": float(v) for i, v in enumerate(mfcc)}
    return out | formant_and_coupling(track, voiced, voiced_mask(track, speech))


def formant_and_coupling(track: FrameTrack, voiced: np.ndarray, periodic: np.ndarray) -> dict[str, float]:
    """``f1_bw_log2``: mean log2 first-formant bandwidth (Hz) of the voiced frames; ``pitch_loudness_corr``:
    how closely pitch follows loudness over the periodic frames (in the acted data, strong sadness and fear
    get higher as they get quieter; anger does not). Each is left out when there are too few frames to measure it."""
    out = {}
    bw = track.f1_bw[voiced]
    bw = bw[np.isfinite(bw) & (bw > 0)]
    if len(bw) >= 3:
        out["f1_bw_log2"] = float(np.mean(np.log2(bw)))
    st, db = 12 * np.log2(track.f0[periodic] / 100.0), track.db[periodic]
    if len(st) >= 10 and np.std(st) > 0 and np.std(db) > 0:
        out["pitch_loudness_corr"] = float(np.corrcoef(db, st)[0, 1])
    return out


def spectral_flux(mfcc: np.ndarray, speech: np.ndarray) -> float:
    """Mean Euclidean MFCC change between successive speech frames (how fast the spectrum moves)."""
    pairs = speech[1:] & speech[:-1]
    if not pairs.any():
        return 0.0
    return float(np.mean(np.linalg.norm(np.diff(mfcc, axis=0)[pairs], axis=1)))
