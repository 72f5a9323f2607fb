"""The live "sound but no speech heard yet" watch: on after a few seconds of sound the end-of-reply detector does not
take for speech, off for good once it hears speech; a quiet room or a normal reply never turns it on."""

from __future__ import annotations

import numpy as np
import pytest

from callsim.audio_reply import ReplyCapture
from callsim.clip import SILENCE_DB
from callsim.endpoint import EndpointConfig
from callsim.unheard import UNHEARD_SECONDS, UnheardSound
from test_endpoint import SR, noise, speech

HZ = 15.0
WINDOWS = int(UNHEARD_SECONDS * HZ)


def watch(levels, heard_from: int | None = None) -> list[bool]:
    """``on`` after each level window fed (speech heard from window ``heard_from`` on)."""
    w, states = UnheardSound(hz=HZ), []
    for i, db in enumerate(levels):
        w.feed(db, heard=heard_from is not None and i >= heard_from)
        states.append(w.on)
    return states


def test_sound_with_no_speech_turns_it_on_after_unheard_seconds_and_speech_turns_it_off_for_good():
    states = watch([-50.0] * (WINDOWS + 30), heard_from=WINDOWS + 10)
    assert not any(states[: WINDOWS - 1]) and all(states[WINDOWS - 1 : WINDOWS + 10])
    assert not any(states[WINDOWS + 10 :])


@pytest.mark.parametrize("levels, on", [
    ([SILENCE_DB - 5] * WINDOWS, False),  # a quiet room: under the silence line
    ([-100.0] * WINDOWS, False),  # digital silence
    ([-100.0, -45.0] * WINDOWS, True),  # sound every other window (a voice with pauses)
    ([-45.0] * (WINDOWS // 3) + [-100.0] * WINDOWS, False),  # a second of sound, then quiet: gone
])
def test_it_needs_sound_above_silence_for_half_of_the_last_seconds(levels, on):
    assert watch(levels)[-1] is on


def feed_capture(y: np.ndarray) -> tuple[ReplyCapture, list[tuple[float, bool, bool]]]:
    """Feed ``y`` in 0.1 s blocks, as a microphone does; (seconds fed, hint on, speech heard) after each block."""
    capture, seen = ReplyCapture(EndpointConfig(no_speech_timeout=15.0)), []
    for start in range(0, len(y), SR // 10):
        done = capture.feed(y[start : start + SR // 10])
        seen.append(((start + SR // 10) / SR, capture.unheard.on, capture.endpointer.speech_start is not None))
        if done:
            break
    return capture, seen


def test_a_noisy_room_is_said_until_speech_over_it_is_heard():
    y = np.concatenate([noise(4.0, -50), noise(2.0, -50, 3) + speech(2.0), noise(3.0, -50, 4)])
    capture, seen = feed_capture(y)
    on = [t for t, hint, _ in seen if hint]
    assert on[0] == pytest.approx(UNHEARD_SECONDS, abs=0.11) and on[-1] < 4.3
    heard = next(t for t, _, speech_heard in seen if speech_heard)
    assert on[-1] < heard <= on[-1] + 0.11  # it goes as soon as the detector hears speech, not at the end
    assert capture.endpointer.reason == "silence" and not capture.unheard.on


def test_a_normal_reply_in_a_quiet_room_never_turns_it_on():
    y = np.concatenate([noise(3.5, -70), noise(2.0, -70, 3) + speech(2.0), noise(3.0, -70, 4)])
    capture, seen = feed_capture(y)
    assert capture.endpointer.reason == "silence" and not any(hint for _, hint, _ in seen)
