"""Calibration files: saved whole and private; a damaged one leaves the trainee uncalibrated, with a notice."""

from __future__ import annotations

import dataclasses
import os

import pytest

from callsim import baseline as bl
from callsim.errors import CallsimError
from callsim.records import BaselineRecord
from callsim.scenarios import load_library
from callsim.store import Store
from callsim.tui.trainee import baseline_for, baseline_problem, calibration_text
from callsim.tui.turns import CallState


def saved(name: str = "ann", pitch: float = 5.0):
    """A baseline saved where ``callsim calibrate --name`` puts it."""
    return bl.save_baseline(dataclasses.replace(bl.LOWER_VOICE, name=name, source="personal", pitch_median_st=pitch),
                            bl.named_baseline_path(name))


def truncated(name: str = "ann"):
    """A calibration file cut off half way (a crash or a full disk while it was written)."""
    path = saved(name)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    return path


def test_a_saved_baseline_is_private_and_replaces_the_old_file_whole():
    first = saved(pitch=5.0)
    (first.parent / "old.json").hardlink_to(first)  # an in-place rewrite would change this one too
    path = saved(pitch=9.0)
    assert path.stat().st_mode & 0o777 == 0o600 and bl.load_baseline(path).pitch_median_st == 9.0
    assert bl.load_baseline(first.parent / "old.json").pitch_median_st == 5.0
    assert sorted(p.name for p in path.parent.iterdir()) == ["ann.json", "old.json"]  # no temp file left


def test_a_baseline_that_cannot_be_written_is_a_one_line_error():
    with pytest.raises(CallsimError, match="/dev/null/x: cannot save the baseline") as err:
        bl.save_baseline(bl.LOWER_VOICE, "/dev/null/x/ann.json")
    assert "\n" not in str(err.value)


def test_a_file_name_too_long_is_named_as_the_user_knows_it_not_as_the_temp_file():
    """QA: the error named '.tmp-….json.abc123', a file the user never sees."""
    path = bl.baselines_dir() / ("x" * 251 + ".json")
    with pytest.raises(CallsimError) as err:
        bl.save_baseline(bl.LOWER_VOICE, path)
    assert str(err.value) == f"{path}: cannot save the baseline (File name too long)"
    assert list(path.parent.iterdir()) == []


def in_store(store, name: str = "ann", pitch: float = 9.0):
    """What a calibration saves in the store (``store.save_baseline``), as ``save_calibration``'s second step."""
    return lambda: store.save_baseline(BaselineRecord(name, bl.LOWER_VOICE.to_dict() | {"pitch_median_st": pitch}))


def failing():
    raise CallsimError("the session store is locked")


def test_a_calibration_is_saved_whole_the_file_then_the_store(tmp_path):
    new = dataclasses.replace(bl.LOWER_VOICE, name="ann", source="personal", pitch_median_st=9.0)
    with Store.open(tmp_path / "store") as store:
        path, _ = bl.save_calibration(new, "ann", in_store(store))
        assert bl.load_baseline(path).pitch_median_st == 9.0
        assert store.load_baseline("ann").profile["pitch_median_st"] == 9.0


def test_a_calibration_the_store_cannot_take_puts_the_file_back_as_it_was():
    path = saved(pitch=5.0)
    before = path.read_bytes()
    new = dataclasses.replace(bl.LOWER_VOICE, name="ann", source="personal", pitch_median_st=9.0)
    with pytest.raises(CallsimError, match="locked"):
        bl.save_calibration(new, "ann", failing)
    assert path.read_bytes() == before
    with pytest.raises(CallsimError, match="locked"):
        bl.save_calibration(dataclasses.replace(new, name="bo"), "bo", failing)
    assert sorted(p.name for p in path.parent.iterdir()) == ["ann.json"]  # no bo.json, no temp file


def test_a_calibration_whose_file_cannot_be_written_never_reaches_the_store(tmp_path):
    bl.baselines_dir().parent.mkdir(parents=True, exist_ok=True)
    bl.baselines_dir().write_text("a file where the folder should be")
    with Store.open(tmp_path / "store") as store:
        with pytest.raises(CallsimError, match="cannot save the baseline"):
            bl.save_calibration(bl.LOWER_VOICE, "ann", in_store(store))
        assert store.load_baseline("ann") is None


def test_a_truncated_calibration_file_leaves_the_trainee_uncalibrated_with_a_notice():
    path = truncated()
    assert baseline_for(None, "ann") is None
    assert str(path) in baseline_problem(None, "ann")
    text = calibration_text(None, "ann")
    assert "ann's calibration cannot be used" in text and str(path) in text and "\n" not in text


def test_a_stored_profile_that_is_not_a_baseline_leaves_the_trainee_uncalibrated(tmp_path):
    with Store.open(tmp_path / "store") as store:
        store.save_baseline(BaselineRecord("ann", {"pitch": {"median": 120.0}}))
        assert baseline_for(store, "ann") is None
        assert "stored calibration of ann is not a baseline (missing pitch_median_st" in calibration_text(store, "ann")


def test_a_good_calibration_is_still_used(tmp_path):
    saved(pitch=5.0)
    assert baseline_for(None, "ann").pitch_median_st == 5.0 and baseline_problem(None, "ann") == ""
    assert calibration_text(None, "ann").startswith("ann is calibrated")


def test_a_call_starts_uncalibrated_when_the_calibration_is_damaged(tmp_path):
    truncated()
    scenario = next(iter(load_library(()).scenarios.values()))
    call = CallState(scenario, "ann")
    with Store.open(tmp_path / "store") as store:
        call.open_session(store)
        assert call.session is not None and call.baseline is None


@pytest.mark.shared
async def test_the_app_shows_the_notice_and_goes_on_to_a_call(tmp_path, transcriber):
    from app_helpers import app_for, open_scenario, services, text_at, wait_for

    truncated("anna")
    svc = services(tmp_path, transcriber, [])
    app = app_for(svc)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: "cannot be used" in text_at(app, "#calibration"))
        await open_scenario(pilot, next(iter(svc.library.scenarios)))
        await wait_for(pilot, lambda: type(app.screen).__name__ == "CallScreen")
        assert app.screen.call.baseline is None
    svc.close()
    assert os.path.exists(bl.named_baseline_path("anna"))  # the damaged file is left for the user to look at
