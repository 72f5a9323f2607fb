"""End-of-reply detection on synthetic audio: noise-burst "speech" in quiet or noisy rooms."""

from __future__ import annotations

import numpy as np
import pytest

from callsim.endpoint import EndpointConfig, Endpointer, frame_levels, frame_size, rms_db

SR = 16_000


def noise(seconds: float, db: float, seed: int = 0) -> np.ndarray:
    """White noise at ``db`` dBFS RMS."""
    y = np.random.default_rng(seed).standard_normal(int(seconds * SR)).astype(np.float32)
    return y * np.float32(10 ** (db / 20))


def speech(seconds: float, db: float = -20.0, seed: int = 1) -> np.ndarray:
    """Speech-like noise: bursts with a 4 Hz syllable envelope that never falls silent."""
    t = np.arange(int(seconds * SR)) / SR
    envelope = 0.55 + 0.45 * np.sin(2 * np.pi * 4 * t)
    return noise(seconds, db, seed) * envelope.astype(np.float32)


def run(y: np.ndarray, chunk: float = 0.1, **config) -> Endpointer:
    """Feed ``y`` in chunks until the detector is done."""
    ep = Endpointer(SR, EndpointConfig(**config))
    step = int(chunk * SR)
    for start in range(0, len(y), step):
        if ep.feed(y[start : start + step]):
            break
    return ep


def test_rms_db_of_a_full_scale_sine_and_of_silence():
    t = np.arange(SR) / SR
    assert rms_db(np.sin(2 * np.pi * 440 * t)) == pytest.approx(-3.01, abs=0.01)
    assert rms_db(np.zeros(100)) == -100.0
    assert rms_db(np.zeros(0)) == -100.0


def test_reply_ends_after_the_configured_silence():
    y = np.concatenate([noise(0.5, -60), noise(2.0, -60, 3) + speech(2.0), noise(4.0, -60, 4)])
    ep = run(y)
    assert ep.reason == "silence"
    assert ep.speech_start == pytest.approx(0.5, abs=0.1)
    assert ep.speech_end == pytest.approx(2.5, abs=0.1)
    assert ep.now == pytest.approx(ep.speech_end + 1.2, abs=0.021)


@pytest.mark.parametrize("end_silence", [0.6, 2.0])
def test_end_silence_is_configurable(end_silence):
    y = np.concatenate([noise(0.3, -60), speech(1.0), noise(4.0, -60, 4)])
    ep = run(y, end_silence=end_silence)
    assert ep.now - ep.speech_end == pytest.approx(end_silence, abs=0.021)


def test_pauses_shorter_than_end_silence_do_not_end_the_reply():
    y = np.concatenate([noise(0.3, -60), speech(1.0), noise(0.9, -60, 5), speech(1.0, seed=6),
                        noise(3.0, -60, 7)])
    ep = run(y)
    assert ep.reason == "silence"
    assert ep.speech_end == pytest.approx(3.2, abs=0.1)


def test_nobody_speaking_times_out():
    ep = run(noise(6.0, -55), no_speech_timeout=3.0)
    assert (ep.reason, ep.speech_start, ep.now) == ("no_speech", None, pytest.approx(3.0))


def test_maximum_length_ends_an_endless_reply():
    ep = run(speech(8.0), max_seconds=5.0)
    assert ep.reason == "max_length"
    assert ep.speech_start is not None and ep.now == pytest.approx(5.0)


def test_clicks_are_not_speech():
    y = noise(4.0, -60)
    for at in (0.5, 1.5, 2.5):
        y[int(at * SR) : int((at + 0.04) * SR)] += speech(0.04, -10)
    ep = run(y, no_speech_timeout=3.5)
    assert ep.reason == "no_speech"


