"""Trainer review: sessions table, filters, sorting, a session's evidence, notes, overrides, grade, export."""

from __future__ import annotations

import dataclasses
import io
import re
import sqlite3
import threading
import time

import pytest
from rich.console import Console
from textual.widgets import DataTable, Footer, Input

from app_helpers import fill_store, services, text_at, text_of, wait_for
from callsim import paths
from callsim.records import Note, Override
from callsim.tui.app import make_app
from callsim.tui.review_filter import HINT, parse_filter

pytestmark = pytest.mark.shared


@pytest.fixture
def review_app(tmp_path, transcriber, shared):
    """A store of real analysed replies (the same numbers whatever ran before: each reply reseeds the dither)."""
    svc = services(tmp_path, transcriber, [])
    uuids = fill_store(svc.store, svc.library, transcriber, shared)
    return make_app(svc, start="review"), svc, uuids


def rows(app) -> int:
    return app.screen.query_one("#sessions", DataTable).row_count


def screen_text(app) -> str:
    """What the terminal shows now, as plain text (the same render as a screenshot)."""
    console = Console(width=app.size.width, height=app.size.height, file=io.StringIO(), record=True)
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()


def notes_text(app) -> str:
    """The Notes tab as text: its hint line, then a line per note of the highlighted try (at, by, note)."""
    found = app.screen.query("#notes-table")
    table = found.first() if found else None
    lines = [" ".join(map(str, table.get_row_at(i))) for i in range(table.row_count)] if table else []
    return "\n".join([text_at(app, "#notes"), *lines])


def named(app, name: str) -> bool:
    return type(app.screen).__name__ == name


async def open_session(pilot, app, uuid: str) -> None:
    """From the sessions table, open ``uuid`` and wait until its tries are listed."""
    await wait_for(pilot, lambda: rows(app) == 2)
    table = app.screen.query_one("#sessions", DataTable)
    table.move_cursor(row=table.get_row_index(uuid))
    await pilot.press("enter")
    await wait_for(pilot, lambda: named(app, "SessionReviewScreen") and "Reply:" in text_at(app, "#evidence"))


async def test_filter_and_sort(review_app):
    app, svc, uuids = review_app
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: rows(app) == 2)
        await pilot.press("slash", *"trainee:anna", "enter")
        await wait_for(pilot, lambda: rows(app) == 1)
        assert app.screen.sessions[0].trainee == "anna"
        app.screen.query_one("#filter").value = "notes"
        await pilot.press("slash", "enter")
        await wait_for(pilot, lambda: rows(app) == 0)
        app.screen.query_one("#filter").value = ""
        await pilot.press("slash", "enter", "s")
        await wait_for(pilot, lambda: app.screen.order.key == "trainee" and rows(app) == 2)
        assert [s.trainee for s in app.screen.sessions] == ["anna", "ben"]  # names sort A→Z first
        assert str(paths.data_dir()) in text_of(app.screen.query_one("#datadir"))


def headers(app) -> list[str]:
    return [c.label.plain for c in app.screen.query_one("#sessions", DataTable).ordered_columns]


async def test_s_moves_the_sort_on_and_shift_s_or_the_header_reverses_it(review_app):
    """QA: s always sorted descending (Z→A names, no way to turn it round from the keyboard), and only the status
    line said which way."""
    app, svc, uuids = review_app
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: rows(app) == 2)
        assert headers(app)[:2] == ["Date ▼", "Trainee"] and "sorted by Date, newest first" in text_at(app, "#datadir")
        assert [s.uuid for s in app.screen.sessions] == uuids[::-1]
        await pilot.press("S")
        await wait_for(pilot, lambda: "sorted by Date, oldest first" in text_at(app, "#datadir"))
        assert headers(app)[0] == "Date ▲" and [s.uuid for s in app.screen.sessions] == uuids
        await pilot.press("s")
        await wait_for(pilot, lambda: "sorted by Trainee, A→Z" in text_at(app, "#datadir"))
        assert headers(app)[:2] == ["Date", "Trainee ▲"] and [s.trainee for s in app.screen.sessions] == ["anna", "ben"]
        await pilot.press("S")
        await wait_for(pilot, lambda: "sorted by Trainee, Z→A" in text_at(app, "#datadir"))
        assert headers(app)[1] == "Trainee ▼" and [s.trainee for s in app.screen.sessions] == ["ben", "anna"]
        await pilot.press("s", "s", "s")
        await wait_for(pilot, lambda: "sorted by Score, highest first" in text_at(app, "#datadir"))
        await pilot.click("#sessions", offset=(2, 0))  # the Date header: its first direction, then reversed
        await wait_for(pilot, lambda: "sorted by Date, newest first" in text_at(app, "#datadir"))
        await pilot.click("#sessions", offset=(2, 0))
        await wait_for(pilot, lambda: "sorted by Date, oldest first" in text_at(app, "#datadir"))
        table = app.screen.query_one("#sessions", DataTable)
        assert all(c.get_render_width(table) - 2 * table.cell_padding >= len(c.label.plain) for c in
                   table.ordered_columns)  # an arrow never cuts a header short
        assert "Reverse the sort" in [title for title, _, _ in app.screen.palette_commands()]


async def test_the_highlighted_session_stays_highlighted_back_from_it_and_when_resorted(review_app):
    """QA: back from the second session (Esc), or after s/S, the highlight jumped to the first row, so the trainer
    lost their place in the list."""
    app, svc, uuids = review_app
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(pilot, app, uuids[0])  # the older session: the second row, newest first
        await pilot.press("escape")
        await wait_for(pilot, lambda: named(app, "ReviewScreen") and rows(app) == 2)
        await pilot.pause(0.5)  # the list is read again on the way back
        assert app.screen._current().uuid == uuids[0]
        await pilot.press("S")
        await wait_for(pilot, lambda: "oldest first" in text_at(app, "#datadir"))
        table = app.screen.query_one("#sessions", DataTable)
        assert table.cursor_row == 0 and app.screen._current().uuid == uuids[0]


def test_each_column_sorts_first_the_way_people_read_it():
    from callsim.tui.review_sort import SortOrder, first_order

    assert [first_order(k).descending for k in ("started", "trainee", "score", "grade")] == [True, False, True, False]
    order = SortOrder()
    for _ in range(6):
        order = order.next_column()
    assert order == SortOrder() and order.reversed().reversed() == order
    assert order.clicked("started") == SortOrder("started", False) and order.clicked("grade").header("grade") == "Grade ▲"
    assert SortOrder("score", False).words() == "Score, lowest first" and order.header("trainee") == "Trainee"


