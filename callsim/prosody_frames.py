"""Frame-level measurements for one block of audio: pitch (pyin), energy and spectral balance.

Every frame is centred at ``i * HOP`` samples of the reply (15 ms at 16 kHz),
exactly like ``librosa.pyin(..., center=True)``. ``analyse_block`` works on a
segment that already contains whole frames (``center=False``), so the caller
can cut a long reply into blocks with some overlap and get the same frames.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

SR = 16_000
HOP = 240  # 15 ms
FRAME = 512  # 32 ms pitch window: two periods of FMIN fit (shorter windows track voicing edges better)
RMS_WIDTH = 480  # 30 ms energy window, centred in the pitch frame
FMIN, FMAX = 63.0, 500.0  # covers adult speech, low male to raised female voices
RESOLUTION = 0.2  # pitch grid in semitones (0.1 costs 3x the time and gained nothing on FDA)
BETA = (2.0, 12.0)  # prior over YIN thresholds; librosa's (2, 18) missed 7 % of voiced frames on FDA
SILENT_DB = -100.0  # floor for the dB of digital silence
# The reported pitch track gets its own pyin decode with a more permissive voicing prior (pyin's
# no_trough_prob and switch_prob, a lower-threshold beta): on FDA it misses far fewer voiced frames
# (voicing error 6.8 % -> 4.9 %). The tone features keep the decode above, which they were trained on.
REPORT_PYIN = {"beta_parameters": (2.0, 8.0), "no_trough_prob": 0.2, "switch_prob": 0.05}

N_MFCC = 8  # cepstral coefficients 1-8 (spectral shape; c0 is loudness and left out)
BANDS = {"low": (50.0, 1000.0), "high": (1000.0, 5000.0), "h_lo": (0.0, 2000.0), "h_hi": (2000.0, 5000.0)}


@dataclass
class FrameTrack:
    """Per-frame arrays: f0 in Hz (NaN when unvoiced), voicing, energy in dBFS, spectral balance.

    ``f0``/``voiced`` feed the tone features; ``report_f0`` is the pitch track callsim reports
    (see ``prosody_voicing.pitch_track``).
    """

    f0: np.ndarray = field(default_factory=lambda: np.zeros(0))
    voiced: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    prob: np.ndarray = field(default_factory=lambda: np.zeros(0))
    db: np.ndarray = field(default_factory=lambda: np.zeros(0))
    alpha: np.ndarray = field(default_factory=lambda: np.zeros(0))
    hammarberg: np.ndarray = field(default_factory=lambda: np.zeros(0))
    tilt: np.ndarray = field(default_factory=lambda: np.zeros(0))
    centroid: np.ndarray = field(default_factory=lambda: np.zeros(0))
    mfcc: np.ndarray = field(default_factory=lambda: np.zeros((0, N_MFCC)))
    hnr: np.ndarray = field(default_factory=lambda: np.zeros(0))
    h1h2: np.ndarray = field(default_factory=lambda: np.zeros(0))
    h2h4: np.ndarray = field(default_factory=lambda: np.zeros(0))
    cpp: np.ndarray = field(default_factory=lambda: np.zeros(0))
    report_f0: np.ndarray = field(default_factory=lambda: np.zeros(0))  # REPORT_PYIN decode (NaN: unvoiced)
    report_hnr: np.ndarray = field(default_factory=lambda: np.zeros(0))
    f1_bw: np.ndarray = field(default_factory=lambda: np.zeros(0))  # first-formant bandwidth, Hz (NaN: none)

    @property
    def times(self) -> np.ndarray:
        """Frame centres in seconds (every track has the energy, ``report_block``'s too)."""
        return np.arange(len(self.db)) * HOP / SR

    def extend(self, other: "FrameTrack") -> None:
        """Append the frames of ``other``."""
        for name in self.__dataclass_fields__:
            setattr(self, name, np.concatenate([getattr(self, name), getattr(other, name)]))

    def cut(self, start: int, stop: int) -> "FrameTrack":
        """Frames ``start:stop`` as a new track."""
        return FrameTrack(**{n: getattr(self, n)[start:stop] for n in self.__dataclass_fields__})


def analyse_block(segment: np.ndarray) -> FrameTrack:
    """All frame measurements for a segment holding whole frames (no centring)."""
    import librosa

    from callsim.prosody_formant import f1_bandwidth

    f0, voiced, prob = librosa.pyin(
        segment, sr=SR, fmin=FMIN, fmax=FMAX, frame_length=FRAME, hop_length=HOP,
        resolution=RESOLUTION, beta_parameters=BETA, center=False,
    )
    frames = librosa.util.frame(segment, frame_length=FRAME, hop_length=HOP)[:, : len(f0)]
    f0, hnr = refine_f0(frames, np.where(voiced, f0, np.nan))
    rf0, rhnr = _report_decode(segment, frames)
    f1_bw = f1_bandwidth(frames, np.isfinite(f0))
    power = np.abs(np.fft.rfft(frames * np.hanning(FRAME)[:, None], axis=0)) ** 2 + 1e-12
    db = _energy_db(frames)
    return FrameTrack(f0, voiced, prob.astype(float), db, *_balance(power), *_shape(power), hnr,
                      *harmonics(frames, f0), cepstral_peak(power, f0), rf0, rhnr, f1_bw)


def report_block(segment: np.ndarray) -> FrameTrack:
    """Only the frames the reported pitch track needs (``report_f0``, ``report_hnr``, ``db``), measured as
    ``analyse_block`` measures them; the tone features' arrays stay empty. A third of the cost: for drawing a
    stored reply's pitch again."""
    import librosa

    frames = librosa.util.frame(segment, frame_length=FRAME, hop_length=HOP)
    rf0, rhnr = _report_decode(segment, frames)
    frames = frames[:, : len(rf0)]
    return FrameTrack(db=_energy_db(frames), report_f0=rf0, report_hnr=rhnr)


def _report_decode(segment: np.ndarray, frames: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The REPORT_PYIN decode of ``segment``, refined (f0 in Hz, NaN when unvoiced), and its HNR."""
    import librosa

    rf0, rvoiced, _ = librosa.pyin(
        segment, sr=SR, fmin=FMIN, fmax=FMAX, frame_length=FRAME, hop_length=HOP,
        resolution=RESOLUTION, center=False, **REPORT_PYIN,
    )
    return refine_f0(frames[:, : len(rf0)], np.where(rvoiced, rf0, np.nan))


def refine_f0(frames: np.ndarray, f0: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sharpen pyin's grid-quantised f0 (parabola through the best lag) and measure HNR (dB)."""
    out, hnr = f0.copy(), np.full(len(f0), np.nan)
    idx = np.flatnonzero(np.isfinite(f0))
    if len(idx) == 0:
        return out, hnr
    lag = np.round(SR / f0[idx]).astype(int)
    d = _lag_distances(frames[:, idx].astype(np.float64), lag)
    best = np.clip(np.argmin(d, axis=0), 1, 5)
    cols = np.arange(len(idx))
    left, mid, right = d[best - 1, cols], d[best, cols], d[best + 1, cols]
    denom = left - 2 * mid + right
    ok = (mid <= left) & (mid <= right) & (denom > 0)
    shift = np.where(ok, best - 3 + 0.5 * (left - right) / np.where(ok, denom, 1.0), 0.0)
    out[idx] = SR / (lag + shift)
    r = np.clip(1.0 - mid, 1e-3, 0.999)
    hnr[idx] = 10 * np.log10(r / (1 - r))
    return out, hnr


def _lag_distances(x: np.ndarray, lag: np.ndarray) -> np.ndarray:
    """1 - normalised correlation at lags ``lag - 3 .. lag + 3``, centred in each frame (7, n)."""
    width = FRAME - int(SR / FMIN) - 4
    j = np.arange(width)[:, None]
    start = np.maximum((FRAME - width - lag - 3) // 2, 0)
    a = np.take_along_axis(x, j + start, 0)
    d = []
    for k in range(-3, 4):
        b = np.take_along_axis(x, j + start + lag + k, 0)
        d.append(1.0 - (a * b).sum(0) / np.sqrt((a**2).sum(0) * (b**2).sum(0) + 1e-20))
    return np.stack(d)


def harmonics(frames: np.ndarray, f0: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """H1-H2 and H2-H4 (dB) per voiced frame: high = breathy or soft, low = pressed or tense voice."""
    h12, h24 = np.full(len(f0), np.nan), np.full(len(f0), np.nan)
    idx = np.flatnonzero(np.isfinite(f0))
    if len(idx):
        x = frames[:, idx] * np.hanning(FRAME)[:, None]
        phase = -2j * np.pi * np.arange(FRAME)[:, None] * f0[idx][None, :] / SR
        h = {k: np.abs((x * np.exp(k * phase)).sum(0)) ** 2 + 1e-12 for k in (1, 2, 4)}
        h12[idx], h24[idx] = 10 * np.log10(h[1] / h[2]), 10 * np.log10(h[2] / h[4])
    return h12, h24


def cepstral_peak(power: np.ndarray, f0: np.ndarray) -> np.ndarray:
    """Cepstral peak prominence (dB) per voiced frame: how clearly periodic the voice is."""
    out = np.full(len(f0), np.nan)
    idx = np.flatnonzero(np.isfinite(f0))
    if len(idx):
        ceps = np.abs(np.fft.irfft(10 * np.log10(power[:, idx]), axis=0))
        q = np.arange(int(SR / FMAX), int(SR / FMIN) + 1)
        band = ceps[q]
        slope, icpt = np.polyfit(q, band, 1)
        peak = np.argmax(band, axis=0)
        out[idx] = band[peak, np.arange(len(idx))] - (slope * q[peak] + icpt)
    return out


def _energy_db(frames: np.ndarray) -> np.ndarray:
    mid = FRAME // 2
    core = frames[mid - RMS_WIDTH // 2 : mid + RMS_WIDTH // 2]
    power = np.mean(core.astype(np.float64) ** 2, axis=0)
    return np.maximum(10 * np.log10(power + 1e-12), SILENT_DB)


def _balance(power: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Alpha ratio and Hammarberg index (dB) and spectral tilt (dB/kHz) per frame."""
    freqs = np.fft.rfftfreq(FRAME, 1 / SR)
    band = {k: (freqs >= lo) & (freqs < hi) for k, (lo, hi) in BANDS.items()}
    alpha = 10 * np.log10(power[band["high"]].sum(0) / power[band["low"]].sum(0))
    hammarberg = 10 * np.log10(power[band["h_lo"]].max(0) / power[band["h_hi"]].max(0))
    sel = (freqs >= 50) & (freqs <= 5000)
    x = freqs[sel] / 1000.0
    x = x - x.mean()
    tilt = (x @ (10 * np.log10(power[sel]))) / (x @ x)
    return alpha, hammarberg, tilt


def _shape(power: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Spectral centroid (Hz, 50 Hz-5 kHz) and MFCC 1-N_MFCC per frame."""
    import scipy.fft

    freqs = np.fft.rfftfreq(FRAME, 1 / SR)
    sel = (freqs >= 50) & (freqs <= 5000)
    centroid = (freqs[sel] @ power[sel]) / power[sel].sum(0)
    mel = np.log(_mel_bank() @ power + 1e-10)
    mfcc = scipy.fft.dct(mel, type=2, norm="ortho", axis=0)[1 : N_MFCC + 1].T
    return centroid, mfcc


_MEL: list = []


def _mel_bank() -> np.ndarray:
    if not _MEL:
        import librosa

        _MEL.append(librosa.filters.mel(sr=SR, n_fft=FRAME, n_mels=26, fmin=50.0, fmax=5000.0))
    return _MEL[0]
