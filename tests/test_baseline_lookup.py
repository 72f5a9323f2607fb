"""``--baseline NAME`` finds a trainee's calibration where the app does: the store first, then the profile file."""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta

import pytest

from callsim import baseline as bl
from callsim.cli import main
from callsim.errors import CallsimError
from callsim.records import BaselineRecord
from callsim.report_json import export_document
from callsim.store import DB_NAME, Store
from report_helpers import BASELINE, T0, fill

REPLY = "data/tone/ravdess/actor07/03-01-05-01-01-01-07.flac"


def profile_file(name: str, pitch: float):
    """A profile file where ``callsim calibrate --name`` saves one."""
    b = dataclasses.replace(bl.LOWER_VOICE, name=name, source="personal", pitch_median_st=pitch)
    return bl.save_baseline(b, bl.named_baseline_path(name))


def store_baseline(name: str, pitch: float, *, days: int = 0) -> None:
    """A baseline in the session store of the data folder (as the app or ``callsim calibrate`` saves it)."""
    with Store.open() as store:
        profile = BASELINE | {"name": name, "pitch_median_st": pitch}
        store.save_baseline(BaselineRecord(name, profile, T0 + timedelta(days=days)))


def test_imported_baseline_is_found_by_name_in_a_fresh_data_folder(tmp_path, capsys, shared):
    with Store.open(tmp_path / "laptop") as laptop:
        fill(laptop)
        (tmp_path / "a.json").write_text(json.dumps(export_document(laptop, laptop.list_sessions(trainee="ann"))))
    assert main(["import", str(tmp_path / "a.json")]) == 0
    assert not bl.named_baseline_path("ann").exists()  # only the store has it, as after any import
    assert bl.resolve_baseline("ann").pitch_median_st == 21.0
    capsys.readouterr()
    assert main(["analyze", "--json", "--no-transcribe", "--baseline", "ann", str(shared / REPLY)]) == 0
    tone = json.loads(capsys.readouterr().out)["tone"]
    assert tone["personal_baseline"] is True and tone["baseline"] == "ann"


def test_the_store_wins_over_the_profile_file_and_its_newest_baseline_counts():
    profile_file("anna", 5.0)
    store_baseline("anna", 7.0, days=0)
    store_baseline("anna", 8.0, days=1)
    assert bl.resolve_baseline("anna").pitch_median_st == 8.0
    profile_file("maria", 6.0)
    assert bl.resolve_baseline("maria").pitch_median_st == 6.0  # only the profile file has her


def test_a_store_that_cannot_open_does_not_hide_the_profile_file():
    from callsim import paths

    paths.data_dir().mkdir(parents=True, exist_ok=True)
    db = paths.data_dir() / DB_NAME
    db.write_bytes(b"not a database at all, just some bytes")
    profile_file("anna", 5.0)
    assert bl.resolve_baseline("anna").pitch_median_st == 5.0
    with pytest.raises(CallsimError) as err:
        bl.resolve_baseline("ghost")
    message = str(err.value)
    assert message.startswith("no baseline named 'ghost': looked in the session store (")
    assert "not an SQLite database" in message and str(bl.named_baseline_path("ghost")) in message
    assert "callsim calibrate --name ghost" in message and "\n" not in message
    assert db.read_bytes() == b"not a database at all, just some bytes"


def test_the_calibrate_line_in_the_error_can_be_pasted_into_a_shell():
    """QA: a name with a space was shown unquoted, so the suggested command calibrated a trainee called "zoë"."""
    with pytest.raises(CallsimError) as err:
        bl.resolve_baseline("zoë martin")
    assert "(run: callsim calibrate --name 'zoë martin' FILE...)" in str(err.value)


