"""``callsim calibrate --mic``: a reading spoken into the (virtual) microphone becomes a baseline."""

from __future__ import annotations

import json
import threading

import numpy as np
import pytest

from callsim import cli
from callsim.audio_mem import InMemoryDevice
from callsim.clip import Clip, load
from test_audio_pulse import as_wav

pytest_plugins = ["conftest_pulse"]


@pytest.mark.pulse
@pytest.mark.shared
def test_reading_into_the_microphone_saves_a_baseline(pulse, shared, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CALLSIM_VOSK_MODEL", str(shared / "models/vosk-model-small-en-us-0.15"))
    said = load(shared / "data/asr/misc/jfk.flac")
    wav = as_wav(said, tmp_path / "jfk.wav")
    speaker = threading.Timer(2.0, lambda: pulse.play_into_mic(wav).wait(30))
    speaker.start()
    code = cli.main(["calibrate", "--name", "pat", "--mic", "--json"])
    speaker.join()
    out = capsys.readouterr().out
    assert code == 0, out
    saved = json.loads(out.strip().splitlines()[-1])
    kept = load(saved["path"].replace("pat.json", "pat-reading.wav"))
    assert said.duration - 1 < kept.duration < said.duration + 2.5
    assert cli.main(["calibrate", "--name", "from-file", "--json", str(wav)]) == 0
    direct = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert saved["pitch_median_st"] == pytest.approx(direct["pitch_median_st"], abs=0.5)
    assert saved["wpm"] == pytest.approx(direct["wpm"], rel=0.1)


def test_silence_from_the_microphone_saves_nothing(monkeypatch, tmp_path, capsys):
    silent = Clip(np.zeros(16000 * 3, np.float32), 16000)
    monkeypatch.setattr("callsim.audio.open_device", lambda **_: InMemoryDevice([silent]))
    code = cli.main(["calibrate", "--name", "pat", "--mic", "--no-transcribe"])
    err = capsys.readouterr().err
    assert code == 1 and "no speech heard from the microphone" in err
    from callsim.baseline import baselines_dir

    assert not (baselines_dir() / "pat.json").exists()


def test_calibrate_without_readings_or_mic_says_how(capsys):
    assert cli.main(["calibrate", "--name", "pat"]) == 1
    assert "read into the microphone with --mic" in capsys.readouterr().err


@pytest.mark.shared
def test_readings_from_the_microphone_are_averaged_and_each_kept(monkeypatch, shared, capsys):
    """QA: the advice was two or three readings, but --mic took one and replaced the baseline with it."""
    from callsim.baseline import reading_path

    jfk = load(shared / "data/asr/misc/jfk.flac")
    second = Clip(np.concatenate([jfk.y[: 6 * 16000]] * 2), 16000)
    silent = Clip(np.zeros(16000 * 3, np.float32), 16000)
    monkeypatch.setattr("callsim.audio.open_device", lambda **_: InMemoryDevice([jfk, second, silent]))
    reading_path("pat", 3).parent.mkdir(parents=True, exist_ok=True)
    reading_path("pat", 3).write_bytes(b"an earlier calibration's third reading")
    code = cli.main(["calibrate", "--name", "pat", "--mic", "--readings", "3", "--no-transcribe"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Reading 2 of 3: Recording: read the passage now" in out
    said = " ".join(out.split())  # the advice is wrapped like the passage
    assert "no speech heard in reading 3 (loudest sound -100 dBFS): check the microphone is on" in said
    assert "no speech heard in reading 3 again: stopping with 2 of 3" in out
    assert "saved baseline 'pat' (2 readings, " in out
    assert reading_path("pat").is_file() and reading_path("pat", 2).is_file() and not reading_path("pat", 3).exists()
    passage = [line for line in out.splitlines() if line.startswith("  ") and not line.startswith("  #")]
    assert len(passage) > 2 and max(map(len, passage)) <= 100  # the passage is wrapped, not one long line
    assert cli.main(["purge", "--trainee", "pat", "--yes"]) == 0
    assert not reading_path("pat", 2).exists()


@pytest.mark.shared
def test_a_silent_reading_of_several_is_read_again(monkeypatch, shared, capsys):
    """A muted microphone for one reading of two: that reading is asked for again, not dropped."""
    jfk = load(shared / "data/asr/misc/jfk.flac")
    silent = Clip(np.zeros(16000 * 3, np.float32), 16000)
    monkeypatch.setattr("callsim.audio.open_device", lambda **_: InMemoryDevice([jfk, silent, jfk]))
    assert cli.main(["calibrate", "--name", "pat", "--mic", "--readings", "2", "--no-transcribe"]) == 0
    out = capsys.readouterr().out
    assert "no speech heard in reading 2 (loudest sound -100 dBFS)" in out and "again: stopping" not in out
    assert "saved baseline 'pat' (2 readings, " in out


def test_the_number_of_readings_is_checked(capsys):
    with pytest.raises(SystemExit):
        cli.main(["calibrate", "--name", "pat", "--mic", "--readings", "0"])
    assert "give 1 to 5 readings, not '0'" in capsys.readouterr().err
    assert cli.main(["calibrate", "--name", "pat", "--readings", "2", "a.wav"]) == 1
    assert capsys.readouterr().err == "callsim: error: --readings counts readings into the microphone: add --mic\n"


def test_the_live_level_line_shows_the_level_and_the_time(capsys):
    from callsim.commands._level import LiveLevel

    meter = LiveLevel()
    meter(-24.0)
    meter(0.0)
    meter.done()
    out = capsys.readouterr().out
    assert out.startswith("\r  " + "#" * 12 + " " * 8 + "  -24 dBFS" + " " * 6 + "   0.0 s ") and out.endswith("\n")
    assert "\r  " + "#" * 20 + " CLIP (too loud)" in out
