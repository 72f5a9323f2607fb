"""``callsim analyze`` and ``callsim calibrate`` end to end on real files."""

from __future__ import annotations

import json

import numpy as np
import pytest
import soundfile as sf

from callsim.cli import main
from callsim.vocab import TONES

ACTOR = "data/tone/ravdess/actor07"


@pytest.fixture(scope="module")
def files(shared):
    """Two neutral readings, a sad and an angry reply of RAVDESS actor 07 (paths as strings)."""
    d = shared / ACTOR
    return {"a": str(d / "03-01-01-01-01-01-07.flac"), "b": str(d / "03-01-01-01-02-01-07.flac"),
            "x": str(d / "03-01-04-01-02-01-07.flac"), "y": str(d / "03-01-05-01-01-01-07.flac")}


def run(capsys, *argv) -> tuple[int, list[str], str]:
    """Exit code, stdout lines and stderr of ``callsim argv``."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def test_json_with_baseline_files_then_double_dash(capsys, files):
    code, lines, err = run(capsys, "analyze", "--json", "--no-transcribe", "--target", "somber",
                           "--baseline", files["a"], files["b"], "--", files["x"], files["y"])
    assert code == 0, err
    records = [json.loads(line) for line in lines]
    assert [r["file"] for r in records] == [files["x"], files["y"]]
    for r in records:
        assert r["tone"]["perceived"] in TONES and set(r["tone"]["scores"]) == set(TONES)
        assert r["tone"]["verdict"] in ("suits", "partly", "does not suit") and r["tone"]["reasons"]
        assert r["prosody"]["pitch_median_hz"] > 50 and "transcript" not in r
        assert r["tone"]["personal_baseline"] is True


def test_baseline_given_twice_takes_the_readings_of_both(capsys, files):
    """`--baseline a.wav --baseline b.wav` kept b.wav alone; now both readings make the baseline, as in one list."""
    both = run(capsys, "analyze", "--json", "--no-transcribe", "--baseline", files["a"], files["b"], "--", files["x"])
    twice = run(capsys, "analyze", "--json", "--no-transcribe", "--baseline", files["a"], "--baseline", files["b"],
                "--", files["x"])
    one = run(capsys, "analyze", "--json", "--no-transcribe", "--baseline", files["b"], "--", files["x"])
    assert both[0] == twice[0] == one[0] == 0
    assert json.loads(twice[1][0])["tone"] == json.loads(both[1][0])["tone"] != json.loads(one[1][0])["tone"]


def test_json_with_transcript(capsys, files, model_path):
    code, lines, err = run(capsys, "analyze", "--json", "--model", str(model_path), files["x"])
    assert code == 0, err
    record = json.loads(lines[0])
    assert "door" in record["transcript"]["text"]
    assert record["prosody"]["pace_source"] == "words" and record["prosody"]["word_count"] >= 4
    assert record["tone"]["verdict"] is None and record["tone"]["personal_baseline"] is False


def test_bad_file_among_several(capsys, files, tmp_path):
    bad = tmp_path / "broken.wav"
    bad.write_bytes(b"RIFF0000WAVEjunk")
    code, lines, err = run(capsys, "analyze", "--json", "--no-transcribe", str(bad), files["x"])
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "broken.wav" in err
    assert json.loads(lines[0])["file"] == files["x"]


def test_calibrate_then_analyze_by_name(capsys, files):
    code, lines, err = run(capsys, "calibrate", "--name", "anna", "--no-transcribe", files["a"], files["b"])
    assert code == 0, err
    assert any("baselines/anna.json" in line for line in lines)
    assert any(line.startswith("note: only ") and "s of speech" in line for line in lines)  # two short sentences: said so
    code, lines, err = run(capsys, "analyze", "--no-transcribe", "--baseline", "anna", "--target", "calm", files["y"])
    assert code == 0, err
    assert "sounds agitated" in lines[0] and "DOES NOT SUIT" in lines[1]


def test_clear_errors(capsys, files, tmp_path):
    code, _, err = run(capsys, "calibrate", "--name", "../evil", files["a"])
    assert code == 1 and "bad baseline name" in err
    code, _, err = run(capsys, "analyze", "--no-transcribe", "--baseline", "ghost", "--", files["x"])
    assert code == 1 and "no baseline named 'ghost'" in err
    code, _, err = run(capsys, "analyze", "--no-transcribe", str(tmp_path / "missing.wav"))
    assert code == 1 and "no such file" in err and err.count("\n") == 1
    code, lines, _ = run(capsys, "calibrate", "--passage")
    assert code == 0 and "reference number" in " ".join(" ".join(lines).split())  # wrapped to the terminal


def test_saved_baseline_name_then_reply_without_double_dash(capsys, files):
    assert run(capsys, "calibrate", "--name", "maria", files["a"], files["b"])[0] == 0
    code, lines, err = run(capsys, "analyze", "--json", "--no-transcribe", "--baseline", "maria", files["x"])
    assert code == 0, err
    assert json.loads(lines[0])["file"] == files["x"] and json.loads(lines[0])["tone"]["personal_baseline"]


def test_calibrate_names_the_replaced_baseline_in_local_time(capsys, files, new_york):
    """The time of the baseline a calibration replaces is local, as every other command shows times."""
    from datetime import datetime, timezone

    from callsim.records import BaselineRecord
    from callsim.store import Store

    saved = datetime(2026, 3, 1, 15, 30, tzinfo=timezone.utc)  # 10:30 in New York
    with Store.open() as store:
        store.save_baseline(BaselineRecord("nora", {"clips": 1}, created=saved))
    code, lines, err = run(capsys, "calibrate", "--name", "nora", "--no-transcribe", files["a"])
    assert code == 0, err
    assert "it replaces the baseline saved 2026-03-01 10:30 (kept in the session store's history)" in lines


def test_audio_baseline_without_replies_says_to_use_double_dash(capsys, files):
    code, lines, err = run(capsys, "analyze", "--no-transcribe", "--baseline", files["a"], files["x"])
    assert code == 1 and "put -- before the replies" in err


def test_calibrate_reaches_the_store_so_the_app_export_and_purge_see_it(capsys, files):
    from callsim.store import Store

    assert run(capsys, "calibrate", "--name", "lena", "--no-transcribe", files["a"])[0] == 0
    code, lines, err = run(capsys, "calibrate", "--name", "lena", "--no-transcribe", files["a"], files["b"])
    assert code == 0, err
    assert any(line.startswith("it replaces the baseline saved ") for line in lines), lines
    with Store.open() as store:
        assert [b.profile["clips"] for b in store.load_baselines("lena")] == [1, 2]  # history kept, newest last
    code, lines, err = run(capsys, "purge", "--trainee", "lena", "--yes")
    assert code == 0, err
    with Store.open() as store:
        assert store.load_baselines("lena") == []
    code, _, err = run(capsys, "analyze", "--no-transcribe", "--baseline", "lena", "--", files["x"])
    assert code == 1 and "no baseline named 'lena'" in err  # the profile file went too


def test_calibrate_refuses_a_name_too_long_for_a_file_and_saves_nothing(capsys, files):
    """QA: 64 emoji (256 bytes) made NAME.json too long a file name: calibrate said it failed, naming a temp file,
    with the baseline already in the store."""
    from callsim import paths

    code, _, err = run(capsys, "calibrate", "--name", "😀" * 64, "--no-transcribe", files["a"])
    assert code == 1 and "it is too long to name a file (256 bytes in UTF-8, more than 128" in err
    assert err.count("\n") == 1
    assert not paths.data_dir().exists()


def test_calibrate_whose_file_cannot_be_saved_leaves_the_store_without_it(capsys, files):
    from callsim import baseline as bl
    from callsim.store import Store

    bl.baselines_dir().parent.mkdir(parents=True, exist_ok=True)
    bl.baselines_dir().write_text("a file where the folder should be")
    code, _, err = run(capsys, "calibrate", "--name", "lena", "--no-transcribe", files["a"])
    assert code == 1 and f"{bl.baselines_dir()}: cannot save the baseline" in err
    with Store.open() as store:
        assert store.load_baselines("lena") == [] and store.list_trainees() == []


def test_text_output_marks_each_reason_and_a_guess_as_a_hint(capsys, files):
    """A short reply without a baseline (actor 07's angry reading) is below chance: 'too little to tell', marked as
    a hint, never 'fix'."""
    code, lines, err = run(capsys, "analyze", "--no-transcribe", "--target", "somber", files["y"])
    assert code == 0, err
    assert "too little to tell the tone (confidence 0.2" in lines[0] and " - not judged: " in lines[0]
    reason_lines = [line.strip() for line in lines if line.startswith("    ")]
    assert reason_lines[0].startswith("hint tone: too little to tell how it came across")
    assert all(line.split()[0] in ("ok", "fix", "near", "hint") for line in reason_lines)


def test_a_confident_verdict_without_a_baseline_still_says_it_is_less_certain():
    """The text output names why a verdict is less certain even when it is not a hint (README: calibration)."""
    from callsim.commands._analyze_text import describe

    prosody = {"checks": [], "pitch_median_hz": 140.0, "pitch_sd_st": 2.0, "energy_db": -20.0, "pace_wpm": 150.0,
               "pace_source": "syllables", "pause_count": 1, "longest_pause": 0.4, "latency": 0.3,
               "final_contour": "falling"}
    tone = {"perceived": "warm", "confidence": 0.43, "is_hint": False, "is_unclear": False, "verdict": None,
            "notes": ["no personal baseline: compared with population defaults"], "problems": []}
    first = describe({"file": "x.wav", "tone": tone, "prosody": prosody})[0]
    assert first == "x.wav: sounds warm (confidence 0.43) - less certain: no personal baseline: compared with " \
                    "population defaults"
    tone |= {"notes": []}
    assert describe({"file": "x.wav", "tone": tone, "prosody": prosody})[0] == "x.wav: sounds warm (confidence 0.43)"
    tone |= {"is_hint": True, "confidence": 0.3}
    assert describe({"file": "x.wav", "tone": tone, "prosody": prosody})[0].endswith("(confidence 0.30) - only a hint")


def test_a_baseline_file_that_is_missing_or_not_json_is_named_in_words(capsys, files, tmp_path):
    missing, toml = tmp_path / "anna.json", tmp_path / "pyproject.toml"
    toml.write_text("[project]\nname = 'x'\n")
    code, _, err = run(capsys, "analyze", "--no-transcribe", "--baseline", str(missing), files["x"])
    assert code == 1 and err == f"callsim: error: {missing}: no such file\n"
    code, _, err = run(capsys, "analyze", "--no-transcribe", "--baseline", str(toml), files["x"])
    assert code == 1 and err == f"callsim: error: {toml}: not a callsim baseline profile (not JSON)\n"


def test_json_output_never_holds_bare_nan_or_infinity(capsys, files, monkeypatch):
    """QA: a baseline whose profile held NaN printed "confidence": NaN, which is not JSON."""
    from callsim.commands import analyze

    def measured(*_):
        return {"tone": {"confidence": float("nan"), "scores": [1.5, float("-inf")]}, "prosody": {"wpm": float("inf")}}

    monkeypatch.setattr(analyze, "analyze_clip", measured)
    code, out, _ = run(capsys, "analyze", "--json", "--no-transcribe", files["x"])

    def refuse(text):
        raise AssertionError(f"bare {text} in the JSON")

    assert code == 0 and json.loads(out[0], parse_constant=refuse) == {
        "file": files["x"], "tone": {"confidence": None, "scores": [1.5, None]}, "prosody": {"wpm": None}}


def test_calibrate_names_each_reading_it_leaves_out_in_one_line(capsys, files, tmp_path):
    empty, blip = tmp_path / "zero.wav", tmp_path / "one.wav"
    empty.write_bytes(b"")
    sf.write(blip, np.zeros(1, np.float32), 16000)
    code, lines, err = run(capsys, "calibrate", "--name", "z", "--no-transcribe", str(empty))
    assert code == 1 and err == f"callsim: error: nothing saved: {empty}: the file is empty\n" and lines == []
    code, lines, err = run(capsys, "calibrate", "--name", "z5", "--no-transcribe", str(empty), files["a"])
    assert code == 0 and lines[0].startswith("saved baseline 'z5' (1 reading, ")
    assert err == f"callsim: warning: {empty}: the file is empty; left out of the baseline\n"
    code, lines, err = run(capsys, "calibrate", "--name", "z4", "--no-transcribe", str(blip), files["a"])
    assert code == 0 and lines[0].startswith("saved baseline 'z4' (1 reading, ")
    assert err == f"callsim: warning: {blip}: no speech heard (silent or too short); left out of the baseline\n"
    code, lines, err = run(capsys, "calibrate", "--name", "z3", "--no-transcribe", str(blip), str(empty))
    assert code == 1 and err.count("\n") == 1
    assert err == (f"callsim: error: nothing saved: {empty}: the file is empty; "
                   f"{blip}: no speech heard (silent or too short)\n")


def test_a_name_among_several_baseline_values_is_explained_in_one_line(capsys, files, tmp_path):
    code, _, err = run(capsys, "analyze", "--no-transcribe", "--baseline", "anna", "zed3", "--", files["x"])
    assert code == 1 and err == ("callsim: error: --baseline anna zed3: anna: no such file; several values are audio "
                                 "readings, a saved baseline name is given alone (--baseline anna -- REPLY...)\n")
    profile = tmp_path / "p.json"
    code, _, err = run(capsys, "analyze", "--no-transcribe", "--baseline", files["a"], str(profile), "--", files["x"])
    assert code == 1 and err.count("\n") == 1 and f"a .json profile is given alone (--baseline {profile} --" in err


def test_audio_baseline_readings_get_the_checks_calibrate_makes(capsys, files, tmp_path):
    """``--baseline a.wav -- reply.wav`` measures the readings as ``callsim calibrate`` would: a clipped one is
    refused with its reason (it made every reply sound far quieter than usual), a silent one is left out with a
    warning, and readings with too little speech in all are refused, in one line each."""
    y, sr = sf.read(files["a"])
    clipped, silent, blip = tmp_path / "clipped.wav", tmp_path / "silent.wav", tmp_path / "blip.wav"
    sf.write(clipped, np.clip(y * 40, -1, 1), sr)
    sf.write(silent, np.zeros(3 * sr), sr)
    start = int(np.argmax(np.abs(y) > 0.01))
    sf.write(blip, y[start:start + int(0.9 * sr)], sr)
    code, lines, err = run(capsys, "analyze", "--no-transcribe", "--baseline", str(clipped), "--", files["x"])
    assert code == 1 and lines == [] and err.count("\n") == 1
    assert err.startswith(f"callsim: error: --baseline {clipped}: it clips (") and "Traceback" not in err
    code, lines, err = run(capsys, "analyze", "--no-transcribe", "--baseline", str(blip), "--", files["x"])
    assert code == 1 and lines == [] and err.count("\n") == 1
    assert err.startswith(f"callsim: error: --baseline {blip}: only 0.") and "s of speech" in err
    code, lines, err = run(capsys, "analyze", "--no-transcribe", "--baseline", str(silent), files["a"], "--",
                           files["x"])
    assert code == 0 and lines[0].startswith(f"{files['x']}: ")
    assert err == f"callsim: warning: {silent}: no speech heard (silent or too short); left out of the baseline\n"


def test_a_reply_with_no_voiced_speech_still_shows_its_words_and_verdict_as_the_json_does(capsys, files, tmp_path):
    """Half a second of a reply ("kids are", no pitch to measure) said only 'no speech heard': the text output no
    longer hides the words Vosk heard nor the verdict ``--json`` gives for the target."""
    y, sr = sf.read(files["x"])
    start = int(np.argmax(np.abs(y) > 0.01))
    part = tmp_path / "part.wav"
    sf.write(part, y[start:start + sr // 2], sr)
    code, lines, err = run(capsys, "analyze", "--json", "--target", "calm", str(part))
    record = json.loads(lines[0])
    assert code == 0 and record["tone"]["perceived"] is None and record["transcript"]["text"]
    code, lines, err = run(capsys, "analyze", "--target", "calm", str(part))
    assert code == 0 and lines[0] == f"{part}: too little voiced speech to measure the tone"
    assert f"  heard: {record['transcript']['text']}" in lines
    assert f"  for a calm moment: {record['tone']['verdict'].upper()} - {record['tone']['summary']}" in lines


def test_no_speech_heard_text_lists_no_empty_words():
    """Silence: one line, as before (no 'heard: (no words)', no verdict without a target)."""
    from callsim.commands._analyze_text import describe

    tone = {"perceived": None, "verdict": None, "problems": [], "notes": ["no speech heard"]}
    record = {"file": "s.wav", "tone": tone, "prosody": {"checks": ["no_speech", "too_quiet"]},
              "transcript": {"text": "", "words": []}}
    assert describe(record) == ["s.wav: no speech heard (the recording is very quiet)"]


def test_the_numbers_line_gives_no_pace_for_under_1_5_s_of_speech():
    """README: a reply with under 1.5 s of speech gets no pace at all; the numbers line printed one anyway
    ('little speech (0.9 s)' above 'pace 188 wpm (words)'), while no pace reason or problem was given."""
    from callsim.commands._analyze_text import describe

    prosody = {"checks": [], "pitch_median_hz": 140.0, "pitch_sd_st": 2.0, "energy_db": -20.0, "pace_wpm": 188.0,
               "pace_source": "words", "pause_count": 0, "longest_pause": 0.0, "latency": 0.1,
               "final_contour": "falling", "speech_seconds": 0.9, "word_count": 3}
    tone = {"perceived": "calm", "confidence": 0.45, "is_hint": False, "is_unclear": False, "verdict": None,
            "notes": ["little speech (0.9 s)"], "problems": []}
    numbers = describe({"file": "x.wav", "tone": tone, "prosody": prosody})[-1]
    assert "pace - (under 1.5 s of speech)" in numbers and "188" not in numbers
    prosody |= {"speech_seconds": 1.5}
    assert "pace 188 wpm (words)" in describe({"file": "x.wav", "tone": tone, "prosody": prosody})[-1]
    prosody |= {"word_count": 0, "pace_source": "syllables"}  # a hum: recognition ran and heard no words
    assert "pace - (no words heard)" in describe({"file": "x.wav", "tone": tone, "prosody": prosody})[-1]


def test_calibrate_takes_a_name_in_another_case_or_without_accents_for_the_known_trainee(capsys, files):
    """As the app does: `--name zoe` calibrates the Zoë who practises, and does not start a second trainee."""
    from callsim.store import Store

    assert run(capsys, "calibrate", "--name", "Zoë", "--no-transcribe", files["a"])[0] == 0
    code, lines, err = run(capsys, "calibrate", "--name", "ZOE", "--no-transcribe", files["a"], files["b"])
    assert code == 0 and "calibrating 'Zoë', the trainee of that name" in err
    assert any("baselines/Zoë.json" in line for line in lines), lines
    with Store.open() as store:
        assert [t.name for t in store.list_trainees()] == ["Zoë"] and len(store.load_baselines("Zoë")) == 2


def test_calibrate_refuses_a_name_that_could_be_two_known_trainees(capsys, files):
    """Review: with 'Ana' and 'ana' both known, 'ANA' quietly started a third trainee."""
    from callsim.store import Store

    from callsim.records import Trainee

    with Store.open() as store:  # both known from before names were matched this way
        for name in ("Ana", "ana"):
            store.save_trainee(Trainee(name))
    code, _, err = run(capsys, "calibrate", "--name", "ANA", "--no-transcribe", files["a"])
    assert code == 1 and "'ANA' could be 'Ana', 'ana': give the name as it is known" in err
    with Store.open() as store:
        assert sorted(t.name for t in store.list_trainees()) == ["Ana", "ana"]
