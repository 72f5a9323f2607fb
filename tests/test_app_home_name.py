"""Home remembers who practised last: the session store, once open, fills a name field left untouched."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from textual.widgets import DataTable, Input

from app_helpers import app_for, calibrate, services, text_at, wait_for
from callsim.records import Session, utcnow

pytestmark = pytest.mark.shared


def opening_late(svc, gate: threading.Event):
    """The store as the app really gets it: opened in a worker after the first frame, here once ``gate`` is set."""
    store, svc.store = svc.store, None

    def open_later(services_):
        gate.wait(10)
        services_.store = store
    svc.open_later = open_later
    return store


def practised(store, trainee: str, days_ago: float) -> None:
    """A finished session of ``trainee`` that began ``days_ago`` days ago."""
    started = utcnow() - timedelta(days=days_ago)
    store.save_session(Session(f"{trainee}-session", trainee, "late", "Late parcel", started, status="complete"))


async def test_the_name_of_whoever_practised_last_fills_the_empty_name_field(tmp_path, transcriber, shared):
    """QA: every launch started with an empty name, so the same trainee typed it again each time."""
    svc = services(tmp_path, transcriber, [], trainee="")
    gate = threading.Event()
    store = opening_late(svc, gate)
    practised(store, "ben", days_ago=1)
    calibrate(store, "maria", shared, transcriber)  # today: newer than ben's session
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        name = app.screen.query_one("#trainee", Input)
        await wait_for(pilot, lambda: app.screen.focused is name)
        assert name.value == "" and "Type your name" in text_at(app, "#calibration")
        gate.set()
        await wait_for(pilot, lambda: not app.opening and name.value == "maria")
        await wait_for(pilot, lambda: "maria is calibrated" in text_at(app, "#calibration"))
        assert svc.settings.trainee == "maria" and app.screen.focused is name
        await pilot.press(*"zoe")  # the filled name is selected: another trainee just types theirs
        await wait_for(pilot, lambda: "zoe is not calibrated" in text_at(app, "#calibration"))
        assert name.value == "zoe"


async def test_a_name_typed_before_the_store_opens_is_kept(tmp_path, transcriber):
    svc = services(tmp_path, transcriber, [], trainee="")
    gate = threading.Event()
    practised(opening_late(svc, gate), "ben", days_ago=0)
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        name = app.screen.query_one("#trainee", Input)
        await wait_for(pilot, lambda: app.screen.focused is name)
        await pilot.press(*"jo", "backspace", "backspace")  # typed, then cleared: still the trainee's choice
        gate.set()
        await wait_for(pilot, lambda: not app.opening)
        await pilot.pause()
        assert name.value == "" and svc.settings.trainee == ""
        await pilot.press(*"kim")
        await wait_for(pilot, lambda: "kim is not calibrated" in text_at(app, "#calibration"))
        assert name.value == "kim"


async def test_a_name_given_on_the_command_line_is_kept(tmp_path, transcriber):
    svc = services(tmp_path, transcriber, [], trainee="pat")
    gate = threading.Event()
    practised(opening_late(svc, gate), "ben", days_ago=0)
    gate.set()
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: not app.opening)
        await pilot.pause()
        assert app.screen.query_one("#trainee", Input).value == "pat"
        assert app.screen.focused is app.screen.query_one(DataTable)
        assert "pat is not calibrated" in text_at(app, "#calibration")


async def test_a_name_typed_in_another_case_or_without_accents_is_the_known_trainee(tmp_path, transcriber, shared):
    """QA: "Zoë" typed while "zoë" was calibrated was judged against typical voices and filed as a new trainee."""
    svc = services(tmp_path, transcriber, [], trainee="")
    calibrate(svc.store, "zoë", shared, transcriber)
    practised(svc.store, "Zoe Smith", days_ago=2)  # one of her words is not her name: never taken for it
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        name = app.screen.query_one("#trainee", Input)
        await wait_for(pilot, lambda: not app.opening and name.value == "zoë")
        name.value = ""
        await pilot.press(*"ZOE")
        await wait_for(pilot, lambda: "zoë is calibrated" in text_at(app, "#calibration"))
        assert name.value == "ZOE" and svc.settings.trainee == "zoë" and app.screen.trainee == "zoë"
        name.value = ""
        await pilot.press(*"zoe smith")
        await wait_for(pilot, lambda: "Zoe Smith is not calibrated" in text_at(app, "#calibration"))
        name.value = ""
        await pilot.press(*"zoey")
        await wait_for(pilot, lambda: "zoey is not calibrated" in text_at(app, "#calibration"))
        calibrate(svc.store, "ZOË", shared, transcriber)  # review: now "zoe" could be two trainees
        name.value = ""
        await pilot.press(*"zoe")
        await wait_for(pilot, lambda: "zoe could be ZOË or zoë: type the name as it is known here."
                       in text_at(app, "#calibration"))
