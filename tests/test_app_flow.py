"""The practice app end to end with the in-memory device and the real core (model, analysis, store)."""

from __future__ import annotations

import time

import numpy as np
import pytest

from callsim.clip import Clip, load
from app_helpers import answer_from_mic, answer_from_file, calibrate_from_file, shown, text_at, app_for, calibrate, open_scenario, ravdess, read_passage, services, wait_for, write_pack

pytestmark = pytest.mark.shared
ACTOR = 8  # the sad and angry readings of one speaker, judged against her own neutral readings


def screen_name(app) -> str:
    return type(app.screen).__name__


def apology_app(tmp_path, transcriber, shared, replies):
    """The one-question apology pack, its trainee calibrated on the actor's neutral readings."""
    svc = services(tmp_path, transcriber, replies, extra_dirs=[write_pack(tmp_path / "packs")])
    calibrate(svc.store, "anna", shared, transcriber, actor=ACTOR)
    return svc, app_for(svc)


async def run_apology(tmp_path, transcriber, shared, emotion: str, *, intensity: int = 1):
    reply = ravdess(shared, emotion, actor=ACTOR, intensity=intensity)
    svc, app = apology_app(tmp_path, transcriber, shared, [reply])
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_from_mic(pilot)
        outcome = app.screen.outcome
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "SummaryScreen")
        played = [len(c.y) for c in svc.device.played]
        return svc, outcome, played, app.screen.call


async def test_sad_reply_to_an_apology_suits_and_the_caller_thanks_you(tmp_path, transcriber, shared):
    svc, outcome, played, call = await run_apology(tmp_path, transcriber, shared, "sad")
    assert outcome.tone.perceived == "somber" and outcome.tone.verdict == "suits"
    assert outcome.level == "suits" and call.turn.id == "thanks"
    assert len(played) == 2  # the question, then the thank-you line


async def test_angry_reply_to_an_apology_does_not_suit_and_the_caller_escalates(tmp_path, transcriber, shared):
    svc, outcome, played, call = await run_apology(tmp_path, transcriber, shared, "angry", intensity=2)
    assert outcome.tone.perceived == "agitated" and outcome.tone.verdict == "does not suit"
    assert call.turn.id == "angry"
    reasons = " ".join(r.tip for r in outcome.tone.reasons)
    assert reasons  # every verdict carries its tips with evidence


async def test_the_summary_explains_a_question_mark_only_when_it_shows_one(tmp_path, transcriber, shared):
    """QA: a tone too unsure to judge shows "unclear" in the summary, yet the summary explained a "?" it never
    showed (an unclear tone is a hint too, underneath)."""
    svc = services(tmp_path, transcriber, [ravdess(shared, "neutral")], extra_dirs=[write_pack(tmp_path / "packs")])
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_from_mic(pilot)
        assert app.screen.outcome.tone.is_unclear  # uncalibrated, actor 3's neutral reading: not judged
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "SummaryScreen" and text_at(app, "#top-tips"))
        assert app.screen.query_one("#turns").get_row_at(0)[3] == "unclear"
        assert '"?"' not in text_at(app, "#score")


async def test_bundled_scenario_plays_its_caller_audio_and_stores_every_turn(tmp_path, transcriber, shared):
    replies = [ravdess(shared, "happy"), ravdess(shared, "sad"), ravdess(shared, "sad", intensity=1)]
    svc = services(tmp_path, transcriber, replies)
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "missed-technician")
        await pilot.press("enter")
        seen = []
        for _ in range(2):
            await wait_for(pilot, lambda: screen_name(app) == "FeedbackScreen" and app.screen.turn.id not in seen
                           and text_at(app, "#tips"))  # its widgets exist a moment after it is current
            # every part is filled as it is built: nothing is left for a later mount step to fill
            assert "What you said" in text_at(app, "#said") and text_at(app, "#coach").strip()
            seen.append(app.screen.turn.id)
            coaching = " ".join(text_at(app, "#coach").split())
            assert app.screen.turn.coach in coaching and app.screen.turn.example.split()[-1] in coaching
            call = app.screen.call
            await pilot.press("enter")
            await wait_for(pilot, lambda: call.turn.id not in seen or screen_name(app) == "SummaryScreen")
        opening = load(svc.library.get("missed-technician").first_turn.audio_path)
        assert np.array_equal(svc.device.played[0].y, opening.y)
        assert seen == ["opening", "checked"] and call.turn.id in {"not-sorry", "fixed"}
    detail = svc.store.session_detail(call.session.uuid)
    assert [t.caller_turn_id for t in detail.turns][:2] == ["opening", "checked"]
    assert all(t.audio_path.is_file() and t.transcript["words"] is not None for t in detail.turns)
    assert detail.turns[1].target_tone == "somber" and detail.turns[1].tone["perceived"]