async def test_note_override_grade_and_export(review_app, tmp_path):
    from callsim.tui.review_render import original_verdict

    app, svc, uuids = review_app
    async with app.run_test(size=(100, 30)) as pilot:
        await open_session(pilot, app, uuids[0])
        app.screen.query_one("#review-tabs").active = "tab-words"
        app.screen.query_one("#words", DataTable).focus()
        await pilot.press("down", "n")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "NoteDialog")
        await pilot.press("enter", *"<script>alert(1)</script> warmer here", "enter")

        await wait_for(pilot, lambda: "warmer here" in notes_text(app))
        notes = svc.store.load_notes(uuids[0])
        word = svc.store.load_turns(uuids[0])[0].transcript["words"][1]
        assert notes[0].text.startswith("<script>") and notes[0].at_seconds == pytest.approx(word["start"])
        new = "suits" if original_verdict(app.screen.turn, "tone") == "does not suit" else "does not suit"
        await pilot.press("o")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "OverrideDialog")
        app.screen.query_one("#verdict").value = new  # not the verdict as judged (the tone model may change)
        app.screen.query_one("#reason").focus()
        await pilot.press(*"sounded flat", "enter")
        await wait_for(pilot, lambda: "overridden" in text_at(app, "#evidence"))
        (override,) = svc.store.load_overrides(uuids[0])
        assert override.kind == "tone" and override.new_value == new and override.reason == "sounded flat"
        assert override.original in {"suits", "partly", "does not suit"}
        await pilot.press("g", "ctrl+a", *"B+", "enter")
        await wait_for(pilot, lambda: svc.store.load_session(uuids[0]).grade == "B+")
        await wait_for(pilot, lambda: "grade B+" in text_at(app, "#session-head"))
        await pilot.press("x")
        await wait_for(pilot, lambda: any(n.title == "Report saved" for n in app._notifications))
        (saved,) = [n for n in app._notifications if n.title == "Report saved"]
    reports = list((paths.data_dir() / "reports").glob("*.html"))
    lines = saved.message.splitlines()  # the file name whole (broken after a "-"), then its folder
    folder = next(i for i, line in enumerate(lines) if line.startswith("in "))
    assert "".join(lines[:folder]) == reports[0].name and "".join(lines[folder:]) == f"in {reports[0].parent}"
    html = reports[0].read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html


async def test_progress_screen(review_app):
    app, svc, uuids = review_app
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: rows(app) == 2)
        await pilot.press("p")
        await wait_for(pilot, lambda: "most frequent misses" in text_at(app, "#progress-text"))
        text = text_at(app, "#progress-text")
        assert text_at(app, "#score-plot").splitlines()[0].startswith("100 ▕")  # a fixed 0-100 scale
        assert "session" in text and "move not heard: " in text  # moves named in words, not by their ids
        assert not re.search(r"\b(apologize|acknowledge|own_mistake|time_frame|offer_help|accept_no)\b", text)


def test_filter_words():
    assert parse_filter("anna score>=50 notes status:complete") == {
        "trainee": "anna", "min_score": 50.0, "has_notes": True, "status": "complete"}
    assert parse_filter("score<80 scenario:missed-technician")["under_score"] == 80.0  # 80 itself is not < 80
    assert parse_filter("score>50 score<=90") == {"over_score": 50.0, "max_score": 90.0}
    assert parse_filter("trainee:O'Brien") == {"trainee": "O'Brien"}  # an apostrophe is a letter, not a quote
    with pytest.raises(ValueError, match="unknown filter 'colour:red'"):
        parse_filter("colour:red")
    with pytest.raises(ValueError, match="not a date"):
        parse_filter("since:yesterday")
    with pytest.raises(ValueError, match="'score>=abc': a score needs a number, e.g. score>=50"):
        parse_filter("score>=abc")  # not a trainee called "score>=abc"
    with pytest.raises(ValueError, match="unknown status 'done'; one of: in_progress, complete, incomplete"):
        parse_filter("status:done")
    import callsim.tui.review_filter as module

    assert "scenario:missed-technician" in module.__doc__ and "scenario:missed " not in module.__doc__


def test_a_filter_given_twice_is_refused_and_spaces_inside_a_word_are_read_as_meant():
    """QA (trainer with 1,500 sessions): 'zoe ben' listed Ben's sessions only, the first name dropped silently;
    'score >= 50' said there is no trainee called '50'."""
    with pytest.raises(ValueError, match=r"two trainees \('zoe', 'ben'\): one at a time; quote a full name"):
        parse_filter("zoe ben")
    with pytest.raises(ValueError, match=r"score>= given twice \(50 and 60\)"):
        parse_filter("score>=50 score>=60")
    with pytest.raises(ValueError, match="since: given twice"):
        parse_filter("since:2026-01-01 since:2026-02-01")
    assert parse_filter("zoe trainee:Zoë")["trainee"] == "Zoë"  # one name twice, in any case or accents
    assert parse_filter("score >= 50 trainee: anna score< 80") == {"min_score": 50.0, "trainee": "anna",
                                                                   "under_score": 80.0}


def test_names_in_a_filter_match_whatever_their_case_and_unknown_ones_are_named(tmp_path):
    from callsim.store import Store
    from callsim.tui.review_filter import list_matching
    from report_helpers import BOB, fill

    with Store.open(tmp_path / "store") as store:
        fill(store)
        assert {s.trainee for s in list_matching(store, parse_filter("Ann"))} == {"ann"}
        assert len(list_matching(store, parse_filter("trainee:ANN scenario:Late-Parcel"))) == 3
        with pytest.raises(ValueError, match=f"no trainee called 'zed' \\(known: {re.escape(BOB)}, ann\\)"):
            list_matching(store, parse_filter("zed"))
        with pytest.raises(ValueError, match="no scenario called 'missed' \\(known: late-parcel\\)"):
            list_matching(store, parse_filter("scenario:missed"))
        store.start_session("Anna Smith", "late-parcel", "Late parcel")
        whole = list_matching(store, parse_filter('trainee:"anna smith"'))
        assert [s.trainee for s in whole] == ["Anna Smith"]  # quotes keep a name with spaces whole
        assert [s.trainee for s in list_matching(store, parse_filter("SMITH"))] == ["Anna Smith"]  # one of its words
        assert {s.trainee for s in list_matching(store, parse_filter("ann"))} == {"ann"}  # an exact name wins


