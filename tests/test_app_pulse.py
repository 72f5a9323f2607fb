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
            assert app.saves.wait(timeout=30)  # the feedback shows before the judging worker has saved the try
    finally:
        svc.device.close()
    opening = load(svc.library.get("missed-technician").first_turn.audio_path)
    score, _ = best_match(speaker, opening.y)
    assert score > 0.9, f"caller audio from the speaker does not match the scenario file ({score:.2f})"
    assert "your country" in outcome.transcript.text
    assert outcome.tone.perceived in {"calm", "warm", "somber", "agitated"} and outcome.verdict.level
    # jfk.flac hisses at -45 dB from 0.06 s and speaks from 0.32 s; the microphone then falls digitally silent, so
    # the hiss stands far over the reply's quietest frames: still no "already speaking" notice
    assert outcome.early_start is None
    turns = svc.store.load_turns(uuid)
    assert len(turns) == 1 and "country" in turns[0].transcript["text"] and turns[0].audio_path.is_file()
    stored = load(turns[0].audio_path)
    assert stored.duration > 8 and not stored.is_silent


async def test_stopping_a_replay_in_the_review_silences_the_speaker(pulse, tmp_path, transcriber, shared):
    """r while the reply plays closes the output stream at once: the speaker goes quiet, not at the clip's end."""
    import dataclasses
    import time

    from app_helpers import fill_store
    from callsim.tui.app import make_app
    from test_audio_pulse import chirp, loud_seconds

    svc = services(tmp_path, transcriber, [])
    (uuid, _) = fill_store(svc.store, svc.library, transcriber, shared)
    first = svc.store.load_turns(uuid)[0]
    svc.store.save_turn(dataclasses.replace(first, audio_path=as_wav(chirp(10.0), tmp_path / "long-reply.wav")))
    svc.device = open_device()
    app = make_app(svc, start="review")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: app.screen.query_one("#sessions").row_count == 2)
            table = app.screen.query_one("#sessions")
            table.move_cursor(row=table.get_row_index(uuid))
            await pilot.press("enter")
            await wait_for(pilot, lambda: getattr(app.screen, "turn", None) is not None)
            capture = pulse.capture("speaker.monitor", rate=16000)
            started = time.monotonic()
            await pilot.press("r")
            await wait_for(pilot, lambda: app.screen.playing)
            await pilot.pause(1.0)
            await pilot.press("r")
            await wait_for(pilot, lambda: not app.screen.playing)
            played = time.monotonic() - started  # longer than 1 s on a loaded machine: the bound follows it
            time.sleep(3.0)  # a replay that went on would be heard here
            heard = capture.stop()
    finally:
        svc.device.close()
    assert played < 8.0, "the replay took too long to stop for this test to tell"
    assert 0.5 < loud_seconds(heard) < played + 0.5, "the replay went on after it was stopped"
