"""The JSON export written a session at a time: the same text as the whole document, a round trip through the
command line, and nothing left at ``-o`` when it fails part-way."""

from __future__ import annotations

import base64
import json

import pytest

from callsim import report_json
from callsim.cli import main
from callsim.json_text import dumps
from callsim.store import Store
from report_helpers import T0, fill
from test_import import snapshot


@pytest.fixture
def source(tmp_path, monkeypatch):
    """The report fixture in the store ``callsim`` uses (CALLSIM_DATA_DIR), its export time fixed."""
    monkeypatch.setattr(report_json, "utcnow", lambda: T0)
    monkeypatch.setenv("CALLSIM_DATA_DIR", str(tmp_path / "source"))
    with Store.open() as store:
        fill(store)
        yield store


@pytest.mark.parametrize("audio", [False, True])
def test_the_pieces_are_the_text_of_the_whole_document(source, audio):
    """Byte for byte what ``json.dumps`` of the whole document wrote before: files and tools that read those read
    these (an empty list, bob's baselines, included)."""
    sessions = source.list_sessions()
    whole = dumps(report_json.export_document(source, sessions, audio=audio), indent=1, ensure_ascii=False) + "\n"
    assert report_json.export_json(source, sessions, audio=audio) == whole
    alone = [s for s in sessions if s.trainee != "ann"]  # bob has no baseline: "baselines": []
    whole = dumps(report_json.export_document(source, alone, audio=audio), indent=1, ensure_ascii=False) + "\n"
    assert '"baselines": []' in whole and report_json.export_json(source, alone, audio=audio) == whole


def test_a_recording_is_encoded_in_pieces_that_join_into_its_base64(tmp_path):
    path = tmp_path / "r.flac"
    for size in (0, 1, 2, 3, 4, 7, 300):
        path.write_bytes(bytes(range(256))[:size] * 3)
        for piece in (3, 6, 30):
            assert "".join(report_json.base64_pieces(path, piece)) == base64.b64encode(path.read_bytes()).decode()


def test_export_then_import_through_the_command_line_gives_the_same_store(source, tmp_path, monkeypatch, capsys):
    out = tmp_path / "team.json"
    assert main(["export", "--all", "--audio", "-o", str(out)]) == 0
    assert main(["export", "--all", "--audio"]) == 0  # standard output: the same text, a piece at a time
    assert capsys.readouterr().out == out.read_text()
    monkeypatch.setenv("CALLSIM_DATA_DIR", str(tmp_path / "target"))
    assert main(["import", str(out)]) == 0
    with Store.open() as target:
        assert snapshot(target) == snapshot(source)


def _failing_on_the_second_recording(monkeypatch):
    """Make the second recording the export reads vanish just before it is read (as a purge meanwhile would)."""
    real, calls = report_json.base64_pieces, []

    def pieces(path, *args):
        calls.append(path)
        if len(calls) == 2:
            path.unlink()
        return real(path, *args)

    monkeypatch.setattr(report_json, "base64_pieces", pieces)


def test_a_failure_part_way_leaves_no_file(source, tmp_path, monkeypatch, capsys):
    _failing_on_the_second_recording(monkeypatch)
    out = tmp_path / "out" / "team.json"
    out.parent.mkdir()
    assert main(["export", "--all", "--audio", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("callsim: error: ") and "cannot read the recording to embed it (No such file" in err
    assert err.count("\n") == 1 and list(out.parent.iterdir()) == []  # no file, no temp file


def test_a_failure_part_way_with_force_keeps_the_file_there(source, tmp_path, monkeypatch, capsys):
    out = tmp_path / "team.json"
    out.write_text("the earlier export\n")
    _failing_on_the_second_recording(monkeypatch)
    assert main(["export", "--all", "--audio", "-o", str(out), "--force"]) == 1
    assert out.read_text() == "the earlier export\n" and [p.name for p in tmp_path.iterdir() if p.is_file()] == [
        "team.json"]
    assert "cannot read the recording" in capsys.readouterr().err


def test_streamed_export_holds_valid_json_with_every_recording(source, tmp_path):
    """Each try's ``audio_data`` in the streamed text is its recording's bytes."""
    doc = json.loads(report_json.export_json(source, source.list_sessions(), audio=True))
    for entry in doc["sessions"]:
        turns = {(t.index, t.retry): t for t in source.load_turns(entry["uuid"])}
        for turn in entry["turns"]:
            recorded = turns[(turn["index"], turn["retry"])].audio_path
            assert base64.b64decode(turn["audio_data"]) == recorded.read_bytes()
