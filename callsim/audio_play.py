"""Playing one clip through PortAudio, and choosing a rate the device accepts."""

from __future__ import annotations

import threading

import numpy as np

from callsim.audio_devices import DeviceInfo, sounddevice
from callsim.clip import Clip

TAIL_SECONDS = 0.3  # PulseAudio drops the last few hundred ms unless silence follows


def pick_rate(device: DeviceInfo, wanted: int, kind: str) -> int:
    """``wanted`` when the device accepts it, else the device's default rate."""
    sd = sounddevice()
    check = sd.check_input_settings if kind == "input" else sd.check_output_settings
    try:
        check(device=device.index, samplerate=wanted, channels=1, dtype="float32")
        return int(wanted)
    except Exception:  # PortAudioError: invalid sample rate
        return int(device.default_rate)


class SoundPlayback:
    """One clip playing on an output stream; ``wait()`` blocks until it has been heard."""

    def __init__(self, device_index: int, clip: Clip, *, tail: float = TAIL_SECONDS):
        sd = sounddevice()
        self.clip = clip
        self._data = np.concatenate([clip.y, np.zeros(int(tail * clip.sr), dtype=np.float32)])
        self._pos = 0
        self._finished = threading.Event()
        self._closed = False
        self._lock = threading.Lock()
        self._stop_exc = sd.CallbackStop
        self._stream = sd.OutputStream(
            device=device_index, samplerate=clip.sr, channels=1, dtype="float32", latency="high",
            callback=self._on_output, finished_callback=self._finished.set)
        try:
            self._stream.start()
        except BaseException:
            self._stream.close()  # the device is not left open when it cannot play
            raise

    def _on_output(self, outdata, frames, time_info, status) -> None:
        chunk = self._data[self._pos : self._pos + frames]  # only copy: PortAudio's thread
        outdata[: len(chunk), 0] = chunk
        outdata[len(chunk) :] = 0
        self._pos += frames
        if self._pos >= len(self._data):
            raise self._stop_exc

    @property
    def done(self) -> bool:
        """True once the clip has been played (or stopped)."""
        return self._finished.is_set()

    def wait(self, timeout: float | None = None) -> None:
        """Block until the clip has played (``timeout`` default: its length plus 5 s)."""
        limit = timeout if timeout is not None else len(self._data) / self.clip.sr + 5.0
        self._finished.wait(limit)
        self._close()

    def stop(self) -> None:
        """Cut the clip off now."""
        self._close(abort=True)
        self._finished.set()

    def _close(self, *, abort: bool = False) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            if abort:
                self._stream.abort()
            self._stream.close()