def test_graded_ungraded_and_grade_filter_a_trainers_queue(tmp_path):
    """A trainer grading 1,500 sessions had no way to list the ones still to grade, nor those given a grade."""
    from callsim.store import Store
    from callsim.tui.review_filter import list_matching

    with Store.open(tmp_path / "store") as store:
        uuids = [store.start_session(name, "late-parcel", "Late parcel").uuid for name in ("ann", "ann", "bob")]
        store.grade_session(uuids[0], "B+")
        store.grade_session(uuids[2], "Pass")

        def listed(query):
            return sorted(uuids.index(s.uuid) for s in list_matching(store, parse_filter(query)))

        assert (listed("ungraded"), listed("graded"), listed("grade:b+"), listed("grade:PASS ann")) == \
            ([1], [0, 2], [0], [])
        assert listed("ann ungraded") == [1] and listed("ann graded") == [0]
    with pytest.raises(ValueError, match="graded and ungraded: one at a time"):
        parse_filter("graded ungraded")
    with pytest.raises(ValueError, match="unknown filter 'grade:'; try: .* graded ungraded grade:G"):
        parse_filter("grade:")


def test_a_filter_from_the_first_to_the_last_day_lists_every_session(tmp_path, new_york):
    """QA: since:0001-01-01 showed '✗ cannot list the sessions: year 0 is out of range'."""
    from callsim.store import Store
    from callsim.tui.review_filter import list_matching
    from report_helpers import fill

    with Store.open(tmp_path / "store") as store:
        fill(store)
        every = store.list_sessions()
        assert len(list_matching(store, parse_filter("since:0001-01-01 until:9999-12-31"))) == len(every)
        assert len(list_matching(store, parse_filter("since:0500-01-01"))) == len(every)
        with pytest.raises(ValueError, match="a quote is not closed"):
            parse_filter('trainee:"Anna')


def test_a_trainee_filter_ignores_accents_as_well_as_case(tmp_path):
    """QA: trainee:zoe did not find "Zoë", nor jose "José Ruiz"; an exact spelling still wins over a folded one."""
    from callsim.names import names_matching
    from callsim.store import Store
    from callsim.tui.review_filter import list_matching

    with Store.open(tmp_path / "store") as store:
        for name in ("Zoë", "José Ruiz", "Søren"):
            store.start_session(name, "late-parcel", "Late parcel")
        for typed, found in (("trainee:zoe", "Zoë"), ("ZOE", "Zoë"), ("jose", "José Ruiz"), ("ruiz", "José Ruiz"),
                             ('trainee:"jose ruiz"', "José Ruiz"), ("soren", "Søren")):
            assert [s.trainee for s in list_matching(store, parse_filter(typed))] == [found], typed
        store.start_session("Zoe", "late-parcel", "Late parcel")
        assert [s.trainee for s in list_matching(store, parse_filter("zoe"))] == ["Zoe"]
        assert [s.trainee for s in list_matching(store, parse_filter("Zoë"))] == ["Zoë"]
    assert names_matching("JOSÉ", ["José Ruiz", "Jose"]) == ["Jose"]  # the whole name first, accents aside


def test_review_snapshots(snap_compare, review_app):
    app, svc, uuids = review_app

    async def run_before(pilot):
        await wait_for(pilot, lambda: rows(app) == 2 and app.ready)
        table = app.screen.query_one("#sessions", DataTable)
        table.move_cursor(row=table.get_row_index(uuids[0]))
        await pilot.press("enter")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "SessionReviewScreen")
        await wait_for(pilot, lambda: "Energy" in text_at(app, "#evidence"))  # plots come from a worker
        await pilot.pause()
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("width, listed", [(80, False), (100, True)])
async def test_c_for_the_caller_is_listed_in_the_footer_where_it_fits_and_works_everywhere(review_app, width, listed):
    """QA: the session footer never listed c (the caller's line); at 80 columns it does not fit beside the rest."""
    app, svc, uuids = review_app
    async with app.run_test(size=(width, 24)) as pilot:
        await open_session(pilot, app, uuids[0])
        footer = screen_text(app).splitlines()[-1]
        assert ("c Caller" in footer) is listed and "f1 Help" in footer and "esc Back" in footer, footer
        await pilot.press("c")
        await wait_for(pilot, lambda: svc.device.played)  # the caller's line plays either way


def second_try(store, uuid: str):
    """Turn 1 of ``uuid`` answered again: a second try (retry 1) that suited."""
    first = store.load_turns(uuid)[0]
    store.save_turn(dataclasses.replace(first, retry=1, verdict="suits", audio_path=None))
    return first


async def test_a_note_and_an_override_belong_to_the_highlighted_try(review_app):
    app, svc, uuids = review_app
    second_try(svc.store, uuids[0])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(pilot, app, uuids[0])
        turns = app.screen.query_one("#review-turns", DataTable)
        assert [turns.get_row_at(i)[:2] for i in range(3)] == [["1", "1"], ["1", "2"], ["2", "1"]]
        await pilot.press("down", "n")
        await wait_for(pilot, lambda: named(app, "NoteDialog"))
        await pilot.pause()
        shown = screen_text(app)  # which try the note is for, and every line whole at 80 columns
        for line in ("Note on turn 1, try 2", "At: seconds into the reply (empty: the whole reply)",
                     "Enter in At only moves to Note; Enter in Note saves."):
            assert line in shown, line
        await pilot.press("enter", *"better on try two", "enter")
        await wait_for(pilot, lambda: "better on try two" in notes_text(app))
        await pilot.press("up", "o")
        await wait_for(pilot, lambda: named(app, "OverrideDialog"))
        await pilot.pause()
        shown = screen_text(app)
        for line in ("Override turn 1, try 1", "Reason (required; the original verdict is kept too)"):
            assert line in shown, line
        app.screen.query_one("#reason").focus()
        await pilot.press(*"first try was fine", "enter")
        await wait_for(pilot, lambda: "first try was fine" in text_at(app, "#evidence"))
        assert "better on try two" not in notes_text(app) and "another try" in notes_text(app)
        assert "✎" in str(turns.get_row_at(0)[-1]) and "✎" not in str(turns.get_row_at(1)[-1])
        await pilot.press("down")
        await wait_for(pilot, lambda: "better on try two" in notes_text(app))
        assert "first try was fine" not in text_at(app, "#evidence")
    (note,), (override,) = svc.store.load_notes(uuids[0]), svc.store.load_overrides(uuids[0])
    assert (note.turn_index, note.retry, override.turn_index, override.retry) == (0, 1, 0, 0)


