"""JSON export -> import into another store: lossless, idempotent, merging, refusing bad files."""

from __future__ import annotations

import base64
import dataclasses
import json
import re

import pytest

from callsim.errors import CallsimError
from callsim.exchange import read_export
from callsim.exchange_merge import merge
from callsim.records import Note, Override
from callsim.report_json import export_document
from callsim.store import Store
from report_helpers import BOB, EVIL, T0, add_turn, fill, session


def snapshot(store) -> dict:
    """Everything stored, without database ids, audio as (path in the store, bytes)."""
    sessions = {}
    for s in store.list_sessions():
        detail = dataclasses.asdict(store.session_detail(s.uuid))
        for turn in detail["turns"]:
            path = turn.pop("audio_path")
            turn["audio"] = path and (str(path.relative_to(store.root)), path.read_bytes())
        for item in detail["notes"] + detail["overrides"]:
            item.pop("id")
        sessions[s.uuid] = detail
    baselines = [(b.trainee, b.profile, b.created, b.audio_path and b.audio_path.read_bytes())
                 for t in store.list_trainees() for b in store.load_baselines(t.name)]
    return {"trainees": store.list_trainees(), "baselines": baselines, "sessions": sessions}


@pytest.fixture
def source(tmp_path):
    with Store.open(tmp_path / "source") as store:
        fill(store)
        yield store


def export_file(store, path, *, audio=True, sessions=None):
    doc = export_document(store, store.list_sessions() if sessions is None else sessions, audio=audio)
    path.write_text(json.dumps(doc))
    return path


def test_round_trip_is_lossless(source, tmp_path):
    path = export_file(source, tmp_path / "team.json")
    with Store.open(tmp_path / "target") as target:
        merge(target, read_export(path))
        assert snapshot(target) == snapshot(source)
        assert all(t.audio_path.stat().st_mode & 0o777 == 0o600 for t in target.load_turns(
            "a0000000-0000-4000-8000-00000000000a"))


def test_importing_twice_changes_nothing(source, tmp_path):
    path = export_file(source, tmp_path / "team.json")
    with Store.open(tmp_path / "target") as target:
        first = merge(target, read_export(path))
        once = snapshot(target)
        second = merge(target, read_export(path))
        assert snapshot(target) == once
    assert (first.sessions_added, first.turns, first.notes, first.overrides, first.trainees) == (4, 7, 2, 1, 2)
    assert first.recordings == 8 and first.baselines == 1
    assert second == type(second)() and second.lines() == [
        "nothing new: everything in the file was already in the store"]


def test_merge_adds_the_other_machines_new_work_and_keeps_local_work(source, tmp_path):
    uuid = "c0000000-0000-4000-8000-00000000000c"
    early = export_file(source, tmp_path / "early.json")
    with Store.open(tmp_path / "target") as target:
        merge(target, read_export(early))
        target.save_note(Note(uuid, 0, "local remark", "lead"))
        session(target, "e-local", "cy", 1, 60.0)
        source.save_note(Note(uuid, 0, "remote remark", "tom", None, T0))
        source.save_override(Override(uuid, 0, "tone", "partly", "suits", "ok", "tom", T0))
        add_turn(source, uuid, 0, "somber", "i am so sorry", retry=1, perceived="somber", tone_level="suits")
        result = merge(target, read_export(export_file(source, tmp_path / "late.json")))
        notes = [n.text for n in target.load_notes(uuid)]
        assert (result.notes, result.overrides, result.turns, result.sessions_added) == (1, 1, 1, 0)
        assert sorted(notes) == ["local remark", "remote remark"] and target.load_session("e-local").score == 60
        assert [t.retry for t in target.load_turns(uuid)] == [0, 1]


