"""Real PortAudio through a private PulseAudio daemon: play, record, end of reply, real speech.

The audio goes the whole way: sounddevice -> PortAudio -> ALSA pulse plugin ->
pulseaudio null sinks, and back; ``paplay``/``parec`` are the far end.
"""

from __future__ import annotations

import json
import time

import numpy as np
import pytest
import soundfile as sf

from callsim import audio_sd
from callsim.audio import open_device
from callsim.errors import CallsimError
from callsim.clip import Clip, load

pytest_plugins = ["conftest_pulse"]
pytestmark = pytest.mark.pulse
SR = 16_000


def chirp(seconds: float, sr: int = SR, *, amp: float = 0.3) -> Clip:
    """A 300 -> 1500 Hz sweep with 4 Hz "syllables" (never silent): easy to find by correlation."""
    t = np.arange(int(seconds * sr)) / sr
    phase = 2 * np.pi * (300 * t + 600 * t**2 / seconds)
    envelope = 0.6 + 0.4 * np.sin(2 * np.pi * 4 * t)
    return Clip((amp * envelope * np.sin(phase)).astype(np.float32), sr)


def best_match(y: np.ndarray, ref: np.ndarray) -> tuple[float, float]:
    """(normalised correlation, offset in samples) of ``ref`` at its best place in ``y``."""
    n = len(y) + len(ref)
    corr = np.fft.irfft(np.fft.rfft(y, n) * np.conj(np.fft.rfft(ref, n)), n)[: max(len(y) - len(ref), 0) + 1]
    lag = int(np.argmax(corr))
    seg = y[lag : lag + len(ref)]
    score = float(np.dot(seg, ref) / (np.linalg.norm(seg) * np.linalg.norm(ref) + 1e-12))
    return score, lag


def loud_seconds(y: np.ndarray, sr: int = SR, *, threshold: float = 0.02) -> float:
    """Seconds between the first and the last sample above ``threshold``."""
    idx = np.flatnonzero(np.abs(y) > threshold)
    return (idx[-1] - idx[0]) / sr if len(idx) else 0.0


def as_wav(clip: Clip, path) -> str:
    """Write ``clip`` as a 16-bit WAV for paplay."""
    sf.write(str(path), clip.y, clip.sr, subtype="PCM_16")
    return str(path)


@pytest.mark.parametrize("clip_sr, output_rate", [(SR, None), (22_050, None), (SR, 48_000)])
def test_play_reaches_the_speaker(pulse, clip_sr, output_rate):
    clip = chirp(1.0, clip_sr)
    with open_device(output_rate=output_rate) as device:
        device.warm_up()  # the app keeps the microphone open while the caller speaks
        capture = pulse.capture("speaker.monitor")
        time.sleep(0.2)
        began = time.monotonic()
        device.play(clip).wait()
        took = time.monotonic() - began
        time.sleep(0.2)
        heard = capture.stop()
    score, _ = best_match(heard, clip.resampled(SR).y)
    assert score > 0.95, f"played audio does not match (correlation {score:.3f})"
    assert loud_seconds(heard) == pytest.approx(1.0, abs=0.05)
    assert 1.0 <= took < 2.5  # blocks for the clip and its 0.3 s tail, not forever


def test_stop_cuts_playback_short(pulse):
    with open_device() as device:
        began = time.monotonic()
        playback = device.play(chirp(5.0))
        time.sleep(0.3)
        playback.stop()
        playback.wait()
        assert playback.done and time.monotonic() - began < 1.5