async def test_the_session_screen_fits_80_by_24(review_app):
    app, svc, uuids = review_app
    second_try(svc.store, uuids[0])
    for kind in ("tone", "content"):  # both verdicts of try 1 overridden: the widest verdict cell
        svc.store.save_override(Override(uuids[0], 0, kind, "partly", "does not suit", "flat", "trainer", retry=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(pilot, app, uuids[0])
        await wait_for(pilot, lambda: "Energy" in text_at(app, "#evidence"))
        shown = screen_text(app)
        assert "complete · score 0 · not graded" in shown and "Back" in shown and "Help" in shown
        assert f"id {uuids[0][:8]}" in shown  # what export --session takes
        assert "path: " in shown and "✗" in shown.split("path: ")[1].splitlines()[0]  # the way the call went
        assert app.screen.query_one(Footer).max_scroll_x == 0
        turns = app.screen.query_one("#review-turns", DataTable)
        assert turns.max_scroll_x == 0 and "✎tone+words" in str(turns.get_row_at(0)[-1])
        for _ in range(4):  # Tab reaches the evidence, which then scrolls from the keyboard
            if app.focused is app.screen.query_one("#evidence-scroll"):
                break
            await pilot.press("tab")
        assert app.focused.id == "evidence-scroll" and "Energy" not in screen_text(app)
        # c (play the caller) stays out of the footer: it is in the help and the command palette
        assert "Caller" not in screen_text(app).splitlines()[-1]
        assert "Play caller" in [title for title, _, _ in app.screen.palette_commands()]
        await pilot.press("pagedown", "end")
        await wait_for(pilot, lambda: "Energy" in screen_text(app))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_turns_table_marks_an_early_start_and_says_why_a_try_was_not_judged(review_app, size):
    """QA: only the Evidence tab showed that a try began before "Your turn", or why it was not judged."""
    from callsim.records import TurnRecord

    app, svc, uuids = review_app
    first = svc.store.load_turns(uuids[0])[0]
    svc.store.save_turn(dataclasses.replace(first, early_start=0.04))
    svc.store.save_turn(TurnRecord(uuids[0], 0, first.caller_turn_id, first.caller_text, first.target_tone, retry=1,
                                   unjudged_reason="recording_failed", unjudged_error="the headset was unplugged"))
    for kind in ("tone", "content"):  # the widest verdict cell beside them
        svc.store.save_override(Override(uuids[0], 0, kind, "partly", "does not suit", "flat", "trainer", retry=0))
    async with app.run_test(size=size) as pilot:
        await open_session(pilot, app, uuids[0])
        turns = app.screen.query_one("#review-turns", DataTable)
        cells = [[str(c) for c in turns.get_row_at(i)] for i in range(3)]
        assert [row[1] for row in cells] == ["1 ⚠", "2", "1"]  # only the try that started early
        assert [row[-1] for row in cells] == ["does not suit ✎tone+words", "not judged: mic failed", "does not suit"]
        shown = screen_text(app)
        assert "1 ⚠" in shown and "not judged: mic failed" in shown and turns.max_scroll_x == 0
        await pilot.press("down")
        await wait_for(pilot, lambda: "Error: the headset was unplugged" in text_at(app, "#evidence"))


def test_every_unjudged_reason_has_a_short_word_that_fits_the_verdict_cell():
    from callsim.records import TurnRecord
    from callsim.tui.review_render import UNJUDGED_SHORT, unjudged_cell
    from callsim.vocab import UNJUDGED_REASONS

    assert set(UNJUDGED_SHORT) == set(UNJUDGED_REASONS)
    cells = [unjudged_cell(TurnRecord("s", 0, "c", "Hi", "calm", unjudged_reason=r)).plain
             for r in (*UNJUDGED_REASONS, "a_reason_from_a_newer_callsim")]
    assert all(len(c) <= len("does not suit ✎tone+words") for c in cells)
    assert cells[-1] == "not judged: a reason from"  # an id this callsim does not know, in words, cut to fit


class SlowSpeaker:
    """The in-memory speaker's clock, on which a second of audio takes ten: a clip plays long enough for a key to
    stop it, whatever else the machine is doing."""

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds * 10)


def footer(app) -> str:
    return screen_text(app).splitlines()[-1]


async def test_r_or_c_stops_the_clip_playing_and_leaving_the_session_stops_it_too(review_app):
    """QA: the review had no key to stop a replay: a long reply played to its end, even after Esc."""
    from callsim.audio import InMemoryDevice

    app, svc, uuids = review_app
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(pilot, app, uuids[0])
        await pilot.press("r")  # a clip that ends by itself: the footer says Reply again
        await wait_for(pilot, lambda: len(svc.device.played) == 1 and not app.screen.playing)
        assert "Reply" in footer(app) and "Stop" not in footer(app) and svc.device.stopped == []
        svc.device = device = InMemoryDevice(clock=SlowSpeaker())
        await pilot.press("r")
        await wait_for(pilot, lambda: app.screen.playing)
        assert "r Stop" in footer(app) and "Reply" not in footer(app)
        assert any(n.message.endswith(": r stops it") for n in app._notifications)
        assert "Stop playing" in [title for title, _, _ in app.screen.palette_commands()]
        await pilot.press("r")
        await wait_for(pilot, lambda: not app.screen.playing)
        assert device.stopped == device.played and device.playbacks[0].done  # cut off, not played out
        assert "■ Stopped the reply." in [n.message for n in app._notifications] and "Reply" in footer(app)
        await pilot.press("c")
        await wait_for(pilot, lambda: app.screen.playing)
        await pilot.press("c")
        await wait_for(pilot, lambda: len(device.stopped) == 2 and not app.screen.playing)
        await pilot.press("r")
        await wait_for(pilot, lambda: app.screen.playing)
        await pilot.press("escape")
        await wait_for(pilot, lambda: named(app, "ReviewScreen"))
        assert len(device.stopped) == len(device.played) == 3


async def test_edits_wait_off_the_ui_thread_and_a_refused_note_comes_back(review_app):
    app, svc, uuids = review_app
    release = threading.Event()

    def locked(*args):
        release.wait(10)
        raise sqlite3.OperationalError("database is locked")

    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(pilot, app, uuids[0])
        svc.store.save_note = svc.store.grade_session = locked
        await pilot.press("n", "enter", *"keep this", "enter")
        await wait_for(pilot, lambda: named(app, "SessionReviewScreen"))
        await pilot.press("down")  # the screen answers while the store waits
        await wait_for(pilot, lambda: app.screen.query_one("#review-turns", DataTable).cursor_row == 1)
        release.set()
        await wait_for(pilot, lambda: named(app, "NoteDialog"))
        assert app.screen.query_one("#text", Input).value == "keep this"
        assert any("database is locked" in str(n.message) for n in app._notifications)
        await pilot.press("escape", "g", *"B", "enter")
        await wait_for(pilot, lambda: named(app, "GradeDialog") and app.screen.query_one(Input).value == "B")
        await pilot.press("escape")
        import callsim.tui.review_files as files

        files.export_session, real = (lambda *a: (_ for _ in ()).throw(OSError("disk full"))), files.export_session
        try:
            await pilot.press("x")
            await wait_for(pilot, lambda: any("disk full" in str(n.message) for n in app._notifications))
        finally:
            files.export_session = real
        assert app.is_running


async def test_escape_in_the_filter_leaves_the_field_first_and_a_bad_filter_says_so(review_app):
    app, svc, uuids = review_app
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: rows(app) == 2)
        field = app.screen.query_one("#filter", Input)
        assert field.content_region.width >= len(HINT)  # the whole placeholder shows at 80 columns
        await pilot.press("slash", *"colour:red", "enter")
        await wait_for(pilot, lambda: "NOT filtered" in text_at(app, "#datadir"))
        assert "unknown filter 'colour:red'" in text_at(app, "#datadir") and app.focused is field
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running and app.focused is app.screen.query_one("#sessions") and field.value == "colour:red"
        for bad, says in (("score>=abc", "a score needs a number"), ("status:done", "unknown status 'done'"),
                          ("scenario:missed", "no scenario called 'missed' (known: missed-technician)"),
                          ("Zed", "no trainee called 'Zed' (known: anna, ben)")):
            field.value = bad
            field.focus()
            await pilot.press("enter")
            await wait_for(pilot, lambda: says in text_at(app, "#datadir"))
            assert "NOT filtered" in text_at(app, "#datadir") and rows(app) == 2, bad
        field.value = "Anna"  # names match whatever their case
        field.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: rows(app) == 1 and "1 session ·" in text_at(app, "#datadir"))
        assert app.screen.sessions[0].trainee == "anna"
        await pilot.press("escape")
        await pilot.pause()
        assert app.return_code is not None  # the second Esc quits `callsim review`


