"""``InMemoryDevice``: a deterministic stand-in for speaker and microphone in tests.

Playing appends the clip to ``played``. Recording delivers the next reply clip
in microphone-sized chunks, then silence, through the same end-of-reply logic
as the real device, so a test sees the same callbacks and ``Recording``. It
never sleeps unless given a ``clock`` (anything with ``sleep(seconds)``, e.g.
the ``time`` module for real-time pacing).
"""

from __future__ import annotations

import threading
from typing import Iterable, Iterator

import numpy as np

from callsim.audio_reply import Recording, ReplyCapture
from callsim.audio_worker import ThreadRecorder
from callsim.clip import TARGET_SR, Clip
from callsim.endpoint import EndpointConfig


class MemoryPlayback:
    """A finished (or clock-paced) playback; ``stop`` and ``wait`` are cheap."""

    def __init__(self, clip: Clip, clock=None):
        self.clip = clip
        self._stop = threading.Event()
        if clock is not None:
            clock.sleep(clip.duration)

    @property
    def done(self) -> bool:
        """Always True: in-memory playback ends at once (or after the clock slept)."""
        return True

    def wait(self, timeout: float | None = None) -> None:
        """Return at once."""

    def stop(self) -> None:
        """Nothing to stop."""
        self._stop.set()


class MemoryRecorder(ThreadRecorder):
    """Delivers a clip, then silence, in ``block_seconds`` pieces."""

    def __init__(self, clip: Clip, capture: ReplyCapture, *, block_seconds: float, clock=None,
                 stop_event: threading.Event | None = None):
        super().__init__(capture, stop_event=stop_event)
        self.clip = clip.resampled(TARGET_SR)
        self.step = max(int(block_seconds * TARGET_SR), 1)
        self.clock = clock

    def _chunks(self) -> Iterator[np.ndarray]:
        y = self.clip.y
        for start in range(0, len(y), self.step):
            yield self._paced(y[start : start + self.step])
        silence = np.zeros(self.step, dtype=np.float32)
        while True:  # the endpointer's limits end this
            yield self._paced(silence)

    def _paced(self, chunk: np.ndarray) -> np.ndarray:
        if self.clock is not None:
            self.clock.sleep(len(chunk) / TARGET_SR)
        return chunk


class InMemoryDevice:
    """Speaker and microphone in memory; ``replies`` are "spoken" one per recording."""

    def __init__(self, replies: Iterable[Clip] = (), *, clock=None, block_seconds: float = 0.1):
        self.replies = list(replies)
        self.played: list[Clip] = []
        self.recordings: list[Recording] = []
        self.clock = clock
        self.block_seconds = block_seconds  # how much the fake microphone delivers at a time
        self.closed = False

    def play(self, clip: Clip) -> MemoryPlayback:
        """Record that ``clip`` was played."""
        self.played.append(clip)
        return MemoryPlayback(clip, self.clock)

    def warm_up(self, *, timeout: float = 3.0) -> float:
        """Nothing to warm up; returns 0 seconds."""
        return 0.0

    def recorder(self, *, on_chunk=None, on_level=None, stop_event=None, level_hz: float = 15.0,
                 chunk_seconds: float = 0.1, **limits) -> MemoryRecorder:
        """A recorder for the next reply (silence once the replies run out); see ``open_device``."""
        clip = self.replies.pop(0) if self.replies else Clip(np.zeros(0, dtype=np.float32), TARGET_SR)
        capture = ReplyCapture(EndpointConfig(**limits), on_chunk=on_chunk, on_level=on_level,
                               level_hz=level_hz, chunk_seconds=chunk_seconds)
        return MemoryRecorder(clip, capture, block_seconds=self.block_seconds, clock=self.clock,
                              stop_event=stop_event)

    def record(self, **options) -> Recording:
        """Record one reply and wait for its end; keeps it in ``recordings`` too."""
        result = self.recorder(**options).start().wait()
        self.recordings.append(result)
        return result

    def close(self) -> None:
        """Mark the device closed."""
        self.closed = True

    def __enter__(self) -> "InMemoryDevice":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
