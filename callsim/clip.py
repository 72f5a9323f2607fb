"""Audio as one small value: ``Clip(y, sr)``, and reading any file into 16 kHz mono.

Files are read with soundfile (WAV, FLAC, OGG/Vorbis/Opus, MP3) and resampled
with soxr, so the rate is always the one asked for and never a silent default.
"""

from __future__ import annotations

import os
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from callsim.errors import CallsimError

TARGET_SR = 16_000
DEFAULT_MAX_SECONDS = 600.0
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
    data = _read(path)
    if len(data) == 0:
        raise CallsimError(f"{path}: the file has no audio samples (zero length)")
    try:
        return from_array(data, file_sr, target_sr=sr)
    except CallsimError as err:
        raise CallsimError(f"{path}: {err}") from None


def check_header(path: str | Path, *, max_seconds: float = DEFAULT_MAX_SECONDS) -> int:
    """The file's sample rate once its header shows audio ``load`` can read; CallsimError with the reason ``load``
    would give if not (missing, empty, not audio, cut short, no samples, too long).

    Cheap: only the header (and a WAV's size) is read, nothing is decoded, so every pack's audio can be checked at
    start-up. A file that passes can still hold corrupt data that only decoding finds.
    """
    path = Path(path)
    frames, file_sr = _probe(path)
    if frames == 0:
        raise CallsimError(f"{path}: the file has no audio samples (zero length)")
    if frames / file_sr > max_seconds:
        raise CallsimError(
            f"{path}: {frames / file_sr:.0f} s is longer than the {max_seconds:.0f} s maximum"
        )
    return file_sr


def _probe(path: Path) -> tuple[int, int]:
    import soundfile as sf

    _check_file(path)
    try:
        with quiet_stderr():
            info = sf.info(str(path))
    except Exception as err:  # soundfile raises several types for bad files
        raise CallsimError(f"{path}: not a readable audio file ({_reason(err)})") from None
    short = wav_shortfall(path)
    if short is not None:
        raise CallsimError(f"{path}: the file is cut short: its header promises {short[0]:.1f} s of audio but only "
                           f"{short[1]:.1f} s are there (an interrupted copy or download?)")
    return int(info.frames), int(info.samplerate)


#: Data sizes a WAV writer leaves while it is still writing (unknown length): not a promise the file breaks.
_UNKNOWN_SIZES = (0, 0xFFFFFFFF, 0x7FFFFFFF)


def wav_shortfall(path: Path) -> tuple[float, float] | None:
    """(seconds the WAV header promises, seconds present) when a RIFF/WAVE file holds less audio than its data
    chunk says; None for other files, placeholders and whole files. libsndfile silently reads what is there."""
    import struct

    with open(path, "rb") as f:
        head = f.read(65536)
    if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        return None
    pos, rate = 12, 0
    while pos + 8 <= len(head):
        chunk, size = head[pos:pos + 4], struct.unpack("<I", head[pos + 4:pos + 8])[0]
        if chunk == b"fmt " and pos + 20 <= len(head):
            rate = struct.unpack("<I", head[pos + 16:pos + 20])[0]  # bytes per second (after format, channels, rate)
        if chunk == b"data":
            present = path.stat().st_size - (pos + 8)
            if rate and size not in _UNKNOWN_SIZES and present < size:
                return size / rate, present / rate
            return None
        pos += 8 + size + (size & 1)
    return None


def _check_file(path: Path) -> None:
    """One-line reasons for what the decoder would describe badly: missing, a folder, empty, unreadable."""
    if not path.exists():
        raise CallsimError(f"{path}: no such file")
    if path.is_dir():
        raise CallsimError(f"{path}: is a directory, not an audio file")
    if not path.is_file():
        raise CallsimError(f"{path}: not a regular file (a pipe or a device?); save the audio to a file first")
    if path.stat().st_size == 0:
        raise CallsimError(f"{path}: the file is empty")
    try:
        with open(path, "rb") as f:
            f.read(1)
    except OSError as err:
        raise CallsimError(f"{path}: cannot be read ({(err.strerror or str(err)).lower()})") from None


def _read(path: Path) -> np.ndarray:
    import soundfile as sf

    try:
        with quiet_stderr():
            data, _ = sf.read(str(path), dtype="float32", always_2d=True)
    except Exception as err:
        raise CallsimError(f"{path}: the audio data is corrupt ({_reason(err)})") from None
    return data


#: libsndfile's words for a file it could not make sense of; the file is known to exist by then.
_OPAQUE = ("does not exist", "not recognised", "unspecified internal error")


def _reason(err: Exception) -> str:
    text = str(err).strip().splitlines()[-1] if str(err).strip() else type(err).__name__
    text = text.split(": ", 1)[-1] if "Error opening" in text else text
    return "damaged, or not audio" if any(words in text.lower() for words in _OPAQUE) else text


@contextmanager
def quiet_stderr():
    """Send what C decoders print on file descriptor 2 (mpg123's "Note: Illegal Audio-MPEG-Header") to /dev/null.

    Only done while this is the process's one Python thread: the app draws its screen on
    standard error from the main thread while workers decode, and that output must not be lost.
    """
    saved = mute_fd2() if threading.active_count() == 1 else None
    try:
        yield
    finally:
        if saved is not None:
            os.dup2(saved, 2)
            os.close(saved)


def mute_fd2() -> int | None:
    """Point fd 2 at /dev/null; the duplicate of the old fd 2 to restore, or None when that is not possible."""
    try:
        if sys.stderr is not None:
            sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):
        return None
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        os.close(saved)
        return None
    os.dup2(devnull, 2)
    os.close(devnull)
    return saved