async def test_help_opens_at_the_section_of_the_current_screen(review_app):
    from callsim.tui.help import SECTIONS, section_for

    app, svc, uuids = review_app
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(pilot, app, uuids[0])
        await pilot.press("f1")
        await wait_for(pilot, lambda: named(app, "HelpScreen"))
        index = section_for("SessionReviewScreen")
        box, section = app.screen.query_one("#help"), app.screen.query_one(f"#help-{index}")
        await wait_for(pilot, lambda: box.scroll_y > 0)
        assert SECTIONS[index][0] == "Review a session" and box.content_region.contains_region(section.region)
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: named(app, "ReviewScreen"))
        await pilot.press("f1")
        await wait_for(pilot, lambda: named(app, "HelpScreen"))
        await pilot.pause()
        top = app.screen.query_one(f"#help-{section_for('ReviewScreen')}").region.y
        assert top == app.screen.query_one("#help").content_region.y  # the Review section's title on top


def test_help_lists_every_screen_once_per_key_and_fits_80_columns():
    from callsim.tui.help import SECTIONS, section_text

    titles = [title for title, _, _ in SECTIONS]
    assert {"Summary", "Progress", "Review", "Review a session"} <= set(titles)
    for title, _, keys in SECTIONS:
        named_keys = [k for key, _ in keys for k in key.split() if k not in ("↑", "↓")]
        assert len(named_keys) == len(set(named_keys)), title  # one meaning per key and screen
        assert all(len(line) <= 70 for line in section_text(title, keys).plain.splitlines()), title
    assert "the caller" in dict(SECTIONS[titles.index("Review a session")][2])["r c"]
    home = dict(SECTIONS[titles.index("Home")][2])
    review = dict(SECTIONS[titles.index("Review")][2])
    assert home["q"] == "quit" and "sort" in review["s"] and "o" not in review


def test_evidence_names_moves_and_banned_phrases_in_words():
    from callsim.records import TurnRecord
    from callsim.tui.review_evidence import evidence
    from report_helpers import T0, payloads

    p = payloads("i'm sorry calm down", target="somber", perceived="calm", tone_level="partly",
                 moves=["apologize"], banned=["calm_down"], missing=["offer_help"])
    turn = TurnRecord("s", 0, "t1", "hello", "somber", p["transcript"], p["prosody"], p["tone"], p["content"],
                      "partly", 0, T0)
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(evidence(turn, []))
    words = next(line for line in console.export_text().splitlines() if line.startswith("Words:"))
    assert "✓ apologised “i'm sorry”" in words and "✗ offered more help: not heard" in words
    assert "✗ avoid \"calm down\": “calm down”" in words
    assert not re.search(r"apologize|offer_help|calm_down", words)


def test_the_saved_report_notice_breaks_between_names_not_inside_them(tmp_path):
    from pathlib import Path

    from callsim.tui.review_files import saved_message

    path = Path.home() / ".local/share/callsim/reports/anna-20261101-1030-missed-technician.html"
    assert saved_message(path, width=57).splitlines() == ["anna-20261101-1030-missed-technician.html",
                                                          "in ~/.local/share/callsim/reports"]
    lines = saved_message(path, width=37).splitlines()  # the notice at 80 columns
    assert lines == ["anna-20261101-1030-missed-", "technician.html", "in ~/.local/share/callsim/reports"]
    deep = tmp_path / ("a" * 30) / "reports" / "ben-20261101-1030-x.html"
    lines = saved_message(deep, width=37).splitlines()
    assert lines[0] == deep.name and "".join(lines[1:]) == f"in {deep.parent}"
    assert all(len(line) <= 37 and line.endswith("/") for line in lines[1:-1])


def test_an_exported_file_name_stays_in_the_reports_folder(tmp_path):
    from callsim.store import Store
    from callsim.tui.review_files import export_session
    from report_helpers import fill, session

    hostile = "../<script>bob</script>"  # the app refuses such a name; an old or hand-made store may hold one
    with Store.open(tmp_path / "store") as store:
        fill(store)
        path = export_session(store, session(store, "e0000000-0000-4000-8000-00000000000e", hostile, 4, 0.0))
    assert path.parent == paths.data_dir() / "reports" and path.is_file()
    assert path.name.startswith("____script_bob__script_-") and "/" not in path.name


