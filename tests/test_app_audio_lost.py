"""A sound device that fails mid-call (QA: the sound server killed mid-reply) is let go: the header says audio is
lost, the call goes on with reply files, and the home screen's m finds a working device again without a restart."""

from __future__ import annotations

import pytest

from app_helpers import app_for, open_scenario, ravdess, services, shown, text_at, wait_for, write_pack
from callsim.audio import InMemoryDevice
from callsim.audio_mem import MemoryRecorder
from callsim.errors import CallsimError
from callsim.tui.app import LOST_AUDIO

pytestmark = pytest.mark.shared
REPLY = "data/tone/ravdess/actor03/03-01-04-02-01-01-03.flac"
#: What ``SoundDevice.play`` raised once PulseAudio was gone (QA's repro).
PA_ERROR = "cannot play on 'pulse': Error starting stream: Illegal combination of I/O devices [PaErrorCode -9993]"


def screen_name(app) -> str:
    return type(app.screen).__name__


def keys(app) -> set[str]:
    """The actions the current screen's footer offers now."""
    return {b.binding.action for b in app.screen.active_bindings.values()}


class SpeakerGone(InMemoryDevice):
    """An in-memory device whose speaker fails the way PortAudio does when the sound server is gone."""

    def play(self, clip):
        """Fail like ``SoundDevice.play`` on a dead sound server."""
        raise CallsimError(PA_ERROR)


def mic_fails_mid_reply(monkeypatch):
    """Every in-memory recording delivers part of its reply, then fails as the microphone does when unplugged."""
    def chunks_then_gone(self):
        y = self.clip.y
        for start in range(0, len(y) // 2, self.step):
            yield self._paced(y[start : start + self.step])
        raise OSError("Stream is stopped [PaErrorCode -9983]")

    monkeypatch.setattr(MemoryRecorder, "_chunks", chunks_then_gone)


async def test_a_microphone_lost_mid_reply_is_said_and_m_on_home_finds_a_working_one(
        tmp_path, transcriber, shared, monkeypatch):
    mic_fails_mid_reply(monkeypatch)
    svc = services(tmp_path, transcriber, [ravdess(shared, "sad")], extra_dirs=[write_pack(tmp_path / "packs")])
    lost_device = svc.device
    found = InMemoryDevice([ravdess(shared, "sad")])

    def sound_server_back(services_):  # what the real find_device does once PortAudio sees the server again
        services_.device, services_.device_error = found, ""

    svc.find_device = sound_server_back
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "apology-check")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "CallScreen" and app.screen.phase == "again")
        await wait_for(pilot, lambda: LOST_AUDIO in text_at(app, "StatusHeader"))
        assert svc.device is None and lost_device.closed and svc.device_lost
        assert "The sound device stopped" in text_at(app, "#phase")
        assert not shown(app, "#level") and "toggle_caller_text" not in keys(app)
        assert app.saves.wait(timeout=30)
        await pilot.press("enter")  # the rest of the call takes reply files
        await wait_for(pilot, lambda: shown(app, "#reply-file") and app.screen.phase == "reply")
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "HomeScreen")
        assert text_at(app, "#notices").startswith("audio lost (recording failed: Stream is stopped")
        assert "m: look again" in text_at(app, "#notices") and "find_device" in keys(app)
        monkeypatch.undo()  # the sound server is back
        await pilot.press("m")
        await wait_for(pilot, lambda: svc.device is found and not app.opening)
        assert "audio ok" in text_at(app, "StatusHeader") and not svc.device_lost
        assert "find_device" not in keys(app) and "m: look again" not in text_at(app, "#notices")
        await open_scenario(pilot, "apology-check")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "FeedbackScreen")  # recorded from the found device
        assert app.screen.outcome.reason != "file" and not found.replies and found.played


async def test_a_speaker_that_fails_like_portaudio_loses_the_audio_and_the_call_goes_on_with_files(
        tmp_path, transcriber, shared):
    svc = services(tmp_path, transcriber, [ravdess(shared, "sad")], extra_dirs=[write_pack(tmp_path / "packs")])
    svc.device = SpeakerGone(svc.device.replies)
    svc.settings.show_caller_text = False  # hidden words must show once nothing can be heard
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "apology-check")
        await pilot.press("enter")
        await wait_for(pilot, lambda: shown(app, "#reply-file") and app.screen.phase == "reply")
        assert LOST_AUDIO in text_at(app, "StatusHeader") and svc.device is None
        assert "[PaErrorCode -9993]" in svc.device_error
        assert app.screen.call.turn.caller.split()[0] in text_at(app, "#caller")
        assert any(n.title == "Audio lost" for n in app._notifications)
        app.screen.query_one("#reply-file").value = str(shared / REPLY)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "FeedbackScreen")
        assert app.screen.outcome.reason == "file"
