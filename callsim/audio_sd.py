"""``SoundDevice``: speaker and microphone through sounddevice (PortAudio).

The PortAudio callbacks only copy and enqueue (or copy out, for playback);
resampling, detection and the app's callbacks run on the recorder's worker
thread. The input stream is opened once (``warm_up``) and then kept running:
a fresh input stream can take a second or more before audio flows (PulseAudio
with idle sources), and keeping it warm means no reply loses its first word.
Blocks that arrive while nobody records are dropped at the next ``start()``.
"""

from __future__ import annotations

import queue
import threading
import time
from typing import Iterator

import numpy as np

from callsim.audio_devices import DeviceInfo, portaudio_errors, sounddevice
from callsim.audio_play import SoundPlayback, pick_rate
from callsim.audio_reply import Recording, ReplyCapture
from callsim.audio_worker import ThreadRecorder
from callsim.clip import TARGET_SR, Clip
from callsim.endpoint import EndpointConfig
from callsim.errors import CallsimError

BLOCK_SECONDS = 0.02
QUEUE_SECONDS = 30.0  # input kept while the worker is busy (or nobody records)
NO_AUDIO_SECONDS = 5.0  # a running microphone that delivers nothing this long is broken


class SoundDevice:
    """The real device; prefer ``callsim.audio.open_device()`` to build one."""

    def __init__(self, mic: DeviceInfo, speaker: DeviceInfo, *, input_rate: int | None = None,
                 output_rate: int | None = None):
        self.mic, self.speaker = mic, speaker
        self.input_rate = input_rate or pick_rate(mic, TARGET_SR, "input")
        self.output_rate = output_rate
        self.blocks: queue.Queue = queue.Queue(maxsize=int(QUEUE_SECONDS / BLOCK_SECONDS))
        self.dropped = 0  # input blocks lost because nobody took them in time
        self._stream = None
        self._playback: SoundPlayback | None = None
        self.active: SoundRecorder | None = None  # one reply at a time
        self._lock = threading.Lock()

    def play(self, clip: Clip) -> SoundPlayback:
        """Start playing ``clip`` (stopping any clip still playing); returns at once."""
        with self._lock:
            if self._playback is not None:
                self._playback.stop()
            rate = self.output_rate or pick_rate(self.speaker, clip.sr, "output")
            with portaudio_errors(f"play on {self.speaker.name!r}"):
                self._playback = SoundPlayback(self.speaker.index, clip.resampled(rate))
            return self._playback

    def warm_up(self, *, timeout: float = 3.0) -> float:
        """Open the microphone stream if needed and wait until audio flows.

        Returns the seconds waited (``timeout`` when no audio came; recording then
        fails with "delivers no audio" if it never does). Call it when the call
        starts, so the microphone is running before the first reply.
        """
        began = time.monotonic()
        self._ensure_input()
        while self.blocks.empty() and time.monotonic() - began < timeout:
            time.sleep(0.01)
        return time.monotonic() - began

    def _ensure_input(self) -> None:
        with self._lock:
            if self._stream is not None:
                return
            sd = sounddevice()
            with portaudio_errors(f"open the microphone {self.mic.name!r}"):
                self._stream = sd.InputStream(
                    device=self.mic.index, samplerate=self.input_rate, channels=1, dtype="float32",
                    blocksize=max(int(self.input_rate * BLOCK_SECONDS), 1), latency="high",
                    callback=self._on_input)
                self._stream.start()

    def _on_input(self, indata, frames, time_info, status) -> None:
        try:  # only copy and enqueue: this runs on PortAudio's thread
            self.blocks.put_nowait(indata[:, 0].copy())
        except queue.Full:
            self.dropped += 1

    def recorder(self, *, on_chunk=None, on_level=None, stop_event=None, level_hz: float = 15.0,
                 chunk_seconds: float = 0.1, **limits) -> "SoundRecorder":
        """A recorder for one reply; ``limits`` are ``EndpointConfig`` fields."""
        self._ensure_input()
        capture = ReplyCapture(EndpointConfig(**limits), on_chunk=on_chunk, on_level=on_level,
                               level_hz=level_hz, chunk_seconds=chunk_seconds)
        return SoundRecorder(self, capture, stop_event=stop_event)

    def record(self, **options) -> Recording:
        """Record one reply and block until it ends."""
        return self.recorder(**options).start().wait()

    def close(self) -> None:
        """Stop playback and recording; close the microphone stream."""
        if self.active is not None:
            self.active.stop()
        with self._lock:
            if self._playback is not None:
                self._playback.stop()
            if self._stream is not None:
                self._stream.abort()
                self._stream.close()
                self._stream = None

    def __enter__(self) -> "SoundDevice":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"SoundDevice(in={self.mic.name!r} @ {self.input_rate} Hz, out={self.speaker.name!r})"


class SoundRecorder(ThreadRecorder):
    """Takes blocks from the device's queue, resamples them to 16 kHz, feeds the capture."""

    def __init__(self, device: SoundDevice, capture: ReplyCapture, *, stop_event=None):
        super().__init__(capture, stop_event=stop_event)
        self.device = device

    def start(self) -> "SoundRecorder":
        """Stop any other recording, drop audio from before now, record in the background."""
        previous = self.device.active
        if previous is not None and previous is not self:
            previous.stop()
            if not previous.join(5.0):  # two readers of one queue would garble both replies
                raise CallsimError("the previous recording is still finishing; try again in a moment")
        self.device.active = self
        _drain(self.device.blocks)
        self._dropped_before = self.device.dropped
        return super().start()

    def _cleanup(self) -> None:
        if self.device.active is self:
            self.device.active = None

    def _chunks(self) -> Iterator[np.ndarray]:
        resample = _resampler(self.device.input_rate)
        waited = 0.0
        while not self.stop_event.is_set():
            try:
                block = self.device.blocks.get(timeout=0.05)
            except queue.Empty:
                waited += 0.05
                if waited > NO_AUDIO_SECONDS:
                    raise CallsimError(f"the microphone {self.device.mic.name!r} delivers no audio")
                continue
            waited = 0.0
            self.dropped = self.device.dropped - self._dropped_before
            yield resample(block)


def _resampler(rate: int):
    if rate == TARGET_SR:
        return lambda block: block
    import soxr

    stream = soxr.ResampleStream(rate, TARGET_SR, 1, dtype="float32", quality="HQ")
    return lambda block: stream.resample_chunk(block)


def _drain(q: queue.Queue) -> None:
    try:
        while True:
            q.get_nowait()
    except queue.Empty:
        pass
