"""A sound device that fails mid-call (QA: the sound server killed mid-reply), mid-calibration or while warming up
at start is let go: the header says audio is lost, replies and readings come from files, and the home screen's m
finds a working device again without a restart."""

from __future__ import annotations

import pytest

from app_helpers import app_for, open_scenario, ravdess, read_passage, services, shown, text_at, wait_for, write_pack
from callsim.audio import InMemoryDevice
from callsim.baseline import named_baseline_path
from callsim.clip import load
from callsim.audio_mem import MemoryRecorder
from callsim.errors import CallsimError
from callsim.tui.app import LOST_AUDIO

pytestmark = pytest.mark.shared
REPLY = "data/tone/ravdess/actor03/03-01-04-02-01-01-03.flac"
JFK = "data/asr/misc/jfk.flac"
#: What ``SoundDevice.warm_up`` raises when PulseAudio is gone as the app starts.
PA_OPEN_ERROR = ("cannot open the microphone 'pulse': Error opening InputStream: Host error "
                 "[PaErrorCode -9999]\nPulseAudio: connection refused")
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


class MicWontOpen(InMemoryDevice):
    """An in-memory device whose microphone cannot be opened, as PortAudio fails with no sound server."""

    def warm_up(self, *, timeout: float = 3.0) -> float:
        """Fail like ``SoundDevice.warm_up`` opening its input stream on a dead sound server."""
        raise CallsimError(PA_OPEN_ERROR)


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
        assert text_at(app, "#notices").startswith("m: look again · audio lost (recording failed: Stream is stopped")
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
        assert "audio would not play: read their words above" in text_at(app, "#phase")
        assert any(n.title == "Audio lost" for n in app._notifications)
        app.screen.query_one("#reply-file").value = str(shared / REPLY)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "FeedbackScreen")
        assert app.screen.outcome.reason == "file"


async def test_a_microphone_lost_mid_reading_saves_nothing_and_the_reading_can_come_from_a_file(
        tmp_path, transcriber, shared, monkeypatch):
    mic_fails_mid_reply(monkeypatch)
    jfk = shared / JFK
    svc = services(tmp_path, transcriber, [load(jfk)])
    lost_device = svc.device
    app = app_for(svc)
    async with app.run_test(size=(100, 30)) as pilot:
        await read_passage(pilot, "Not saved")
        await wait_for(pilot, lambda: LOST_AUDIO in text_at(app, "StatusHeader"))
        assert svc.device is None and lost_device.closed and svc.device_lost
        status = " ".join(text_at(app, "#cal-status").split())
        assert status == ("Not saved: the sound device stopped (recording failed: Stream is stopped "
                          "[PaErrorCode -9983]). Type the path of a recording of the passage below instead.")
        assert svc.store.load_baseline("anna") is None and not named_baseline_path("anna").exists()
        assert shown(app, "#cal-file") and app.focused is app.screen.query_one("#cal-file")
        assert "record" not in keys(app) and any(n.title == "Audio lost" for n in app._notifications)
        app.screen.query_one("#cal-file").value = str(jfk)
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Baseline saved from 1 reading:" in text_at(app, "#cal-status"))
    assert svc.store.load_baseline("anna").profile["clips"] == 1


async def test_a_microphone_that_cannot_be_opened_at_start_is_lost_and_calibration_takes_a_file(
        tmp_path, transcriber, shared):
    svc = services(tmp_path, transcriber, [])
    svc.device = broken = MicWontOpen()
    svc.find_device = lambda services_: None  # offered once the device is lost (finds nothing here)
    app = app_for(svc)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: LOST_AUDIO in text_at(app, "StatusHeader"))
        assert svc.device is None and broken.closed and svc.device_lost
        await wait_for(pilot, lambda: "find_device" in keys(app))
        notices = text_at(app, "#notices")
        assert notices.startswith("m: look again · audio lost (cannot open the microphone 'pulse': Error opening "
                                   "InputStream")
        assert "PulseAudio: connection refused" not in notices and "m: look again" in notices
        assert not any(n.title == "Microphone" for n in app._notifications)
        await wait_for(pilot, lambda: app.ready)
        app.screen.query_one("DataTable").focus()
        await pilot.press("b")
        await wait_for(pilot, lambda: shown(app, "#cal-file"))
        assert text_at(app, "#cal-status").strip() == "No microphone: give a recording of the passage instead."
        assert "record" not in keys(app)


async def test_a_device_lost_while_the_calibration_waits_says_so_there(tmp_path, transcriber):
    svc = services(tmp_path, transcriber, [])
    app = app_for(svc)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.ready)
        app.screen.query_one("DataTable").focus()
        await pilot.press("b")
        await wait_for(pilot, lambda: "Press Enter" in text_at(app, "#cal-status"))
        assert not shown(app, "#cal-file") and "record" in keys(app)
        app.audio_failed(CallsimError(PA_OPEN_ERROR))  # as the start-up warm-up does when it fails late
        await wait_for(pilot, lambda: shown(app, "#cal-file"))
        assert text_at(app, "#cal-status").strip() == ("The sound device stopped: give a recording of the passage "
                                                       "instead.")
        assert "record" not in keys(app) and LOST_AUDIO in text_at(app, "StatusHeader")
