"""Leaving a call at any moment keeps what the trainee said; keys that end screens do what they say."""

from __future__ import annotations

import time

import pytest

from callsim.store import Store
from app_helpers import answer_from_mic, answer_from_file, app_for, open_scenario, ravdess, services, shown, text_at, wait_for, write_pack

pytestmark = pytest.mark.shared
REPLY = "data/tone/ravdess/actor03/03-01-04-02-01-01-03.flac"


def screen_name(app) -> str:
    return type(app.screen).__name__


def file_app(tmp_path, transcriber):
    svc = services(tmp_path, transcriber, [], device=False, extra_dirs=[write_pack(tmp_path / "packs")])
    return svc, app_for(svc)


def slow_judging(monkeypatch) -> None:
    """Judging a reply file takes a second longer: the trainee hangs up (or opens help) meanwhile."""
    from callsim import practice

    real = practice.judge_clip

    def slow_judge(*args, **kwargs):
        time.sleep(1.0)
        return real(*args, **kwargs)

    monkeypatch.setattr(practice, "judge_clip", slow_judge)


async def at_feedback(pilot, path: str) -> str:
    """Answer the apology pack's turn from ``path`` and wait for the feedback; returns the session's uuid."""
    await answer_from_file(pilot, path)
    await wait_for(pilot, lambda: screen_name(pilot.app) == "FeedbackScreen")
    return getattr(pilot.app.screen.call.session, "uuid", None)  # None without a store


async def test_hanging_up_while_the_reply_is_judged_still_saves_it(tmp_path, transcriber, shared, monkeypatch):
    slow_judging(monkeypatch)
    svc, app = file_app(tmp_path, transcriber)
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_from_file(pilot, str(shared / REPLY))
        await wait_for(pilot, lambda: app.screen.phase == "judging")
        uuid = app.screen.call.session.uuid
        await pilot.press("escape")
        await pilot.pause(0.3)
        assert screen_name(app) == "CallScreen"  # still judging: keys work, another Esc does nothing more
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "SummaryScreen")
        summary = app.screen.call  # QA: the summary was built before the reply was judged (or home, on turn 1)
        assert app.saves.wait(timeout=30)
        assert len(summary.results) == 1 and app.screen.hung_up
        await wait_for(pilot, lambda: "score" in text_at(app, "#score"))
        assert f"score {summary.score:.0f} / 100" in text_at(app, "#score")
    turns = svc.store.load_turns(uuid)
    assert len(turns) == 1 and turns[0].verdict == summary.results[0].outcome.level
    stored = svc.store.load_session(uuid)
    assert stored.status == "abandoned" and stored.score == summary.score


async def test_help_open_while_the_reply_is_judged_leaves_to_the_summary_once_it_closes(tmp_path, transcriber,
                                                                                           shared, monkeypatch):
    """Review: with help open as the judge finished, the summary replaced help and left a dead call screen."""
    slow_judging(monkeypatch)
    svc, app = file_app(tmp_path, transcriber)
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_from_file(pilot, str(shared / REPLY))
        await wait_for(pilot, lambda: app.screen.phase == "judging")
        call = app.screen
        await pilot.press("escape")
        await pilot.press("f1")
        await wait_for(pilot, lambda: screen_name(app) == "HelpScreen")
        assert app.saves.wait(timeout=30)
        await wait_for(pilot, lambda: call.leave_pending)
        assert screen_name(app) == "HelpScreen"  # the summary waits for help to close
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "SummaryScreen")
        assert call not in app.screen_stack and len(app.screen.call.results) == 1


async def test_hanging_up_at_the_briefing_leaves_no_empty_session(tmp_path, transcriber, shared):
    svc, app = file_app(tmp_path, transcriber)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "apology-check")
        await wait_for(pilot, lambda: screen_name(app) == "CallScreen" and app.screen.call.session is not None)
        uuid = app.screen.call.session.uuid
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "HomeScreen")
    assert svc.store.list_sessions() == [] and not svc.store.session_dir(uuid).exists()


async def test_an_empty_file_path_asks_for_one_and_waits(tmp_path, transcriber, shared):
    svc, app = file_app(tmp_path, transcriber)
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_from_file(pilot, "  ")
        await pilot.pause(0.3)
        assert screen_name(app) == "CallScreen" and app.screen.phase == "reply"
        assert any("Type the path of an audio file" in n.message for n in app._notifications)


