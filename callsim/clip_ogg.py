"""Whether an Ogg file (Vorbis or Opus) was cut short, from its first and last pages alone.

A file cut by an interrupted copy or download almost always ends part-way through a page, and libsndfile reads
what is there as a shorter clip without a word. Only that is taken as a cut: a whole file may lack the
end-of-stream flag on its last page (Android's Ogg writer and some voice-note apps leave it off) or carry bytes
after it (zero padding, an ID3 tag), and both load as they are. A cut exactly on a page boundary is not seen.
Ogg holds no total length, so how much is missing is unknown; how much is there is the last whole page's position.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import NamedTuple

#: The longest an Ogg page can be: a 27-byte header, 255 lacing values, 255 segments of 255 bytes.
MAX_PAGE = 27 + 255 + 255 * 255


class Page(NamedTuple):
    """One whole page found in the file's tail: where it ends there, its flags, granule position and stream."""

    end: int
    flags: int
    granule: int
    serial: bytes


def ogg_shortfall(path: Path) -> tuple[None, float | None] | None:
    """(None, seconds there or None when unknown) when an Ogg file ends part-way through a page; None for other
    files and whole ones. Reads the first 4 KiB and the last two pages' worth, never decodes."""
    if (ends := _ends(path)) is None:
        return None
    head, tail = ends
    at = tail.rfind(b"OggS")
    if at < 0 or not _cut_page(tail, at):
        return None
    return None, _seconds_there(head, tail_pages(tail[:at]))


def ogg_chained(path: Path) -> bool:
    """True when one of an Ogg file's last pages belongs to another stream than its first page: streams joined
    end to end (a chained file), of which libsndfile reads the first alone, without a word. Two copies of one
    stream joined share its serial number and are not seen."""
    if (ends := _ends(path)) is None:
        return False
    head, tail = ends
    return any(p.serial != head[14:18] for p in tail_pages(tail))


def _ends(path: Path) -> tuple[bytes, bytes] | None:
    """The first 4 KiB and the last two pages' worth of an Ogg file; None for other files."""
    with open(path, "rb") as f:
        head = f.read(4096)
        if not head.startswith(b"OggS"):
            return None
        f.seek(max(f.seek(0, 2) - 2 * MAX_PAGE, 0))
        return head, f.read()


def _cut_page(data: bytes, at: int) -> bool:
    """True when the page header at ``at`` (version 0) runs past the end of ``data``: its header, its lacing
    values or its body is not all there."""
    if at + 27 > len(data):
        return True
    return data[at + 4] == 0 and _page_at(data, at) is None


def tail_pages(tail: bytes) -> list[Page]:
    """The whole pages in ``tail``, in order: each "OggS" whose header and body fit, and that is followed by the
    next page or the end of the file (so a chance "OggS" inside compressed audio is not taken for a page)."""
    pages, at = [], tail.find(b"OggS")
    while at >= 0:
        page = _page_at(tail, at)
        if page is not None and (page.end == len(tail) or tail.startswith(b"OggS", page.end)):
            pages.append(page)
        at = tail.find(b"OggS", at + 1)
    return pages


def _page_at(data: bytes, at: int) -> Page | None:
    """The page whose header starts at ``at`` when it is version 0 and lies wholly inside ``data``."""
    if at + 27 > len(data) or data[at + 4] != 0:
        return None
    count = data[at + 26]
    end = at + 27 + count + sum(data[at + 27:at + 27 + count])
    if at + 27 + count > len(data) or end > len(data):
        return None
    granule = struct.unpack("<q", data[at + 6:at + 14])[0]
    return Page(end, data[at + 5], granule, data[at + 14:at + 18])


def _seconds_there(head: bytes, pages: list[Page]) -> float | None:
    """Seconds of audio up to the last whole page of the first stream, by its granule position; None when no
    such page is in the tail or the codec is not Vorbis or Opus."""
    rate, skip = _codec_clock(head)
    granules = [p.granule for p in pages if p.serial == head[14:18] and p.granule >= 0]
    if not rate or not granules:
        return None
    return max(granules[-1] - skip, 0) / rate


def _codec_clock(head: bytes) -> tuple[int, int]:
    """(granule positions per second, samples to skip at the start) from the first page's codec header; (0, 0)
    when it is neither Vorbis nor Opus. Vorbis counts at its own rate; Opus always at 48 kHz after a pre-skip."""
    body = head[27 + head[26]:] if len(head) > 27 else b""
    if body.startswith(b"\x01vorbis") and len(body) >= 16:
        return struct.unpack("<I", body[12:16])[0], 0
    if body.startswith(b"OpusHead") and len(body) >= 12:
        return 48000, struct.unpack("<H", body[10:12])[0]
    return 0, 0
