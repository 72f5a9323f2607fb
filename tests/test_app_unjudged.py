"""A reply kept without a verdict is stored with why, and with the words shown live; the review says both."""

from __future__ import annotations

import time

import pytest
from textual.widgets import DataTable

from app_helpers import answer_from_file, app_for, open_scenario, ravdess, services, text_at, wait_for, write_pack
from callsim.audio_mem import MemoryRecorder

pytestmark = pytest.mark.shared
REPLY = "data/tone/ravdess/actor03/03-01-04-02-01-01-03.flac"


def screen_name(app) -> str:
    return type(app.screen).__name__


def mic_app(tmp_path, transcriber, shared):
    """The apology pack with a microphone that speaks one sad reading in real time (so live words show)."""
    svc = services(tmp_path, transcriber, [ravdess(shared, "sad")], clock=time,
                   extra_dirs=[write_pack(tmp_path / "packs")])
    return svc, app_for(svc)


async def speak_until_words_show(pilot):
    """Take the call and wait until the reply's first words are on screen; returns the call screen."""
    app = pilot.app
    await open_scenario(pilot, "apology-check")
    await pilot.press("enter")
    await wait_for(pilot, lambda: screen_name(app) == "CallScreen" and app.screen.recording_open)
    await wait_for(pilot, lambda: text_at(app, "#partial").strip() not in ("", "…"))
    return app.screen


async def test_a_reply_ended_by_hanging_up_shows_why_and_its_live_words_in_the_review(tmp_path, transcriber, shared):
    svc, app = mic_app(tmp_path, transcriber, shared)
    async with app.run_test(size=(80, 24)) as pilot:
        call_screen = await speak_until_words_show(pilot)
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: screen_name(app) == "HomeScreen")
        assert app.saves.wait(timeout=30)
        (turn,) = svc.store.load_turns(call_screen.call.session.uuid)
        live = call_screen.shown_live
        assert (turn.verdict, turn.unjudged_reason, turn.live_transcript) == ("", "hung_up", live) and live
        app.screen.query_one(DataTable).focus()
        await pilot.press("v")
        await wait_for(pilot, lambda: screen_name(app) == "ReviewScreen" and app.screen.query("#sessions"))
        await wait_for(pilot, lambda: app.screen.query_one("#sessions", DataTable).row_count == 1)
        app.screen.query_one("#sessions", DataTable).focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Reply:" in text_at(app, "#evidence"))
        shown = " ".join(text_at(app, "#evidence").split())
    assert "Reply: not judged: the call was ended mid-reply (r plays it)" in shown
    assert f"Words shown live: “{live}” (recognised while the trainee spoke; not a judged transcript)" in shown


async def test_a_recording_that_fails_mid_reply_is_kept_as_such_with_its_live_words(tmp_path, transcriber, shared,
                                                                                   monkeypatch):
    def chunks_then_unplugged(self):
        y = self.clip.y
        for start in range(0, len(y) * 3 // 4, self.step):
            yield self._paced(y[start : start + self.step])
        raise OSError("the headset was unplugged")

    monkeypatch.setattr(MemoryRecorder, "_chunks", chunks_then_unplugged)
    svc, app = mic_app(tmp_path, transcriber, shared)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "apology-check")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "CallScreen" and app.screen.phase == "again")
        call_screen = app.screen
        assert "the headset was unplugged" in str([n.message for n in app._notifications])
        assert app.saves.wait(timeout=30)
        (turn,) = svc.store.load_turns(call_screen.call.session.uuid)
        shown = [n.message for n in app._notifications]
    assert (turn.verdict, turn.unjudged_reason) == ("", "recording_failed")
    assert f"could not judge this reply ({turn.unjudged_error}); its audio is kept" in shown  # the line it saw
    assert turn.unjudged_error.endswith("the headset was unplugged")
    assert turn.live_transcript == call_screen.shown_live != ""


