"""Whether an MP3 file was cut short, by the frame count its Xing/Info (LAME) or VBRI header promises.

libsndfile (through mpg123) reads a cut MP3 as a shorter clip without a word. When the first frame carries such a
header, the file should hold that many audio frames after it; counting the whole frames that are there (walking
the frame headers, nothing decoded) tells how much is missing. Without such a header nothing is said: the length
is not known, and a guess from the bit rate would be wrong for variable-rate files. Only Layer III is read.
"""

from __future__ import annotations

import mmap
import re
import struct
from pathlib import Path
from typing import NamedTuple

#: Layer III bit rates (kbit/s) by index: MPEG-1, then MPEG-2 and 2.5.
_KBPS = ((0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
         (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160))
_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}  # by version bits
_SAME_STREAM = 0xFFFE0C00  # sync, version, layer and sample rate: what every frame of one stream shares


class Promise(NamedTuple):
    """What an MP3's Xing/Info or VBRI header says: audio frames after it; the encoder's delay and padding
    (samples the decoder drops at the start and the end; 0 unless a LAME tag gives them)."""

    frames: int
    delay: int
    padding: int


class Frame(NamedTuple):
    """One Layer III frame header: its length in bytes, samples per channel, sample rate, and the bytes between
    the header and a Xing/Info tag: the side information, CRC or not (LAME writes the tag right after it either way,
    and mpg123 reads it there)."""

    length: int
    samples: int
    rate: int
    side: int


def mp3_shortfall(path: Path) -> tuple[float, float] | None:
    """(seconds the MP3's Xing/Info or VBRI header promises, seconds of whole frames there) when fewer frames are
    there than promised (one frame's slack); None for other files, files without such a header, and whole ones.
    Both leave out the encoder's delay and padding when a LAME tag gives them, as the decoder does."""
    with open(path, "rb") as f:
        start = _first_frame(f.read(10))
        f.seek(start)
        data = f.read(4096)
    frame = parse_frame(data[:4])
    promise = promised_frames(data, frame) if frame else None
    if promise is None:
        return None
    there = _frames_there(path, start, enough=promise.frames - 1)
    if there >= promise.frames - 1:
        return None
    whole, cut = promise.frames * frame.samples - promise.padding, there * frame.samples
    return (whole - promise.delay) / frame.rate, max(cut - promise.delay, 0) / frame.rate


def parse_frame(header: bytes) -> Frame | None:
    """The Layer III frame a 4-byte header describes; None when it is not one (no sync, reserved values, another
    layer, or a free-format bit rate, whose frame length the header does not give)."""
    if len(header) < 4:
        return None
    h = struct.unpack(">I", header)[0]
    version, layer, kbps, rate = (h >> 19) & 3, (h >> 17) & 3, (h >> 12) & 15, (h >> 10) & 3
    if h >> 21 != 0x7FF or version == 1 or layer != 1 or kbps in (0, 15) or rate == 3:
        return None
    mpeg1, mono = version == 3, (h >> 6) & 3 == 3
    sr = _RATES[version][rate]
    length = (144 if mpeg1 else 72) * _KBPS[not mpeg1][kbps] * 1000 // sr + ((h >> 9) & 1)
    side = (17 if mono else 32) if mpeg1 else (9 if mono else 17)
    return Frame(length, 1152 if mpeg1 else 576, sr, side)


def promised_frames(data: bytes, frame: Frame) -> Promise | None:
    """What the Xing/Info or VBRI header in the first frame (``data`` starts there) promises; None when there is
    no such header or it leaves the frame count out."""
    at = 4 + frame.side
    flags = struct.unpack(">I", data[at + 4:at + 8])[0] if len(data) >= at + 8 else 0
    if data[at:at + 4] in (b"Xing", b"Info") and flags & 1 and len(data) >= at + 12:
        return Promise(struct.unpack(">I", data[at + 8:at + 12])[0], *_lame_gap(data, at, flags))
    if data[36:40] == b"VBRI" and len(data) >= 54:
        return Promise(struct.unpack(">I", data[50:54])[0], 0, 0)
    return None


def _lame_gap(data: bytes, at: int, flags: int) -> tuple[int, int]:
    """(delay, padding) in samples from the LAME tag after the Xing fields at ``at`` (frames, bytes, table of
    contents and quality, each only when its flag is set); (0, 0) without one."""
    lame = at + 8 + 4 * (flags & 1) + 4 * (flags >> 1 & 1) + 100 * (flags >> 2 & 1) + 4 * (flags >> 3 & 1)
    if data[lame:lame + 4] not in (b"LAME", b"Lavc", b"Lavf") or len(data) < lame + 24:
        return 0, 0
    gap = int.from_bytes(data[lame + 21:lame + 24], "big")
    return gap >> 12, gap & 0xFFF


def _first_frame(head: bytes) -> int:
    """Where the first frame starts, from the file's first 10 bytes: after an ID3v2 tag when there is one."""
    if head[:3] != b"ID3" or len(head) < 10:
        return 0
    size = 10 + sum((b & 0x7F) << (7 * (3 - i)) for i, b in enumerate(head[6:10]))
    return size + (10 if head[5] & 0x10 else 0)  # a footer repeats the header at the end of the tag


def _frames_there(path: Path, start: int, *, enough: int) -> int:
    """Whole audio frames after the header frame at ``start``, up to the end of the file, a frame cut off by it, or
    ``enough`` of them (the file is whole then: what follows is not read). Past anything that is not a frame of the
    same stream (junk, an ID3v1 or APE tag) the walk looks for the next frame, as the decoder does, so damage inside
    the file is not taken for a cut."""
    with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
        count, at, key = -1, start, struct.unpack(">I", data[start:start + 4])[0] & _SAME_STREAM
        sync = _sync_pattern(key)
        while 0 <= at and at + 4 <= len(data) and count < enough:
            frame = _frame_at(data, at, key)
            if frame is None:
                found = sync.search(data, at + 1)
                at = found.start() if found else -1
            elif at + frame.length <= len(data):
                count, at = count + 1, at + frame.length
            else:
                break
    return count


def _sync_pattern(key: int) -> re.Pattern:
    """The first two bytes a frame of the stream ``key`` can start with (with or without a CRC), to find the next
    candidate past junk in one C-speed search instead of a Python step per 0xFF byte."""
    second = key >> 16 & 0xFF
    return re.compile(b"\xff[" + bytes([second, second | 1]) + b"]")


def _frame_at(data, at: int, key: int) -> Frame | None:
    """The frame starting at ``at`` when it belongs to the stream whose sync, version, layer and rate are ``key``."""
    header = data[at:at + 4]
    return parse_frame(header) if struct.unpack(">I", header)[0] & _SAME_STREAM == key else None
