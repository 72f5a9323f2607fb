"""What the app runs on, built once by ``build_services`` (``main``) or by a test.

Tests pass an ``InMemoryDevice``, a temporary store and a fake clock through
the same ``make_app`` factory that ``callsim`` uses.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

from callsim.errors import CallsimError, first_line


@dataclass
class Settings:
    """User choices: who practises, extra scenario folders, devices, display."""

    trainee: str = ""
    scenario_dirs: tuple[str, ...] = ()
    model: str | None = None
    input_device: str | None = None
    output_device: str | None = None
    show_caller_text: bool = True


@dataclass
class Services:
    """The device, store, scenarios and model loader the screens use."""

    settings: Settings
    library: object  # scenarios.Library
    store: object | None  # store.Store
    device: object | None  # audio device, None when there is none
    device_error: str = ""
    device_lost: bool = False  # the device failed (sound server gone): replies come from files until m
    store_error: str = ""
    transcriber_factory: Callable[[], object] | None = None
    warm_up: Callable[[], None] | None = None
    open_later: Callable[["Services"], None] | None = None  # opens store and device after the first frame
    find_device: Callable[["Services"], None] | None = None  # looks again for a device plugged in since
    clock: Callable[[], float] = time.monotonic

    def lose_device(self, err: Exception) -> bool:
        """The sound device failed while warming up, recording or playing: let go of it (replies come from audio
        files from now on, and the home screen's m looks again). Safe to call from a worker; True when this call
        let it go (a second call does nothing)."""
        device, self.device = self.device, None
        if device is None:
            return False
        self.device_lost = True
        self.device_error = f"audio lost ({first_line(err)}): replies come from audio files"
        try:
            device.close()
        except Exception:  # noqa: BLE001 - a dead sound server may fail to close too: the device is let go anyway
            pass
        return True

    def close(self) -> None:
        """Release the sound device and the store (quitting the app; each is closed even if the other fails)."""
        device, store, self.device, self.store = self.device, self.store, None, None
        try:
            if device is not None:
                device.close()
        finally:
            if store is not None:
                store.close()


def build_services(settings: Settings) -> Services:
    """The real services: bundled + user scenarios, and (opened after the first frame) the store and PortAudio."""
    from callsim import prosody
    from callsim.asr import Transcriber
    from callsim.scenarios import load_library

    return Services(
        settings=settings, library=load_library(settings.scenario_dirs), store=None, device=None,
        transcriber_factory=lambda: Transcriber(settings.model), warm_up=prosody.warm_up,
        open_later=open_store_and_device, find_device=find_device,
    )


def open_store_and_device(services: Services) -> None:
    """Open the SQLite store and the sound device (each failure becomes a one-line notice)."""
    services.store, services.store_error = _open_store()
    services.device, services.device_error = _open_device(services.settings)


def find_device(services: Services) -> None:
    """Look again for a microphone and speaker (one plugged in after start, or a sound server restarted after the
    device was lost): PortAudio lists devices only when it starts, so it is restarted first (nothing is playing
    or recording: there is no device, a lost one was closed)."""
    from callsim.audio_devices import refresh_devices

    try:
        refresh_devices()
    except Exception as err:  # noqa: BLE001 - PortAudio missing or failing: the notice says so
        services.device, services.device_error = None, device_notice(err)
        return
    services.device, services.device_error = _open_device(services.settings)


def device_notice(err: Exception) -> str:
    """The one-line notice for a sound device that cannot be opened. When PortAudio itself is missing the fix
    comes first, so the home screen's line, cut at 80 columns, still shows it (the loader's words are long)."""
    from callsim.audio_devices import PORTAUDIO_FIX, PortAudioMissing

    if isinstance(err, PortAudioMissing):
        return f"PortAudio is missing: {PORTAUDIO_FIX} (until then replies come from audio files)"
    return f"replies come from audio files: {first_line(err)}"


def _open_device(settings: Settings):
    from callsim.audio import open_device

    try:
        return open_device(settings.input_device, settings.output_device), ""
    except CallsimError as err:
        return None, device_notice(err)
    except Exception as err:  # noqa: BLE001 - e.g. PortAudioError raised while sounddevice is imported
        return None, f"replies come from audio files: no sound device ({first_line(err)})"


def _open_store():
    from callsim.store import Store

    try:
        return Store.open(), ""
    except CallsimError as err:
        return None, f"sessions will not be saved: {err}"
