"""``callsim devices --test``: a beep on the (virtual) speaker, then the level of what reaches the (virtual)
microphone and the verdict, through real PortAudio and a private PulseAudio daemon."""

from __future__ import annotations

import json
import time

import numpy as np
import pytest

from callsim.cli import main
from callsim.clip import Clip, load
from callsim.endpoint import rms_db
from test_audio_pulse import as_wav, best_match

pytest_plugins = ["conftest_pulse"]
pytestmark = pytest.mark.pulse
SR = 16_000


def voice(seconds: float = 15.0, *, gain: float = 1.0) -> Clip:
    """A steady voiced sound: 150 Hz and its harmonics in 2 Hz "syllables", peak 0.25 (-12 dBFS) times ``gain``
    (clipped at full scale). Every 2 s stretch has the same RMS, wherever the test's window falls."""
    t = np.arange(int(seconds * SR)) / SR
    y = sum(np.sin(2 * np.pi * 150 * k * t) / k for k in range(1, 8))
    envelope = np.sqrt(np.clip(np.sin(2 * np.pi * 2 * t), 0, None))
    return Clip(np.clip(gain * 0.25 * envelope * y / np.max(np.abs(y)), -1, 1).astype(np.float32), SR)


def noise(seconds: float = 15.0) -> Clip:
    """Steady hiss at -30 dBFS RMS: sound, but nothing like a voice. It stops at 6 kHz, so the sound server's
    resampling (which cuts what is near 8 kHz) leaves its level alone."""
    spectrum = np.fft.rfft(np.random.default_rng(7).standard_normal(int(seconds * SR)))
    spectrum[np.fft.rfftfreq(int(seconds * SR), 1 / SR) > 6000] = 0
    y = np.fft.irfft(spectrum, int(seconds * SR))
    return Clip((10 ** (-30 / 20) * y / np.sqrt(np.mean(y**2))).astype(np.float32), SR)


def level_test(pulse, capsys, tmp_path, said: Clip | None, *argv: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``callsim devices --test --seconds 2 ARGV`` with ``said`` playing into the
    microphone the whole time (nothing: a silent microphone)."""
    speaker = pulse.play_into_mic(as_wav(said, tmp_path / "said.wav")) if said is not None else None
    time.sleep(0.3)
    try:
        code = main(["devices", "--test", "--seconds", "2", *argv])
    finally:
        if speaker is not None:
            speaker.kill()
            speaker.wait()
    return code, *capsys.readouterr()


def test_a_voice_at_a_good_level_is_fine_and_the_beep_reaches_the_speaker(pulse, capsys, tmp_path):
    from callsim.mic_check import beep
    from callsim.prosody import extract

    said = voice()
    heard = pulse.capture("speaker.monitor")
    code, out, err = level_test(pulse, capsys, tmp_path, said, "--json")
    played = heard.stop()
    test = json.loads(out)["test"]
    assert (code, test["verdict"], test["fix"]) == (0, "fine", ""), test
    assert test["seconds"] == 2.0 and test["peak_db"] == pytest.approx(-12.0, abs=1.0)
    assert test["rms_db"] == pytest.approx(rms_db(said.y), abs=1.0)
    assert test["speech_db"] == pytest.approx(extract(said.slice(0, 2)).energy_db, abs=1.5)
    assert test["detail"] == f"fine: callsim hears you well (speech at {test['speech_db']:.0f} dBFS)"
    assert best_match(played, beep().y)[0] > 0.9, "the beep did not reach the speaker"
    assert "Speaker: a short beep on 'default'" in err and "for 2 s..." in err  # stdout is only the JSON


@pytest.mark.parametrize("said, verdict, detail", [
    (voice(gain=0.02), "too_quiet", "too quiet: your speech measured -5"),  # speech about -53 dBFS: under QUIET_DB
    (voice(gain=0.0063), "too_quiet", "too quiet: only faint sound reached callsim (loudest -56 dBFS; under -40 "),
    (voice(gain=8.0), "clipping", "clipping: "),
    (noise(), "no_speech", "no speech heard: sound reached callsim (loudest "),
])
def test_the_verdict_uses_the_apps_signal_checks(pulse, capsys, tmp_path, said, verdict, detail):
    from callsim.practice import QUIET_PEAK_DB
    from callsim.prosody_summary import CLIPPED_SHARE, QUIET_DB

    code, out, _ = level_test(pulse, capsys, tmp_path, said, "--json")
    test = json.loads(out)["test"]
    assert (code, test["verdict"]) == (1, verdict) and test["detail"].startswith(detail) and test["fix"], test
    if verdict == "clipping":
        assert test["clipped_share"] > CLIPPED_SHARE and test["peak_db"] > -0.5
    if verdict == "too_quiet":  # measured speech under QUIET_DB, or none heard at all under QUIET_PEAK_DB
        assert test["peak_db"] == pytest.approx(said.peak_db, abs=1.0)
        assert test["speech_db"] < QUIET_DB if test["speech_db"] is not None else test["peak_db"] < QUIET_PEAK_DB
    if verdict == "no_speech":
        assert test["speech_db"] is None and test["rms_db"] == pytest.approx(rms_db(said.y), abs=1.0)


def test_a_silent_microphone_is_heard_as_nothing_and_says_how_to_fix_it(pulse, capsys, tmp_path):
    code, out, _ = level_test(pulse, capsys, tmp_path, None)
    lines = out.splitlines()
    assert code == 1 and "callsim uses: microphone 1 'default', speaker 1 'default'" in lines
    assert "level: [                    ] peak -100 dBFS, RMS -100 dBFS, no speech" in lines
    assert "heard nothing: the microphone gave silence (loudest sound -100 dBFS, under -60)" in lines
    assert lines[-1].startswith("fix: unmute it") and "--input NAME|INDEX" in lines[-1]


@pytest.mark.shared
def test_real_speech_is_fine(pulse, capsys, tmp_path, shared):
    from callsim.prosody import extract

    jfk = load(shared / "data/asr/misc/jfk.flac")
    code, out, _ = level_test(pulse, capsys, tmp_path, jfk)
    verdict = out.splitlines()[-1]
    assert code == 0 and verdict.startswith("fine: callsim hears you well (speech at "), out
    said = int(verdict.split("speech at ")[1].split()[0])
    assert abs(said - extract(jfk).energy_db) < 4  # a 2 s stretch of the speech, at the level it was played


def test_doctor_names_the_level_test_and_records_nothing(pulse, monkeypatch):
    from callsim import audio
    from callsim.doctor import check_portaudio

    monkeypatch.setattr(audio, "open_device", lambda *a, **k: pytest.fail("the doctor opened the microphone"))
    check = check_portaudio()
    assert check.ok and check.detail.endswith(": microphone 'default', speaker 'default' "
                                              "(microphone level test: callsim devices --test)"), check