async def test_escape_on_the_feedback_hangs_up_and_keeps_the_turn(tmp_path, transcriber, shared):
    svc, app = file_app(tmp_path, transcriber)
    async with app.run_test(size=(80, 24)) as pilot:
        uuid = await at_feedback(pilot, str(shared / REPLY))
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "SummaryScreen")
        assert "You hung up; the turns you answered are saved." in text_at(app, "#score")
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "HomeScreen")
    assert svc.store.load_session(uuid).status == "abandoned" and len(svc.store.load_turns(uuid)) == 1


async def test_enter_on_the_summary_goes_home(tmp_path, transcriber, shared):
    svc = services(tmp_path, transcriber, [ravdess(shared, "sad")], extra_dirs=[write_pack(tmp_path / "packs")])
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_from_mic(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "SummaryScreen")
        last = app.screen.call.turn
        assert not last.expects_reply and f"Pat: {last.caller}" in text_at(app, "#score")  # the caller's last words
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "HomeScreen")


def test_a_skipped_pack_is_named_by_its_folder_in_one_short_line(tmp_path):
    from pathlib import Path

    from callsim.scenario_model import Problem
    from callsim.tui.home_notices import skipped_packs

    problems = [Problem(Path(f"/home/anna/.local/share/callsim/scenarios/pack{i}/scenario.toml"), 1,
                        "id 'missed-technician' is already used") for i in range(3)]
    assert skipped_packs(problems[:1]) == ["skipped pack pack0: id 'missed-technician' is already used"]
    assert skipped_packs(problems) == ["skipped 3 packs that do not load (callsim scenarios list says why): pack0, "
                                       "pack1, pack2"]  # the advice first: a long list is cut at 80 columns
    assert skipped_packs([]) == []


async def test_home_notices_take_one_line_each_however_long(tmp_path, transcriber):
    """QA: a long pack error wrapped, and the notices below it were hidden under the list."""
    from test_review import screen_text

    packs = tmp_path / "packs"
    for name in ("binp", "second"):
        (packs / name).mkdir(parents=True)
        (packs / name / "scenario.toml").write_bytes(b"\xff\xfe not toml " * 20)
    svc = services(tmp_path, transcriber, [], device=False, extra_dirs=[packs])
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "skipped 2 packs" in text_at(app, "#notices"))
        shown_lines = [line for line in screen_text(app).splitlines() if "replies come" in line or "skipped" in line]
        assert len(shown_lines) == 2 and shown_lines[1].strip().startswith(
            "skipped 2 packs that do not load (callsim scenarios list says why): binp")  # the advice is never cut


async def test_without_a_store_the_summary_does_not_claim_the_turns_were_saved(tmp_path, transcriber, shared):
    """QA: with an unusable data folder the home screen warned, yet the summary said the turns were saved."""
    svc, app = file_app(tmp_path, transcriber)
    svc.store, svc.store_error = None, "sessions will not be saved: the data folder is not writable"
    async with app.run_test(size=(80, 24)) as pilot:
        await at_feedback(pilot, str(shared / REPLY))
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "SummaryScreen")
        score = text_at(app, "#score")
        assert "You hung up; nothing was saved: the session store is not open." in score and "are saved" not in score


def test_the_summary_says_what_of_the_call_is_kept():
    """One sentence per case: all kept, some tries failed to save, no store, nothing answered."""
    from types import SimpleNamespace

    from callsim.tui.turns import CallState

    call = CallState(SimpleNamespace(first_turn=None), "pat")
    assert call.kept_note(hung_up=True) == "You hung up; no reply to keep." and call.kept_note(hung_up=False) == ""
    call.results.append(object())
    call.session, call.partial_kept = object(), True
    assert call.kept_note(hung_up=True) == ("You hung up; the turns you answered are saved, and anything you said in "
                                            "the reply you left is kept.")
    call.results, call.session, call.partial_kept = [], None, False
    call.results.append(object())
    assert call.kept_note(hung_up=False) == "Nothing was saved: the session store is not open."
    call.session = object()
    assert call.kept_note(hung_up=True) == "You hung up; the turns you answered are saved."
    assert call.kept_note(hung_up=False) == ""
    call.unsaved = 1
    assert call.kept_note(hung_up=False) == "None of your tries could be saved (see the notices)."
    call.results.append(object())
    assert call.kept_note(hung_up=False).startswith("1 of your tries could not be saved")


