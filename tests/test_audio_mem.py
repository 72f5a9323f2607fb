"""InMemoryDevice: what was played, replies delivered in chunks, the level and chunk callbacks."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from callsim.audio import InMemoryDevice
from callsim.clip import Clip
from test_endpoint import noise, speech

SR = 16_000


def reply(seconds: float = 1.5, *, lead: float = 0.3, sr: int = SR) -> Clip:
    """A speech-like reply with quiet room noise before it."""
    clip = Clip(np.concatenate([noise(lead, -60), speech(seconds)]), SR)
    return clip.resampled(sr)


class FakeClock:
    """Counts sleeps instead of sleeping; can press the stop key after some seconds."""

    def __init__(self, stop_after: float | None = None, event: threading.Event | None = None):
        self.slept = 0.0
        self.stop_after, self.event = stop_after, event

    def sleep(self, seconds: float) -> None:
        self.slept += seconds
        if self.stop_after is not None and self.slept >= self.stop_after:
            self.event.set()


def test_play_keeps_what_was_played():
    device = InMemoryDevice()
    a, b = reply(0.5), reply(0.7)
    device.play(a).wait()
    playback = device.play(b)
    assert playback.done and device.played == [a, b]


class HeldClock:
    """A speaker that plays only as fast as the test lets it: each step waits for ``step`` (or 5 s)."""

    def __init__(self):
        self.step, self.slept = threading.Event(), 0.0

    def sleep(self, seconds: float) -> None:
        self.step.wait(5)
        self.slept += seconds


def test_stop_cuts_a_playing_clip_off_and_the_device_says_so():
    clock = HeldClock()
    device = InMemoryDevice(clock=clock)
    a, b, c = reply(2.0), reply(1.0), reply(0.5)
    playing = device.play(a)
    assert not playing.done and device.stopped == []
    playing.stop()
    playing.wait(1)
    assert playing.done and playing.stopped and device.stopped == [a] and clock.slept < 2.3
    second = device.play(b)
    device.play(c)  # a clip played over another cuts it off, as the real speaker does
    assert second.done and device.stopped == [a, b]
    clock.step.set()
    device.playbacks[-1].wait(5)
    assert device.playbacks[-1].done and device.stopped == [a, b] and device.played == [a, b, c]


def test_record_delivers_the_reply_and_ends_after_silence():
    chunks, levels = [], []
    device = InMemoryDevice([reply(1.5)])
    rec = device.record(on_chunk=chunks.append, on_level=levels.append)
    assert rec.reason == "silence"
    assert rec.speech_start == pytest.approx(0.3, abs=0.1)
    assert rec.speech_end == pytest.approx(1.8, abs=0.1)
    assert rec.clip.sr == SR and rec.clip.duration == pytest.approx(rec.speech_end + 1.2, abs=0.021)
    assert all(c.dtype == np.float32 and len(c) == 1600 for c in chunks)
    assert np.array_equal(np.concatenate(chunks)[: len(rec.clip.y)], rec.clip.y)
    assert len(levels) == pytest.approx(rec.clip.duration * 15, abs=2)
    assert max(levels) == pytest.approx(-20, abs=3) and min(levels) < -55
    assert device.recordings == [rec]


@pytest.mark.parametrize("block_seconds", [0.02, 0.037, 0.25])
def test_chunks_are_a_tenth_of_a_second_whatever_the_microphone_block(block_seconds):
    chunks = []
    rec = InMemoryDevice([reply(1.0)], block_seconds=block_seconds).record(on_chunk=chunks.append)
    assert all(abs(len(c) - 1600) <= block_seconds * SR for c in chunks[:-1])
    assert np.array_equal(np.concatenate(chunks)[: len(rec.clip.y)], rec.clip.y)


@pytest.mark.parametrize("block_seconds", [0.02, 0.037, 0.25])
def test_the_live_analysis_gets_exactly_the_saved_reply(block_seconds):
    """QA (issue 4): the reply ends inside a microphone block; the samples after its end went to the live analysis
    but not into the saved clip, so the live features read a longer reply than a whole-file pass of the clip."""
    chunks = []
    rec = InMemoryDevice([reply(1.0)], block_seconds=block_seconds).record(on_chunk=chunks.append)
    assert rec.reason == "silence"
    assert np.array_equal(np.concatenate(chunks), rec.clip.y)


def test_speech_slice_is_the_spoken_part():
    rec = InMemoryDevice([reply(1.0, lead=1.0)]).record()
    assert rec.heard_speech
    assert rec.speech(pad=0.0).duration == pytest.approx(1.0, abs=0.1)


def test_replies_are_used_in_order_then_silence_times_out():
    device = InMemoryDevice([reply(0.5), reply(2.0)])
    first, second = device.record(), device.record()
    assert first.speech_end - first.speech_start < second.speech_end - second.speech_start
    third = device.record(no_speech_timeout=2.0)
    assert (third.reason, third.heard_speech, third.clip.duration) == ("no_speech", False, pytest.approx(2.0))


def test_replies_at_other_rates_are_resampled():
    rec = InMemoryDevice([reply(1.0, sr=44_100)]).record()
    assert rec.clip.sr == SR and rec.speech_end == pytest.approx(1.3, abs=0.1)


def test_max_seconds_cuts_a_long_reply():
    rec = InMemoryDevice([reply(10.0)]).record(max_seconds=3.0)
    assert rec.reason == "max_length" and rec.clip.duration == pytest.approx(3.0)


def test_the_stop_key_ends_the_reply_early():
    stop = threading.Event()
    device = InMemoryDevice([reply(5.0)], clock=FakeClock(stop_after=1.0, event=stop))
    recorder = device.recorder(stop_event=stop).start()
    rec = recorder.wait(5)
    assert recorder.done and rec.reason == "stopped"
    assert rec.clip.duration == pytest.approx(1.0, abs=0.11)


def test_a_reply_stopped_within_the_opening_knows_where_its_speech_was():
    stop = threading.Event()
    device = InMemoryDevice([reply(2.0, lead=0.0)], clock=FakeClock(stop_after=0.6, event=stop))
    rec = device.recorder(stop_event=stop).start().wait(5)
    assert rec.reason == "stopped" and rec.heard_speech and rec.speech_start == 0.0
    assert rec.clip.duration == pytest.approx(0.6, abs=0.11)


def test_stop_method_before_any_audio():
    device = InMemoryDevice([reply(5.0)], clock=FakeClock())
    recorder = device.recorder()
    recorder.stop()
    assert recorder.start().wait(5).reason == "stopped"


def test_clock_paces_play_and_record():
    clock = FakeClock()
    device = InMemoryDevice([reply(1.0)], clock=clock)
    device.play(reply(2.0)).wait()
    assert clock.slept == pytest.approx(2.3)
    rec = device.record()
    assert clock.slept == pytest.approx(2.3 + rec.clip.duration, abs=0.11)


def test_results_are_deterministic():
    runs = [InMemoryDevice([reply(1.2)]).record() for _ in range(2)]
    assert runs[0].reason == runs[1].reason and np.array_equal(runs[0].clip.y, runs[1].clip.y)


def test_callback_errors_reach_the_caller():
    def broken(chunk):
        raise ValueError("boom")

    from callsim.errors import CallsimError

    with pytest.raises(CallsimError, match="boom"):
        InMemoryDevice([reply(1.0)]).record(on_chunk=broken)


def test_unknown_limit_is_a_type_error():
    with pytest.raises(TypeError):
        InMemoryDevice().recorder(end_silense=1.0)


def test_a_failure_while_recording_keeps_the_audio_heard_so_far():
    """An analysis bug in the chunk callback must not lose the reply: the error carries the audio."""
    from callsim.audio_worker import RecordingFailed

    seen = []

    def analysis(chunk):
        seen.append(len(chunk))
        if len(seen) == 5:
            raise ValueError("analysis bug")

    with pytest.raises(RecordingFailed, match="recording failed: analysis bug") as caught:
        InMemoryDevice([reply(1.5)]).record(on_chunk=analysis)
    kept = caught.value.recording
    assert kept.reason == "failed" and kept.clip.sr == SR
    assert kept.clip.duration == pytest.approx(0.5, abs=0.05)  # the five chunks delivered before the failure


def test_a_level_window_that_clips_reads_zero_so_the_meter_shows_it():
    """QA: a voice clipping its peaks sat at about -6 dB RMS, and the meter stayed green."""
    y = (0.3 * np.sin(2 * np.pi * 200 * np.arange(SR) / SR)).astype(np.float32)  # about -13 dB RMS
    y[SR // 2] = 1.0  # one sample at full scale
    levels = []
    InMemoryDevice([Clip(y, SR)]).record(on_level=levels.append, end_silence=0.3)
    assert levels.count(0.0) == 1 and max(v for v in levels if v < 0) == pytest.approx(-13.5, abs=0.5)
