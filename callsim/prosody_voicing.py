"""Which frames are speech and which are voiced, and the reported pitch track with its voicing tidied.

``speech_mask`` and ``voiced_mask`` feed the reply statistics (``prosody_summary``);
``pitch_track`` is the f0 track callsim shows and ``bench/pitch_accuracy.py`` measures.
"""

from __future__ import annotations

import numpy as np

from callsim.prosody_frames import FrameTrack

MIN_HNR_DB = 0.0  # pyin frames whose correlation at the pitch lag is below 0.5 count as unvoiced (FDA-tuned)
VOICING_GATE = 25.0  # dB below the loud frames under which pyin's "voiced" is ignored (FDA-tuned)
# Voicing clean-up of the reported pitch track only (``tidy_voicing``; the tone features keep
# ``voiced_mask``). On FDA (bench/pitch_accuracy.py) voicing error 4.9 -> 4.3 % (Praat 4.7 %); each step
# helps both speakers (rl male 6.3 -> 5.4 %, sb female 3.8 -> 3.4 %), the whole both halves of the files;
# gross error 0.5 -> 0.7 % (Praat 1.0 %), fine error 24.4 -> 25.2 cents (Praat 25.5): the added edge
# frames are where the laryngograph f0 itself is irregular. Each constant +-1 keeps VDE within 4.27-4.43 %.
EDGE_HNR_DB = -3.0  # a pyin-voiced frame below MIN_HNR_DB but above this (correlation 1/3) may extend a run ...
EDGE_DROP_DB = 2.0  # ... if at most this many dB quieter than the run's edge frame (voice not yet fading) ...
EDGE_JUMP_ST = 2.0  # ... and its f0 is within this many semitones of the edge frame's (VDE 4.94 -> 4.57 %)
GAP_ST = 2.0  # a one-frame unvoiced gap is bridged when the f0 on both sides agrees within this (VDE -0.1)
ONSET_RISE_DB = 4.0  # a voiced run's first frame is dropped if the next is louder by more than this (dB; VDE -0.2)


def speech_mask(db: np.ndarray) -> np.ndarray:
    """Frames loud enough to be speech: near the loud frames and above the noise floor."""
    if len(db) == 0:
        return np.zeros(0, bool)
    top, floor = np.percentile(db, 95), np.percentile(db, 10)
    return db > max(top - 30.0, min(floor + 8.0, top - 6.0), -60.0)


def voiced_mask(track: FrameTrack, speech: np.ndarray, *, periodic: bool = True) -> np.ndarray:
    """Voiced speech frames: pyin's decision within VOICING_GATE dB of the loud frames.

    ``periodic`` (the pitch track) also drops frames with HNR below MIN_HNR_DB; voice-quality
    measures use every phonated frame (``periodic=False``), breathy and rough ones included.
    """
    mask = track.voiced & np.isfinite(track.f0) & _loud_speech(track, speech)
    return mask & (np.nan_to_num(track.hnr) > MIN_HNR_DB) if periodic else mask


def _loud_speech(track: FrameTrack, speech: np.ndarray) -> np.ndarray:
    """Speech frames within VOICING_GATE dB of the loud frames: where a voicing decision is trusted."""
    top = np.percentile(track.db, 95) if len(track.db) else 0.0
    return speech & (track.db > top - VOICING_GATE)


def pitch_track(track: FrameTrack) -> np.ndarray:
    """The reported f0 track in Hz (NaN = unvoiced): the REPORT_PYIN decode, gated like ``voiced_mask``.

    Same speech, loudness (VOICING_GATE) and periodicity (MIN_HNR_DB) gates as the tone features'
    mask, on pyin's more permissive voicing decode, then ``tidy_voicing``; this is what
    ``bench/pitch_accuracy.py`` measures.
    The reply statistics (median, spread) stay on ``voiced_mask``, which the tone model was trained on.
    """
    if len(track.report_f0) == 0:
        return np.zeros(0)
    allowed = _loud_speech(track, speech_mask(track.db))
    keep = allowed & (np.nan_to_num(track.report_hnr) > MIN_HNR_DB)
    f0 = np.where(keep & np.isfinite(track.report_f0), track.report_f0, np.nan)
    return tidy_voicing(f0, track.report_f0, track.report_hnr, track.db, allowed)


def tidy_voicing(f0: np.ndarray, raw_f0: np.ndarray, hnr: np.ndarray, db: np.ndarray,
                 allowed: np.ndarray) -> np.ndarray:
    """Voicing decisions of a gated f0 track (NaN = unvoiced) fixed at run edges and one-frame gaps.

    ``raw_f0``/``hnr`` are pyin's decode before the HNR gate, ``db`` the frame levels and ``allowed``
    the frames that pass the speech and loudness gates. Three steps, in this order:

    1. extend: a frame next to a voiced run that pyin calls voiced, within the gates, with HNR above
       EDGE_HNR_DB, at most EDGE_DROP_DB quieter than the run's edge frame and with f0 within
       EDGE_JUMP_ST of it joins the run (its own f0). One frame per edge: the 32 ms window at a
       voicing edge holds fewer clean periods, so the HNR gate tends to drop real edge frames.
    2. bridge: an unvoiced frame between two voiced frames whose f0 agree within GAP_ST gets their
       geometric mean (a frame lost mid-vowel; on FDA mostly the male speaker's).
    3. trim: a voiced run's first frame is dropped when the next frame is more than ONSET_RISE_DB
       louder (presumably the window reaches into the vowel ahead while the frame itself is not yet
       voiced; on FDA such frames were more often unvoiced than voiced for both speakers).
    """
    f0 = f0.astype(float).copy()
    if len(f0) < 2:
        return f0
    _extend_edges(f0, raw_f0, hnr, db, allowed)
    _bridge_gaps(f0)
    _trim_onsets(f0, db)
    return f0


def _extend_edges(f0, raw_f0, hnr, db, allowed) -> None:
    """Step 1 of ``tidy_voicing``, in place: weak but continuous frames next to a run join it."""
    n = len(f0)
    weak = allowed & ~np.isfinite(f0) & np.isfinite(raw_f0) & (np.nan_to_num(hnr, nan=-np.inf) > EDGE_HNR_DB)
    add = np.zeros(n, bool)
    for here, there in ((slice(0, n - 1), slice(1, n)), (slice(1, n), slice(0, n - 1))):
        with np.errstate(invalid="ignore", divide="ignore"):
            close = np.abs(12 * np.log2(raw_f0[here] / f0[there])) <= EDGE_JUMP_ST  # False where NaN
        add[here] |= weak[here] & close & (db[here] >= db[there] - EDGE_DROP_DB)
    f0[add] = raw_f0[add]


def _bridge_gaps(f0) -> None:
    """Step 2, in place: a one-frame gap between agreeing voiced frames gets their geometric mean."""
    gap = np.flatnonzero(~np.isfinite(f0[1:-1])) + 1
    left, right = f0[gap - 1], f0[gap + 1]
    with np.errstate(invalid="ignore"):
        agree = np.abs(12 * np.log2(right / left)) <= GAP_ST
    f0[gap[agree]] = np.sqrt(left[agree] * right[agree])


def _trim_onsets(f0, db) -> None:
    """Step 3, in place: a run's first frame goes when the next is ONSET_RISE_DB louder."""
    voiced = np.isfinite(f0)
    start = voiced[:-1] & voiced[1:] & ~np.concatenate([[False], voiced[:-2]])
    f0[:-1][start & (db[:-1] < db[1:] - ONSET_RISE_DB)] = np.nan
