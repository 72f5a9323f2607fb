"""A sound server that starts after callsim (a headset plugged in later) is found by ``find_device`` through real
PortAudio, which lists devices only when it starts (QA mic pass #12)."""

from __future__ import annotations

import pytest

from conftest_pulse import _skip_or_fail
from pulse import PulseServer, missing


@pytest.mark.pulse
def test_a_sound_server_started_later_is_found_without_a_restart(monkeypatch):
    from callsim.audio import refresh_devices
    from callsim.tui.services import Services, Settings, _open_device, find_device

    if reason := missing():
        _skip_or_fail(reason)
    server = PulseServer()
    for key, value in server.env.items():
        monkeypatch.setenv(key, value)
    refresh_devices()  # as a fresh start: PortAudio lists devices with no server there yet
    services = Services(Settings(), library=None, store=None, device=None)
    services.device, services.device_error = _open_device(services.settings)
    assert services.device is None and services.device_error.startswith("replies come from audio files: no input")
    server.start()
    try:
        find_device(services)
        assert services.device is not None and services.device_error == ""
        services.device.close()
    finally:
        server.stop()
        monkeypatch.undo()
        refresh_devices()  # later tests see this process's usual devices