def test_the_error_lists_both_places_and_no_store_is_created():
    from callsim import paths

    with pytest.raises(CallsimError) as err:
        bl.resolve_baseline("ghost")
    db = paths.data_dir() / DB_NAME
    assert f"looked in the session store (none yet at {db}) and for {bl.named_baseline_path('ghost')}" in str(err.value)
    assert not db.exists()
    store_baseline("anna", 7.0)
    with pytest.raises(CallsimError, match=rf"looked in the session store \({db}\) and for .*ghost\.json"):
        bl.resolve_baseline("ghost")


def test_a_stored_calibration_that_is_not_a_baseline_is_refused_like_the_app_does():
    profile_file("anna", 5.0)
    with Store.open() as store:
        store.save_baseline(BaselineRecord("anna", {"pitch": {"median": 120.0}}))
    with pytest.raises(CallsimError, match="stored calibration of anna .* cannot be used .*missing pitch_median_st") as err:
        bl.resolve_baseline("anna")
    assert f"--baseline {bl.named_baseline_path('anna')}" in str(err.value)  # the way around it


def test_file_paths_still_name_files(tmp_path, monkeypatch):
    store_baseline("anna", 7.0)
    path = profile_file("other", 4.0)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "anna").write_text(path.read_text())  # a file called like a trainee: the file is meant
    assert bl.resolve_baseline(str(path)).pitch_median_st == 4.0
    assert bl.resolve_baseline("anna").pitch_median_st == 4.0
    with pytest.raises(CallsimError, match="missing.json: no such file$"):
        bl.resolve_baseline(str(tmp_path / "missing.json"))


def test_a_profile_file_with_nan_or_true_for_a_number_is_refused(tmp_path):
    """Python's json reads NaN and true without a word; a verdict against them would be nonsense."""
    path = profile_file("other", 4.0)
    for value in ("NaN", "true"):
        bad = tmp_path / f"bad-{value}.json"
        bad.write_text(path.read_text().replace('"energy_db": ', f'"energy_db": {value}, "was": ', 1))
        with pytest.raises(CallsimError, match=rf"bad-{value}.json: not a callsim baseline profile "
                                               r"\(energy_db not a finite number\)$"):
            bl.resolve_baseline(str(bad))


@pytest.mark.parametrize("key, value, problem", [
    ("pitch_median_st", 1e308, "pitch_median_st 1e+308 not within -24 to 48 (semitones above 100 Hz: 25 Hz to 1600 Hz)"),
    ("pitch_median_st", 10 ** 400, "pitch_median_st a 401-digit number not within -24 to 48"),
    ("pitch_sd_st", -5, "pitch_sd_st -5 not within 0 to 48 (semitones)"),
    ("energy_db", 3.0, "energy_db 3 not within -120 to 0 (dBFS)"),
    ("energy_sd_db", 1e9, "energy_sd_db 1e+09 not within 0 to 120 (dB)"),
    ("wpm", 0, "wpm 0 not within 1 to 1000 (words a minute)"),
    ("wpm", "fast", "wpm not a finite number"),
    ("clips", -1, "clips -1 not within 0 to 10000 (readings)"),
    ("clips", 2.5, "clips not a whole number"),
    ("speech_seconds", float("inf"), "speech_seconds not a finite number"),
])
def test_a_profile_file_with_a_number_no_voice_has_is_refused_naming_it(tmp_path, key, value, problem):
    """QA: "pitch_median_st": 1e308 crashed analyze with an OverflowError; "wpm": 0 printed "(usually 0)"."""
    data = json.loads(profile_file("other", 4.0).read_text()) | {key: value}
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    with pytest.raises(CallsimError) as err:
        bl.resolve_baseline(str(bad))
    assert str(err.value).startswith(f"{bad}: not a callsim baseline profile ({problem}")
    assert str(err.value).endswith(")") and "\n" not in str(err.value)


