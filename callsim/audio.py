"""Speaker and microphone behind one small interface; PortAudio is imported lazily.

``open_device()`` returns the real device (sounddevice/PortAudio, see
``callsim.audio_sd``); ``InMemoryDevice`` (``callsim.audio_mem``) is the test
double. Both have ``play(clip) -> Playback`` and ``recorder(...) -> Recorder``;
a recorder delivers float32 mono 16 kHz chunks to ``on_chunk`` and RMS dBFS
levels (~15 Hz) to ``on_level`` on its worker thread, and ends the reply after
``end_silence`` seconds of silence following speech (see ``EndpointConfig``).

Latency: a new PortAudio input stream can take a second or two before audio
flows, so call ``device.warm_up()`` when a call starts; the microphone then
stays open until ``close()`` and each recording starts with fresh audio.
Device choice: argument, else CALLSIM_INPUT_DEVICE / CALLSIM_OUTPUT_DEVICE
(index or part of the name), else the system default (``callsim devices``).
"""

from __future__ import annotations

import os
from typing import Protocol

from callsim.audio_devices import (DeviceInfo, choose, list_devices, portaudio_errors, refresh_devices,
                                   sounddevice)
from callsim.audio_mem import InMemoryDevice
from callsim.audio_reply import Recording
from callsim.clip import Clip

__all__ = ["AudioDevice", "DeviceInfo", "InMemoryDevice", "Playback", "Recorder", "Recording",
           "list_devices", "open_device", "refresh_devices", "selected_devices"]

INPUT_ENV = "CALLSIM_INPUT_DEVICE"
OUTPUT_ENV = "CALLSIM_OUTPUT_DEVICE"


class Playback(Protocol):
    """A clip being played."""

    done: bool

    def wait(self, timeout: float | None = None) -> None:
        """Block until the clip (and its 0.3 s silent tail) has been played."""

    def stop(self) -> None:
        """Cut the clip off now."""


class Recorder(Protocol):
    """One reply being recorded: ``start()``, then ``wait()`` for the ``Recording``."""

    done: bool
    unheard_sound: bool  # sound but no speech for a few seconds so far (``callsim.unheard``)

    def start(self) -> "Recorder":
        """Start listening (returns self)."""

    def stop(self) -> None:
        """End the reply now; ``wait()`` then returns the audio so far (reason "stopped")."""

    def wait(self, timeout: float | None = None) -> Recording:
        """Block until the reply ends."""


class AudioDevice(Protocol):
    """What the app needs from a sound device."""

    def play(self, clip: Clip) -> Playback:
        """Start playing ``clip``; returns at once."""

    def warm_up(self, *, timeout: float = 3.0) -> float:
        """Start the microphone early; block until audio flows; return the seconds waited."""

    def recorder(self, *, on_chunk=None, on_level=None, stop_event=None, level_hz: float = 15.0,
                 chunk_seconds: float = 0.1, **limits) -> Recorder:
        """A recorder; ``limits`` are ``EndpointConfig`` fields (end_silence, max_seconds, ...).

        ``on_chunk(samples)`` gets ~``chunk_seconds`` of float32 16 kHz audio and
        ``on_level(dbfs)`` the input level ``level_hz`` times a second, both on the
        recorder's worker thread (a Textual app hands them on with ``call_from_thread``).
        """

    def record(self, **options) -> Recording:
        """Record one reply and block until it ends."""

    def close(self) -> None:
        """Release the streams."""


def selected_devices(input: int | str | None = None, output: int | str | None = None) -> tuple[DeviceInfo, DeviceInfo]:
    """The input and output the app would use: argument, else environment, else the default."""
    devices = list_devices()
    return (choose(devices, _spec(input, INPUT_ENV), "input"),
            choose(devices, _spec(output, OUTPUT_ENV), "output"))


def _spec(value: int | str | None, env: str) -> int | str | None:
    if value is not None and value != "":
        return value
    return os.environ.get(env) or None


def output_device(output: int | str | None = None) -> DeviceInfo:
    """The speaker ``play_clip`` would use; CallsimError when PortAudio or an output device is missing."""
    sounddevice()  # a clear error first when PortAudio is missing
    return choose(list_devices(), _spec(output, OUTPUT_ENV), "output")


def play_clip(clip: Clip, *, output: int | str | None = None) -> None:
    """Play ``clip`` on the speaker (name or index, else CALLSIM_OUTPUT_DEVICE, else the default) and block until
    it has been heard; needs no microphone. CallsimError when PortAudio or an output device is missing."""
    from callsim.audio_play import SoundPlayback, pick_rate

    speaker = output_device(output)
    with portaudio_errors(f"play on {speaker.name!r}"):
        playback = SoundPlayback(speaker.index, clip.resampled(pick_rate(speaker, clip.sr, "output")))
    try:
        playback.wait()
    finally:
        playback.stop()


def open_device(input: int | str | None = None, output: int | str | None = None, *,
                input_rate: int | None = None, output_rate: int | None = None):
    """The real speaker and microphone (name or index; see ``selected_devices``).

    ``input_rate``/``output_rate`` force a device-side rate (default: 16 kHz or the
    clip's rate when the device takes it, else the device's default rate).
    Raises CallsimError when PortAudio is missing or there is no input/output device.
    """
    from callsim.audio_sd import SoundDevice

    sounddevice()  # a clear error first when PortAudio is missing
    mic, speaker = selected_devices(input, output)
    with portaudio_errors("open the sound device"):
        return SoundDevice(mic, speaker, input_rate=input_rate, output_rate=output_rate)