async def test_a_reply_file_the_analysis_fails_on_is_kept_as_such_without_live_words(tmp_path, transcriber, shared,
                                                                                    monkeypatch):
    from callsim import practice

    def broken(*args, **kwargs):
        raise RuntimeError("analysis bug\n  at frame 3")  # the trainee is shown, and the try keeps, its first line

    monkeypatch.setattr(practice, "judge_clip", broken)
    svc = services(tmp_path, transcriber, [], device=False, extra_dirs=[write_pack(tmp_path / "packs")])
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_from_file(pilot, str(shared / REPLY))
        await wait_for(pilot, lambda: app.screen.phase == "again")
        assert app.saves.wait(timeout=30)
        (turn,) = svc.store.load_turns(app.screen.call.session.uuid)
        shown = [n.message for n in app._notifications]
    assert (turn.verdict, turn.unjudged_reason, turn.live_transcript) == ("", "analysis_failed", "")
    assert turn.unjudged_error == "analysis bug" and "could not judge this reply (analysis bug); its audio is kept" \
        in shown


async def test_hanging_up_after_the_reply_ended_but_before_it_was_judged_says_so(tmp_path, transcriber, shared,
                                                                                monkeypatch):
    from callsim.tui.call_record import RecordsReplies

    monkeypatch.setattr(RecordsReplies, "on_reply_recorded", lambda self, message: None)  # never handed to the judge
    svc = services(tmp_path, transcriber, [ravdess(shared, "sad")], extra_dirs=[write_pack(tmp_path / "packs")])
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "apology-check")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "CallScreen" and app.screen.handed_off is not None)
        call_screen = app.screen
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "HomeScreen")
        assert app.saves.wait(timeout=30)
        (turn,) = svc.store.load_turns(call_screen.call.session.uuid)
    assert (turn.verdict, turn.unjudged_reason) == ("", "ended_before_judging")
    assert turn.live_transcript == call_screen.shown_live


def live_feed_failing(monkeypatch, *, times: int):
    """LiveReply.feed raises on its 5th chunk and then for ``times`` calls in all (a bug in the live analysis, not
    the microphone); returns the list of chunks it refused."""
    from callsim.practice import LiveReply

    real, calls, refused = LiveReply.feed, [], []

    def feed(self, y):
        calls.append(1)
        if len(calls) >= 5 and len(refused) < times:
            refused.append(len(y))
            raise RuntimeError("live analysis bug")
        return real(self, y)

    monkeypatch.setattr(LiveReply, "feed", feed)
    return refused


async def test_a_live_analysis_failure_mid_reply_is_not_a_lost_microphone_and_the_reply_is_judged_whole(
        tmp_path, transcriber, shared, monkeypatch):
    refused = live_feed_failing(monkeypatch, times=1)  # once: judging the whole reply afterwards works
    svc = services(tmp_path, transcriber, [ravdess(shared, "sad")], extra_dirs=[write_pack(tmp_path / "packs")])
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "apology-check")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "FeedbackScreen")
        outcome = app.screen.outcome
        assert app.saves.wait(timeout=30)
    assert refused and not svc.device_lost and svc.device is not None
    assert outcome.tone.perceived is not None and outcome.transcript.words  # the whole reply, not the chunks before
    assert outcome.features.duration == pytest.approx(outcome.clip.duration, abs=0.05)


async def test_a_live_analysis_that_keeps_failing_keeps_the_reply_unjudged_and_the_microphone(
        tmp_path, transcriber, shared, monkeypatch):
    live_feed_failing(monkeypatch, times=10**6)  # the judging of the whole reply fails the same way
    svc = services(tmp_path, transcriber, [ravdess(shared, "sad")], extra_dirs=[write_pack(tmp_path / "packs")])
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "apology-check")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "CallScreen" and app.screen.phase == "again")
        assert app.saves.wait(timeout=30)
        (turn,) = svc.store.load_turns(app.screen.call.session.uuid)
        kept = "could not judge this reply (live analysis bug); its audio is kept"
        await wait_for(pilot, lambda: kept in [n.message for n in app._notifications])  # posted after the save
        shown = [n.message for n in app._notifications]
    assert (turn.verdict, turn.unjudged_reason, turn.unjudged_error) == ("", "analysis_failed", "live analysis bug")
    assert not svc.device_lost and svc.device is not None
    assert not any("sound device" in m.lower() for m in shown)