async def test_a_note_time_outside_the_reply_is_refused_and_the_form_stays(review_app):
    """QA: notes at -5 s and 99 s on a 3.3 s reply were saved as typed."""
    app, svc, uuids = review_app
    async with app.run_test(size=(100, 30)) as pilot:
        await open_session(pilot, app, uuids[0])
        length = svc.store.load_turns(uuids[0])[0].prosody["duration"]
        for bad in ("-5", "99"):
            await pilot.press("n")
            await wait_for(pilot, lambda: named(app, "NoteDialog"))
            app.screen.query_one("#at", Input).value = bad
            app.screen.query_one("#text", Input).value = "too fast"  # the second time, the draft Esc kept
            await pilot.press("enter", "enter")
            await wait_for(pilot, lambda: any("is outside the reply" in n.message for n in app._notifications))
            assert named(app, "NoteDialog") and f"give 0 to {length:.1f} s" in list(app._notifications)[-1].message
            await pilot.press("escape")
            app._notifications.clear()
        assert svc.store.load_notes(uuids[0]) == []
        await pilot.press("n")
        await wait_for(pilot, lambda: named(app, "NoteDialog"))
        app.screen.query_one("#at", Input).value = f"{length:.2f}"
        await pilot.press("enter", "ctrl+u", "enter")  # QA: an empty note did nothing and said nothing
        await wait_for(pilot, lambda: any("Type the note first" in n.message for n in app._notifications))
        assert named(app, "NoteDialog")
        await pilot.press(*"ends well", "enter")
        await wait_for(pilot, lambda: len(svc.store.load_notes(uuids[0])) == 1)
        assert svc.store.load_notes(uuids[0])[0].text == "ends well"


def dialog_fields(app) -> tuple[str, str]:
    return app.screen.query_one("#at", Input).value, app.screen.query_one("#text", Input).value


async def test_esc_in_the_note_dialog_keeps_what_was_typed_for_that_note(review_app):
    """QA: Esc in the note dialog dropped the typed note without a word (trainers press Esc to hear the reply
    again before they finish writing)."""
    app, svc, uuids = review_app
    second_try(svc.store, uuids[0])
    svc.store.save_note(Note(uuids[0], 0, "keep me", "trainer", 0.5, retry=0))
    kept = "Note not saved, kept as a draft: n on turn 1, try 1 opens it again."
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(pilot, app, uuids[0])
        await pilot.press("n")
        await wait_for(pilot, lambda: named(app, "NoteDialog"))
        assert "Esc keeps what you typed as a draft, for next time." in screen_text(app)
        await pilot.press(*"1.2", "enter", *"rushed the apology", "escape")
        await wait_for(pilot, lambda: named(app, "SessionReviewScreen"))
        assert [n.message for n in app._notifications][-1] == kept and len(svc.store.load_notes(uuids[0])) == 1
        await pilot.press("escape")  # the draft outlives the session screen
        await open_session(pilot, app, uuids[0])
        await pilot.press("down", "n")  # another try has a dialog of its own; Esc on nothing keeps nothing
        await wait_for(pilot, lambda: named(app, "NoteDialog"))
        assert dialog_fields(app) == ("", "") and "Note on turn 1, try 2" in screen_text(app)
        await pilot.press("escape", "up", "n")
        await wait_for(pilot, lambda: named(app, "NoteDialog"))
        assert dialog_fields(app) == ("1.2", "rushed the apology")
        assert "Your draft is back: Esc with both fields empty drops it." in screen_text(app)
        assert [n.message for n in app._notifications].count(kept) == 1
        await pilot.press("enter", "enter")  # saved: the draft is gone
        await wait_for(pilot, lambda: "rushed the apology" in notes_text(app))
        await pilot.press("n")
        await wait_for(pilot, lambda: named(app, "NoteDialog"))
        assert dialog_fields(app) == ("", "")
        await pilot.press("escape")
        app.screen.query_one("#review-tabs").active = "tab-notes"
        app.screen.query_one("#notes-table", DataTable).focus()
        await pilot.press("enter", "tab", "ctrl+u", *"keep me, softer", "escape")  # an edit of a stored note
        await wait_for(pilot, lambda: named(app, "SessionReviewScreen"))
        assert "Enter on that note opens it again." in [n.message for n in app._notifications][-1]
        await pilot.press("enter")
        await wait_for(pilot, lambda: named(app, "NoteDialog"))
        assert dialog_fields(app) == ("0.50", "keep me, softer") and "Edit note on turn 1, try 1" in screen_text(app)
        await pilot.press("tab", "ctrl+u", "escape", "enter")  # emptied: the draft is dropped, the note stays
        await wait_for(pilot, lambda: named(app, "NoteDialog"))
        assert dialog_fields(app) == ("0.50", "keep me")
    assert sorted(n.text for n in svc.store.load_notes(uuids[0])) == ["keep me", "rushed the apology"]


async def test_esc_with_only_a_time_typed_keeps_the_time_as_a_draft(review_app):
    """QA: a time typed without a note yet (the trainer pressed Esc to hear the reply again first) was dropped
    without a word, while a note's text was kept as a draft."""
    app, svc, uuids = review_app
    kept = "Note not saved, kept as a draft: n on turn 1, try 1 opens it again."
    async with app.run_test(size=(100, 30)) as pilot:
        await open_session(pilot, app, uuids[0])
        await pilot.press("n")
        await wait_for(pilot, lambda: named(app, "NoteDialog"))
        await pilot.press(*"1.2", "escape")
        await wait_for(pilot, lambda: named(app, "SessionReviewScreen"))
        assert [n.message for n in app._notifications][-1] == kept
        await pilot.press("n")
        await wait_for(pilot, lambda: named(app, "NoteDialog"))
        assert dialog_fields(app) == ("1.2", "") and "Your draft is back" in screen_text(app)
        await pilot.press("ctrl+u", "escape")  # emptied: dropped, and said
        await wait_for(pilot, lambda: [n.message for n in app._notifications][-1] == "Draft dropped.")
        app.screen.query_one("#review-tabs").active = "tab-words"
        app.screen.query_one("#words", DataTable).focus()
        await pilot.press("down", "n")  # the word's time is filled in, not typed: Esc at once keeps nothing
        await wait_for(pilot, lambda: named(app, "NoteDialog"))
        word = dialog_fields(app)[0]
        await pilot.press("escape", "n")
        await wait_for(pilot, lambda: named(app, "NoteDialog"))
        assert dialog_fields(app) == (word, "") and "Esc keeps what you typed" in screen_text(app)
        assert [n.message for n in app._notifications].count(kept) == 1
        await pilot.press("ctrl+u", *"0.3", "escape", "n")  # the time changed: kept
        await wait_for(pilot, lambda: named(app, "NoteDialog") and dialog_fields(app) == ("0.3", ""))
        await pilot.press("enter", *"starts too soft", "enter")
        await wait_for(pilot, lambda: "starts too soft" in notes_text(app))
    (note,) = svc.store.load_notes(uuids[0])
    assert note.at_seconds == pytest.approx(0.3) and app.note_drafts.get((uuids[0], 0, 0, None)) is None


