"""Prosody features on synthetic signals with known answers, and streaming == whole file."""

from __future__ import annotations

import json

import numpy as np
import pytest

from callsim import prosody
from callsim.asr import Word
from callsim.clip import Clip, load

SR = 16_000


def tone(f0, seconds: float, *, amp: float = 0.3, sr: int = SR) -> np.ndarray:
    """A harmonic-rich voice-like tone; ``f0`` is a number or an array of per-sample frequencies."""
    n = int(seconds * sr)
    freq = np.broadcast_to(np.asarray(f0, dtype=float), (n,))
    phase = 2 * np.pi * np.cumsum(freq) / sr
    y = sum(np.sin(k * phase) / k for k in range(1, 6))
    return (amp * y / np.max(np.abs(y))).astype(np.float32)


def silence(seconds: float) -> np.ndarray:
    """Digital silence."""
    return np.zeros(int(seconds * SR), np.float32)


def speechlike(seconds: float = 3.0) -> np.ndarray:
    """Syllable-like bursts with a wandering pitch and short gaps."""
    t = np.arange(int(seconds * SR)) / SR
    y = tone(140 + 25 * np.sin(2 * np.pi * 0.7 * t), seconds)
    envelope = 0.2 + 0.8 * (np.sin(2 * np.pi * 4 * t) > -0.3)
    return (y * envelope).astype(np.float32)


@pytest.fixture(scope="module", autouse=True)
def warm():
    """Load the numba kernels once for this module."""
    prosody.warm_up()


def test_150_hz_tone_median_within_one_percent():
    feats = prosody.extract(Clip(tone(150.0, 2.0), SR))
    assert feats.pitch_median_hz == pytest.approx(150.0, rel=0.01)
    assert feats.final_contour == "level"
    assert feats.checks == ()


