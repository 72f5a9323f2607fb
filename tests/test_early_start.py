"""Speech already under way when the reply recording began, on synthetic replies (no model, no device)."""

from __future__ import annotations

import numpy as np
import pytest

from callsim.clip import Clip
from callsim.early_start import EARLY_SECONDS, notice, speech_at_start
from callsim.endpoint import frame_levels

SR = 16_000


def noise(seconds: float, db: float, seed: int = 0) -> np.ndarray:
    """White noise at ``db`` dBFS RMS (a room, or with a syllable envelope, a voice)."""
    y = np.random.default_rng(seed).standard_normal(int(seconds * SR)).astype(np.float32)
    return y * np.float32(10 ** (db / 20))


def voice(seconds: float, db: float = -25.0) -> np.ndarray:
    """Speech-like bursts: a 4 Hz syllable envelope that never falls silent."""
    t = np.arange(int(seconds * SR)) / SR
    return noise(seconds, db, seed=1) * (0.55 + 0.45 * np.sin(2 * np.pi * 4 * t)).astype(np.float32)


def reply(pause: float, *, room_db: float = -60.0, speech: float = 2.0) -> Clip:
    """A recorded reply: ``pause`` seconds of room, speech over the room, then the 1.2 s of room that ends it."""
    y = noise(pause + speech + 1.2, room_db, seed=2)
    start = int(pause * SR)
    y[start : start + int(speech * SR)] += voice(speech)
    return Clip(y, SR)


@pytest.mark.parametrize("room_db", [-75.0, -60.0, -48.0])
def test_speech_from_the_first_frame_is_flagged_from_0_s(room_db):
    assert speech_at_start(reply(0.0, room_db=room_db)) == 0.0


def test_speech_starting_inside_the_window_is_flagged_with_its_time():
    assert speech_at_start(reply(0.1)) == pytest.approx(0.1, abs=0.021)


@pytest.mark.parametrize("pause", [0.4, 0.6, 1.0])
def test_a_normal_reaction_to_the_cue_is_not_flagged(pause):
    assert speech_at_start(reply(pause)) is None
    assert speech_at_start(reply(pause, room_db=-48.0)) is None  # a noisy room is not a voice


def test_the_window_ends_at_early_seconds():
    assert speech_at_start(reply(EARLY_SECONDS + 0.04)) is None


def test_silence_and_a_steady_room_are_not_flagged():
    assert speech_at_start(Clip(np.zeros(3 * SR, dtype=np.float32), SR)) is None
    assert speech_at_start(Clip(noise(3.0, -45.0), SR)) is None
    assert speech_at_start(Clip(np.zeros(0, dtype=np.float32), SR)) is None


def test_a_click_at_the_start_is_not_speech():
    clip = reply(0.8)
    clip.y[: int(0.02 * SR)] += noise(0.02, -20.0, seed=5)  # one 20 ms pop as the recording opens
    assert speech_at_start(clip) is None


def test_hiss_before_speech_is_not_flagged_when_the_closing_silence_is_digital():
    """A file played into a virtual microphone (or a noise gate): -45 dB hiss from 0 s, speech at 0.4 s, then
    zeros, so the quietest frames say nothing about the room at the start."""
    y = np.concatenate([noise(2.4, -45.0, seed=3), np.zeros(int(1.2 * SR), dtype=np.float32)])
    y[int(0.4 * SR) : int(2.4 * SR)] += voice(2.0, db=-15.0)
    assert speech_at_start(Clip(y, SR)) is None


def test_a_breath_before_a_normal_start_is_not_speech():
    clip = reply(0.5, room_db=-75.0)
    clip.y[: int(0.3 * SR)] += noise(0.3, -52.0, seed=6)  # 23 dB over the room, 27 dB under the voice
    assert speech_at_start(clip) is None


def test_any_sample_rate_is_judged_in_20_ms_frames():
    clip = reply(0.0)
    assert speech_at_start(Clip(clip.y[::2].copy(), SR // 2)) == 0.0
    assert len(frame_levels(clip.y, clip.sr)) == int(clip.duration / 0.02)


def test_the_notice_names_the_time_and_the_fix():
    text = notice(0.0)
    assert "already speaking when your turn began (speech from 0.0 s)" in text
    assert "before \"Your turn\" are not recorded" in text and "wait for the cue" in text
