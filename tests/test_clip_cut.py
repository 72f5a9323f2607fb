"""Audio files cut short by an interrupted copy or download are refused with a line that says so, not read as
shorter clips: Ogg (Vorbis, Opus) by its end-of-stream page. Fixtures are written here with soundfile."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf

from callsim.clip import check_header, load
from callsim.clip_ogg import tail_pages
from callsim.errors import CallsimError

OGG = [("VORBIS", 16000, "ogg"), ("VORBIS", 44100, "oga"), ("OPUS", 16000, "opus"), ("OPUS", 48000, "ogg")]


def noise(sr: int, seconds: float) -> np.ndarray:
    """Quiet noise, which compresses badly, so the file spans many pages."""
    return (0.1 * np.random.default_rng(7).standard_normal(int(sr * seconds))).astype(np.float32)


def write_ogg(path, subtype: str, sr: int, seconds: float = 20.0) -> bytes:
    sf.write(str(path), noise(sr, seconds), sr, format="OGG", subtype=subtype)
    return path.read_bytes()


@pytest.mark.parametrize("subtype,sr,ext", OGG)
def test_a_whole_ogg_ends_on_its_end_of_stream_page_and_loads(tmp_path, subtype, sr, ext):
    """No false alarms: soundfile's own files end on a page flagged end-of-stream."""
    path = tmp_path / f"whole.{ext}"
    data = write_ogg(path, subtype, sr)
    last = tail_pages(data)[-1]
    assert last.end == len(data) and last.flags & 0x04
    check_header(path)
    assert load(path).duration == pytest.approx(20.0, abs=0.01)


@pytest.mark.parametrize("subtype,sr,ext", OGG)
@pytest.mark.parametrize("keep", [0.3, 0.5, 0.9, 0.999])
def test_an_ogg_cut_mid_page_is_refused_saying_how_much_is_there(tmp_path, subtype, sr, ext, keep):
    """QA: libsndfile read a half-copied Ogg reply as a shorter clip (or, for Vorbis, as "malformed")."""
    data = write_ogg(tmp_path / f"whole.{ext}", subtype, sr)
    cut = tmp_path / f"cut.{ext}"
    cut.write_bytes(data[:int(len(data) * keep)])
    with pytest.raises(CallsimError) as err:
        load(cut)
    there = _seconds_read(cut)
    assert str(err.value) == (f"{cut}: the file is cut short: its Ogg stream stops before its end, after "
                              f"{there:.1f} s of audio (an interrupted copy or download?)")


def end_of_stream_cleared(data: bytes) -> bytes:
    """``data`` with the end-of-stream flag taken off its last page and that page's checksum made right again."""
    at = data.rfind(b"OggS")
    page = bytearray(data[at:])
    page[5] &= ~0x04
    page[22:26] = b"\0\0\0\0"
    page[22:26] = ogg_crc(bytes(page)).to_bytes(4, "little")
    return data[:at] + bytes(page)


def ogg_crc(page: bytes) -> int:
    """Ogg's page checksum (CRC-32, polynomial 0x04c11db7, no reflection, initial value 0)."""
    crc = 0
    for byte in page:
        crc ^= byte << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) if crc & 0x80000000 else crc << 1
            crc &= 0xFFFFFFFF
    return crc


@pytest.mark.parametrize("tail", [b"\0" * 512, b"TAG" + b"x" * 125])
@pytest.mark.parametrize("subtype,sr,ext", OGG[::2])
def test_a_whole_ogg_with_bytes_after_its_last_page_loads(tmp_path, subtype, sr, ext, tail):
    """QA: zero padding or an ID3v1 tag after the last page made a whole file "cut short"; libsndfile ignores it."""
    path = tmp_path / f"padded.{ext}"
    path.write_bytes(write_ogg(tmp_path / f"whole.{ext}", subtype, sr) + tail)
    check_header(path)
    assert load(path).duration == pytest.approx(20.0, abs=0.01)


def test_a_whole_vorbis_file_without_the_end_of_stream_flag_loads(tmp_path):
    """QA: Android's Ogg writer (call recorders, voice notes) leaves the flag off; the file is whole."""
    path = tmp_path / "no-eos.ogg"
    path.write_bytes(end_of_stream_cleared(write_ogg(tmp_path / "whole.ogg", "VORBIS", 16000)))
    assert not tail_pages(path.read_bytes())[-1].flags & 0x04
    check_header(path)
    assert load(path).duration == pytest.approx(20.0, abs=0.01)


def test_an_ogg_cut_right_after_its_headers_has_no_audio_there(tmp_path):
    data = write_ogg(tmp_path / "whole.ogg", "VORBIS", 16000, seconds=0.5)
    cut = tmp_path / "cut.ogg"
    cut.write_bytes(data[:tail_pages(data)[0].end + 10])
    with pytest.raises(CallsimError, match=r"its Ogg stream stops before its end, after 0\.0 s of audio"):
        check_header(cut)


def test_a_cut_ogg_of_another_codec_is_refused_without_a_length(tmp_path):
    """Ogg holds no total length; what is there is only known for Vorbis and Opus (their clocks differ)."""
    data = write_ogg(tmp_path / "whole.ogg", "VORBIS", 16000).replace(b"\x01vorbis", b"\x01xorbis", 1)
    cut = tmp_path / "cut.ogg"
    cut.write_bytes(data[:len(data) // 2])
    with pytest.raises(CallsimError) as err:
        check_header(cut)
    assert str(err.value) == (f"{cut}: the file is cut short: its Ogg stream stops before its end "
                              "(an interrupted copy or download?)")


def _seconds_read(path) -> float:
    """What libsndfile makes of the cut file: the length it would have been judged at."""
    info = sf.info(str(path))
    return info.frames / info.samplerate


@pytest.mark.parametrize("subtype", ["VORBIS", "OPUS"])
def test_two_ogg_streams_joined_end_to_end_are_refused(tmp_path, subtype):
    """Review: libsndfile read a chained Vorbis file as its first stream alone (half the reply, without a word) and
    gave a chained Opus file a nonsense length; a whole single stream still loads."""
    first = write_ogg(tmp_path / "first.ogg", subtype, 16000, seconds=2.0)
    second = write_ogg(tmp_path / "second.ogg", subtype, 16000, seconds=2.0)
    chained = tmp_path / "chained.ogg"
    chained.write_bytes(first + second)
    with pytest.raises(CallsimError, match=r"chained.ogg: several Ogg streams joined end to end .*ffmpeg -i "):
        check_header(chained)
    with pytest.raises(CallsimError, match="several Ogg streams"):
        load(chained)
    assert load(tmp_path / "first.ogg").duration == pytest.approx(2.0, abs=0.01)
