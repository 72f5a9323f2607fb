"""Audio loading: every format and rate to 16 kHz mono, and a clear line for every bad input."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf

from callsim.clip import Clip, from_array, load
from callsim.errors import CallsimError


def tone(freq: float, sr: int, seconds: float = 1.0, amp: float = 0.5) -> np.ndarray:
    t = np.arange(int(sr * seconds)) / sr
    return (amp * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def dominant_hz(clip: Clip) -> float:
    spectrum = np.abs(np.fft.rfft(clip.y * np.hanning(len(clip.y))))
    return float(np.fft.rfftfreq(len(clip.y), 1 / clip.sr)[np.argmax(spectrum)])


@pytest.mark.parametrize("sr", [8000, 16000, 22050, 44100, 48000])
@pytest.mark.parametrize("fmt,subtype", [("WAV", "PCM_16"), ("FLAC", "PCM_16"), ("OGG", "VORBIS")])
def test_rates_and_formats_become_16k_and_keep_frequency(tmp_path, sr, fmt, subtype):
    path = tmp_path / f"tone.{fmt.lower()}"
    sf.write(path, tone(440, sr), sr, format=fmt, subtype=subtype)
    clip = load(path)
    assert clip.sr == 16000 and clip.y.dtype == np.float32 and clip.y.ndim == 1
    assert clip.duration == pytest.approx(1.0, abs=0.01)
    assert dominant_hz(clip) == pytest.approx(440, abs=2)


def test_mp3_reads_without_ffmpeg(tmp_path):
    path = tmp_path / "tone.mp3"
    sf.write(path, tone(300, 44100, seconds=2), 44100, format="MP3")
    clip = load(path)
    assert clip.sr == 16000 and dominant_hz(clip) == pytest.approx(300, abs=2)


def test_eight_bit_and_stereo_are_handled(tmp_path):
    stereo = np.stack([tone(500, 22050), tone(500, 22050)], axis=1)
    path = tmp_path / "u8.wav"
    sf.write(path, stereo, 22050, subtype="PCM_U8")
    clip = load(path)
    assert clip.y.ndim == 1 and dominant_hz(clip) == pytest.approx(500, abs=2)
    assert 0.4 < clip.peak < 0.6


def test_silence_is_flagged_not_an_error(tmp_path):
    path = tmp_path / "quiet.wav"
    sf.write(path, np.zeros(16000, dtype=np.float32), 16000)
    clip = load(path)
    assert clip.is_silent and clip.duration == pytest.approx(1.0)
    assert not from_array(tone(200, 16000), 16000).is_silent


def test_missing_file(tmp_path):
    with pytest.raises(CallsimError, match="no such file"):
        load(tmp_path / "nope.wav")


def test_directory(tmp_path):
    with pytest.raises(CallsimError, match="is a directory"):
        load(tmp_path)


def test_not_audio(tmp_path):
    path = tmp_path / "notes.wav"
    path.write_text("this is not audio at all, just text pretending")
    with pytest.raises(CallsimError, match="not a readable audio file"):
        load(path)


def test_corrupt_flac(tmp_path):
    path = tmp_path / "broken.flac"
    sf.write(path, tone(440, 16000, seconds=3), 16000, format="FLAC")
    data = bytearray(path.read_bytes())
    data[200:4000] = bytes(3800)
    path.write_bytes(bytes(data))
    with pytest.raises(CallsimError, match="broken.flac"):
        load(path)


def test_zero_length(tmp_path):
    path = tmp_path / "empty.wav"
    sf.write(path, np.zeros(0, dtype=np.float32), 16000)
    with pytest.raises(CallsimError, match="zero length"):
        load(path)


def test_nan_samples(tmp_path):
    path = tmp_path / "nan.wav"
    y = tone(440, 16000)
    y[100] = np.nan
    sf.write(path, y, 16000, subtype="FLOAT")
    with pytest.raises(CallsimError, match="NaN or infinite"):
        load(path)


def test_too_long_is_refused_before_reading(tmp_path):
    path = tmp_path / "long.wav"
    sf.write(path, np.zeros(8000 * 5, dtype=np.float32), 8000)
    with pytest.raises(CallsimError, match="longer than the 4 s maximum"):
        load(path, max_seconds=4)
    assert load(path, max_seconds=6).duration == pytest.approx(5.0)


def test_cli_gives_one_line_not_a_traceback(tmp_path, capsys):
    from callsim.cli import main

    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"RIFF....WAVEjunk")
    assert main(["transcribe", "--model", str(tmp_path), str(bad)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("callsim: error:") and "\n" not in err and "Traceback" not in err


def _wav(path, seconds: float = 4.0):
    t = np.arange(int(16000 * seconds)) / 16000
    sf.write(str(path), (0.1 * np.sin(2 * np.pi * 220 * t)).astype(np.float32), 16000, subtype="PCM_16")
    return path.read_bytes()


def test_a_cut_short_wav_is_refused_not_judged_as_if_whole(tmp_path):
    """QA: libsndfile reads what is there, so a half-copied reply was judged (pace, loudness trend) as complete."""
    whole = _wav(tmp_path / "whole.wav")
    (tmp_path / "cut.wav").write_bytes(whole[:60000])
    with pytest.raises(CallsimError) as err:
        load(tmp_path / "cut.wav")
    assert str(err.value) == (f"{tmp_path / 'cut.wav'}: the file is cut short: its header promises 4.0 s of audio "
                              "but only 1.9 s are there (an interrupted copy or download?)")
    assert load(tmp_path / "whole.wav").duration == pytest.approx(4.0)


def test_a_wav_written_as_a_stream_with_no_length_yet_still_loads(tmp_path):
    """A recorder that stopped before filling in the sizes leaves a placeholder: the audio there is all there is."""
    import struct

    data = bytearray(_wav(tmp_path / "whole.wav"))
    at = data.index(b"data") + 4
    data[at:at + 4] = struct.pack("<I", 0xFFFFFFFF)
    (tmp_path / "stream.wav").write_bytes(bytes(data[:60000]))
    assert load(tmp_path / "stream.wav").duration == pytest.approx(1.87, abs=0.01)


@pytest.mark.parametrize("name, head, kind", [
    ("call.m4a", b"\x00\x00\x00\x20ftypM4A \x00\x00\x02\x00isomiso2", "M4A/AAC"),
    ("call.mp4", b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2", "MP4"),
    ("call.aac", b"\xff\xf1\x50\x80\x02\x1f\xfc" + b"\x21" * 9, "AAC"),
    ("call.webm", b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81", "WebM/Matroska"),
    ("call.amr", b"#!AMR\n" + b"\x3c" * 10, "AMR"),
    ("call.wma", b"\x30\x26\xb2\x75\x8e\x66\xcf\x11\xa6\xd9\x00\xaa\x00\x62\xce\x6c", "WMA/ASF"),
])
def test_a_known_but_unsupported_format_is_named_not_called_damaged(tmp_path, name, head, kind):
    """QA: an M4A from ffmpeg was "not a readable audio file (damaged, or not audio)"."""
    path = tmp_path / name
    path.write_bytes(head + bytes(4000))
    with pytest.raises(CallsimError) as caught:
        load(path)
    assert str(caught.value) == (f"{path}: unsupported format ({kind}): convert it to WAV, FLAC, OGG or MP3 "
                                 f"(e.g. ffmpeg -i {path} {path.with_suffix('.wav')})")  # the folder too: QA


def test_the_ffmpeg_line_for_a_file_named_wav_does_not_write_over_it(tmp_path):
    """QA: an M4A a phone saved as phone.wav got "ffmpeg -i phone.wav phone.wav", which ffmpeg refuses."""
    path = tmp_path / "phone.wav"
    path.write_bytes(b"\x00\x00\x00\x20ftypM4A \x00\x00\x02\x00isomiso2" + bytes(4000))
    with pytest.raises(CallsimError) as caught:
        load(path)
    assert str(caught.value).endswith(f"(e.g. ffmpeg -i {path} {tmp_path / 'phone-converted.wav'})")


def test_an_mp3_frame_is_not_taken_for_aac(tmp_path):
    from callsim.clip_files import unsupported_kind

    assert unsupported_kind(b"\xff\xfb\x90\x64") == "" and unsupported_kind(b"\xff\xf3\x40\xc4") == ""
    assert unsupported_kind(b"RIFF\x00\x00\x00\x00WAVEfmt ") == "" and unsupported_kind(b"ID3\x04") == ""


def test_the_container_is_read_from_the_first_bytes_whatever_the_name():
    from callsim.clip_files import container_suffix

    assert container_suffix(b"RIFF\x00\x00\x00\x00WAVEfmt ") == ".wav" and container_suffix(b"fLaC\x00") == ".flac"
    assert container_suffix(b"OggS\x00\x02") == ".ogg" and container_suffix(b"ID3\x04") == ""
    assert container_suffix(b"\xff\xfb\x90\x64") == "" and container_suffix(b"") == ""


@pytest.mark.parametrize("rate", [1, 3999, 400_000])
def test_an_absurd_sample_rate_is_refused_at_load(tmp_path, rate):
    """QA: a 1 Hz WAV of 100 samples was 'analysed' (pitch 500 Hz) after 10 s of resampling."""
    path = tmp_path / "odd.wav"
    sf.write(path, np.full(100, 0.1, dtype=np.float32), rate)
    with pytest.raises(CallsimError, match=rf"odd.wav: a sample rate of {rate:,} Hz is not one of recorded speech "
                                           r"\(callsim reads 4,000 to 384,000 Hz\)$"):
        load(path)


def test_the_lowest_and_highest_rates_load(tmp_path):
    for rate in (4000, 384_000):
        path = tmp_path / f"r{rate}.wav"
        sf.write(path, tone(440, rate, 0.2), rate)
        assert load(path).sr == 16000