def test_a_known_session_keeps_its_row_and_gets_its_blanks_filled(source, tmp_path):
    uuid = "c0000000-0000-4000-8000-00000000000c"
    with Store.open(tmp_path / "target") as target:
        session(target, uuid, "ann", 5, None, status="incomplete")
        result = merge(target, read_export(export_file(source, tmp_path / "x.json")))
        got = target.load_session(uuid)
    assert (got.status, got.score, got.grade, result.sessions_updated) == ("complete", 75.0, "B+", 1)


def test_hostile_names_and_text_survive_the_trip(source, tmp_path):
    path = export_file(source, tmp_path / "team.json", audio=False)
    with Store.open(tmp_path / "target") as target:
        merge(target, read_export(path))
        assert [t.name for t in target.list_trainees()] == [BOB, "ann"]
        assert target.load_notes("a0000000-0000-4000-8000-00000000000a")[0].text == EVIL
        assert all(t.audio_path is None for t in target.load_turns("a0000000-0000-4000-8000-00000000000a"))


def test_export_document_is_versioned_and_holds_every_try(source):
    doc = export_document(source, source.list_sessions(trainee="ann"))
    assert (doc["format"], doc["version"]) == ("callsim-export", 1) and doc["exported"].endswith("Z")
    assert [t["name"] for t in doc["trainees"]] == ["ann"] and doc["baselines"][0]["profile"]["energy_db"] == -26.0
    first = next(s for s in doc["sessions"] if s["uuid"].startswith("a"))
    assert [(t["index"], t["retry"]) for t in first["turns"]] == [(0, 0), (0, 1), (1, 0)]
    assert first["turns"][0]["audio_file"] == "turn-0-try-0.flac" and "audio_data" not in first["turns"][0]
    assert "id" not in first["notes"][0] and first["overrides"][0]["original"] == "partly"