@pytest.mark.parametrize("profile, problem", [
    ({"pitch_st": float("nan")}, "profile.pitch_st not a finite number"),
    ({"spread_st": -5}, "profile.spread_st -5 not within 0 to 48 (semitones)"),
    ({"voiced_fraction": 3.0}, "profile.voiced_fraction 3 not within 0 to 1 (a share)"),
    ({"future_measure": "high"}, "profile.future_measure not a finite number"),
    ("x", "profile not a JSON object"),
    (None, "profile not a JSON object"),
])
def test_a_profile_file_whose_measures_no_voice_has_is_refused(tmp_path, profile, problem):
    """QA: profile.pitch_st NaN gave "confidence nan" and bare NaN in analyze --json; "profile": "x" was ignored."""
    data = json.loads(profile_file("other", 4.0).read_text())
    data["profile"] = data["profile"] | profile if isinstance(profile, dict) else profile
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    with pytest.raises(CallsimError) as err:
        bl.resolve_baseline(str(bad))
    assert str(err.value) == f"{bad}: not a callsim baseline profile ({problem})"


def test_a_profile_with_a_measure_callsim_does_not_know_is_still_used(tmp_path):
    data = json.loads(profile_file("other", 4.0).read_text())
    data["profile"]["future_db"] = -3.5
    path = tmp_path / "newer.json"
    path.write_text(json.dumps(data))
    assert bl.resolve_baseline(str(path)).profile["future_db"] == -3.5


def test_a_stored_calibration_with_a_number_no_voice_has_is_refused(capsys, shared):
    store_baseline("anna", 1e308)
    with pytest.raises(CallsimError, match=r"stored calibration of anna .* cannot be used \(not a baseline "
                                           r"\(pitch_median_st 1e\+308 not within -24 to 48"):
        bl.resolve_baseline("anna")
    assert main(["analyze", "--json", "--no-transcribe", "--baseline", "anna", str(shared / REPLY)]) == 1
    assert "pitch_median_st 1e+308 not within" in capsys.readouterr().err


def test_the_bands_cover_every_number_and_the_population_profiles():
    from callsim.baseline_bounds import NUMBER_BANDS, PROFILE_BANDS
    from callsim.baseline_files import profile_problem
    from callsim.baseline_profile import NUMBERS

    assert set(NUMBER_BANDS) == set(NUMBERS)
    assert bl.LOWER_VOICE.profile and set(bl.LOWER_VOICE.profile) <= set(PROFILE_BANDS)
    assert profile_problem(bl.LOWER_VOICE.to_dict()) == profile_problem(bl.HIGHER_VOICE.to_dict()) == ""
    assert profile_problem(BASELINE) == ""


def test_a_name_the_app_accepts_works_as_a_baseline_name(capsys, shared):
    store_baseline("Anna Smith", 7.0)  # the app calibrated the trainee typed as "Anna Smith"
    assert bl.resolve_baseline("Anna Smith").pitch_median_st == 7.0
    assert main(["analyze", "--json", "--no-transcribe", "--baseline", "Anna Smith", str(shared / REPLY)]) == 0
    assert json.loads(capsys.readouterr().out)["tone"]["personal_baseline"] is True


@pytest.mark.parametrize("name, problem", [
    ("Anna Smith", ""), ("José Núñez", ""), ("o'brien-2", ""), ("", "it is empty"), ("x" * 65, "longer than 64"),
    ("../anna", "contains / or \\"), ("a\\b", "contains / or \\"), (".anna", "starts with '.'"),
    (" anna", "starts or ends with a space"), ("an\tna", "control character"),
    ("é" * 64, ""), ("李" * 42, ""), ("李" * 43, "it is too long to name a file (129 bytes in UTF-8, more than 128"),
    ("😀" * 64, "it is too long to name a file (256 bytes in UTF-8, more than 128"),  # QA: NAME.json too long
])
def test_one_rule_for_trainee_names(name, problem):
    from callsim.names import trainee_name_problem

    assert (problem in trainee_name_problem(name)) and bool(trainee_name_problem(name)) == bool(problem)


