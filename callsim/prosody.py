"""Prosody of one spoken reply: pitch, energy, pauses, pace and signal checks.

API (everything the app needs)::

    from callsim import prosody
    prosody.warm_up()                          # once at start-up: loads numba kernels
    feats = prosody.extract(clip, words=None)  # whole clip -> Features
    inc = prosody.IncrementalProsody(sr=16000) # while recording:
    inc.feed(chunk)                            #   float32 mono chunks, any size
    feats = inc.finish(words=transcript.words) # only the last ~1 s is analysed here
    feats.to_dict()                            # JSON-ready numbers

``feed`` analyses each completed block at once (tens of ms per second of audio),
so call it from a worker thread, never from the audio callback. ``finish`` only
has the last block left: well under 150 ms after a 20 s reply.

Pitch comes from ``librosa.pyin`` run on fixed blocks of about one second with
a quarter second of overlap on each side. ``extract`` uses the very same
blocks, so streaming and whole-file results are identical, whatever the chunk
sizes. Frame-level work is in ``prosody_frames``, the summary in
``prosody_summary`` (``Features`` lists every field with its unit).
"""

from __future__ import annotations

import numpy as np

from callsim.clip import CLIP_LEVEL, Clip
from callsim.errors import CallsimError
from callsim.prosody_frames import FRAME, HOP, SR, FrameTrack, analyse_block, report_block
from callsim.prosody_summary import Features, summarise

__all__ = ["Features", "IncrementalProsody", "extract", "report_track", "warm_up", "SR"]

BLOCK = 64  # frames per pyin block (0.96 s)
CONTEXT = 16  # extra frames decoded on each side of a block (0.24 s)


class IncrementalProsody:
    """Measure a reply while it is being recorded: ``feed`` chunks, then ``finish``."""

    def __init__(self, sr: int = SR, *, report_only: bool = False):
        self.sr = int(sr)
        self._analyse = report_block if report_only else analyse_block  # report_only: for ``report_track``
        self._resampler = None if self.sr == SR else _stream_resampler(self.sr)
        self._chunks: list[np.ndarray] = [np.zeros(FRAME // 2, np.float32)]
        self._length = FRAME // 2  # samples in the padded signal so far
        self._offset = 0  # padded-signal samples already analysed and dropped
        self._samples = 0
        self._clipped = 0
        self._block = 0
        self._dc = DcBlocker()
        self.track = FrameTrack()

    def feed(self, y: np.ndarray) -> None:
        """Add float32 samples at ``sr`` (mono, or (frames, channels) mixed down); analyses complete blocks."""
        y = np.asarray(y, dtype=np.float32)
        y = y.mean(axis=1, dtype=np.float32) if y.ndim == 2 else y.reshape(-1)
        if not np.all(np.isfinite(y)):
            raise CallsimError("audio contains NaN or infinite samples")
        self._clipped += int(np.count_nonzero(np.abs(y) >= CLIP_LEVEL))
        if self._resampler is not None:
            y = self._resampler.resample_chunk(y)
        y = self._dc.remove(y)
        self._append(y)
        self._samples += len(y)
        available = 1 + (self._length - FRAME) // HOP if self._length >= FRAME else 0
        while (self._block + 1) * BLOCK + CONTEXT <= available:
            self._run_block(available)

    def finish(self, words=None) -> Features:
        """Analyse what is left and return the reply's ``Features`` (``words``: ``asr.Word`` list)."""
        self.finish_track()
        clipped = self._clipped / max(self._samples, 1)
        return summarise(self.track, duration=self._samples / SR, clipped=clipped, words=words)

    def finish_track(self) -> FrameTrack:
        """Analyse what is left and return the whole ``FrameTrack`` (``finish`` summarises it too)."""
        if self._resampler is not None:
            tail = self._dc.remove(self._resampler.resample_chunk(np.zeros(0, np.float32), last=True))
            self._append(tail)
            self._samples += len(tail)
        self._append(np.zeros(FRAME // 2, np.float32))
        total = 1 + self._samples // HOP
        if self._block * BLOCK < total:
            self._run_block(total, last=True)
        return self.track

    def _append(self, y: np.ndarray) -> None:
        if len(y):
            self._chunks.append(y)
            self._length += len(y)

    def _signal(self) -> np.ndarray:
        if len(self._chunks) > 1:
            self._chunks = [np.concatenate(self._chunks)]
        return self._chunks[0]

    def _run_block(self, limit: int, *, last: bool = False) -> None:
        """Analyse block ``self._block`` with up to CONTEXT frames either side (never past ``limit``).

        The ``last`` block runs to the end of the reply in one pyin call (under 2 s of audio).
        """
        a = self._block * BLOCK
        b = limit if last else min(a + BLOCK, limit)
        lo, hi = max(a - CONTEXT, 0), min(b + CONTEXT, limit)
        segment = self._signal()[lo * HOP - self._offset : (hi - 1) * HOP + FRAME - self._offset]
        self.track.extend(self._analyse(segment).cut(a - lo, b - lo))
        self._block += 1
        self._drop_before(max(self._block * BLOCK - CONTEXT, 0) * HOP)

    def _drop_before(self, sample: int) -> None:
        """Forget padded-signal samples before ``sample`` (no later block needs them)."""
        if sample > self._offset:
            self._chunks = [self._signal()[sample - self._offset :]]
            self._offset = sample


class DcBlocker:
    """A one-pole high-pass (``y[n] = x[n] - x[n-1] + POLE * y[n-1]``, about 2.5 Hz at 16 kHz) that removes a
    microphone's DC offset, chunk by chunk with the same result as one pass. Its state starts as if the first sample
    had lasted forever, so a constant offset is gone from the first sample; speech (63 Hz and up) loses < 0.01 dB.
    Without it an offset of 0.1 read as 485 Hz and a quiet hum with an offset as speech."""

    POLE = 0.999

    def __init__(self):
        self._state = None

    def remove(self, y: np.ndarray) -> np.ndarray:
        """``y`` (float32) without its DC offset."""
        from scipy.signal import lfilter

        if len(y) == 0:
            return y
        if self._state is None:
            self._state = np.array([-float(y[0])])  # the steady state of a constant y[0]: output 0
        out, self._state = lfilter([1.0, -1.0], [1.0, -self.POLE], y, zi=self._state)
        return out.astype(np.float32)


def extract(clip: Clip, *, words=None) -> Features:
    """Features of a whole clip (same blocks, same result as streaming it)."""
    inc = IncrementalProsody(sr=clip.sr)
    inc.feed(clip.y)
    return inc.finish(words=words)


def report_track(clip: Clip) -> FrameTrack:
    """What ``prosody_voicing.pitch_track`` reads of ``extract(clip).track`` (the report decode and the energy,
    the same frames), the rest left empty: a stored reply's pitch drawn again at a third of the cost."""
    inc = IncrementalProsody(sr=clip.sr, report_only=True)
    inc.feed(clip.y)
    return inc.finish_track()


def warm_up() -> float:
    """Run the analysis once on a short synthetic voice so numba kernels are loaded; returns seconds."""
    import time

    start = time.perf_counter()
    t = np.arange(int(1.5 * SR)) / SR
    extract(Clip((0.1 * np.sin(2 * np.pi * 140 * t)).astype(np.float32), SR))
    return time.perf_counter() - start


def _stream_resampler(sr: int):
    import soxr

    return soxr.ResampleStream(sr, SR, 1, dtype="float32", quality="HQ")
