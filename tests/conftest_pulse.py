"""Pytest plugin: the session's private PulseAudio daemon (``pulse`` fixture).

Load it with ``pytest_plugins = ["conftest_pulse"]`` in a test module. When
pulseaudio, its tools or the ALSA pulse plugin are missing, the tests skip with
the reason, but fail when CI=true, so CI always drives real PortAudio.
"""

from __future__ import annotations

import os

import pytest

from pulse import APT_PACKAGES, PulseServer, missing


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: install {APT_PACKAGES})", pytrace=False)
    pytest.skip(f"{reason}: sudo apt-get install {APT_PACKAGES}")


@pytest.fixture(scope="module")
def pulse_server():
    """A running private daemon for one test module; PortAudio in this process talks to it.

    Module scope: the environment and PortAudio's device list are restored after the
    module, so tests elsewhere never see this daemon.
    """
    reason = missing()
    if reason:
        _skip_or_fail(reason)
    from callsim.audio import refresh_devices
    from callsim.errors import CallsimError

    try:
        refresh_devices()  # fails early and clearly when PortAudio itself is missing
    except CallsimError as err:
        _skip_or_fail(str(err))
    server = PulseServer().start()
    saved = {k: os.environ.get(k) for k in server.env}
    os.environ.update(server.env)
    refresh_devices()  # PortAudio scanned ALSA before the daemon ran
    yield server
    server.stop()
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    refresh_devices()


@pytest.fixture
def pulse(pulse_server, monkeypatch):
    """The daemon, checked alive, with the app's device choice left to the defaults."""
    if pulse_server.proc.poll() is not None:
        pytest.fail(f"the private pulseaudio died: {pulse_server.log_tail()}", pytrace=False)
    monkeypatch.delenv("CALLSIM_INPUT_DEVICE", raising=False)
    monkeypatch.delenv("CALLSIM_OUTPUT_DEVICE", raising=False)
    return pulse_server
