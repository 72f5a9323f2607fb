"""The first formant's bandwidth per voiced frame, from linear prediction (LPC).

The bandwidth says how damped the voice's first resonance is, which changes with how
the throat and vocal folds are set (tight or lax, pressed or breathy). On the acted
voices the tone model learns from, it narrows as intensity grows (except for calm
readings, where it widens) and, together with pitch and loudness, helps tell a
raised, tearful voice from a frightened or angry one: ``bench/tone_accuracy.py``
measures what it adds (somber called agitated 15.6 % -> 8.3 %; see
``scripts/train_tone.py``).
"""

from __future__ import annotations

import numpy as np

from callsim.prosody_frames import FRAME, SR

LPC_ORDER = 18  # poles: about two per kHz of a 16 kHz signal, plus two for the glottal source and lips
PRE_EMPHASIS = 0.97  # flattens the voice's falling spectrum so LPC fits the resonances, not the slope
F1_RANGE = (200.0, 1200.0)  # where a first formant can lie in adult speech (Hz)
MAX_BANDWIDTH = 400.0  # wider poles are spectral shaping, not formants (Hz)
LOWEST_POLE = 90.0  # poles below this model the glottal source, not a formant (Hz)


def f1_bandwidth(frames: np.ndarray, voiced: np.ndarray) -> np.ndarray:
    """F1 bandwidth in Hz per frame (columns of ``frames``); NaN where unvoiced or no formant is found."""
    out = np.full(frames.shape[1], np.nan)
    idx = np.flatnonzero(voiced)
    x = frames[:, idx].astype(np.float64)
    x = (x[1:] - PRE_EMPHASIS * x[:-1]) * np.hamming(FRAME - 1)[:, None]
    audible = (x**2).sum(0) > 1e-10
    idx, x = idx[audible], x[:, audible]
    if len(idx):
        out[idx] = _first_formant_bandwidth(_poles(x))
    return out


def _poles(x: np.ndarray) -> np.ndarray:
    """LPC poles per column of ``x`` (n, LPC_ORDER): eigenvalues of each predictor's companion matrix."""
    import librosa

    a = librosa.lpc(x, order=LPC_ORDER, axis=0).T  # (n, order + 1), a[:, 0] == 1
    companion = np.zeros((len(a), LPC_ORDER, LPC_ORDER))
    companion[:, 0, :] = -a[:, 1:]
    companion[:, np.arange(1, LPC_ORDER), np.arange(LPC_ORDER - 1)] = 1.0
    return np.linalg.eigvals(companion)


def _first_formant_bandwidth(poles: np.ndarray) -> np.ndarray:
    """The bandwidth of the lowest sharp resonance above LOWEST_POLE, if it lies in F1_RANGE."""
    upper = np.where(np.imag(poles) > 0, poles, 0.0)
    freq = np.angle(upper) * SR / (2 * np.pi)
    width = -SR / np.pi * np.log(np.maximum(np.abs(upper), 1e-12))
    # a pole on or outside the unit circle (a pure tone can put one there) has no bandwidth: never a formant
    sharp = (np.imag(upper) > 0) & (freq > LOWEST_POLE) & (freq < SR / 2 - 100) & (width > 0) & (width < MAX_BANDWIDTH)
    first = np.argmin(np.where(sharp, freq, np.inf), axis=1)
    rows = np.arange(len(poles))
    f1, bw = freq[rows, first], width[rows, first]
    found = sharp[rows, first] & (f1 >= F1_RANGE[0]) & (f1 <= F1_RANGE[1])
    return np.where(found, bw, np.nan)
