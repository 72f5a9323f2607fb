"""A reply's spectral balance and voice quality, from its voiced speech frames.

The spectral balance (alpha ratio, Hammarberg index, spectral tilt) goes in ``Features``' own fields;
the voice quality (HNR, harmonics, CPP, centroid, MFCCs, spectral flux, first-formant bandwidth and
pitch-loudness coupling) in ``Features.voice``.
"""

from __future__ import annotations

import numpy as np

from callsim.prosody_features import Features
from callsim.prosody_frames import FrameTrack
from callsim.prosody_voicing import voiced_mask


def spectral(feats: Features, track: FrameTrack, speech: np.ndarray) -> None:
    """Set the spectral balance and ``voice`` of ``feats`` (left unset with fewer than 3 voiced speech frames)."""
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