async def test_quitting_with_a_note_draft_asks_first(review_app):
    """QA: a note typed and closed with Esc (a draft) was lost without a word by Ctrl+Q or Esc out of the review."""
    app, svc, uuids = review_app
    async with app.run_test(size=(100, 30)) as pilot:
        await open_session(pilot, app, uuids[0])
        await pilot.press("n")
        await wait_for(pilot, lambda: named(app, "NoteDialog"))
        await pilot.press(*"too fast here", "escape")
        await wait_for(pilot, lambda: named(app, "SessionReviewScreen"))
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: named(app, "ConfirmDialog"))
        await pilot.pause(0.2)
        assert "1 note draft (typed, not saved) will be lost. Quit anyway?" in screen_text(app)
        await pilot.press("ctrl+q", "n")  # asked once; no: back to the session, the draft still there
        await wait_for(pilot, lambda: named(app, "SessionReviewScreen"))
        assert app.is_running and len(app.note_drafts) == 1
        await pilot.press("escape", "escape")  # out of the session, then out of the review: asks again
        await wait_for(pilot, lambda: named(app, "ConfirmDialog"))
        await pilot.press("y")
        await wait_for(pilot, lambda: not app.is_running)
    assert svc.store.load_notes(uuids[0]) == []


async def test_esc_after_a_refused_edit_of_a_note_keeps_the_edit_as_a_draft(review_app):
    """QA: a note edit the store refused came back in its dialog ("Esc keeps it as a draft"), but Esc then dropped
    it without a word: the edit was compared with itself, not with the note as stored."""
    app, svc, uuids = review_app
    svc.store.save_note(Note(uuids[0], 0, "keep me", "trainer", 0.5, retry=0))

    def locked(note):
        raise sqlite3.OperationalError("database is locked")

    async with app.run_test(size=(100, 30)) as pilot:
        await open_session(pilot, app, uuids[0])
        app.screen.query_one("#review-tabs").active = "tab-notes"
        app.screen.query_one("#notes-table", DataTable).focus()
        svc.store.save_note, save = locked, svc.store.save_note
        await pilot.press("enter", "tab", "ctrl+u", *"softer", "enter")
        await wait_for(pilot, lambda: any("database is locked" in n.message for n in app._notifications))
        await wait_for(pilot, lambda: named(app, "NoteDialog") and dialog_fields(app) == ("0.50", "softer"))
        await pilot.press("escape")
        await wait_for(pilot, lambda: named(app, "SessionReviewScreen"))
        assert "kept as a draft: Enter on that note opens it again" in [n.message for n in app._notifications][-1]
        svc.store.save_note = save
        await pilot.press("enter")
        await wait_for(pilot, lambda: named(app, "NoteDialog"))
        assert dialog_fields(app) == ("0.50", "softer") and "Edit note on turn 1, try 1" in screen_text(app)
        await pilot.press("enter", "enter")
        await wait_for(pilot, lambda: "softer" in notes_text(app))
    assert [n.text for n in svc.store.load_notes(uuids[0])] == ["softer"]


async def test_an_override_to_the_verdict_already_in_force_is_not_saved(review_app):
    """QA: overruling 'does not suit' with 'does not suit' was stored and marked the row ✎tone."""
    from callsim.tui.review_render import original_verdict

    app, svc, uuids = review_app
    async with app.run_test(size=(100, 30)) as pilot:
        await open_session(pilot, app, uuids[0])
        current = original_verdict(app.screen.turn, "tone")
        await pilot.press("o")
        await wait_for(pilot, lambda: named(app, "OverrideDialog"))
        app.screen.query_one("#verdict").value = current
        app.screen.query_one("#reason").focus()
        await pilot.press(*"same", "enter")
        await wait_for(pilot, lambda: any("nothing to overrule" in n.message for n in app._notifications))
        assert f"The tone verdict is already '{current}'" in list(app._notifications)[-1].message
        await app.workers.wait_for_complete()  # a save, had one started, would be done by now
    assert svc.store.load_overrides(uuids[0]) == []


async def test_the_sessions_list_waits_quietly_for_the_store_and_fits_its_columns(tmp_path, transcriber, shared):
    """QA: every launch flashed two 'the session store is not open yet' toasts, and now and then the columns stayed
    at their headers' width ('2026  Ben O'N  missed-t')."""
    svc = services(tmp_path, transcriber, [])
    fill_store(svc.store, svc.library, transcriber, shared)
    store, svc.store = svc.store, None

    def open_later(services_):
        time.sleep(0.3)
        services_.store = store

    svc.open_later = open_later
    app = make_app(svc, start="review")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: rows(app) == 2)
        await pilot.pause()
        assert not any("not open yet" in n.message for n in app._notifications)
        table = app.screen.query_one("#sessions", DataTable)
        widths = {str(k.value): c.get_render_width(table) - 2 * table.cell_padding for k, c in table.columns.items()}
        assert widths["started"] >= len("2026-11-01 09:30") and widths["scenario"] >= len("missed-technician")


async def test_a_try_that_was_not_judged_has_no_verdict_to_overrule(review_app):
    """QA: overruling a kept, unjudged try gave 'suits' in the table, no score, and '?' originals in the exports."""
    from callsim.records import TurnRecord

    app, svc, uuids = review_app
    first = svc.store.load_turns(uuids[0])[0]
    svc.store.save_turn(TurnRecord(uuids[0], 0, first.caller_turn_id, first.caller_text, first.target_tone, retry=1))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(pilot, app, uuids[0])
        tries = app.screen.query_one("#review-turns", DataTable)
        tries.focus()
        tries.move_cursor(row=1)  # the kept, unjudged second try (a key press could land before the table has focus)
        await wait_for(pilot, lambda: app.screen.turn.retry == 1)
        await pilot.press("o")
        await pilot.pause()
        assert not named(app, "OverrideDialog")
        assert list(app._notifications)[-1].message.startswith("This try was not judged, so it has no verdict")
    assert svc.store.load_overrides(uuids[0]) == []


