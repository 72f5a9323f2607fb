"""End-of-reply detection: energy above an adaptive noise floor, then enough silence.

``Endpointer`` is fed mono float32 chunks of any size at one sample rate and
works on 20 ms frames (``frame_levels``, which ``early_start`` shares). It is
pure arithmetic (no clock, no threads), so the same audio always gives the same
decision. Times are seconds of audio fed so far.

The floor starts from the quietest frame of the reply's opening
(``EndpointConfig.opening``), whose frames are judged together once it is in:
a reply that begins with speech has no room before it to learn the floor from,
and a floor started from its first (spoken) frame heard that speech late, or,
for a soft voice in a noisy room, not at all. A reply that begins with a pause
is judged as before; ``flush`` judges an opening cut short by a stopped recording.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

import numpy as np

FRAME_SECONDS = 0.02
MIN_DB = -100.0


def rms_db(y: np.ndarray) -> float:
    """RMS level of ``y`` in dBFS (a full-scale sine is -3 dB); -100 for silence."""
    if len(y) == 0:
        return MIN_DB
    rms = math.sqrt(float(np.mean(np.square(y, dtype=np.float64))))
    return max(20 * math.log10(rms), MIN_DB) if rms > 0 else MIN_DB


def frame_size(sr: int) -> int:
    """Samples in one ``FRAME_SECONDS`` frame at ``sr`` (at least one): the detector's frames, and early_start's."""
    return max(int(round(FRAME_SECONDS * sr)), 1)


def frame_levels(y: np.ndarray, sr: int) -> np.ndarray:
    """The RMS level in dBFS (``MIN_DB`` for silence) of each whole frame of ``y``, as the detector judges it; a
    part frame at the end is left out. Each frame's mean is taken out first: a microphone's DC offset is no sound
    (an offset of 0.1 would otherwise read as -20 dBFS of "speech" that never ends)."""
    size = frame_size(sr)
    frames = np.asarray(y[: len(y) // size * size], dtype=np.float64).reshape(-1, size)
    rms = np.std(frames, axis=1)
    with np.errstate(divide="ignore"):
        return np.maximum(20 * np.log10(rms), MIN_DB)


@dataclass(frozen=True)
class EndpointConfig:
    """Tuning knobs; the defaults suit a headset or laptop microphone."""

    end_silence: float = 1.2  # silence after speech that ends the reply
    no_speech_timeout: float | None = 10.0  # give up when nobody speaks this long
    max_seconds: float | None = 60.0  # hard limit on the reply length
    margin_db: float = 10.0  # speech is this far above the noise floor ...
    hold_margin_db: float = 6.0  # ... and stays speech while this far above it
    min_speech_db: float = -55.0  # and always louder than this
    min_speech: float = 0.15  # speech needed within ``onset_window`` to count
    onset_window: float = 0.5
    opening: float = 1.5  # the first seconds, judged once all are in against a floor from their quietest frame
    floor_rise_tau: float = 2.0  # seconds for the floor to follow louder noise
    floor_fall_tau: float = 0.05  # seconds for the floor to follow quieter audio


class Endpointer:
    """Decides when a reply has started and ended; see ``EndpointConfig``."""

    def __init__(self, sr: int, config: EndpointConfig | None = None):
        self.sr = sr
        self.config = config or EndpointConfig()
        self.frame = frame_size(sr)
        self._pending = np.zeros(0, dtype=np.float32)
        self._frames = 0
        self._last_voiced = -1
        self._recent: deque[bool] = deque(maxlen=max(int(self.config.onset_window / FRAME_SECONDS), 1))
        self._opening: list[float] | None = []  # the opening's levels until it is judged (then None)
        self._opening_frames = max(int(round(self.config.opening / FRAME_SECONDS)), 1)
        self.floor_db: float | None = None  # None until the opening is judged
        self.speech_start: float | None = None
        self.speech_end: float | None = None
        self.reason: str | None = None  # "silence", "no_speech" or "max_length" once done

    @property
    def now(self) -> float:
        """Seconds of audio judged so far (whole frames)."""
        return self._frames * FRAME_SECONDS

    @property
    def done(self) -> bool:
        """True once the reply is over (see ``reason``)."""
        return self.reason is not None

    @property
    def speaking(self) -> bool:
        """True between speech onset and the end of the reply."""
        return self.speech_start is not None and not self.done

    def feed(self, y: np.ndarray) -> bool:
        """Judge more samples; return ``done``. Samples after the end are ignored."""
        buf = np.concatenate([self._pending, np.asarray(y, dtype=np.float32)])
        levels = frame_levels(buf, self.sr)
        for level in levels:
            if self.done:
                break
            self._take(float(level))
        self._pending = buf[len(levels) * self.frame :]
        return self.done

    def flush(self) -> None:
        """Judge the opening now, if it is still waiting (the recording stopped within it)."""
        if not self._opening:
            return
        opening, self._opening = self._opening, None
        self.floor_db = min(opening)
        for level in opening:
            if not self.done:
                self._judge(level)

    def _take(self, level: float) -> None:
        """Judge one frame, or keep it with the opening until the opening is in."""
        if self._opening is None:
            self._judge(level)
            return
        self._opening.append(level)
        if len(self._opening) >= self._opening_frames:
            self.flush()

    def _judge(self, level: float) -> None:
        self._frames += 1
        voiced = self._is_voiced(level)
        self._track_floor(level, voiced)
        self._recent.append(voiced)
        if voiced and self.speech_start is None and self._onset():
            start = self.now - FRAME_SECONDS * (len(self._recent) - self._recent.index(True))
            self.speech_start = max(start, 0.0)
        if voiced:
            self._last_voiced = self._frames
        if voiced and self.speech_start is not None:
            self.speech_end = self.now
        self.reason = self._verdict()

    def _is_voiced(self, level: float) -> bool:
        c = self.config
        held = self.speaking and self._last_voiced == self._frames - 1
        margin = c.hold_margin_db if held else c.margin_db
        return level > self.floor_db + margin and level > c.min_speech_db

    def _track_floor(self, level: float, voiced: bool) -> None:
        tau = self.config.floor_fall_tau if level < self.floor_db else self.config.floor_rise_tau
        if voiced:
            tau *= 2  # follow loud audio slower while it sounds like speech
        self.floor_db += (level - self.floor_db) * (1 - math.exp(-FRAME_SECONDS / tau))

    def _onset(self) -> bool:
        return sum(self._recent) * FRAME_SECONDS >= self.config.min_speech - 1e-9

    def _verdict(self) -> str | None:
        c, t = self.config, self.now
        if self.speech_end is not None and t - self.speech_end >= c.end_silence - 1e-9:
            return "silence"
        if c.max_seconds is not None and t >= c.max_seconds - 1e-9:
            return "max_length"
        if self.speech_start is None and c.no_speech_timeout is not None and t >= c.no_speech_timeout - 1e-9:
            return "no_speech"
        return None
