"""``callsim scenarios play``: a scenario's caller lines reach the real speaker (PulseAudio), no microphone needed."""

from __future__ import annotations

import time

import pytest

from callsim.cli import main
from callsim.clip import load
from callsim.scenarios import load_library

pytest_plugins = ["conftest_pulse"]


def loud_seconds(y, sr: int = 16_000, *, threshold: float = 0.02) -> float:
    """Seconds of 10 ms frames whose peak is above ``threshold``."""
    frames = y[: len(y) // (sr // 100) * (sr // 100)].reshape(-1, sr // 100)
    return float((abs(frames).max(axis=1) > threshold).sum() / 100)


@pytest.mark.pulse
def test_a_turn_plays_on_the_speaker_and_its_line_is_printed(pulse, capsys):
    turn = next(t for t in load_library().scenarios["crashed-report"].turns if t.id == "hopeful")
    expected = loud_seconds(load(turn.audio_path).resampled(16_000).y)
    capture = pulse.capture("speaker.monitor")
    time.sleep(0.2)
    assert main(["scenarios", "play", "crashed-report", "hopeful"]) == 0
    time.sleep(0.2)
    heard = capture.stop()
    assert capsys.readouterr().out.startswith("[hopeful] (")
    assert loud_seconds(heard) == pytest.approx(expected, abs=0.3)


def test_an_unknown_turn_or_scenario_is_one_line_before_any_device_is_needed(capsys):
    assert main(["scenarios", "play", "crashed-report", "nope"]) == 1
    assert "scenario 'crashed-report' has no turn 'nope' (turns: opening, " in capsys.readouterr().err
    assert main(["scenarios", "play", "no-such-call"]) == 1
    assert "no scenario 'no-such-call' (known: " in capsys.readouterr().err


def test_no_scenario_named_is_one_line_that_lists_the_known_ones(capsys):
    assert main(["scenarios", "play"]) == 1
    err = capsys.readouterr().err
    assert "name a scenario to play: callsim scenarios play ID [TURN...] (known: " in err
    assert "crashed-report" in err and len(err.strip().splitlines()) == 1
