"""From frame measurements (and optional word timings) to one reply's ``Features``.

Speech frames are those within 30 dB of the reply's loud frames and clearly
above its noise floor; pauses are silent runs of at least 0.25 s between the
first and last speech frame. Pitch statistics use voiced speech frames only,
in semitones relative to 100 Hz. ``Features`` is in ``prosody_features``, the
spectral balance and voice quality are measured by ``prosody_voice``.
"""

from __future__ import annotations

import numpy as np

from callsim.prosody_features import Features
from callsim.prosody_frames import HOP, SR, FrameTrack
from callsim.prosody_voice import spectral, spectral_flux
from callsim.prosody_voicing import speech_mask, voiced_mask

__all__ = ["CLIPPED_SHARE", "Features", "QUIET_DB", "SYLLABLES_PER_WORD", "spectral_flux", "summarise"]

STEP = HOP / SR  # seconds per frame
MIN_PAUSE = 0.25  # s of silence that counts as a pause
LONG_GAP = 2.0  # s: a silence between words counts at most this long in the words-per-minute pace
MIN_SPEECH = 0.3  # s of speech below which a reply counts as "no speech"
QUIET_DB = -48.0  # speech level (dBFS) below which the reply is "too quiet"
CLIPPED_SHARE = 0.001  # share of clipped samples that triggers the "clipping" check
CONTOUR_SPAN = 0.6  # s of the last phrase's voiced frames used for its final contour
CONTOUR_ST = 1.5  # semitones of change that make a contour falling or rising
SYLLABLES_PER_WORD = 1.4  # conversational English, for the pace estimate without words


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
    spectral(feats, track, speech)
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
    span = (words[-1].end - words[0].start - _dead_air(words)) if words else 0.0
    if span >= 0.5:
        feats.wpm = feats.pace_wpm = round(len(words) * 60 / span, 3)  # as stored: every display rounds alike
        feats.pace_source = "words"


def _dead_air(words) -> float:
    """Seconds of silence between words beyond ``LONG_GAP`` each: a long silence (looking something up, the
    other side talking in a recorded call) is no slow speech, so the pace counts it as ``LONG_GAP``."""
    return float(sum(max(b.start - a.end - LONG_GAP, 0.0) for a, b in zip(words, words[1:])))
