"""Trainer review: sessions table, filters, sorting, a session's evidence, notes, overrides, grade, export."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from app_helpers import fill_store, services, text_at, text_of, wait_for
from callsim import paths
from callsim.tui.app import make_app
from callsim.tui.review_filter import parse_filter

pytestmark = pytest.mark.shared


@pytest.fixture
def review_app(tmp_path, transcriber, shared):
    """A store of real analysed replies (the same numbers whatever ran before: each reply reseeds the dither)."""
    svc = services(tmp_path, transcriber, [])
    uuids = fill_store(svc.store, svc.library, transcriber, shared)
    return make_app(svc, start="review"), svc, uuids


def rows(app) -> int:
    return app.screen.query_one("#sessions", DataTable).row_count


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
        await pilot.press("slash", "enter", "o")
        await wait_for(pilot, lambda: app.screen.sort == "trainee" and rows(app) == 2)
        assert [s.trainee for s in app.screen.sessions] == ["ben", "anna"]
        assert str(paths.data_dir()) in text_of(app.screen.query_one("#datadir"))


async def test_note_override_grade_and_export(review_app, tmp_path):
    app, svc, uuids = review_app
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: rows(app) == 2)
        table = app.screen.query_one("#sessions", DataTable)
        table.move_cursor(row=table.get_row_index(uuids[0]))
        await pilot.press("enter")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "SessionReviewScreen")
        assert "Reply:" in text_of(app.screen.query_one("#evidence"))
        app.screen.query_one("#review-tabs").active = "tab-words"
        app.screen.query_one("#words", DataTable).focus()
        await pilot.press("down", "n")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "NoteDialog")
        await pilot.press(*"<script>alert(1)</script> warmer here", "enter")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "SessionReviewScreen")
        notes = svc.store.load_notes(uuids[0])
        word = svc.store.load_turns(uuids[0])[0].transcript["words"][1]
        assert notes[0].text.startswith("<script>") and notes[0].at_seconds == pytest.approx(word["start"])
        await pilot.press("o")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "OverrideDialog")
        app.screen.query_one("#verdict").value = "does not suit"
        app.screen.query_one("#reason").focus()
        await pilot.press(*"sounded flat", "enter")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "SessionReviewScreen")
        (override,) = svc.store.load_overrides(uuids[0])
        assert override.kind == "tone" and override.new_value == "does not suit" and override.reason == "sounded flat"
        assert override.original in {"suits", "partly", "does not suit"}
        assert "overridden" in text_of(app.screen.query_one("#evidence"))
        await pilot.press("g", "ctrl+a", *"B+", "enter")
        await wait_for(pilot, lambda: svc.store.load_session(uuids[0]).grade == "B+")
        await pilot.press("x")
        await pilot.pause(0.5)
    reports = list((paths.data_dir() / "reports").glob("*.html"))
    html = reports[0].read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html


async def test_progress_screen(review_app):
    app, svc, uuids = review_app
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: rows(app) == 2)
        await pilot.press("p")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ProgressScreen")
        text = text_of(app.screen.query_one("#progress-text"))
        assert "session" in text


def test_filter_words():
    assert parse_filter("anna score>=50 notes status:complete") == {
        "trainee": "anna", "min_score": 50.0, "has_notes": True, "status": "complete"}
    assert parse_filter("score<80 scenario:missed-technician")["max_score"] == 80.0
    with pytest.raises(ValueError, match="unknown filter 'colour:red'"):
        parse_filter("colour:red")
    with pytest.raises(ValueError, match="not a date"):
        parse_filter("since:yesterday")


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