async def test_retry_keeps_both_attempts(tmp_path, transcriber, shared):
    replies = [ravdess(shared, "angry", actor=ACTOR), ravdess(shared, "sad", actor=ACTOR, intensity=1)]
    svc, app = apology_app(tmp_path, transcriber, shared, replies)
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_from_mic(pilot)
        first = app.screen.outcome.level
        await pilot.press("t")
        await wait_for(pilot, lambda: screen_name(app) == "FeedbackScreen" and app.screen.outcome.level != first)
        uuid = app.screen.call.session.uuid
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "SummaryScreen")
    turns = svc.store.load_turns(uuid)
    assert [(t.index, t.retry) for t in turns] == [(0, 0), (0, 1)]
    assert turns[0].verdict == "does not suit" and turns[1].verdict == "suits"


async def test_hanging_up_keeps_finished_turns_and_marks_the_session_abandoned(tmp_path, transcriber, shared):
    silence = Clip(np.zeros(10 * 16000, np.float32), 16000)  # the trainee says nothing; the mic runs in real time
    replies = [ravdess(shared, "happy"), silence]
    svc = services(tmp_path, transcriber, replies, clock=time)
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "missed-technician")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "FeedbackScreen")
        uuid = app.screen.call.session.uuid
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "CallScreen" and app.screen.recording_open)
        await pilot.press("escape")  # mid-reply, one Esc only asks
        await pilot.pause(0.2)
        assert screen_name(app) == "CallScreen" and any(
            n.message.startswith("Press Esc again to hang up") for n in app._notifications)
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "SummaryScreen")  # the answered turn, summed up
        assert app.screen.query_one("#turns").row_count == 1
        assert "anything you said in the reply you left is kept" in " ".join(text_at(app, "#score").split())
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "HomeScreen")
        assert app.saves.wait(timeout=30)  # the recording worker closes the session once it has stopped
    session = svc.store.load_session(uuid)
    assert session.status == "abandoned" and len(svc.store.load_turns(uuid)) == 1  # the silence is not kept


async def test_hanging_up_mid_reply_keeps_what_was_said_so_far(tmp_path, transcriber, shared):
    """QA: Esc 3.5 s into a reply dropped those seconds; now they are kept, unjudged, for the trainer."""
    reply = ravdess(shared, "sad", actor=ACTOR)  # about 4 s, spoken in real time
    svc = services(tmp_path, transcriber, [reply], clock=time, extra_dirs=[write_pack(tmp_path / "packs")])
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "apology-check")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "CallScreen" and app.screen.recording_open)
        uuid = app.screen.call.session.uuid
        await pilot.pause(2.0)
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: screen_name(app) == "HomeScreen")
        assert app.saves.wait(timeout=30)
    (turn,) = svc.store.load_turns(uuid)
    kept = load(turn.audio_path)
    assert not turn.verdict and 1.0 < kept.duration < reply.duration and not kept.is_silent
    assert svc.store.load_session(uuid).status == "abandoned"


async def test_without_a_device_replies_come_from_files(tmp_path, transcriber, shared):
    svc = services(tmp_path, transcriber, [], device=False, extra_dirs=[write_pack(tmp_path / "packs")])
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.ready and "no audio device" in text_at(app, "#notices"))
        await open_scenario(pilot, "apology-check")
        await pilot.press("enter")
        await wait_for(pilot, lambda: shown(app, "#reply-file"))
        field = app.screen.query_one("#reply-file")
        field.value = str(shared / "data/tone/ravdess/actor03/03-01-04-02-01-01-03.flac")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "FeedbackScreen")
        assert app.screen.outcome.transcript.words


