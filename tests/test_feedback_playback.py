"""Replays on the feedback screen: r or c again stops them, and leaving the screen stops them."""

from __future__ import annotations

from app_helpers import app_for, open_scenario, ravdess, services, wait_for
from callsim.audio import InMemoryDevice
from test_review import SlowSpeaker, footer


async def test_r_stops_the_replay_and_hanging_up_stops_it_too(tmp_path, transcriber, shared):
    """QA: a replay on the feedback screen had no stop key and played on after the trainee went on or hung up."""
    svc = services(tmp_path, transcriber, [ravdess(shared, "sad")])
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "missed-technician")
        await pilot.press("enter")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "FeedbackScreen")
        svc.device = device = InMemoryDevice(clock=SlowSpeaker())  # a second of audio takes ten
        await pilot.press("r")
        await wait_for(pilot, lambda: app.screen.playing)
        assert "r Stop" in footer(app) and "Hear me" not in footer(app)
        assert any(n.message.endswith(": r stops it") for n in app._notifications)
        await pilot.press("r")
        await wait_for(pilot, lambda: not app.screen.playing)
        assert device.stopped == device.played and "Hear me" in footer(app)
        await pilot.press("c")
        await wait_for(pilot, lambda: app.screen.playing)
        await pilot.press("escape")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "SummaryScreen")
        assert len(device.stopped) == len(device.played) == 2
