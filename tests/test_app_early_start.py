"""The feedback says so when the trainee was already speaking as their turn began (their first words are lost),
with the in-memory microphone; a normal pause first, or a reply file, says nothing of the kind. The try keeps it,
and the review detail flags it for the trainer."""

from __future__ import annotations

import pytest
import soundfile
from textual.widgets import DataTable

from app_helpers import answer_from_file, answer_from_mic, app_for, ravdess, services, text_at, wait_for, write_pack
from callsim.early_start import speech_frames
from callsim.endpoint import FRAME_SECONDS, frame_levels

pytestmark = pytest.mark.shared
NOTICE = "You were already speaking when your turn began (speech from 0.0 s)"


def sad_reply(shared, pause: float):
    """A sad RAVDESS reading with ``pause`` seconds of its own room before the first speech frame (0: none)."""
    clip = ravdess(shared, "sad", actor=8)
    first = int(speech_frames(frame_levels(clip.y, clip.sr)).argmax()) * FRAME_SECONDS
    assert first >= pause + 0.3  # the reading has that much room before its speech
    return clip.slice(first - pause, clip.duration)


async def feedback_for(tmp_path, transcriber, reply):
    """The feedback screen's words part and the outcome, after the microphone "speaks" ``reply``."""
    svc = services(tmp_path, transcriber, [reply], extra_dirs=[write_pack(tmp_path / "packs")])
    async with app_for(svc).run_test(size=(80, 24)) as pilot:
        await answer_from_mic(pilot)
        return text_at(pilot.app, "#said"), text_at(pilot.app, "#banner"), pilot.app.screen.outcome


async def test_speech_from_0_s_shows_the_notice_above_the_words(tmp_path, transcriber, shared):
    said, banner, outcome = await feedback_for(tmp_path, transcriber, sad_reply(shared, 0.0))
    assert outcome.early_start == 0.0
    assert NOTICE in " ".join(said.split())
    assert "wait for the cue" in " ".join(said.split()) and outcome.transcript.words  # the words still follow
    assert "already speaking" not in banner  # a notice, not part of the verdict


async def test_a_normal_pause_before_speaking_shows_no_notice(tmp_path, transcriber, shared):
    said, banner, outcome = await feedback_for(tmp_path, transcriber, sad_reply(shared, 0.5))
    assert outcome.early_start is None and outcome.transcript.words
    assert "already speaking" not in said


async def test_a_reply_file_starting_with_speech_is_never_flagged(tmp_path, transcriber, shared):
    path = tmp_path / "reply.wav"
    clip = sad_reply(shared, 0.0)
    soundfile.write(path, clip.y, clip.sr)
    svc = services(tmp_path, transcriber, [], device=False, extra_dirs=[write_pack(tmp_path / "packs")])
    async with app_for(svc).run_test(size=(80, 24)) as pilot:
        await answer_from_file(pilot, str(path))
        await wait_for(pilot, lambda: "Try this" in text_at(pilot.app, "#tips"))
        assert pilot.app.screen.outcome.early_start is None
        assert "already speaking" not in text_at(pilot.app, "#said")


async def test_the_review_detail_of_a_reply_started_early_shows_the_flag(tmp_path, transcriber, shared):
    svc = services(tmp_path, transcriber, [sad_reply(shared, 0.0)], extra_dirs=[write_pack(tmp_path / "packs")])
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_from_mic(pilot)
        early, uuid = app.screen.outcome.early_start, app.screen.call.session.uuid
        await pilot.press("escape")  # hang up on the feedback: the judged try is kept
        await wait_for(pilot, lambda: type(app.screen).__name__ == "SummaryScreen")
        await pilot.press("escape")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        assert app.saves.wait(timeout=30)
        assert [t.early_start for t in svc.store.load_turns(uuid)] == [early] == [0.0]
        app.screen.query_one(DataTable).focus()
        await pilot.press("v")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ReviewScreen" and app.screen.query("#sessions"))
        await wait_for(pilot, lambda: app.screen.query_one("#sessions", DataTable).row_count == 1)
        app.screen.query_one("#sessions", DataTable).focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Reply:" in text_at(app, "#evidence"))
        shown = " ".join(text_at(app, "#evidence").split())
    flag = ("⚠ Started speaking before \"Your turn\" (speech from 0.0 s): the reply's first words may be missing "
            "Tone:")
    assert flag in shown