def test_speech_over_loud_room_noise_is_found_and_the_noise_alone_is_not():
    room = noise(6.0, -38, 9)
    y = room.copy()
    y[int(1.0 * SR) : int(2.5 * SR)] += speech(1.5, -18)
    ep = run(y)
    assert ep.reason == "silence"
    assert ep.speech_start == pytest.approx(1.0, abs=0.15)
    assert ep.speech_end == pytest.approx(2.5, abs=0.15)
    assert run(room, no_speech_timeout=5.0).reason == "no_speech"


def test_quiet_speech_below_the_absolute_minimum_is_ignored():
    y = np.concatenate([np.zeros(SR // 2, np.float32), speech(1.0, -65), np.zeros(3 * SR, np.float32)])
    assert run(y, no_speech_timeout=3.0).reason == "no_speech"


def test_chunk_size_does_not_change_the_decision():
    y = np.concatenate([noise(0.4, -60), speech(1.3), noise(3.0, -60, 4)])
    results = {(e.reason, e.speech_start, e.speech_end, e.now) for e in (run(y, c) for c in (0.007, 0.1, 0.5))}
    assert len(results) == 1


def test_audio_after_the_end_is_ignored():
    y = np.concatenate([noise(0.3, -60), speech(0.8), noise(3.0, -60, 4), speech(1.0)])
    ep = Endpointer(SR, EndpointConfig())
    ep.feed(y)
    assert ep.reason == "silence" and ep.speech_end == pytest.approx(1.1, abs=0.1)


@pytest.mark.parametrize("room_db, voice_db", [(-70, -20), (-60, -20), (-38, -18), (-45, -30)])
def test_a_reply_that_begins_with_speech_starts_at_its_first_frame(room_db, voice_db):
    """The floor started from the first frame, speech already: the start came 0.26-0.30 s late."""
    y = noise(5.0, room_db, 9)
    y[: 2 * SR] += speech(2.0, voice_db)
    ep = run(y)
    assert (ep.speech_start, ep.reason) == (0.0, "silence") and ep.speech_end == pytest.approx(2.0, abs=0.13)
    later = noise(5.6, room_db, 9)
    later[int(0.6 * SR) : int(2.6 * SR)] += speech(2.0, voice_db)  # the same after a pause: judged as before
    assert run(later).speech_start == pytest.approx(0.6, abs=0.021)


def test_the_floor_comes_from_the_quietest_frame_of_the_opening():
    y = np.concatenate([speech(1.0), noise(4.0, -60)])
    ep = Endpointer(SR, EndpointConfig())
    ep.feed(y[: int(1.0 * SR)])
    assert ep.floor_db is None and ep.speech_start is None and ep.now == 0.0  # the opening is not in yet
    ep.feed(y[int(1.0 * SR) : int(1.6 * SR)])
    assert ep.speech_start == 0.0 and ep.now == pytest.approx(1.6)


def test_flush_judges_an_opening_cut_short():
    ep = Endpointer(SR, EndpointConfig())
    ep.feed(np.concatenate([speech(0.5), noise(0.3, -60)]))
    assert ep.speech_start is None
    ep.flush()
    assert ep.speech_start == 0.0 and ep.speech_end == pytest.approx(0.5, abs=0.13) and ep.now == pytest.approx(0.8)
    ep.flush()  # nothing left to judge
    assert ep.now == pytest.approx(0.8)


def test_frame_levels_are_the_rms_db_of_each_whole_frame():
    y = np.concatenate([noise(0.1, -30), np.zeros(330, np.float32)])
    levels = frame_levels(y, SR)
    assert len(levels) == 6 and levels[-1] == -100.0
    first = y[: frame_size(SR)]
    assert levels[0] == pytest.approx(rms_db(first - first.mean())) and frame_size(SR) == 320


def test_a_dc_offset_is_no_sound_to_the_detector():
    """QA: a microphone's DC offset of 0.1 read as -20 dBFS in every frame, so a reply would never end."""
    y = noise(0.5, -50) + np.float32(0.1)
    assert np.all(np.abs(frame_levels(y, SR) - frame_levels(y - np.float32(0.1), SR)) < 0.01)