async def test_a_reply_file_longer_than_the_time_limit_is_cut_there_and_the_trainee_told(tmp_path, transcriber, shared):
    """QA: with time_limit = 3 an 11 s reply file was judged whole, while a microphone recording stops at 3 s."""
    import soundfile as sf

    reply = ravdess(shared, "sad")
    long_file = tmp_path / "long.wav"
    sf.write(long_file, np.concatenate([reply.y] * 8)[: 25 * 16000], 16000)  # 25 s; the turn allows 20
    svc = services(tmp_path, transcriber, [], device=False, extra_dirs=[write_pack(tmp_path / "packs")])
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_from_file(pilot, str(long_file))
        await wait_for(pilot, lambda: screen_name(app) == "FeedbackScreen")
        assert app.screen.outcome.clip.duration == pytest.approx(20.0)
        said = [n.message for n in app._notifications]
        assert any(m.startswith("Your reply file lasts 25.0 s and this turn allows 20 s: its first 20 s") for m in said)


async def test_calibration_from_a_file_saves_the_baseline(tmp_path, transcriber, shared):
    svc = services(tmp_path, transcriber, [], device=False)
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await calibrate_from_file(pilot, str(tmp_path / "missing.wav"))
        await wait_for(pilot, lambda: "Not saved" in text_at(app, "#cal-status"))
        assert text_at(app, "#cal-status").strip().endswith("no such file. Give another file and press Enter.")
        app.screen.query_one("#cal-file").value = str(shared / "data/asr/misc/jfk.flac")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Baseline saved" in text_at(app, "#cal-status"))
    record = svc.store.load_baseline("anna")
    assert record is not None and record.profile["pitch_median_st"] > 0
    from callsim.baseline import resolve_baseline
    assert resolve_baseline("anna").pitch_median_st == pytest.approx(record.profile["pitch_median_st"], abs=0.01)


async def test_calibration_from_the_microphone(tmp_path, transcriber, shared):
    reading = load(shared / "data/asr/misc/jfk.flac")
    svc = services(tmp_path, transcriber, [reading])
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await read_passage(pilot, "Baseline saved")
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "HomeScreen" and "is calibrated" in text_at(app, "#calibration"))


async def test_leaving_calibration_while_the_reading_is_measured_says_the_baseline_is_saved(tmp_path, transcriber,
                                                                                            shared):
    """QA: Esc on "Measuring your reading…" saved the baseline anyway, while home kept saying "anna is not
    calibrated" (and the next call used the baseline it said was not there)."""
    reading = load(shared / "data/asr/misc/jfk.flac")
    svc = services(tmp_path, transcriber, [reading], clock=time)
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await read_passage(pilot, "Measuring")
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "HomeScreen")
        await wait_for(pilot, lambda: svc.store.load_baseline("anna") is not None)
        await wait_for(pilot, lambda: "anna is calibrated" in text_at(app, "#calibration"), seconds=5)
        assert any("the baseline is saved" in n.message for n in app._notifications)


async def test_a_baseline_saved_by_callsim_calibrate_is_used_by_the_app(tmp_path, transcriber, shared, capsys):
    from callsim.cli import main

    neutral = sorted((shared / "data/tone/ravdess/actor08").glob("03-01-01-*.flac"))
    assert main(["calibrate", "--name", "maria", *map(str, neutral)]) == 0
    svc = services(tmp_path, transcriber, [], trainee="maria")
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.ready and "maria is calibrated" in text_at(app, "#calibration"))


async def test_tabbing_back_into_the_name_keeps_it(tmp_path, transcriber):
    """QA: Tab from the list into the name field selected it, so the next key replaced the whole name."""
    svc = services(tmp_path, transcriber, [], trainee="pat")
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.ready)
        app.screen.query_one("DataTable").focus()
        await pilot.press("shift+tab")
        await wait_for(pilot, lambda: app.screen.focused is app.screen.query_one("#trainee"))
        await pilot.press("x")
        assert app.screen.query_one("#trainee").value == "patx"


async def test_the_app_refuses_the_names_the_cli_refuses_and_says_why(tmp_path, transcriber):
    """One rule for trainee names (names.trainee_name_problem) in the app and in calibrate/analyze."""
    svc = services(tmp_path, transcriber, [], trainee="")
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.ready)
        for name, said in (("", "Type your name first."), ("a/b", "That name cannot be used: it contains / or \\."),
                           ("x" * 65, "That name cannot be used: it is longer than 64 characters.")):
            app.screen.query_one("#trainee").value = name
            app.screen.query_one("DataTable").focus()
            await pilot.press("b")
            await pilot.pause()
            assert screen_name(app) == "HomeScreen" and list(app._notifications)[-1].message == said
        app.screen.query_one("#trainee").value = "Anna Smith"
        app.screen.query_one("DataTable").focus()
        await pilot.press("b")
        await wait_for(pilot, lambda: screen_name(app) == "CalibrateScreen")