async def test_with_a_long_briefing_the_reply_field_is_on_screen_and_b_unfolds_the_briefing(tmp_path, transcriber,
                                                                                             shared):
    """QA: at 80x24 the file field sat under the footer after the longest briefing; the briefing now folds."""
    from test_review import screen_text

    svc = services(tmp_path, transcriber, [], device=False)
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "missed-technician")
        assert "booked for next Tuesday" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: shown(app, "#reply-file") and app.screen.focused.id == "reply-file")
        await pilot.pause(0.2)
        text = screen_text(app)
        assert "path of an audio file with your reply" in text and "b: the briefing" in text
        assert "booked for next Tuesday" not in text and "-- dB" not in text  # no level meter without a microphone
        app.screen.action_toggle_briefing()
        await pilot.pause(0.2)
        assert "booked for next Tuesday" in text_at(app, "#briefing")


async def test_quitting_mid_call_ends_it_like_hanging_up(tmp_path, transcriber, shared):
    """QA: Ctrl+Q (or the palette's Quit) on the feedback left the session 'in_progress' until the next start."""
    svc, app = file_app(tmp_path, transcriber)
    async with app.run_test(size=(80, 24)) as pilot:
        uuid = await at_feedback(pilot, str(shared / REPLY))
        await pilot.press("ctrl+q")
    assert app.saves.wait(timeout=30)
    session = svc.store.load_session(uuid)
    assert session.status == "abandoned" and session.ended is not None and len(svc.store.load_turns(uuid)) == 1


async def test_without_a_microphone_typing_goes_to_the_file_field_from_the_moment_the_call_is_taken(
        tmp_path, transcriber, shared):
    """QA: an 'h' typed in a path before the field showed hid the caller's words instead."""
    svc, app = file_app(tmp_path, transcriber)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "apology-check")
        await pilot.press("enter")
        assert app.screen.focused is app.screen.query_one("#reply-file")  # at once, before the turn begins
        await wait_for(pilot, lambda: app.screen.phase == "reply")
        app.screen.phase = "caller"  # as while the caller still speaks (nothing moves it on from here)
        await pilot.press("h", "enter")
        assert app.screen.query_one("#reply-file").value == "h" and svc.settings.show_caller_text
        await wait_for(pilot, lambda: any("Not your turn yet" in n.message for n in app._notifications))
        assert app.screen.phase == "caller"


async def test_space_while_the_caller_speaks_says_the_turn_comes(tmp_path, transcriber, shared):
    """Space (end reply) pressed during the caller's line did nothing at all."""
    import threading

    from callsim.audio_mem import InMemoryDevice

    class SlowCaller(InMemoryDevice):
        """The caller speaks until the test lets them finish."""

        release = threading.Event()

        def play(self, clip):
            self.release.wait(10)
            return super().play(clip)

    svc = services(tmp_path, transcriber, [], extra_dirs=[write_pack(tmp_path / "packs")])
    svc.device = SlowCaller([])
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "apology-check")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen.phase == "caller")
        await pilot.press("space")
        assert any("your turn starts when they finish" in n.message for n in app._notifications)
        SlowCaller.release.set()
        await wait_for(pilot, lambda: app.screen.phase != "caller")


async def test_a_reply_cut_by_the_time_limit_says_so(tmp_path, transcriber, shared):
    """QA: at the limit the microphone reply stopped mid-word and nothing said why (a reply file did say so)."""
    from app_helpers import PACK
    from callsim.clip import load

    folder = write_pack(tmp_path / "packs")
    toml = folder / "apology-check" / "scenario.toml"
    toml.write_text(PACK.replace("time_limit = 20", "time_limit = 4"))
    speech = load(shared / "data/asr/misc/jfk.flac")  # 11 s of speech, no 1.2 s pause in its first 4 s
    svc = services(tmp_path, transcriber, [speech], extra_dirs=[folder])
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_from_mic(pilot)
        said = [n.message for n in app._notifications]
        assert "Time's up: replies to this turn stop at 4 s; what you said until then is judged." in said


