"""The app's services are released when the app quits."""

from __future__ import annotations

import sqlite3

import pytest

from callsim.audio_mem import InMemoryDevice
from callsim.scenarios import load_library
from callsim.store import Store
from callsim.tui import run_app
from callsim.tui.services import Services, Settings


def make(tmp_path) -> Services:
    """Services with an in-memory device and a real store."""
    return Services(Settings(), load_library(()), Store.open(tmp_path / "store"), InMemoryDevice())


def test_close_releases_device_and_store(tmp_path):
    svc = make(tmp_path)
    device, store = svc.device, svc.store
    svc.close()
    assert device.closed and svc.device is None and svc.store is None
    with pytest.raises(sqlite3.ProgrammingError):
        store.conn.execute("select 1")
    svc.close()  # twice is harmless


def test_run_app_closes_services_when_the_app_ends(tmp_path, monkeypatch):
    svc = make(tmp_path)
    device = svc.device

    from callsim.tui.inflight import InFlight

    class QuitsAtOnce:
        return_code = 0
        saves = InFlight()

        def run(self):
            raise RuntimeError("the app crashed")

    monkeypatch.setattr("callsim.tui.services.build_services", lambda settings: svc)
    monkeypatch.setattr("callsim.tui.app.make_app", lambda services, start, quit_signals: QuitsAtOnce())
    with pytest.raises(RuntimeError):
        run_app(object())
    assert device.closed and svc.store is None