async def test_a_name_with_a_slash_is_flagged_as_typed_and_enter_keeps_it_for_correction(tmp_path, transcriber):
    """QA: "Tina/tmp/qa3/replies" in the name box read "… is not calibrated: press b"; the reason came only
    when a call was started."""
    from app_helpers import text_at

    svc = services(tmp_path, transcriber, [], trainee="Tina")
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.ready)
        name = app.screen.query_one("#trainee")
        assert app.screen.focused is app.screen.query_one("DataTable")  # --trainee given: the list first
        await pilot.press("tab", *"/tmp")
        assert name.value == "Tina/tmp" and name.has_class("-invalid")
        assert text_at(app, "#calibration").strip() == "That name cannot be used: it contains / or \\."
        await pilot.press("enter")  # stays in the box, says why
        assert app.screen.focused is name and list(app._notifications)[-1].message.startswith("That name cannot")
        await pilot.press(*["backspace"] * 4, "enter")
        assert name.value == "Tina" and not name.has_class("-invalid")
        assert app.screen.focused is app.screen.query_one("DataTable") and "Tina is not calibrated" in text_at(
            app, "#calibration")


async def test_text_typed_on_the_scenario_list_says_where_typing_goes(tmp_path, transcriber):
    svc = services(tmp_path, transcriber, [], trainee="Tina")
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.ready)
        await pilot.press("a")
        assert "Tab goes to your name" in list(app._notifications)[-1].message
        app._notifications.clear()
        await pilot.press("h")  # a key of the list: it does its job, no hint
        assert not any("Tab goes" in n.message for n in app._notifications)


async def test_text_typed_right_behind_tab_lands_in_the_name(tmp_path, transcriber):
    """QA (tmux send-keys Tab then text): the keys queued behind Tab went to the list, not the name box."""
    from textual import events

    svc = services(tmp_path, transcriber, [], trainee="Tina")
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.ready)
        for key in ("tab", "x", "y"):  # queued at once, as a terminal delivers a burst
            app.post_message(events.Key(key, None if key == "tab" else key))
        await pilot.pause(0.3)
        assert app.screen.query_one("#trainee").value == "Tinaxy"


def test_a_full_path_pasted_after_the_prefilled_folder_replaces_it():
    """Review: with the last folder prefilled, a pasted absolute path became 'replies//home/me/r.wav'."""
    from callsim.tui.call_record import typed_path

    assert typed_path("replies//home/me/r.wav", "replies/") == "/home/me/r.wav"
    assert typed_path("replies/~/r.wav", "replies/") == "~/r.wav"
    assert typed_path("replies/r2.wav", "replies/") == "replies/r2.wav"
    assert typed_path("/elsewhere/r.wav", "replies/") == "/elsewhere/r.wav"


async def test_a_broken_phrases_toml_is_one_notice_and_replies_are_still_judged(tmp_path, transcriber, shared):
    """QA: a broken data-folder phrases.toml blamed a pack at start and made every reply fail after it was given."""
    from callsim import paths

    svc = services(tmp_path, transcriber, [], device=False, extra_dirs=[write_pack(tmp_path / "packs")])
    paths.data_dir().mkdir(parents=True, exist_ok=True)
    (paths.data_dir() / "phrases.toml").write_text('[moves.own_mistake]\npatterns = ["abc"\n')
    app = app_for(svc)
    async with app.run_test(size=(120, 24)) as pilot:
        await wait_for(pilot, lambda: app.ready and "phrases.toml is left out" in text_at(app, "#notices"))
        assert "not valid TOML" in text_at(app, "#notices") and "skipped pack" not in text_at(app, "#notices")
        assert "fixed: phrases.toml:2: not valid TOML" in text_at(app, "#notices")  # the data folder's path left out: it fits
        await open_scenario(pilot, "apology-check")
        await pilot.press("enter")
        await wait_for(pilot, lambda: shown(app, "#reply-file"))
        app.screen.query_one("#reply-file").value = str(shared / "data/tone/ravdess/actor03/03-01-04-02-01-01-03.flac")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "FeedbackScreen")
        assert app.screen.outcome.transcript.words