async def test_quitting_still_quits_when_the_store_refuses_to_close_the_call(tmp_path, transcriber, shared,
                                                                               monkeypatch):
    """A busy or purged store must never keep Ctrl+Q from quitting."""
    from callsim.tui.call import CallScreen

    def refuse(self):
        raise RuntimeError("database is locked")

    svc, app = file_app(tmp_path, transcriber)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_feedback(pilot, str(shared / REPLY))
        monkeypatch.setattr(CallScreen, "end_call", refuse)
        await pilot.press("ctrl+q")
        await pilot.pause(0.2)
        assert not app.is_running
    assert app.saves.wait(timeout=30)


@pytest.mark.parametrize("after", ["s", "enter", "b"])
async def test_keys_queued_behind_q_start_nothing(tmp_path, transcriber, shared, after):
    """``qa3/replies`` typed into the scenario table: q quits, and the s (or Enter, b) behind it must not start
    a call while the screens are torn down (it crashed, and left an empty session)."""
    from textual import events

    svc, app = file_app(tmp_path, transcriber)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.ready)
        app.screen.query_one("#scenarios").focus()
        for key in ("q", after):  # queued at once, as a terminal delivers typed text
            app.post_message(events.Key(key, None if key == "enter" else key))
        await pilot.pause(0.5)
    assert app._exception is None and app.return_code == 0
    assert svc.store.list_sessions() == []
    assert not any((tmp_path / "store").rglob("recordings/*"))


async def test_each_turn_starts_the_reply_file_box_in_the_last_files_folder(tmp_path, transcriber, shared):
    """QA: the box kept last turn's path, so Enter sent the same reply again."""
    svc, app = file_app(tmp_path, transcriber)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_feedback(pilot, str(shared / REPLY))
        await pilot.press("t")  # retry: the turn starts again
        await wait_for(pilot, lambda: screen_name(app) == "CallScreen" and shown(app, "#reply-file"))
        field = app.screen.query_one("#reply-file")
        assert field.value == f"{(shared / REPLY).parent}/" and field.cursor_position == len(field.value)
        await pilot.press(*"x.wav")
        assert field.value == f"{(shared / REPLY).parent}/x.wav"


async def test_the_next_call_starts_the_reply_file_box_in_the_last_files_folder(tmp_path, transcriber, shared):
    """A trainee answering from files keeps them in one folder: a new call starts there too, not empty."""
    svc, app = file_app(tmp_path, transcriber)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_feedback(pilot, str(shared / REPLY))
        await pilot.press("escape")  # hang up: the summary, then home
        await wait_for(pilot, lambda: screen_name(app) == "SummaryScreen")
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "HomeScreen")
        await open_scenario(pilot, "apology-check")
        await pilot.press("enter")
        await wait_for(pilot, lambda: shown(app, "#reply-file"))
        assert app.screen.query_one("#reply-file").value == f"{(shared / REPLY).parent}/"


def test_reply_folder_keeps_only_the_folder():
    from callsim.tui.call_record import reply_folder

    assert (reply_folder("/a/b/r.wav"), reply_folder("r.wav"), reply_folder(""), reply_folder("/a/")) == (
        "/a/b/", "", "", "/a/")


@pytest.mark.parametrize("columns", [80, 120])
async def test_the_summary_gives_the_callers_line_the_width_there_is(tmp_path, transcriber, shared, columns):
    """QA: the caller's line was cut at 30 characters even at 120 columns."""
    from textual.widgets import DataTable

    svc = services(tmp_path, transcriber, [], device=False)
    app = app_for(svc)
    async with app.run_test(size=(columns, 24)) as pilot:
        await open_scenario(pilot, "missed-technician")
        await pilot.press("enter")
        await wait_for(pilot, lambda: shown(app, "#reply-file"))
        app.screen.query_one("#reply-file").value = str(shared / REPLY)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "FeedbackScreen")
        await pilot.press("escape")  # hang up: the summary
        await wait_for(pilot, lambda: screen_name(app) == "SummaryScreen")
        await pilot.pause()
        table = app.screen.query_one("#turns", DataTable)
        caller = table.get_row_at(0)[1]
        assert caller.endswith("…") and len(caller) > 30  # cut where the width runs out, not at 30
        assert table.size.width - 4 <= table.virtual_size.width <= table.size.width and table.max_scroll_x == 0
        await pilot.resize_terminal(60, 20)  # QA: the rows kept their first width, the verdicts off-screen
        await wait_for(pilot, lambda: len(table.get_row_at(0)[1]) < len(caller))
        await pilot.pause()
        assert table.virtual_size.width <= table.size.width and table.max_scroll_x == 0
        assert str(table.get_row_at(0)[4]) in ("suits", "partly", "does not suit")


