"""One reply being recorded, shared by every device: chunks in, ``Recording`` out.

``ReplyCapture`` is fed 16 kHz float32 blocks. It runs the end-of-reply
detector, calls ``on_chunk`` with chunks of about 0.1 s (every sample once, in
order, the last one possibly shorter) and ``on_level`` with the input
level (RMS dBFS; 0.0 for a window with samples at full scale, so a meter
shows clipping) about 15 times a second, counted in audio so it is
deterministic; ``unheard`` watches those levels for sound with no speech
(``callsim.unheard``). ``callsim.audio_worker.ThreadRecorder`` drives it from a thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from callsim.clip import CLIP_LEVEL, TARGET_SR, Clip
from callsim.endpoint import EndpointConfig, Endpointer, rms_db
from callsim.unheard import UnheardSound

ChunkCallback = Callable[[np.ndarray], None]
LevelCallback = Callable[[float], None]


@dataclass(frozen=True)
class Recording:
    """A finished reply: all audio, why it ended, and where speech was (seconds)."""

    clip: Clip
    reason: str  # "silence", "no_speech", "max_length", "stopped" or "ended" (source ran out)
    speech_start: float | None = None
    speech_end: float | None = None
    dropped: int = 0  # input blocks lost because the worker fell behind

    @property
    def heard_speech(self) -> bool:
        """True when speech was detected at all."""
        return self.speech_start is not None

    def speech(self, *, pad: float = 0.25) -> Clip:
        """Only the spoken part, with ``pad`` seconds either side (empty clip if none)."""
        if self.speech_start is None or self.speech_end is None:
            return Clip(np.zeros(0, dtype=np.float32), self.clip.sr)
        return self.clip.slice(self.speech_start - pad, self.speech_end + pad)


class LevelMeter:
    """Turns a stream of samples into one RMS dBFS value per ``1/hz`` seconds of audio (0.0 when the window clips:
    a voice clipping its peaks can sit at -10 dB RMS)."""

    def __init__(self, callback: LevelCallback | None, *, sr: int = TARGET_SR, hz: float = 15.0):
        self.callback = callback
        self.size = max(int(sr / hz), 1)
        self._buf = np.zeros(0, dtype=np.float32)

    def feed(self, y: np.ndarray) -> None:
        """Add samples; call the callback for every full window."""
        if self.callback is None:
            return
        buf = np.concatenate([self._buf, y])
        n = len(buf) // self.size
        for i in range(n):
            window = buf[i * self.size : (i + 1) * self.size]
            self.callback(0.0 if np.max(np.abs(window)) >= CLIP_LEVEL else rms_db(window))
        self._buf = buf[n * self.size :]


class ReplyCapture:
    """Collects one reply at 16 kHz and decides when it is over."""

    def __init__(self, config: EndpointConfig, *, on_chunk: ChunkCallback | None = None,
                 on_level: LevelCallback | None = None, level_hz: float = 15.0,
                 chunk_seconds: float = 0.1):
        self.endpointer = Endpointer(TARGET_SR, config)
        self.on_chunk = on_chunk
        self.on_level = on_level
        self.unheard = UnheardSound(hz=level_hz)  # sound with no speech heard yet, live
        self.meter = LevelMeter(self._level, hz=level_hz)
        self.chunk_size = max(int(chunk_seconds * TARGET_SR), 1)
        self._chunks: list[np.ndarray] = []
        self._unsent: list[np.ndarray] = []
        self._sent = 0  # samples handed to ``on_chunk`` so far

    def feed(self, y: np.ndarray) -> bool:
        """Take any number of samples; return True once the reply is over."""
        y = np.ascontiguousarray(y, dtype=np.float32)
        self._chunks.append(y)
        self._unsent.append(y)
        done = self.endpointer.feed(y)
        self.meter.feed(y)
        if done or sum(len(c) for c in self._unsent) >= self.chunk_size:
            self._send()
        return done

    def _level(self, db: float) -> None:
        """One level window: the sound-without-speech watch, then ``on_level``."""
        self.unheard.feed(db, heard=self.endpointer.speech_start is not None)
        if self.on_level is not None:
            self.on_level(db)

    def _send(self) -> None:
        """Hand the samples not yet delivered to ``on_chunk`` as one chunk; once the reply is over, none past its
        end (``finish`` cuts the saved clip there, and the live analysis must measure that same clip)."""
        if self._unsent and self.on_chunk is not None:
            chunk = np.concatenate(self._unsent)
            if self.endpointer.done:
                chunk = chunk[: max(self._end_sample() - self._sent, 0)]
            if len(chunk):
                self.on_chunk(chunk)
                self._sent += len(chunk)
        self._unsent = []

    def _end_sample(self) -> int:
        """Where the reply ended, in samples (``finish`` cuts the clip there)."""
        return int(round(self.endpointer.now * TARGET_SR))

    def salvage(self) -> Recording | None:
        """The audio captured so far after a failure, without calling ``on_chunk`` again (None if empty)."""
        if not self._chunks:
            return None
        ep = self.endpointer
        ep.flush()  # a failure within the opening: where speech was is still known
        return Recording(Clip(np.concatenate(self._chunks), TARGET_SR), "failed", ep.speech_start, ep.speech_end)

    def finish(self, reason: str | None = None, *, dropped: int = 0) -> Recording:
        """The recording so far; ``reason`` overrides the detector's (e.g. "stopped")."""
        ep = self.endpointer
        ep.flush()  # stopped within the opening: judge it now (before sending, so the live analysis ends there too)
        self._send()
        y = np.concatenate(self._chunks) if self._chunks else np.zeros(0, dtype=np.float32)
        if ep.done:
            y = y[: self._end_sample()]
        return Recording(Clip(y, TARGET_SR), ep.reason or reason or "stopped",
                         ep.speech_start, ep.speech_end, dropped)
