"""``InMemoryDevice``: a deterministic stand-in for speaker and microphone in tests.

Playing appends the clip to ``played``; a clip cut off before its end (``stop``,
or another clip played over it, as the real speaker does) is in ``stopped`` too.
Recording delivers the next reply clip
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


#: How much of a clock-paced clip plays between two looks at ``stop``, in seconds.
PACE_STEP = 0.05


class MemoryPlayback:
    """A clip "playing": over at once, or, with a ``clock``, for its length on that clock in the background (in
    ``PACE_STEP`` pieces, so ``stop`` cuts it off as it would a real stream)."""

    def __init__(self, clip: Clip, clock=None):
        self.clip = clip
        self.stopped = False  # cut off before its end
        self._ended = threading.Event()
        if clock is None:
            self._ended.set()
        else:
            threading.Thread(target=self._pace, args=(clock,), daemon=True, name="memory-playback").start()

    def _pace(self, clock) -> None:
        left = self.clip.duration
        while left > 0 and not self._ended.is_set():
            clock.sleep(min(PACE_STEP, left))
            left -= PACE_STEP
        self._ended.set()

    @property
    def done(self) -> bool:
        """True once the clip has played (or was stopped)."""
        return self._ended.is_set()

    def wait(self, timeout: float | None = None) -> None:
        """Block until the clip has played or was stopped (``timeout`` default: its length plus 5 s)."""
        self._ended.wait(timeout if timeout is not None else self.clip.duration + 5.0)

    def stop(self) -> None:
        """Cut the clip off now (marked ``stopped`` unless it had ended already)."""
        if not self._ended.is_set():
            self.stopped = True
            self._ended.set()


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
        self.playbacks: list[MemoryPlayback] = []
        self.recordings: list[Recording] = []
        self.clock = clock
        self.block_seconds = block_seconds  # how much the fake microphone delivers at a time
        self.closed = False

    def play(self, clip: Clip) -> MemoryPlayback:
        """Record that ``clip`` was played, stopping any clip still playing (as the real speaker does)."""
        if self.playbacks:
            self.playbacks[-1].stop()
        self.played.append(clip)
        self.playbacks.append(MemoryPlayback(clip, self.clock))
        return self.playbacks[-1]

    @property
    def stopped(self) -> list[Clip]:
        """The clips cut off before their end, in the order they were played."""
        return [p.clip for p in self.playbacks if p.stopped]

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
        """Stop any clip still playing; mark the device closed."""
        if self.playbacks:
            self.playbacks[-1].stop()
        self.closed = True

    def __enter__(self) -> "InMemoryDevice":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
