"""MP3 files cut short are refused with a line saying how much of what the Xing/Info header promises is there;
without such a header nothing is said. Fixtures are written here with soundfile (libsndfile's LAME encoder)."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
import soundfile as sf

from callsim.clip import check_header, load
from callsim.clip_mp3 import parse_frame, promised_frames
from callsim.errors import CallsimError

#: 8 kHz is MPEG-2.5, 16 and 22.05 kHz MPEG-2 (576 samples a frame), 44.1 and 48 kHz MPEG-1 (1152).
RATES = [(8000, 1), (16000, 1), (22050, 2), (44100, 2), (48000, 1)]


def write_mp3(path, sr: int, channels: int = 1, seconds: float = 5.0) -> bytes:
    rng = np.random.default_rng(3)
    sf.write(str(path), (0.1 * rng.standard_normal((int(sr * seconds), channels))).astype(np.float32), sr,
             format="MP3")
    return path.read_bytes()


@pytest.mark.parametrize("sr,channels", RATES)
def test_a_whole_mp3_carries_a_frame_count_that_matches_and_loads(tmp_path, sr, channels):
    """No false alarms: the header's promise, less LAME's delay and padding, is what libsndfile decodes."""
    path = tmp_path / "whole.mp3"
    data = write_mp3(path, sr, channels)
    frame = parse_frame(data[:4])
    promise = promised_frames(data, frame)
    assert promise.frames * frame.samples - promise.delay - promise.padding == len(sf.read(str(path))[0])
    check_header(path)
    assert load(path).duration == pytest.approx(5.0, abs=0.01)


@pytest.mark.parametrize("sr,channels", RATES)
@pytest.mark.parametrize("keep", [0.2, 0.5, 0.97])
def test_an_mp3_cut_short_is_refused_saying_how_much_is_missing(tmp_path, sr, channels, keep):
    """QA: a half-copied MP3 reply was judged as the shorter reply it had become."""
    data = write_mp3(tmp_path / "whole.mp3", sr, channels)
    cut = tmp_path / "cut.mp3"
    cut.write_bytes(data[:int(len(data) * keep)])
    with pytest.raises(CallsimError) as err:
        load(cut)
    there = re.fullmatch(re.escape(f"{cut}: the file is cut short: its header promises 5.0 s of audio but only ")
                         + r"(\d+\.\d) s are there "
                         + re.escape("(an interrupted copy or download, or an editor that kept the old header?)"),
                         str(err.value))
    assert there, str(err.value)
    frame = parse_frame(data[:4]).samples / sr
    assert float(there[1]) == pytest.approx(len(sf.read(str(cut))[0]) / sr, abs=2 * frame + 0.05)


def test_an_id3_tag_in_front_is_skipped(tmp_path):
    """Most MP3s in the wild start with an ID3v2 tag (title, artist, cover), then the header frame."""
    data = write_mp3(tmp_path / "plain.mp3", 16000)
    tag = b"ID3\x03\x00\x00" + bytes([0, 0, 0x0F, 0x76]) + b"TIT2" + bytes(2034)  # 2038 bytes follow (syncsafe)
    (tmp_path / "whole.mp3").write_bytes(tag + data)
    (tmp_path / "cut.mp3").write_bytes(tag + data[:len(data) // 2])
    assert load(tmp_path / "whole.mp3").duration == pytest.approx(5.0, abs=0.01)
    with pytest.raises(CallsimError, match="its header promises 5.0 s of audio but only 2.4 s are there"):
        check_header(tmp_path / "cut.mp3")


def test_junk_inside_a_whole_mp3_is_not_taken_for_a_cut(tmp_path):
    """The decoder skips to the next frame past damage; so does the count, and a cut after it is still seen."""
    data = write_mp3(tmp_path / "whole.mp3", 44100)
    half, quarter = len(data) // 2, len(data) // 4
    (tmp_path / "junk.mp3").write_bytes(data[:half] + bytes(300) + data[half:])
    check_header(tmp_path / "junk.mp3")
    (tmp_path / "cut.mp3").write_bytes(data[:half] + bytes(300) + data[half:half + quarter])
    with pytest.raises(CallsimError, match=r"promises 5\.0 s of audio but only 3\.\d s are there"):
        check_header(tmp_path / "cut.mp3")


def test_a_run_of_sync_bytes_is_searched_past_and_a_whole_file_is_not_walked_to_its_end(tmp_path):
    """QA: 50 MiB of 0xFF after the first frame took 16 s to walk, a Python step per byte. The walk now searches for
    the stream's own two sync bytes (either CRC flag) and stops once every promised frame is counted."""
    from callsim.clip_mp3 import _frames_there

    data = write_mp3(tmp_path / "whole.mp3", 44100)
    first, promise = parse_frame(data[:4]), promised_frames(data, parse_frame(data[:4]))
    run = b"\xff" * 4096 + b"\xff\xfa\x00\x00" + b"\xff" * 4096  # sync bytes, but no valid frame among them
    junk = tmp_path / "junk.mp3"
    junk.write_bytes(data[:first.length] + run + data[first.length:] + run)
    assert _frames_there(junk, 0, enough=10 ** 9) == promise.frames
    assert _frames_there(junk, 0, enough=5) == 5
    check_header(junk)
    (tmp_path / "cut.mp3").write_bytes(data[:first.length] + run + data[first.length:len(data) // 2])
    with pytest.raises(CallsimError, match="cut short"):
        check_header(tmp_path / "cut.mp3")


def test_without_a_frame_count_a_cut_mp3_is_not_guessed_at(tmp_path):
    """Plain frames say nothing of the length (a bit-rate guess is wrong for variable rates): the README says so."""
    data = write_mp3(tmp_path / "tagged.mp3", 44100)
    plain = data[parse_frame(data[:4]).length:]  # the Xing/Info frame dropped
    assert promised_frames(plain, parse_frame(plain[:4])) is None
    (tmp_path / "cut.mp3").write_bytes(plain[:len(plain) // 2])
    assert load(tmp_path / "cut.mp3").duration < 2.6


def test_analyze_names_each_cut_file_in_one_line_and_judges_the_rest(capsys, shared, tmp_path):
    from callsim.cli import main

    data = write_mp3(tmp_path / "whole.mp3", 16000)
    (tmp_path / "cut.mp3").write_bytes(data[:len(data) // 2])
    sf.write(str(tmp_path / "whole.ogg"), np.zeros(16000 * 3, np.float32), 16000, format="OGG")
    (tmp_path / "cut.ogg").write_bytes((tmp_path / "whole.ogg").read_bytes()[:-100])
    good = str(shared / "data/tone/ravdess/actor07/03-01-04-01-02-01-07.flac")
    code = main(["analyze", "--json", "--no-transcribe", str(tmp_path / "cut.mp3"), str(tmp_path / "cut.ogg"), good])
    out, err = capsys.readouterr()
    assert code == 1 and err.count("\n") == 2 and "Traceback" not in err
    assert f"{tmp_path / 'cut.mp3'}: the file is cut short: its header promises 5.0 s" in err
    assert f"{tmp_path / 'cut.ogg'}: the file is cut short: its Ogg stream stops before its end" in err
    assert [r["file"] for r in map(json.loads, out.splitlines())] == [good]


def test_the_info_tag_of_a_crc_protected_mp3_is_found_after_the_side_information(tmp_path):
    """QA: ``lame -p`` files (a CRC after each header) were never checked: the tag was looked for 2 bytes too far.
    LAME writes it right after the side information, CRC or not, and mpg123 reads it there."""
    from callsim.clip_mp3 import promised_frames

    data = bytearray(write_mp3(tmp_path / "whole.mp3", 16000, 1))
    plain = promised_frames(bytes(data), parse_frame(bytes(data[:4])))
    data[1] &= 0xFE  # protection bit 0: a CRC follows the header
    assert plain is not None and promised_frames(bytes(data), parse_frame(bytes(data[:4]))) == plain
