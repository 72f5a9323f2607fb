"""The practice app through real PortAudio: a private PulseAudio speaker and microphone.

The caller's line is captured from the virtual speaker and must match the
scenario's file; a real spoken reply goes into the virtual microphone and must
come out transcribed, judged and stored.
"""

from __future__ import annotations

import pytest

from app_helpers import app_for, open_scenario, services, wait_for
from callsim.audio import open_device
from callsim.clip import load
from test_audio_pulse import as_wav, best_match

pytest_plugins = ["conftest_pulse"]
pytestmark = [pytest.mark.pulse, pytest.mark.shared]


async def test_call_through_real_portaudio(pulse, tmp_path, transcriber, shared):
    svc = services(tmp_path, transcriber, [])
    svc.device = open_device()
    app = app_for(svc)
    capture = pulse.capture("speaker.monitor", rate=16000)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await open_scenario(pilot, "missed-technician")
            await pilot.press("enter")
            await wait_for(pilot, lambda: getattr(app.screen, "phase", "") == "reply", seconds=40)
            speaker = capture.stop()
            reply = pulse.play_into_mic(as_wav(load(shared / "data/asr/misc/jfk.flac"), tmp_path / "jfk.wav"))
            await wait_for(pilot, lambda: type(app.screen).__name__ == "FeedbackScreen", seconds=60)
            reply.wait(timeout=10)
            outcome = app.screen.outcome
            uuid = app.screen.call.session.uuid
            await pilot.press("escape")
    finally:
        svc.device.close()
    opening = load(svc.library.get("missed-technician").first_turn.audio_path)
    score, _ = best_match(speaker, opening.y)
    assert score > 0.9, f"caller audio from the speaker does not match the scenario file ({score:.2f})"
    assert "your country" in outcome.transcript.text
    assert outcome.tone.perceived in {"calm", "warm", "somber", "agitated"} and outcome.verdict.level
    turns = svc.store.load_turns(uuid)
    assert len(turns) == 1 and "country" in turns[0].transcript["text"] and turns[0].audio_path.is_file()
    stored = load(turns[0].audio_path)
    assert stored.duration > 8 and not stored.is_silent