def test_calibrate_takes_the_names_the_app_takes(capsys, shared):
    reading = str(shared / "data/tone/ravdess/actor07/03-01-01-01-01-01-07.flac")
    assert main(["calibrate", "--name", "Anna Smith", "--no-transcribe", reading]) == 0
    assert bl.named_baseline_path("Anna Smith").is_file() and bl.resolve_baseline("Anna Smith").is_personal
    capsys.readouterr()
    assert main(["calibrate", "--name", ".hidden", "--no-transcribe", reading]) == 1
    assert "bad baseline name '.hidden': it starts with '.'" in capsys.readouterr().err


def test_a_folder_named_like_the_trainee_does_not_hide_the_saved_baseline(tmp_path, monkeypatch):
    """QA: in a folder holding 'anna/' (her recordings), --baseline anna said 'anna: cannot read it (is a
    directory)'. A folder is never a profile, so the name is looked up; written as a path, it is a path."""
    store_baseline("anna", 7.0)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "anna").mkdir()
    assert bl.resolve_baseline("anna").pitch_median_st == 7.0
    with pytest.raises(CallsimError, match="is a directory"):
        bl.resolve_baseline("./anna")


def test_a_name_in_another_case_or_without_accents_finds_the_one_trainee_it_means():
    store_baseline("Bob Jones", 9.0)
    store_baseline("Zoë", 4.0)
    assert bl.resolve_baseline("bob jones").pitch_median_st == 9.0 and bl.resolve_baseline("ZOE").pitch_median_st == 4.0
    profile_file("zoe", 2.0)  # the exact name's profile file comes before another case in the store
    assert bl.resolve_baseline("zoe").pitch_median_st == 2.0
    store_baseline("BOB JONES", 3.0)  # two trainees it could mean: not guessed
    with pytest.raises(CallsimError, match="several trainees match: 'BOB JONES', 'Bob Jones' \\(give the exact"):
        bl.resolve_baseline("bob jones")


def test_a_name_finds_a_saved_baseline_as_progress_and_export_find_the_trainee(capsys, shared):
    """QA: `progress --trainee anna` found "Anna Smith" but `analyze --baseline anna` said no baseline named 'anna'.
    One of the names alone, any case or accents, now finds the one saved baseline it means, and analyze says whose."""
    store_baseline("Anna Smith", 9.0)
    profile_file("José Ruiz", 4.0)  # only a profile file (no store row) counts too
    assert bl.resolve_baseline("anna").pitch_median_st == 9.0 and bl.resolve_baseline("SMITH").pitch_median_st == 9.0
    assert bl.resolve_baseline("jose").pitch_median_st == 4.0
    assert main(["analyze", "--json", "--no-transcribe", "--baseline", "anna", str(shared / REPLY)]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["tone"]["baseline"] == "Anna Smith"
    assert err == "callsim: note: --baseline anna: using the baseline of 'Anna Smith'\n"
    store_baseline("Anna Jones", 5.0)  # two it could mean: not guessed, and the message names both
    assert main(["analyze", "--no-transcribe", "--baseline", "anna", str(shared / REPLY)]) == 1
    assert capsys.readouterr().err == ("callsim: error: no baseline named exactly 'anna'; several trainees match: "
                                       "'Anna Jones', 'Anna Smith' (give the exact name)\n")
    assert bl.resolve_baseline("Anna Smith").pitch_median_st == 9.0  # the exact name still wins


def test_a_folder_named_like_the_name_still_gets_the_whose_baseline_note(tmp_path, monkeypatch, capsys, shared):
    """QA: with a folder called "anna" in the current folder, `--baseline anna` used Anna Smith's baseline without
    saying so: analyze's "is it a file?" test was not the lookup's."""
    store_baseline("Anna Smith", 9.0)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "anna").mkdir()
    assert main(["analyze", "--json", "--no-transcribe", "--baseline", "anna", str(shared / REPLY)]) == 0
    assert capsys.readouterr().err == "callsim: note: --baseline anna: using the baseline of 'Anna Smith'\n"