def test_reported_pitch_track_follows_the_tone_and_is_unvoiced_in_silence():
    from callsim.prosody_voicing import pitch_track

    y = np.concatenate([np.zeros(SR // 2, np.float32), tone(150.0, 1.5), np.zeros(SR // 2, np.float32)])
    track = prosody.extract(Clip(y, SR)).track
    f0 = pitch_track(track)
    assert len(f0) == len(track.f0)
    voiced = np.isfinite(f0)
    assert np.median(f0[voiced]) == pytest.approx(150.0, rel=0.01)
    assert voiced[: int(0.4 * SR / 240)].sum() == 0 and voiced[-int(0.4 * SR / 240):].sum() == 0
    assert voiced.sum() * 240 / SR > 1.2


def _tidy(f0, *, raw=None, hnr=None, db=None):
    """``tidy_voicing`` on a short track: raw f0 100 Hz, HNR 10 dB, level -20 dB and all frames allowed by default."""
    from callsim.prosody_voicing import tidy_voicing

    f0 = np.asarray(f0, float)
    n = len(f0)
    raw = np.full(n, 100.0) if raw is None else np.asarray(raw, float)
    hnr = np.full(n, 10.0) if hnr is None else np.asarray(hnr, float)
    db = np.full(n, -20.0) if db is None else np.asarray(db, float)
    return tidy_voicing(f0, raw, hnr, db, np.ones(n, bool))


def test_tidy_voicing_extends_runs_by_one_weak_frame_with_matching_pitch_and_level():
    nan = np.nan
    f0 = [nan, nan, 100, 100, 100, 100, nan, nan]
    hnr = [-1, -1, 10, 10, 10, 10, -1, -10]  # frame 1 and 6 weak (above EDGE_HNR_DB), 7 too aperiodic
    out = _tidy(f0, hnr=hnr)
    np.testing.assert_array_equal(np.isfinite(out), [0, 1, 1, 1, 1, 1, 1, 0])  # one frame per edge only
    assert out[1] == 100.0
    quieter = _tidy(f0, hnr=hnr, db=[-20, -30, -20, -20, -20, -20, -20, -20])  # frame 1 fading: 10 dB down
    assert np.isnan(quieter[1]) and np.isfinite(quieter[6])
    jump = _tidy(f0, hnr=hnr, raw=[100, 150, 100, 100, 100, 100, 100, 100])  # frame 1's f0 7 st away
    assert np.isnan(jump[1])
    unvoiced = _tidy(f0, hnr=hnr, raw=[100, nan, 100, 100, 100, 100, 100, 100])  # pyin itself unvoiced
    assert np.isnan(unvoiced[1])


def test_tidy_voicing_bridges_one_frame_gaps_only_when_both_sides_agree():
    nan = np.nan
    hnr = np.full(9, -10.0)  # no edge extension
    out = _tidy([100, 100, 100, nan, 104, 104, nan, nan, 104], hnr=hnr)
    assert out[3] == pytest.approx(np.sqrt(100 * 104))
    assert np.isnan(out[6]) and np.isnan(out[7])  # two-frame gap left alone
    octave = _tidy([100, 100, 100, nan, 200, 200, 200, 200, 200], hnr=hnr)
    assert np.isnan(octave[3])


def test_tidy_voicing_drops_a_run_start_much_quieter_than_the_next_frame():
    nan = np.nan
    f0 = [nan, 100, 100, 100, 100, nan, nan, 100, 100]
    db = [-60, -30, -20, -20, -20, -60, -60, -22, -20]  # frame 1: 10 dB below frame 2; frame 7 only 2 dB
    out = _tidy(f0, hnr=np.full(9, -10.0), db=db)
    np.testing.assert_array_equal(np.isfinite(out), [0, 0, 1, 1, 1, 0, 0, 1, 1])


@pytest.mark.parametrize(("start", "end", "label"), [(120.0, 220.0, "rising"), (220.0, 120.0, "falling")])
def test_glide_contour(start, end, label):
    glide = np.geomspace(start, end, int(1.5 * SR))
    feats = prosody.extract(Clip(tone(glide, 1.5), SR))
    assert feats.final_contour == label
    assert abs(feats.final_change_st) > 3


@pytest.mark.parametrize("y", [silence(2.0), np.zeros(0, np.float32), silence(0.01)])
def test_silence_is_no_speech_not_a_crash(y):
    feats = prosody.extract(Clip(y, SR))
    assert "no_speech" in feats.checks
    assert not feats.has_speech and feats.pitch_median_hz is None and feats.profile() == {}
    json.dumps(feats.to_dict())


def test_pauses_and_latency():
    y = np.concatenate([silence(0.5), tone(150, 1.0), silence(0.6), tone(150, 1.0), silence(0.3)])
    feats = prosody.extract(Clip(y, SR))
    assert feats.latency == pytest.approx(0.5, abs=0.05)
    assert feats.pause_count == 1
    assert feats.longest_pause == pytest.approx(0.6, abs=0.08)
    assert feats.pause_share == pytest.approx(0.6 / 2.6, abs=0.04)


def test_clipping_and_too_quiet_checks():
    loud = np.clip(tone(150, 1.5, amp=1.0) * 1.6, -1, 1)
    assert "clipping" in prosody.extract(Clip(loud, SR)).checks
    assert "too_quiet" in prosody.extract(Clip(tone(150, 1.5, amp=0.003), SR)).checks


def test_energy_trend_follows_a_crescendo():
    y = tone(150, 3.0) * np.linspace(0.05, 1.0, 3 * SR).astype(np.float32)
    feats = prosody.extract(Clip(y, SR))
    assert feats.energy_trend_db > 6  # speech frames are the loudest 30 dB: about 10 dB of rise


def test_pace_from_words_and_from_syllables():
    words = [Word(w, 0.5 + 0.4 * i, 0.8 + 0.4 * i, 1.0) for i, w in enumerate("we will fix it today".split())]
    with_words = prosody.extract(Clip(speechlike(), SR), words=words)
    assert with_words.pace_source == "words" and with_words.word_count == 5
    assert with_words.wpm == pytest.approx(5 * 60 / 1.9, rel=0.01)
    assert with_words.latency == 0.5
    estimated = prosody.extract(Clip(speechlike(), SR))
    assert estimated.pace_source == "syllables"
    assert 2.5 < estimated.syllable_rate < 5.5  # four bursts per second


def test_a_long_silence_between_words_counts_as_two_seconds_in_the_pace():
    """QA: a recorded call's agent channel read 91 wpm ('drags, speed up') because 22-28 s of the other side
    talking counted as the agent's slow speech; 4 words around a 10 s silence now read 4 words in 2 + 2 s."""
    words = [Word("w", t, t + 0.5, 1.0) for t in (0.5, 1.0, 11.5, 12.0)]  # a 10 s gap between words 2 and 3
    feats = prosody.extract(Clip(speechlike(13.0), SR), words=words)
    assert feats.wpm == pytest.approx(4 * 60 / (12.5 - 0.5 - 8.0), rel=1e-3)
    close = [Word("w", t, t + 0.5, 1.0) for t in (0.5, 1.0, 3.0, 3.5)]  # a 1.5 s gap: counted as it is
    assert prosody.extract(Clip(speechlike(13.0), SR), words=close).wpm == pytest.approx(4 * 60 / 3.5, rel=1e-3)


@pytest.mark.parametrize("seed", [0, 1])
def test_incremental_equals_whole_file(seed):
    y = speechlike(4.3)
    whole = prosody.extract(Clip(y, SR))
    inc, rng, i = prosody.IncrementalProsody(sr=SR), np.random.default_rng(seed), 0
    while i < len(y):
        n = int(rng.integers(1, 6000))
        inc.feed(y[i : i + n])
        i += n
    streamed = inc.finish()
    assert streamed.to_dict() == whole.to_dict()
    np.testing.assert_array_equal(streamed.track.f0, whole.track.f0)
    np.testing.assert_array_equal(streamed.track.report_f0, whole.track.report_f0)
    np.testing.assert_array_equal(streamed.track.f1_bw, whole.track.f1_bw)  # NaN counts as equal here
    assert "f1_bw_log2" in whole.profile()  # the speech-like voice has a first formant to measure


@pytest.mark.parametrize("sr", [SR, 44_100])
def test_report_track_draws_the_same_pitch_as_the_whole_analysis(sr):
    """The HTML export redraws each stored reply's pitch: the report decode alone gives the very same track."""
    from callsim.prosody_voicing import pitch_track

    y = speechlike(4.3) if sr == SR else tone(180.0, 2.5, sr=sr)
    whole, alone = prosody.extract(Clip(y, sr)).track, prosody.report_track(Clip(y, sr))
    np.testing.assert_array_equal(pitch_track(alone), pitch_track(whole))
    np.testing.assert_array_equal(alone.times, whole.times)
    assert len(alone.f0) == 0  # the tone features' decode was not run


def test_incremental_resamples_other_rates():
    inc = prosody.IncrementalProsody(sr=48_000)
    y = tone(150.0, 2.0, sr=48_000)
    for start in range(0, len(y), 4800):
        inc.feed(y[start : start + 4800])
    feats = inc.finish()
    assert feats.duration == pytest.approx(2.0, abs=0.01)
    assert feats.pitch_median_hz == pytest.approx(150.0, rel=0.01)


def test_stereo_chunks_are_mixed_down_and_bad_samples_refused():
    from callsim.errors import CallsimError

    mono = tone(150.0, 1.5)
    inc = prosody.IncrementalProsody()
    inc.feed(np.stack([mono, mono], axis=1))
    assert inc.finish().to_dict() == prosody.extract(Clip(mono, SR)).to_dict()
    with pytest.raises(CallsimError, match="NaN"):
        prosody.IncrementalProsody().feed(np.array([0.1, np.nan], np.float32))


def test_real_file_streamed_in_mic_chunks_matches(shared):
    clip = load(shared / "data/tone/ravdess/actor01/03-01-05-01-01-01-01.flac")
    inc = prosody.IncrementalProsody()
    for start in range(0, len(clip.y), 1600):
        inc.feed(clip.y[start : start + 1600])
    assert inc.finish().to_dict() == prosody.extract(clip).to_dict()


def test_features_json_round_trip():
    feats = prosody.extract(Clip(speechlike(), SR))
    data = json.loads(json.dumps(feats.to_dict()))
    again = prosody.Features.from_dict(data)
    assert again.to_dict() == data
    assert set(feats.profile()) >= {"pitch_st", "loudness_db", "rate_log2", "mfcc2_sd"}


def test_spectral_flux_is_zero_for_a_steady_tone_and_higher_for_changing_sound():
    from callsim.prosody_summary import spectral_flux

    steady = np.tile(np.arange(8.0), (50, 1))
    speech = np.ones(50, bool)
    assert spectral_flux(steady, speech) == 0.0
    moving = steady + np.random.default_rng(0).normal(0, 1, steady.shape)
    assert spectral_flux(moving, speech) > 1.0
    assert spectral_flux(moving, np.zeros(50, bool)) == 0.0


def test_a_dc_offset_changes_nothing():
    """QA: speech with an offset of +0.1 measured 485 Hz instead of 101 Hz, and a quiet hum with an offset was
    judged as speech."""
    y = speechlike(3.0)
    plain, offset = prosody.extract(Clip(y, SR)), prosody.extract(Clip(y + np.float32(0.1), SR))
    assert offset.pitch_median_hz == pytest.approx(plain.pitch_median_hz, rel=0.005)
    assert offset.energy_db == pytest.approx(plain.energy_db, abs=0.05) and offset.pause_count == plain.pause_count
    hum = np.float32(0.02) + np.random.default_rng(0).normal(0, 0.0005, 4 * SR).astype(np.float32)
    assert "no_speech" in prosody.extract(Clip(hum, SR)).checks


def test_the_dc_blocker_gives_the_same_samples_chunk_by_chunk():
    y = np.concatenate([silence(0.1), speechlike(1.0)]) + np.float32(0.05)  # a reply opens on the room, not a word
    whole, parts = prosody.DcBlocker().remove(y), prosody.DcBlocker()
    np.testing.assert_array_equal(np.concatenate([parts.remove(y[i : i + 700]) for i in range(0, len(y), 700)]), whole)
    assert np.max(np.abs(whole - (y - np.float32(0.05)))) < 0.01  # the offset is gone from the first sample on
