"""Snapshot tests of every screen at 80x24 (SVGs in tests/__snapshots__/, reviewed by eye).

Update after a reviewed change: ``./scripts/test tests/test_app_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import pytest

from app_helpers import answer_from_mic, app_for, open_scenario, ravdess, services, text_at, wait_for, write_pack

pytestmark = pytest.mark.shared


def build(tmp_path, transcriber, shared, replies=("sad",)):
    clips = [ravdess(shared, e) for e in replies]
    return app_for(services(tmp_path, transcriber, clips, extra_dirs=[write_pack(tmp_path / "packs")]))


async def ready(pilot):
    await wait_for(pilot, lambda: pilot.app.ready and pilot.app.warmed)
    await pilot.pause()


async def to_feedback(pilot):
    await answer_from_mic(pilot)
    await wait_for(pilot, lambda: "pitch over time" in text_at(pilot.app, "#contour"))
    await pilot.pause()


def test_home(snap_compare, tmp_path, transcriber, shared):
    assert snap_compare(build(tmp_path, transcriber, shared), terminal_size=(80, 24), run_before=ready)


def test_help(snap_compare, tmp_path, transcriber, shared):
    async def run_before(pilot):
        await ready(pilot)
        await pilot.press("f1")
    assert snap_compare(build(tmp_path, transcriber, shared), terminal_size=(80, 24), run_before=run_before)


def test_calibration(snap_compare, tmp_path, transcriber, shared):
    async def run_before(pilot):
        await ready(pilot)
        pilot.app.screen.query_one("DataTable").focus()
        await pilot.press("b")
        await pilot.pause()
    assert snap_compare(build(tmp_path, transcriber, shared), terminal_size=(80, 24), run_before=run_before)


def test_call_briefing(snap_compare, tmp_path, transcriber, shared):
    async def run_before(pilot):
        await ready(pilot)
        await open_scenario(pilot, "missed-technician")
    assert snap_compare(build(tmp_path, transcriber, shared), terminal_size=(80, 24), run_before=run_before)


def test_feedback(snap_compare, tmp_path, transcriber, shared):
    async def run_before(pilot):
        await ready(pilot)
        await to_feedback(pilot)
    assert snap_compare(build(tmp_path, transcriber, shared), terminal_size=(80, 24), run_before=run_before)


def test_feedback_scrolled_to_the_coaching(snap_compare, tmp_path, transcriber, shared):
    async def run_before(pilot):
        await ready(pilot)
        await to_feedback(pilot)
        pilot.app.screen.query_one("#feedback-body").scroll_end(animate=False)
        await pilot.pause()
    assert snap_compare(build(tmp_path, transcriber, shared), terminal_size=(80, 24), run_before=run_before)


def test_summary(snap_compare, tmp_path, transcriber, shared):
    async def run_before(pilot):
        await ready(pilot)
        await to_feedback(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == "SummaryScreen")
        await pilot.pause()
    assert snap_compare(build(tmp_path, transcriber, shared), terminal_size=(80, 24), run_before=run_before)
