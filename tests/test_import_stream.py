"""The import read a session at a time: the same JSON as ``json.loads`` reads, the same store from any layout of
the file, the same first error, and the decoded recordings' temp folder removed whatever happens."""

from __future__ import annotations

import io
import json
import re
import tempfile

import pytest

from callsim import exchange_stream
from callsim.cli import main
from callsim.errors import CallsimError
from callsim.exchange import read_export
from callsim.exchange_merge import merge
from callsim.exchange_stream import read_object
from callsim.report_json import export_document, export_json
from callsim.store import Store
from report_helpers import fill
from test_import import snapshot

DOCS = ['{"a": 1.5e-3, "sessions": [1, -2.25, NaN, {"b": [true, null]}, "x\\u00e9\\"\\n"], "trainees": [], "z": 10}',
        '{\n "sessions": [\n  12345678901234567890\n ],\n "k": Infinity\n}\n', "{}", "  []", '"text"', "1.25",
        '{"sessions": {"not": "a list"}}']
BROKEN = ['{"sessions": [1, 2', '{"a": 1} {"b": 2}', '{"sessions": [1,]}', '{"a" 1}', '{"a": 1,}', "", "{", "[1] x"]


@pytest.fixture
def source(tmp_path):
    with Store.open(tmp_path / "source") as store:
        fill(store)
        yield store


def streamed(text: str, piece: int):
    """``read_object``'s root with the streamed lists put back, as ``json.loads`` gives it."""
    items: list = []
    root = read_object(io.StringIO(text), lambda key, item: items.append((key, item)), ("sessions", "trainees"),
                       piece=piece)
    if isinstance(root, dict):
        for key in ("sessions", "trainees"):
            if root.get(key) == []:
                root[key] = [item for k, item in items if k == key]
    return root


@pytest.mark.parametrize("piece", [1, 2, 3, 7, 4096])
def test_the_streamed_reader_reads_what_json_loads_reads(piece):
    for text in DOCS:
        assert json.dumps(streamed(text, piece)) == json.dumps(json.loads(text))
    for text in BROKEN:
        with pytest.raises(json.JSONDecodeError):
            json.loads(text)
        with pytest.raises(json.JSONDecodeError):
            streamed(text, piece)


@pytest.mark.parametrize("indent", [None, 1])
def test_any_layout_read_in_small_pieces_imports_the_same_store(source, tmp_path, monkeypatch, indent):
    """Compact files (hand-made, or written by other tools) and the export's own layout; pieces of 7 characters
    cut every value, the recordings' base64 included."""
    monkeypatch.setattr(exchange_stream, "PIECE", 7)
    path = tmp_path / "team.json"
    path.write_text(json.dumps(export_document(source, source.list_sessions(), audio=True), indent=indent))
    with Store.open(tmp_path / "target") as target, read_export(path) as bundle:
        merge(target, bundle)
        assert snapshot(target) == snapshot(source)


def test_the_first_error_is_the_one_json_loads_would_lead_to(source, tmp_path):
    """A file is checked as a whole first: not JSON anywhere, then not an export (its "format" may come last), then
    the first entry that is wrong."""
    doc = export_document(source, source.list_sessions(), audio=True)
    doc["sessions"][0]["uuid"] = "../evil"
    (tmp_path / "cut.json").write_text(json.dumps(doc)[:-2])
    (tmp_path / "other.json").write_text(json.dumps({"sessions": doc["sessions"], "format": "other"}))
    (tmp_path / "later.json").write_text(json.dumps({"sessions": doc["sessions"], "version": 2, "format": doc["format"]}))
    (tmp_path / "bad.json").write_text(json.dumps(doc))
    messages = {"cut.json": "not a callsim export (not JSON)",
                "other.json": 'not a callsim export (no "format": "callsim-export")',
                "later.json": "callsim export version 2; this callsim reads version 1",
                "bad.json": "session 1: 'uuid' is not a usable uuid"}
    for name, message in messages.items():
        with pytest.raises(CallsimError, match=re.escape(f"{tmp_path / name}: {message}")):
            read_export(tmp_path / name)


def test_the_decoded_recordings_folder_is_removed(source, tmp_path, monkeypatch):
    """After an import, after a refused file, and when a bundle is closed: the recordings decoded from a file (trainee
    voices) never stay in the temp folder."""
    spools = tmp_path / "tmp"
    spools.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spools))
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(export_json(source, source.list_sessions(), audio=True))
    doc = export_document(source, source.list_sessions(), audio=True)
    doc["sessions"][-1]["turns"][0]["audio_data"] = "%%%"
    bad.write_text(json.dumps(doc))
    with read_export(good) as bundle:
        assert len(list(spools.iterdir())) == 1 and bundle.sessions[0].audio
    with pytest.raises(CallsimError, match="'audio_data' is not base64 data"):
        read_export(bad)
    monkeypatch.setenv("CALLSIM_DATA_DIR", str(tmp_path / "target"))
    assert main(["import", str(good)]) == 0 and main(["import", str(good), str(bad)]) == 1
    assert list(spools.iterdir()) == []


def test_a_streamed_list_given_twice_and_nesting_thousands_deep_are_refused_in_one_line(tmp_path):
    """Review: '"sessions" twice' merged both lists (json.loads keeps the last); 100,000 nested lists ended the
    import in a RecursionError traceback."""
    with pytest.raises(json.JSONDecodeError, match="'sessions' given twice"):
        streamed('{"sessions": [1], "sessions": [2]}', 4096)
    assert streamed('{"a": 1, "a": 2}', 4096) == {"a": 2}  # other keys: the last, as json.loads
    deep = tmp_path / "deep.json"
    deep.write_text('{"sessions": [' + "[" * 100_000 + "]" * 100_000 + "]}")
    with pytest.raises(CallsimError, match=re.escape(f"{deep}: not a callsim export (nested too deep)")):
        read_export(deep)
