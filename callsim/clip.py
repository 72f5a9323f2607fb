"""Audio as one small value: ``Clip(y, sr)``, and reading any file into 16 kHz mono.

Files are read with soundfile (WAV, FLAC, OGG/Vorbis/Opus, MP3) and resampled
with soxr, so the rate is always the one asked for and never a silent default.
Checking and decoding a file is ``clip_files``; quieting the decoders' own
messages on standard error is ``clip_stderr``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from callsim.clip_files import DEFAULT_MAX_SECONDS, check_header, read_samples
from callsim.clip_stderr import mute_fd2
from callsim.errors import CallsimError

__all__ = ["CLIP_LEVEL", "Clip", "SILENCE_DB", "SILENCE_PEAK", "TARGET_SR", "check_header", "from_array", "load",
           "mute_fd2", "to_pcm16"]

TARGET_SR = 16_000
CLIP_LEVEL = 0.999  # a sample at or above this magnitude counts as clipped (prosody's check, the level meter)
SILENCE_DB = -60.0  # below this peak (dBFS) everywhere counts as silent
SILENCE_PEAK = 10 ** (SILENCE_DB / 20)


@dataclass(frozen=True)
class Clip:
    """Mono float32 samples ``y`` at sample rate ``sr``."""

    y: np.ndarray
    sr: int

    @property
    def duration(self) -> float:
        """Length in seconds."""
        return len(self.y) / self.sr

    @property
    def peak(self) -> float:
        """Largest absolute sample value."""
        return float(np.max(np.abs(self.y))) if len(self.y) else 0.0

    @property
    def peak_db(self) -> float:
        """Largest absolute sample value in dBFS (-100 for silence)."""
        return float(20 * np.log10(max(self.peak, 1e-5)))

    @property
    def is_silent(self) -> bool:
        """True when nothing in the clip rises above -60 dBFS."""
        return self.peak < SILENCE_PEAK

    def resampled(self, sr: int) -> "Clip":
        """This clip at another sample rate (soxr, high quality)."""
        if sr == self.sr:
            return self
        import soxr

        y = soxr.resample(self.y, self.sr, sr, quality="HQ")
        return Clip(np.ascontiguousarray(y, dtype=np.float32), sr)

    def slice(self, start: float, end: float) -> "Clip":
        """The part between ``start`` and ``end`` seconds."""
        a, b = int(round(start * self.sr)), int(round(end * self.sr))
        return Clip(self.y[max(a, 0) : max(b, 0)], self.sr)

    def __repr__(self) -> str:
        return f"Clip({self.duration:.2f} s at {self.sr} Hz, peak {self.peak:.3f})"

    def pcm16(self) -> bytes:
        """Little-endian 16-bit PCM bytes, as Vosk and WAV writers want them."""
        return to_pcm16(self.y)


def to_pcm16(y: np.ndarray) -> bytes:
    """Float samples in [-1, 1] to 16-bit PCM bytes (values outside are clipped)."""
    return (np.clip(y, -1.0, 1.0) * 32767.0).astype("<i2").tobytes()


def from_array(y: np.ndarray, sr: int, *, target_sr: int = TARGET_SR) -> Clip:
    """Any (frames,) or (frames, channels) array to a mono float32 clip at ``target_sr``."""
    y = np.asarray(y, dtype=np.float32)
    if y.ndim == 2:
        y = y.mean(axis=1, dtype=np.float32)
    if not np.all(np.isfinite(y)):
        raise CallsimError("audio contains NaN or infinite samples")
    return Clip(np.ascontiguousarray(y), int(sr)).resampled(target_sr)


def load(path: str | Path, *, sr: int = TARGET_SR, max_seconds: float = DEFAULT_MAX_SECONDS) -> Clip:
    """Read ``path`` as mono float32 at ``sr``; raise CallsimError with a one-line reason."""
    path = Path(path)
    file_sr = check_header(path, max_seconds=max_seconds)
    data = read_samples(path)
    if len(data) == 0:
        raise CallsimError(f"{path}: the file has no audio samples (zero length)")
    try:
        return from_array(data, file_sr, target_sr=sr)
    except CallsimError as err:
        raise CallsimError(f"{path}: {err}") from None
