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