async def test_the_sessions_list_shows_and_filters_the_score_after_overrides(review_app):
    """The list agrees with the session header and the exports: overrides move the score (marked ✎)."""
    from callsim.overridden import counted_tries
    from callsim.tui.review_render import original_verdict

    app, svc, uuids = review_app
    for t in counted_tries(svc.store.load_turns(uuids[0])):
        for kind in ("tone", "content"):
            svc.store.save_override(Override(uuids[0], t.index, kind, original_verdict(t, kind), "suits", "fine",
                                             "trainer", retry=t.retry))
    assert svc.store.load_session(uuids[0]).score < 100
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: rows(app) == 2)
        table = app.screen.query_one("#sessions", DataTable)
        assert str(table.get_row(uuids[0])[4]) == "100 ✎"
        app.screen.query_one("#filter").value = "score>=100"
        await pilot.press("slash", "enter")
        await wait_for(pilot, lambda: rows(app) == 1)
        assert app.screen.sessions[0].uuid == uuids[0]


def test_score_bounds_keep_or_leave_the_bound_as_written():
    from callsim.tui.review_filter import _within

    assert _within(80.0, {"max_score": 80}) and not _within(80.0, {"under_score": 80})
    assert _within(50, {"min_score": 50.0}) and not _within(50, {"over_score": 50.0})
    assert _within(None, {}) and not _within(None, {"min_score": 0})


async def test_the_note_dialog_starts_at_the_time_and_a_note_can_be_edited_and_deleted(review_app):
    """QA: the dialog opened on Note, so a typed time and Enter saved the time as the note, and the next text
    fell through to the review's keys; a note could be neither edited nor deleted."""
    from callsim.report_json import export_json

    app, svc, uuids = review_app
    svc.store.save_note(Note(uuids[0], 0, "keep me", "trainer", 0.5, retry=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(pilot, app, uuids[0])
        await pilot.press("n")
        await wait_for(pilot, lambda: named(app, "NoteDialog"))
        assert app.focused.id == "at"
        await pilot.press(*"1.5", "enter")  # Enter in At moves to Note and saves nothing
        assert named(app, "NoteDialog") and app.focused.id == "text" and len(svc.store.load_notes(uuids[0])) == 1
        await pilot.press(*"too fast here", "enter")
        await wait_for(pilot, lambda: "too fast here" in notes_text(app))
        assert [(n.at_seconds, n.text) for n in svc.store.load_notes(uuids[0])] == [(0.5, "keep me"),
                                                                                 (1.5, "too fast here")]
        app.screen.query_one("#review-tabs").active = "tab-notes"
        table = app.screen.query_one("#notes-table", DataTable)
        table.focus()
        await pilot.press("down", "enter")  # Enter on a note edits it
        await wait_for(pilot, lambda: named(app, "NoteDialog"))
        assert "Edit note on turn 1, try 1" in screen_text(app)
        await pilot.press("enter", "ctrl+u", *"much too fast", "enter")
        await wait_for(pilot, lambda: "much too fast" in notes_text(app))
        assert [n.text for n in svc.store.load_notes(uuids[0])] == ["keep me", "much too fast"]
        await pilot.press("d")  # the highlighted note, once confirmed
        await wait_for(pilot, lambda: named(app, "ConfirmDialog"))
        assert "The note at 1.50 s: “much too fast”" in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: named(app, "SessionReviewScreen"))
        assert len(svc.store.load_notes(uuids[0])) == 2
        await pilot.press("d")
        await wait_for(pilot, lambda: named(app, "ConfirmDialog"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: "much too fast" not in notes_text(app))
        assert [n.text for n in svc.store.load_notes(uuids[0])] == ["keep me"]
        assert "Delete note" in [title for title, _, _ in app.screen.palette_commands()]
    exported = export_json(svc.store, [svc.store.load_session(uuids[0])])
    assert "keep me" in exported and "much too fast" not in exported and "too fast here" not in exported


async def test_notes_on_one_word_after_another_start_at_the_highlighted_word(review_app):
    """QA: saving a note on the 4th word read the session again and put the Words cursor back on the first word,
    so the next n started at the first word's time, not at the word still in front of the trainer."""
    app, svc, uuids = review_app
    async with app.run_test(size=(100, 30)) as pilot:
        await open_session(pilot, app, uuids[0])
        app.screen.query_one("#review-tabs").active = "tab-words"
        words = app.screen.query_one("#words", DataTable)
        words.focus()
        await pilot.press("down", "down", "down", "n")
        await wait_for(pilot, lambda: named(app, "NoteDialog"))
        await pilot.press("enter", *"rushed", "enter")
        await wait_for(pilot, lambda: "rushed" in notes_text(app))
        await pilot.pause(0.3)
        assert words.cursor_row == 3
        await pilot.press("down", "n")
        await wait_for(pilot, lambda: named(app, "NoteDialog"))
        fifth = svc.store.load_turns(uuids[0])[0].transcript["words"][4]
        assert app.screen.query_one("#at", Input).value == f"{fifth['start']:.2f}"


async def test_overruling_an_earlier_try_says_the_score_does_not_follow(review_app):
    """QA: "✎ turn verdict now: suits (was partly)" on try 1, yet the score stayed: only the last try counts."""
    app, svc, uuids = review_app
    first = second_try(svc.store, uuids[0])
    for retry in (0, 1):
        svc.store.save_override(Override(uuids[0], 0, "tone", first.verdict, "partly", "fine", "trainer", retry=retry))
    async with app.run_test(size=(120, 30)) as pilot:
        await open_session(pilot, app, uuids[0])
        await wait_for(pilot, lambda: "turn verdict now" in text_at(app, "#evidence"))
        assert "(try 1 is not the counted try: the score is unchanged)" in text_at(app, "#evidence")
        await pilot.press("down")
        await wait_for(pilot, lambda: app.screen.turn.retry == 1 and "turn verdict now" in text_at(app, "#evidence"))
        assert "not the counted try" not in text_at(app, "#evidence")