def footer_actions(app) -> set[str]:
    """The actions the footer shows now."""
    return {b.binding.action for b in app.screen.active_bindings.values() if b.binding.show}


async def test_the_call_footer_shows_only_the_keys_that_work_now(tmp_path, transcriber, shared):
    """QA: 'Take call' and 'End reply' stayed in the footer in every phase of the call."""
    svc = services(tmp_path, transcriber, [ravdess(shared, "sad")], clock=time,
                   extra_dirs=[write_pack(tmp_path / "packs")])
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "apology-check")
        await wait_for(pilot, lambda: app.ready and screen_name(app) == "CallScreen")
        assert {"answer", "hang_up_key"} <= footer_actions(app) and "stop_reply" not in footer_actions(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen.phase == "caller")
        assert not {"answer", "stop_reply"} & footer_actions(app)
        await wait_for(pilot, lambda: getattr(app.screen, "phase", "") == "reply")
        assert "stop_reply" in footer_actions(app) and "answer" not in footer_actions(app)


async def test_a_replay_says_what_plays_and_for_how_long(tmp_path, transcriber, shared):
    """QA: r and c replayed (checked on the virtual speaker), but nothing on screen showed that audio was playing."""
    reply = ravdess(shared, "sad")
    svc = services(tmp_path, transcriber, [reply], extra_dirs=[write_pack(tmp_path / "packs")])
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_from_mic(pilot)
        await pilot.press("r")
        said = f"▶ Playing your reply ({app.screen.outcome.clip.duration:.1f} s): r stops it"
        await wait_for(pilot, lambda: said in [n.message for n in app._notifications])
        assert svc.device.played[-1] is app.screen.outcome.clip


async def test_quitting_while_a_reading_is_measured_still_saves_the_baseline(tmp_path, transcriber, shared,
                                                                              monkeypatch):
    """QA: Ctrl+Q during "Measuring…" closed the store under the measuring worker, and the reading was lost
    without a word (Esc at that moment keeps it)."""
    from app_helpers import calibrate_from_file
    from callsim.tui import trainee

    real = trainee.measure_and_save

    def slow_measure(*args, **kwargs):
        time.sleep(1.0)  # the trainee quits during this
        return real(*args, **kwargs)

    monkeypatch.setattr(trainee, "measure_and_save", slow_measure)
    svc = services(tmp_path, transcriber, [], device=False)
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await calibrate_from_file(pilot, str(shared / "data/asr/misc/jfk.flac"))
        assert "Measuring" in text_at(app, "#cal-status")
        await pilot.press("ctrl+q")
    assert app.saves.wait(timeout=30)  # what ``callsim`` waits for before it closes the store
    svc.close()
    store = Store.open(tmp_path / "store")
    assert store.load_baseline("anna") is not None


async def test_quitting_right_after_a_note_is_saved_keeps_the_note(tmp_path, transcriber, shared, monkeypatch):
    """QA: a note (or override, grade, export) still being written when the trainer quit was lost: the store
    closed under the edit's worker."""
    from textual.widgets import DataTable
    from app_helpers import fill_store
    from callsim.tui.app import make_app

    svc = services(tmp_path, transcriber, [])
    uuid = fill_store(svc.store, svc.library, transcriber, shared)[0]
    real = svc.store.save_note

    def busy_store(note):
        time.sleep(1.0)  # another callsim is writing: the note waits for the database
        return real(note)

    monkeypatch.setattr(svc.store, "save_note", busy_store)
    app = make_app(svc, start="review")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: shown(app, "#sessions") and app.screen.query_one(DataTable).row_count == 2)
        table = app.screen.query_one("#sessions", DataTable)
        table.move_cursor(row=table.get_row_index(uuid))
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "SessionReviewScreen"
                       and "Reply:" in text_at(app, "#evidence"))
        await pilot.press("n", "enter", *"keep me", "enter", "ctrl+q")
    assert app.saves.wait(timeout=30)
    svc.close()
    assert [n.text for n in Store.open(tmp_path / "store").load_notes(uuid)] == ["keep me"]