@pytest.mark.parametrize("content, message", [
    ("not json at all", "not a callsim export (not JSON)"),
    (json.dumps({"format": "other-tool", "version": 1}), "not a callsim export"),
    (json.dumps([1, 2]), "not a callsim export"),
    (json.dumps({"format": "callsim-export", "version": 2}), "callsim export version 2; this callsim reads version 1"),
    (json.dumps({"format": "callsim-export", "version": 1, "trainees": []}), "bad.json: the export has no 'baselines'"),
    (json.dumps({"format": "callsim-export", "version": 1, "trainees": None}),
     "bad.json: the export: 'trainees' is not a list (null)"),
    (json.dumps({"format": "callsim-export", "version": 1, "trainees": ["ann"]}),
     "bad.json: trainee 1 is not a JSON object (ann)"),
])
def test_other_files_are_refused_in_one_line(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(CallsimError, match=re.escape(message)) as err:
        read_export(path)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("field, value, message", [
    ("uuid", "../../escape", "'uuid' is not a usable uuid (1 to 64 letters, digits, - or _) (../../escape)"),
    ("status", "running", "'status' is not one of in_progress, complete, incomplete, abandoned (running)"),
    ("score", "high", "'score' is not a number (high)"),
    ("score", 12345, "'score' is not a score from 0 to 100 (12345)"),  # QA: it was stored
    ("score", -0.5, "'score' is not a score from 0 to 100 (-0.5)"),
    ("score", float("nan"), "'score' is not a number (NaN)"),  # QA: it was stored as no score
    ("started", "yesterday", "'started' is not a date (yesterday)"),
    ("started", None, "'started' is not a date (null)"),  # it reached the database as NULL
    ("turns", None, "'turns' is not a list (null)"),
])
def test_damaged_sessions_are_refused_in_words_before_the_store_is_touched(source, tmp_path, field, value, message):
    doc = export_document(source, source.list_sessions(), audio=True)
    doc["sessions"][-1][field] = value
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(CallsimError) as err:
        read_export(path)
    assert str(err.value) == f"{path}: session {len(doc['sessions'])}: {message}"


def damaged(source, tmp_path, change) -> str:
    """The one-line error of reading an export of ``source`` after ``change(doc)``."""
    doc = export_document(source, source.list_sessions(), audio=True)
    change(doc)
    path = tmp_path / "m.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(CallsimError) as err:
        read_export(path)
    assert "\n" not in str(err.value) and "Error" not in str(err.value)
    return str(err.value).removeprefix(f"{path}: ")


def test_each_damaged_part_is_named_in_words(source, tmp_path):
    def last(doc, key):  # the last session has three tries, two notes and an override
        return doc["sessions"][-1][key]

    assert damaged(source, tmp_path, lambda doc: doc["sessions"][1].pop("uuid")) == "session 2 has no 'uuid'"
    assert damaged(source, tmp_path, lambda doc: last(doc, "turns")[1].__setitem__("transcript", ["a"])) == \
        "session 4, turn entry 2: 'transcript' is not a JSON object ([\"a\"])"
    assert damaged(source, tmp_path, lambda doc: last(doc, "turns")[2].__setitem__("retry", -1)) == \
        "session 4, turn entry 3: 'retry' is not a whole number from 0 to 9999 (-1)"
    # QA: a huge index passed the checks and failed to store with an OverflowError traceback
    assert damaged(source, tmp_path, lambda doc: last(doc, "turns")[0].__setitem__("index", 10 ** 30)) == \
        "session 4, turn entry 1: 'index' is not a whole number from 0 to 9999 (1000000000000000000000000000000)"
    assert damaged(source, tmp_path, lambda doc: last(doc, "turns")[2].__setitem__("retry", 10000)) == \
        "session 4, turn entry 3: 'retry' is not a whole number from 0 to 9999 (10000)"
    assert damaged(source, tmp_path, lambda doc: last(doc, "notes")[0].__setitem__("turn_index", 2 ** 63)) == \
        "session 4, note 1: 'turn_index' is not a whole number from 0 to 9999 (9223372036854775808)"
    assert damaged(source, tmp_path, lambda doc: last(doc, "notes")[0].__setitem__("at_seconds", float("inf"))) == \
        "session 4, note 1: 'at_seconds' is not a time of -86400 to 86400 s (Infinity)"
    assert damaged(source, tmp_path, lambda doc: last(doc, "notes")[0].__setitem__("at_seconds", -1e9)) == \
        "session 4, note 1: 'at_seconds' is not a time of -86400 to 86400 s (-1000000000.0)"
    assert damaged(source, tmp_path, lambda doc: last(doc, "turns")[0].__setitem__("early_start", -0.5)) == \
        "session 4, turn entry 1: 'early_start' is not a time of 0 to 86400 s (-0.5)"  # never written below 0
    assert damaged(source, tmp_path, lambda doc: last(doc, "notes")[1].pop("text")) == "session 4, note 2 has no 'text'"
    assert damaged(source, tmp_path, lambda doc: last(doc, "overrides")[0].__setitem__("kind", "x")) == \
        "session 4, override 1: 'kind' is not one of tone, content (x)"
    assert damaged(source, tmp_path, lambda doc: doc["baselines"][0].__setitem__("created", 3)) == \
        "baseline 1: 'created' is not a date (3)"
    # a profile the app could not use was imported, and refused only when that trainee's next call started
    assert damaged(source, tmp_path, lambda doc: doc["baselines"][0]["profile"].pop("pitch_median_st")) == \
        "baseline 1: 'profile' is not a baseline profile (missing pitch_median_st)"
    assert damaged(source, tmp_path, lambda doc: doc["baselines"][0]["profile"].__setitem__("energy_db", True)) == \
        "baseline 1: 'profile' is not a baseline profile (energy_db not a finite number)"
    # QA: an edited pitch of 1e308 was imported, then crashed analyze --baseline ann with an OverflowError
    assert damaged(source, tmp_path, lambda doc: doc["baselines"][0]["profile"].__setitem__("pitch_median_st", 1e308)) \
        == "baseline 1: 'profile' is not a baseline profile (pitch_median_st 1e+308 not within -24 to 48 " \
           "(semitones above 100 Hz: 25 Hz to 1600 Hz))"
    assert damaged(source, tmp_path, lambda doc: doc["baselines"][0]["profile"].__setitem__("profile", "x")) == \
        "baseline 1: 'profile' is not a baseline profile (profile not a JSON object)"
    # QA: an unknown reason (a typo, the CSV's words) was stored as it stood and shown raw in the review and exports
    assert damaged(source, tmp_path, lambda doc: last(doc, "turns")[1].__setitem__("unjudged_reason", "nothing heard")) \
        == "session 4, turn entry 2: 'unjudged_reason' is not one of nothing_heard, hung_up, ended_before_judging, " \
           "recording_failed, analysis_failed, save_failed, unknown (nothing heard)"


def test_an_old_note_before_the_reply_survives_export_and_import(source, tmp_path, capsys, monkeypatch):
    """QA: a note at -5 s (the note dialog took it before it refused times outside the reply) was exported, and
    the import refused the whole file ("'at_seconds' is not a time of 0 to 86400 s (-5.0)"). It arrives as the
    review and the exports show it on the machine that wrote it, and a second import adds nothing."""
    from callsim.cli import main

    uuid = "b0000000-0000-4000-8000-00000000000b"
    source.save_note(Note(uuid, 0, "started before the caller finished", "trainer tom", -5.0, T0))
    monkeypatch.setenv("CALLSIM_DATA_DIR", str(source.root))
    out = tmp_path / "ann.json"
    assert main(["export", "--all", "-o", str(out)]) == 0
    monkeypatch.setenv("CALLSIM_DATA_DIR", str(tmp_path / "collector"))
    assert main(["import", str(out)]) == 0 and main(["import", str(out)]) == 0
    assert capsys.readouterr().out.splitlines()[1] == (
        f"{out}: nothing new: everything in the file was already in the store")
    with Store.open(tmp_path / "collector") as target:
        assert [(n.at_seconds, n.text) for n in target.load_notes(uuid)] == [
            (-5.0, "started before the caller finished")]


def test_parts_that_do_not_fit_together_are_refused(source, tmp_path):
    def same_uuid(doc):
        doc["sessions"][1]["uuid"] = doc["sessions"][0]["uuid"]

    def try_twice(doc):
        doc["sessions"][-1]["turns"][1]["retry"] = 0

    def without_ann(doc):
        doc["trainees"] = [t for t in doc["trainees"] if t["name"] != "ann"]

    assert damaged(source, tmp_path, without_ann) == "baseline 1: trainee 'ann' is not among the file's trainees"
    assert damaged(source, tmp_path, same_uuid).startswith("session 2 has the same uuid as session 1")
    assert damaged(source, tmp_path, try_twice) == "session 4: turn 1, try 1 appears twice"


def test_bad_embedded_audio_is_refused(source, tmp_path):
    doc = export_document(source, source.list_sessions(), audio=True)
    doc["sessions"][0]["turns"][0]["audio_data"] = "%%% not base64"
    (tmp_path / "a.json").write_text(json.dumps(doc))
    doc["sessions"][0]["turns"][0] |= {"audio_data": base64.b64encode(b"x").decode(), "audio_file": "evil.sh"}
    (tmp_path / "b.json").write_text(json.dumps(doc))
    messages = {"a.json": "session 1, turn entry 1: 'audio_data' is not base64 data (%%% not base64)",
                "b.json": "session 1, turn entry 1: 'audio_file' is not a .flac or .wav recording (evil.sh)"}
    for name, message in messages.items():
        with pytest.raises(CallsimError, match=re.escape(message)):
            read_export(tmp_path / name)


def test_embedded_audio_that_is_not_a_recording_is_refused(source, tmp_path):
    """Valid base64 of bytes that are no FLAC or WAV (a damaged or hand-edited export) was stored as the try's
    recording, to fail only when the trainer replays it; it is refused before the store is touched."""
    doc = export_document(source, source.list_sessions(), audio=True)
    doc["sessions"][0]["turns"][0]["audio_data"] = base64.b64encode(b"garbage" * 100).decode()
    (tmp_path / "c.json").write_text(json.dumps(doc))
    message = "session 1, turn entry 1: 'audio_data' is not a readable recording (damaged?) (Z2FyYmFnZ"
    with pytest.raises(CallsimError, match=re.escape(message)):
        read_export(tmp_path / "c.json")
    baseline = doc["baselines"][0]
    assert baseline.get("audio_data")  # the baseline's recording is checked alike
    doc = export_document(source, source.list_sessions(), audio=True)
    doc["baselines"][0]["audio_data"] = base64.b64encode(b"RIFF" + bytes(40)).decode()
    (tmp_path / "d.json").write_text(json.dumps(doc))
    with pytest.raises(CallsimError, match=re.escape("baseline 1: 'audio_data' is not a readable recording")):
        read_export(tmp_path / "d.json")


def test_an_embedded_recording_cut_short_is_refused(source, tmp_path):
    """Review: a header check let a truncated FLAC or WAV through (the usual damage to a file), to fail on replay."""
    doc = export_document(source, source.list_sessions(), audio=True)
    turn = next(t for t in doc["sessions"][0]["turns"] if t.get("audio_data"))
    whole = base64.b64decode(turn["audio_data"])
    turn["audio_data"] = base64.b64encode(whole[:len(whole) // 2]).decode()
    (tmp_path / "cut.json").write_text(json.dumps(doc))
    with pytest.raises(CallsimError, match="'audio_data' is not a readable recording"):
        read_export(tmp_path / "cut.json")
    turn["audio_data"] = base64.b64encode(whole).decode()
    (tmp_path / "whole.json").write_text(json.dumps(doc))
    assert read_export(tmp_path / "whole.json").sessions


def test_an_imported_recording_is_named_by_what_its_bytes_are(source, tmp_path):
    """QA: a FLAC whose export named it .wav (a renamed or hand-made file) was stored as turn-0-try-0.wav holding
    FLAC bytes; the container is read from the bytes (clip_files.container_suffix) and names the stored file."""
    import io

    import soundfile as sf

    from callsim.clip import load
    from report_helpers import clip

    doc = export_document(source, source.list_sessions(), audio=True)
    turns = next(s for s in doc["sessions"] if s["uuid"].startswith("a"))["turns"]  # turn 1: tries 1 and 2
    flac = turns[0]
    flac["audio_file"] = "turn-0-try-0.wav"
    doc["baselines"][0]["audio_file"] = doc["baselines"][0]["audio_file"].replace(".flac", ".wav")
    wav = io.BytesIO()
    sf.write(wav, clip(300).y, 16000, format="WAV", subtype="PCM_16")
    turns[1] |= {"audio_file": "turn-0-try-1.flac", "audio_data": base64.b64encode(wav.getvalue()).decode()}
    path = tmp_path / "renamed.json"
    path.write_text(json.dumps(doc))
    with Store.open(tmp_path / "target") as target:
        merge(target, read_export(path))
        first, second = target.load_turns("a0000000-0000-4000-8000-00000000000a")[:2]
        assert (first.audio_path.name, second.audio_path.name) == ("turn-0-try-0.flac", "turn-0-try-1.wav")
        assert first.audio_path.read_bytes() == base64.b64decode(flac["audio_data"])
        assert second.audio_path.read_bytes() == wav.getvalue() and load(second.audio_path).duration > 0
        assert target.load_baselines("ann")[0].audio_path.suffix == ".flac"


def test_an_embedded_recording_in_another_container_is_refused(source, tmp_path):
    """An Ogg file named .wav decoded, and was stored as a .wav; callsim imports FLAC and WAV recordings only."""
    import io

    import soundfile as sf

    from report_helpers import clip

    ogg = io.BytesIO()
    sf.write(ogg, clip(300).y, 16000, format="OGG", subtype="VORBIS")
    doc = export_document(source, source.list_sessions(), audio=True)
    doc["sessions"][0]["turns"][0] |= {"audio_file": "turn-0-try-0.wav",
                                       "audio_data": base64.b64encode(ogg.getvalue()).decode()}
    (tmp_path / "ogg.json").write_text(json.dumps(doc))
    with pytest.raises(CallsimError) as err:
        read_export(tmp_path / "ogg.json")
    assert str(err.value) == (f"{tmp_path / 'ogg.json'}: session 1, turn entry 1: 'audio_data' is an OGG recording, "
                              "not FLAC or WAV")


def test_cli_export_then_import(source, tmp_path, capsys, monkeypatch):
    from callsim.cli import main

    monkeypatch.setenv("CALLSIM_DATA_DIR", str(source.root))
    out = tmp_path / "ann.json"
    assert main(["export", "--trainee", "ann", "--audio", "-o", str(out)]) == 0
    assert out.stat().st_mode & 0o777 == 0o600
    monkeypatch.setenv("CALLSIM_DATA_DIR", str(tmp_path / "collector"))
    assert main(["import", str(out)]) == 0 and main(["import", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (f"{out}: trainees: 1; baselines: 1; sessions added: 3; turns: 6; notes: 2; overrides: 1; "
                        "recordings: 7; 6 tries with recordings")
    assert lines[1] == f"{out}: nothing new: everything in the file was already in the store"
    (tmp_path / "x.json").write_text("{}")
    assert main(["import", str(tmp_path / "x.json")]) == 1
    assert "callsim: error:" in capsys.readouterr().err


def test_import_says_which_tries_came_without_recordings_and_a_later_audio_export_fills_them(source, tmp_path):
    source.save_turn(dataclasses.replace(source.load_turns("b0000000-0000-4000-8000-00000000000b")[0],
                                         index=7, audio_path=None))  # a try that was never recorded
    bare = export_file(source, tmp_path / "bare.json", audio=False)
    full = export_file(source, tmp_path / "full.json", audio=True)
    with Store.open(tmp_path / "target") as target:
        first = merge(target, read_export(bare))
        assert (first.turns, first.tries_with_audio, first.tries_left_out, first.tries_unrecorded) == (8, 0, 7, 1)
        assert first.lines()[-2:] == [
            "7 tries without recordings: exported without --audio (export them again with --audio and import "
            "that file to add the recordings)",
            "1 try without recordings: the other machine had none for them either"]
        assert not any(t.audio_path for s in target.list_sessions() for t in target.load_turns(s.uuid))
        second = merge(target, read_export(full))
        assert (second.turns, second.tries_completed, second.recordings) == (0, 7, 7)
        assert second.lines() == ["recordings: 7", "7 tries already here got their recordings"]
        assert snapshot(target)["sessions"] == snapshot(source)["sessions"]
        assert merge(target, read_export(full)).lines()[0].startswith("nothing new")


def test_cli_import_of_an_export_without_audio_says_so(source, tmp_path, capsys, monkeypatch):
    from callsim.cli import main

    monkeypatch.setenv("CALLSIM_DATA_DIR", str(source.root))
    out = tmp_path / "ann.json"
    assert main(["export", "--trainee", "ann", "-o", str(out)]) == 0
    assert capsys.readouterr().err.strip() == (f"wrote 3 session(s) as json to {out} (mode 0600), without the "
                                               "recordings (add --audio to include them)")
    monkeypatch.setenv("CALLSIM_DATA_DIR", str(tmp_path / "collector"))
    assert main(["import", str(out)]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith(f"{out}: trainees: 1; baselines: 1; sessions added: 3; turns: 6; notes: 2; overrides: 1; ")
    assert line.endswith("; 6 tries without recordings: exported without --audio (export them again with --audio "
                         "and import that file to add the recordings)")
    assert "; recordings:" not in line and "with recordings" not in line


def test_a_running_session_arrives_incomplete(tmp_path):
    with Store.open(tmp_path / "source") as source:
        running = source.start_session("ann", "late-parcel", "Late parcel")
        add_turn(source, running.uuid, 0, "calm", "hello there", perceived="calm", tone_level="suits")
        path = export_file(source, tmp_path / "live.json")
        assert export_document(source, source.list_sessions())["sessions"][0]["status"] == "in_progress"
    with Store.open(tmp_path / "target") as target:
        merge(target, read_export(path))
        assert target.load_session(running.uuid).status == "incomplete"
        assert merge(target, read_export(path)).lines()[0].startswith("nothing new")


def test_a_grade_that_differs_keeps_this_machines_and_says_so(source, tmp_path, capsys, monkeypatch):
    from callsim.cli import main

    graded = next(s for s in source.list_sessions() if s.grade == "B+")
    doc = export_document(source, source.list_sessions(), audio=False)
    entry = next(s for s in doc["sessions"] if s["uuid"] == graded.uuid)
    entry["grade"] = "A"
    entry["notes"].append({"turn_index": 0, "retry": 0, "at_seconds": 1.0, "text": "much better", "author": "kim",
                           "created": "2026-03-02T10:00:00.000000Z"})
    path = tmp_path / "m.json"
    path.write_text(json.dumps(doc))
    monkeypatch.setenv("CALLSIM_DATA_DIR", str(source.root))
    assert main(["import", str(path)]) == 0
    assert capsys.readouterr().out == (f"{path}: notes: 1; 1 grade differs (kept this machine's): "
                                       f"session {graded.uuid} (here 'B+', in the file 'A')\n")
    assert source.session_detail(graded.uuid).session.grade == "B+"
    assert main(["import", str(path)]) == 0  # said again each time, as the two machines still disagree
    assert capsys.readouterr().out.endswith("nothing new: everything in the file was already in the store; "
                                            "1 grade differs (kept this machine's): "
                                            f"session {graded.uuid} (here 'B+', in the file 'A')\n")
    entry["grade"] = None  # no grade in the file: nothing to say
    path.write_text(json.dumps(doc))
    assert main(["import", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}: nothing new: everything in the file was already in the store\n"


def test_a_trainee_name_that_is_not_a_safe_file_name_is_refused(source, tmp_path):
    """Names become baselines/NAME.json: an export may not bring in '../../x' (names.trainee_name_problem)."""
    def rename(doc):
        old = doc["trainees"][0]["name"]
        for part in doc["trainees"] + doc["baselines"] + doc["sessions"]:
            for key in ("name", "trainee"):
                if part.get(key) == old:
                    part[key] = "../../x"

    assert damaged(source, tmp_path, rename) == "trainee 1: name '../../x' is not usable (it contains / or \\)"
    assert damaged(source, tmp_path, lambda doc: doc["trainees"][0].__setitem__("created", None)) == \
        "trainee 1: 'created' is not a date (null)"


def test_a_file_with_some_recordings_is_not_said_to_be_exported_without_audio():
    """QA: an --audio export with one try's recording cut out said 'exported without --audio' for that try."""
    from callsim.exchange_result import ImportResult

    plain = ImportResult(turns=2, tries_left_out=2).audio_lines()
    mixed = ImportResult(turns=3, tries_with_audio=2, tries_left_out=1, file_has_audio=True).audio_lines()
    assert plain == ["2 tries without recordings: exported without --audio (export them again with --audio and "
                     "import that file to add the recordings)"]
    assert mixed[0] == "2 tries with recordings" and mixed[1].startswith(
        "1 try without recordings, though the file carries other tries' (theirs are missing from it")