@pytest.mark.parametrize("input_rate", [None, 44_100])
def test_record_hears_the_microphone_and_stops_after_silence(pulse, tmp_path, input_rate):
    said = chirp(1.5)
    chunks, levels = [], []
    with open_device(input_rate=input_rate) as device:
        assert device.warm_up() < 1.0
        recorder = device.recorder(on_chunk=chunks.append, on_level=levels.append,
                                   end_silence=1.2, no_speech_timeout=8, max_seconds=20).start()
        time.sleep(0.3)
        speaker = pulse.play_into_mic(as_wav(said, tmp_path / "said.wav"))
        assert speaker.wait(10) == 0, speaker.stderr.read()
        spoken_until = time.monotonic()
        rec = recorder.wait(10)
        waited = time.monotonic() - spoken_until
    score, lag = best_match(rec.clip.y, said.y)
    assert rec.reason == "silence" and score > 0.9, (rec, score)
    assert rec.speech_end == pytest.approx((lag + len(said.y)) / SR, abs=0.1)
    assert rec.clip.duration - rec.speech_end == pytest.approx(1.2, abs=0.03)
    assert 0.9 < waited < 1.8, f"the recorder stopped {waited:.2f} s after the speech ended"
    assert np.array_equal(np.concatenate(chunks)[: len(rec.clip.y)], rec.clip.y)
    assert max(levels) == pytest.approx(20 * np.log10(0.3 / np.sqrt(2)), abs=1.5)  # peak of the envelope


def test_stop_key_ends_a_real_recording(pulse, tmp_path):
    with open_device() as device:
        device.warm_up()
        speaker = pulse.play_into_mic(as_wav(chirp(6.0), tmp_path / "long.wav"))
        recorder = device.recorder().start()
        time.sleep(1.0)
        recorder.stop()
        rec = recorder.wait(3)
        speaker.kill()
        speaker.wait()
    assert rec.reason == "stopped" and rec.clip.duration == pytest.approx(1.0, abs=0.3)


def test_silent_microphone_times_out(pulse):
    with open_device() as device:
        rec = device.record(no_speech_timeout=1.5)
    assert (rec.reason, rec.heard_speech) == ("no_speech", False)
    assert rec.clip.duration == pytest.approx(1.5, abs=0.03) and rec.clip.peak < 0.01


def test_devices_command_shows_what_the_app_uses(pulse, capsys):
    from callsim.cli import main

    assert main(["devices", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    names = {d["index"]: d["name"] for d in report["devices"]}
    assert names[report["use"]["input"]] == "default" and names[report["use"]["output"]] == "default"
    assert main(["devices", "--input", "pulse"]) == 0
    assert "callsim uses: microphone 0 'pulse', speaker 1 'default'" in capsys.readouterr().out


def test_a_new_recording_ends_the_previous_one(pulse):
    with open_device() as device:
        first = device.recorder(no_speech_timeout=30).start()
        second = device.recorder(no_speech_timeout=0.5).start()
        assert first.wait(2).reason == "stopped"
        assert second.wait(3).reason == "no_speech"


def test_unknown_device_is_one_clear_line(pulse):
    with pytest.raises(CallsimError, match=r"no input device named 'nosuchmic' \(the inputs are .*pulse"):
        open_device(input="nosuchmic")


def test_a_microphone_that_goes_quiet_is_an_error_not_a_hang(pulse, monkeypatch):
    monkeypatch.setattr(audio_sd, "NO_AUDIO_SECONDS", 0.5)
    with open_device() as device:
        device.warm_up()
        pulse.pactl("suspend-source", "mic", "1")
        try:
            recorder = device.recorder(no_speech_timeout=20).start()
            with pytest.raises(CallsimError, match="delivers no audio"):
                recorder.wait(10)
        finally:
            pulse.pactl("suspend-source", "mic", "0")


@pytest.mark.shared
def test_real_speech_through_the_microphone_is_transcribed(pulse, shared, transcriber, tmp_path):
    speech = load(shared / "data" / "asr" / "misc" / "jfk.flac")
    stream = transcriber.stream()
    with open_device() as device:
        device.warm_up()
        recorder = device.recorder(on_chunk=stream.feed, end_silence=1.2, max_seconds=30).start()
        speaker = pulse.play_into_mic(as_wav(speech, tmp_path / "jfk.wav"))
        rec = recorder.wait(40)
        speaker.wait(10)
    text = stream.finish().text
    assert rec.reason == "silence" and rec.clip.duration > speech.duration * 0.9, rec
    assert "ask not what your country" in text, text
