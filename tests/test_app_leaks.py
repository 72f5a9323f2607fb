"""A long practice session does not make the app hold more and more: the widgets of the calls already done are let
go (Textual kept every dead footer key and every closed screen's header referenced, Textualize/textual#6666)."""

from __future__ import annotations

import gc

import pytest
from textual.widget import Widget

from app_helpers import answer_from_mic, app_for, ravdess, services, wait_for, write_pack

pytestmark = pytest.mark.shared


def closed_widgets() -> int:
    """How many widgets that were removed from the app are still held in memory."""
    gc.collect()
    return sum(1 for o in gc.get_objects() if _is_closed_widget(o))


def _is_closed_widget(o) -> bool:
    try:
        return isinstance(o, Widget) and o._closed
    except ReferenceError:  # a weak proxy to something already gone
        return False


async def one_call(pilot) -> None:
    """Home -> call -> feedback -> summary -> home."""
    app = pilot.app
    await answer_from_mic(pilot)
    await pilot.press("enter")
    await wait_for(pilot, lambda: type(app.screen).__name__ == "SummaryScreen")
    await pilot.press("enter")
    await wait_for(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
    assert app.saves.wait(timeout=30)


async def test_calls_practised_one_after_another_leave_no_widgets_behind(tmp_path, transcriber, shared):
    replies = [ravdess(shared, "sad")] * 4
    app = app_for(services(tmp_path, transcriber, replies, extra_dirs=[write_pack(tmp_path / "packs")]))
    async with app.run_test(size=(80, 24)) as pilot:
        held = []
        for _ in replies:
            await one_call(pilot)
            await pilot.pause(0.2)
            held.append(closed_widgets())
        assert held[-1] <= held[1], f"closed widgets still held after each call: {held}"
