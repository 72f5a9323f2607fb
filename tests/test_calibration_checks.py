"""A calibration refuses readings that would make a bad baseline: too quiet, clipped, a word or a cough, a mic that
heard nothing; the app and ``callsim calibrate`` apply the same checks (``baseline.calibration``)."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf

from app_helpers import app_for, calibrate_from_file, read_passage, services, text_at, wait_for
from callsim import baseline as bl
from callsim.cli import main
from callsim.clip import Clip, load
from callsim.errors import CallsimError

pytestmark = pytest.mark.shared
NEUTRAL = "data/tone/ravdess/actor07/03-01-01-01-01-01-07.flac"


def scaled(clip: Clip, gain: float) -> Clip:
    """The reading at another input gain, clipped at full scale as a sound card does."""
    return Clip(np.clip(clip.y * gain, -1.0, 1.0).astype(np.float32), clip.sr)


@pytest.fixture
def reading(shared) -> Clip:
    return load(shared / NEUTRAL)


def test_a_good_reading_has_no_problem_and_becomes_the_baseline(reading):
    feats = bl.reading_features([reading])
    assert bl.reading_problem(feats[0]) == ""
    assert bl.calibration(feats, name="ann").pitch_median_st == pytest.approx(feats[0].pitch_median_st)


def test_a_far_too_quiet_reading_is_refused_with_its_level(reading):
    (feats,) = bl.reading_features([scaled(reading, 0.5)])
    problem = bl.reading_problem(feats)
    assert problem.startswith("too quiet (speech at -") and "raise the microphone's input level" in problem
    with pytest.raises(CallsimError, match="too quiet"):
        bl.calibration([feats], name="ann")


def test_a_clipped_reading_is_refused(reading):
    (feats,) = bl.reading_features([scaled(reading, 40.0)])
    assert "of the samples at full scale): turn the microphone's input level down" in bl.reading_problem(feats)


def test_one_word_is_no_baseline(reading):
    word = reading.slice(0.8, 1.6)  # under a second of the sentence: "okay", a cough
    with pytest.raises(CallsimError, match=r"^only 0\.\d s of speech: read the whole passage"):
        bl.calibration(bl.reading_features([word]), name="ann")


def test_a_bad_reading_among_good_ones_is_left_out(reading):
    feats = bl.reading_features([reading, scaled(reading, 0.5)])
    assert bl.calibration(feats, name="ann").clips == 1


def test_the_app_saves_a_calibration_whole_or_not_at_all(reading, tmp_path):
    """The app's calibration writes the profile file first and puts it back when the store then fails, so the two
    never disagree (QA: calibrate said it failed with the baseline already in the store)."""
    from callsim.records import BaselineRecord
    from callsim.store import Store
    from callsim.tui.trainee import measure_and_save

    path = bl.save_baseline(bl.LOWER_VOICE, bl.named_baseline_path("ann"))
    before = path.read_bytes()
    with Store.open(tmp_path / "store") as store:
        def locked(*_):
            raise CallsimError("the session store is locked")

        store.save_baseline, readings = locked, []
        with pytest.raises(CallsimError, match="locked"):
            measure_and_save(store, "ann", reading, readings=readings)
        assert path.read_bytes() == before and readings == []
        del store.save_baseline
        assert measure_and_save(store, "ann", reading, readings=readings).clips == 1
        assert isinstance(store.load_baseline("ann"), BaselineRecord) and bl.load_baseline(path).clips == 1


def test_the_cli_names_the_problem_of_each_reading(shared, tmp_path, capsys):
    import soundfile as sf

    quiet = tmp_path / "quiet.wav"
    sf.write(quiet, scaled(load(shared / NEUTRAL), 0.5).y, 16000)
    assert main(["calibrate", "--name", "q", "--no-transcribe", str(quiet)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"callsim: error: nothing saved: {quiet}: too quiet (speech at -") and err.count("\n") == 1
    assert main(["calibrate", "--name", "q", "--no-transcribe", str(quiet), str(shared / NEUTRAL)]) == 0
    assert f"{quiet}: too quiet" in capsys.readouterr().err


@pytest.mark.parametrize("said, expected", [
    ("silence", "Not saved: no speech heard from the microphone (muted, or its input level far too low?)"),
    ("a word", "Not saved: only 0."),
])
async def test_the_app_refuses_a_reading_and_keeps_the_baseline_it_had(tmp_path, transcriber, shared, said,
                                                                        expected):
    reading = load(shared / NEUTRAL)
    clip = Clip(np.zeros(16000 * 4, np.float32), 16000) if said == "silence" else reading.slice(0.8, 1.6)
    svc = services(tmp_path, transcriber, [clip])
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await read_passage(pilot, "Not saved")
        assert text_at(app, "#cal-status").strip().startswith(expected)
    assert svc.store.load_baseline("anna") is None


async def test_readings_in_one_calibration_are_averaged_and_a_bad_one_leaves_them_standing(tmp_path, transcriber,
                                                                                          shared):
    """QA: the screen advised two or three readings, but each reading replaced the baseline."""
    first = load(shared / "data/asr/misc/jfk.flac")  # 11 s
    second = Clip(np.concatenate([first.y[: 5 * 16000]] * 2), 16000)  # another take, of its first 5 s
    svc = services(tmp_path, transcriber, [first, second, Clip(np.zeros(16000 * 4, np.float32), 16000)])
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await read_passage(pilot, "Baseline saved from 1 reading:")
        assert "Enter reads again to average it in" in text_at(app, "#cal-status")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Baseline saved from 2 readings:" in text_at(app, "#cal-status"))
        two = svc.store.load_baseline("anna")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Not saved" in text_at(app, "#cal-status"))
        assert "The baseline from your earlier 2 readings stands." in " ".join(text_at(app, "#cal-status").split())
    assert svc.store.load_baseline("anna").id == two.id and two.profile["clips"] == 2
    kept = load(two.audio_path)  # both readings are kept with the baseline they made
    assert first.duration + second.duration + 0.5 < kept.duration < first.duration + second.duration + 6


async def test_a_reading_file_given_twice_while_measuring_counts_once(tmp_path, transcriber, shared, monkeypatch):
    """Review: Enter twice on the file box measured the same file twice and called it two readings."""
    import time

    from callsim.tui import trainee

    real = trainee.measure_and_save
    monkeypatch.setattr(trainee, "measure_and_save", lambda *a, **k: time.sleep(1.0) or real(*a, **k))  # a slow disk
    svc = services(tmp_path, transcriber, [], device=False)
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await calibrate_from_file(pilot, str(shared / "data/asr/misc/jfk.flac"), presses=2)
        # the notice lasts 3 s, and measuring can take longer than that under load: look for it first
        await wait_for(pilot, lambda: "Still measuring the last reading." in [n.message for n in app._notifications])
        await wait_for(pilot, lambda: "Baseline saved" in text_at(app, "#cal-status"))
        assert "from 1 reading:" in text_at(app, "#cal-status") and len(app.screen.readings) == 1


async def test_the_same_reading_file_given_again_is_not_a_second_reading(tmp_path, transcriber, shared):
    """QA: the file box keeps the path after a reading, so Enter again 'saved from 2 readings' of one file."""
    svc = services(tmp_path, transcriber, [], device=False)
    app = app_for(svc)
    jfk = str(shared / "data/asr/misc/jfk.flac")
    async with app.run_test(size=(80, 24)) as pilot:
        await calibrate_from_file(pilot, jfk)
        await wait_for(pilot, lambda: "Baseline saved" in text_at(app, "#cal-status"))
        await pilot.press("enter")
        await pilot.pause()
        assert "That recording is already one of these readings" in text_at(app, "#cal-status")
        assert len(app.screen.readings) == 1


def test_the_cli_counts_a_file_named_twice_once_and_says_what_it_left_out(shared, capsys, tmp_path):
    """QA: 'calibrate --name d f f f' saved '3 readings'; a failed save hid the files it had left out."""
    jfk = str(shared / "data/asr/misc/jfk.flac")
    assert main(["calibrate", "--name", "d", "--no-transcribe", jfk, jfk]) == 0
    out, err = capsys.readouterr()
    assert "saved baseline 'd' (1 reading, " in out
    assert f"{jfk}: already given (one recording counts as one reading); left out of the baseline" in err
    short = tmp_path / "short.wav"
    sf.write(str(short), load(jfk).y[: int(1.6 * 16000)], 16000)  # too little speech for a baseline
    assert main(["calibrate", "--name", "e", "--no-transcribe", str(short), str(short)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("callsim: error: nothing saved: ") and "(left out: " in err and "already given" in err


async def test_the_app_refuses_a_reading_file_longer_than_the_cli_takes(tmp_path, transcriber, monkeypatch, capsys):
    """QA: 'callsim calibrate' refused a 176 s file; the app measured it for ~50 s and saved a baseline."""
    from callsim.passages import MAX_READING_SECONDS
    from callsim.tui import trainee

    long = tmp_path / "long.wav"
    sf.write(long, np.zeros(16000 * 176, np.float32), 16000)
    expected = f"{long}: 176 s is longer than the {MAX_READING_SECONDS:.0f} s maximum"
    assert main(["calibrate", "--name", "Bob", str(long)]) == 1
    assert expected in capsys.readouterr().err
    measured = []
    monkeypatch.setattr(trainee, "measure_and_save", lambda *a, **k: measured.append(a))
    svc = services(tmp_path, transcriber, [], device=False)
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await calibrate_from_file(pilot, str(long))
        await wait_for(pilot, lambda: "Not saved" in text_at(app, "#cal-status"))
        assert f"Not saved: {expected}." in " ".join(text_at(app, "#cal-status").split())
    assert measured == [] and svc.store.load_baseline("anna") is None
