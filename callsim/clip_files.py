"""Checking and decoding an audio file, with a one-line reason (``CallsimError``) for every way it can be bad.

``check_header`` reads only the header (and a WAV's size, an Ogg file's last pages: ``clip_ogg``, an MP3's frame
headers: ``clip_mp3``), so every pack's audio can be checked at start-up; ``read_samples`` decodes the whole file
with soundfile.
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

from callsim.clip_mp3 import mp3_shortfall
from callsim.clip_ogg import ogg_chained, ogg_shortfall
from callsim.clip_stderr import quiet_stderr
from callsim.errors import CallsimError

DEFAULT_MAX_SECONDS = 600.0
#: Sample rates a recording of speech can have: below, a header is wrong (a 1 Hz "WAV"); above, no recorder makes.
MIN_RATE, MAX_RATE = 4_000, 384_000

#: Data sizes a WAV writer leaves while it is still writing (unknown length): not a promise the file breaks.
_UNKNOWN_SIZES = (0, 0xFFFFFFFF, 0x7FFFFFFF)

#: libsndfile's words for a file it could not make sense of; the file is known to exist by then.
_OPAQUE = ("does not exist", "not recognised", "unspecified internal error")


def check_header(path: str | Path, *, max_seconds: float = DEFAULT_MAX_SECONDS) -> int:
    """The file's sample rate once its header shows audio ``load`` can read; CallsimError with the reason ``load``
    would give if not (missing, empty, not audio, cut short, no samples, too long).

    Cheap: only the header (and a WAV's size, an Ogg file's last pages, an MP3's frame headers) is read, nothing is
    decoded, so every pack's audio can be checked at start-up. A file that passes can still hold corrupt data that
    only decoding finds.
    """
    path = Path(path)
    frames, file_sr = _probe(path)
    if not MIN_RATE <= file_sr <= MAX_RATE:
        raise CallsimError(f"{path}: a sample rate of {file_sr:,} Hz is not one of recorded speech (callsim reads "
                           f"{MIN_RATE:,} to {MAX_RATE:,} Hz)")
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
    with open(path, "rb") as f:
        head = f.read(16)  # the container's magic: read once for the checks below
    _refuse_unsupported(path, head)
    container = container_suffix(head)
    _refuse_cut(path, container)
    if container == ".ogg" and ogg_chained(path):
        raise CallsimError(f"{path}: several Ogg streams joined end to end (a chained file): only the first would "
                           f"be read; convert it to one file (e.g. {_ffmpeg(path)})")
    try:
        with quiet_stderr():
            info = sf.info(str(path))
    except Exception as err:  # soundfile raises several types for bad files
        raise CallsimError(f"{path}: not a readable audio file ({_reason(err)})") from None
    return int(info.frames), int(info.samplerate)


def _refuse_unsupported(path: Path, head: bytes) -> None:
    """CallsimError naming the format when the file (first bytes ``head``) is audio in a container libsndfile cannot
    read (M4A, WebM, AMR, WMA), which it would call "not a readable audio file (damaged, or not audio)"."""
    kind = unsupported_kind(head)
    if kind:
        raise CallsimError(f"{path}: unsupported format ({kind}): convert it to WAV, FLAC, OGG or MP3 "
                           f"(e.g. {_ffmpeg(path)})")


def _ffmpeg(path: Path) -> str:
    """The ffmpeg command that converts ``path`` to a WAV beside it, quoted for a shell. A file already named
    ``.wav`` (an M4A a phone saved as call.wav) gets ``call-converted.wav``: ffmpeg refuses to write over its input."""
    import shlex

    out = path.with_suffix(".wav")
    if out.name == path.name:
        out = path.with_name(f"{path.stem}-converted.wav")
    return f"ffmpeg -i {shlex.quote(str(path))} {shlex.quote(str(out))}"


def unsupported_kind(head: bytes) -> str:
    """The name of the audio container a file's first 16 bytes show when callsim cannot decode it ("M4A/AAC"),
    else ""."""
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand.startswith(b"M4"):
            return "M4A/AAC"
        if brand.startswith(b"3g"):
            return "3GP"
        return "QuickTime MOV" if brand == b"qt  " else "MP4"
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xF6 == 0xF0:  # ADTS sync; an MP3's layer bits are not 00
        return "AAC"
    for magic, kind in _CONTAINERS:
        if head.startswith(magic):
            return kind
    return ""


_CONTAINERS = ((b"\x1a\x45\xdf\xa3", "WebM/Matroska"), (b"#!AMR", "AMR"),
               (b"\x30\x26\xb2\x75\x8e\x66\xcf\x11", "WMA/ASF"))

#: The containers callsim reads whose first four bytes name them, and the suffix a file of each is named with.
_READABLE = {b"RIFF": ".wav", b"fLaC": ".flac", b"OggS": ".ogg"}


def container_suffix(head: bytes) -> str:
    """The suffix (".wav", ".flac", ".ogg") of the audio container a file's first bytes ``head`` show, whatever
    the file is named; "" for others (an MP3, which has no fixed magic, or bytes that are no audio)."""
    return _READABLE.get(bytes(head[:4]), "")


def _refuse_cut(path: Path, container: str) -> None:
    """CallsimError when the file (its ``container_suffix``: ``container``) shows by its own structure that it was
    cut short (a WAV's data size, an Ogg page cut off, an MP3's frame count): libsndfile would read what is there as
    a shorter clip without a word."""
    shortfall, guess = _CUT_CHECKS.get(container, (mp3_shortfall, _EDITED))
    short = shortfall(path)
    if short is None:
        return
    promised, there = short
    if promised is not None:
        why = f"its header promises {promised:.1f} s of audio but only {there:.1f} s are there"
    else:
        why = "its Ogg stream stops before its end" + (f", after {there:.1f} s of audio" if there is not None else "")
    raise CallsimError(f"{path}: the file is cut short: {why} ({guess})")


def wav_shortfall(path: Path) -> tuple[float, float] | None:
    """(seconds the WAV header promises, seconds present) when a RIFF/WAVE file holds less audio than its data
    chunk says; None for other files, placeholders and whole files. libsndfile silently reads what is there."""
    with open(path, "rb") as f:
        head = f.read(65536)
    if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        return None
    found = _data_chunk(head)
    if found is None:
        return None
    pos, size, rate = found
    present = path.stat().st_size - (pos + 8)
    if rate and size not in _UNKNOWN_SIZES and present < size:
        return size / rate, present / rate
    return None


_COPIED = "an interrupted copy or download?"
_EDITED = "an interrupted copy or download, or an editor that kept the old header?"
#: The cut check for a file by its ``container_suffix`` (anything else may be an MP3, whose check tells for itself).
_CUT_CHECKS = {".wav": (wav_shortfall, _COPIED), ".ogg": (ogg_shortfall, _COPIED)}


def _data_chunk(head: bytes) -> tuple[int, int, int] | None:
    """(offset, promised size, bytes per second of the ``fmt `` chunk before it, 0 if none) of the WAV's data chunk
    in ``head``; None when ``head`` does not reach it."""
    pos, rate = 12, 0
    while pos + 8 <= len(head):
        chunk, size = head[pos:pos + 4], struct.unpack("<I", head[pos + 4:pos + 8])[0]
        if chunk == b"fmt " and pos + 20 <= len(head):
            rate = struct.unpack("<I", head[pos + 16:pos + 20])[0]  # bytes per second (after format, channels, rate)
        if chunk == b"data":
            return pos, size, rate
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


def read_samples(path: Path) -> np.ndarray:
    """Every sample of ``path`` as float32 (frames, channels); CallsimError when the audio data is corrupt."""
    import soundfile as sf

    try:
        with quiet_stderr():
            data, _ = sf.read(str(path), dtype="float32", always_2d=True)
    except Exception as err:
        raise CallsimError(f"{path}: the audio data is corrupt ({_reason(err)})") from None
    return data


def _reason(err: Exception) -> str:
    text = str(err).strip().splitlines()[-1] if str(err).strip() else type(err).__name__
    text = text.split(": ", 1)[-1] if "Error opening" in text else text
    return "damaged, or not audio" if any(words in text.lower() for words in _OPAQUE) else text
