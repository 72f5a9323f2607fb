"""Import fills in what a try already here lacks (why it was not judged, an early start, the error behind a failure)
from the same try in the file, and never replaces a value known here."""

from __future__ import annotations

import dataclasses
import json

import pytest

from callsim.exchange import read_export
from callsim.exchange_fill import filled
from callsim.exchange_merge import merge
from callsim.records import TurnRecord
from callsim.report_json import export_document
from callsim.store import Store
from report_helpers import T0, add_turn, clip, session

UUID = "e7000000-0000-4000-8000-00000000000e"
FIELDS = ("unjudged_reason", "early_start", "unjudged_error")


def unjudged(index: int, reason: str, error: str | None = None) -> TurnRecord:
    """A try as ``CallState.save_unjudged`` keeps it."""
    return TurnRecord(UUID, index, f"line{index}", f"Caller line {index}", "somber", recorded_at=T0,
                      unjudged_reason=reason, unjudged_error=error)


@pytest.fixture
def source(tmp_path):
    """Turn 1: the analysis failed (with its error); turn 2: judged, started early; turn 3: hung up mid-reply."""
    with Store.open(tmp_path / "source") as store:
        session(store, UUID, "ann", 1, 0.0)
        store.save_turn(unjudged(0, "analysis_failed", "analysis bug"), clip())
        judged = add_turn(store, UUID, 1, "somber", "i'm sorry", perceived="somber", tone_level="suits")
        store.save_turn(dataclasses.replace(judged, early_start=0.04))
        store.save_turn(unjudged(2, "hung_up"), clip())
        yield store


def exported(store, path, **changes):
    """The export of ``store`` at ``path``; each change (a field of ``FIELDS``) drops that field from every try
    (None), or sets it in the tries it names (a list of (turn index, value))."""
    doc = export_document(store, store.list_sessions())
    for field, values in changes.items():
        for turn in doc["sessions"][0]["turns"]:
            if values is None:
                del turn[field]
            elif (found := dict(values)).get(turn["index"]) is not None:
                turn[field] = found[turn["index"]]
    path.write_text(json.dumps(doc))
    return path


def fields(store) -> list[tuple]:
    return [tuple(getattr(t, f) for f in FIELDS) for t in store.load_turns(UUID)]


def test_a_try_imported_without_them_gets_them_from_a_later_import(source, tmp_path):
    with Store.open(tmp_path / "target") as target:
        merge(target, read_export(exported(source, tmp_path / "old.json", **dict.fromkeys(FIELDS))))
        assert fields(target) == [("unknown", None, None), ("", None, None), ("unknown", None, None)]
        result = merge(target, read_export(exported(source, tmp_path / "new.json")))
        assert fields(target) == fields(source) == [("analysis_failed", None, "analysis bug"), ("", 0.04, None),
                                                    ("hung_up", None, None)]
        assert (result.turns, result.tries_filled) == (0, 3)
        assert result.lines() == ["3 tries already here got why not judged, an early start or an error they lacked"]
        again = merge(target, read_export(exported(source, tmp_path / "new.json")))
        assert again.tries_filled == 0 and again.lines()[0].startswith("nothing new")


def test_a_value_known_here_is_never_replaced(source, tmp_path):
    with Store.open(tmp_path / "target") as target:
        here = dict(unjudged_reason=[(0, "recording_failed"), (2, "nothing_heard")], early_start=[(1, 0.1)],
                    unjudged_error=[(0, "the headset was unplugged")])
        merge(target, read_export(exported(source, tmp_path / "here.json", **here)))
        before = fields(target)
        result = merge(target, read_export(exported(source, tmp_path / "file.json")))
        assert fields(target) == before == [("recording_failed", None, "the headset was unplugged"),
                                            ("", 0.1, None), ("nothing_heard", None, None)]
        assert result.tries_filled == 0


def test_only_what_is_missing_is_filled_and_nothing_else_about_the_try_changes(source, tmp_path):
    with Store.open(tmp_path / "target") as target:
        merge(target, read_export(exported(source, tmp_path / "old.json", unjudged_error=None)))
        target.save_turn(dataclasses.replace(target.load_turns(UUID)[0], live_transcript="i am so"))
        merge(target, read_export(exported(source, tmp_path / "new.json")))
        first = target.load_turns(UUID)[0]
        assert (first.unjudged_reason, first.unjudged_error, first.live_transcript) == (
            "analysis_failed", "analysis bug", "i am so")  # the local live words stay


def test_a_try_whose_verdict_differs_is_not_the_same_try_and_a_file_without_a_reason_fills_none():
    local = unjudged(0, "unknown")
    assert filled(local, dataclasses.replace(local, verdict="suits", early_start=0.1)) == local
    assert filled(local, unjudged(0, "", "boom")) == dataclasses.replace(local, unjudged_error="boom")
    assert filled(local, unjudged(0, "unknown")) == local


def test_a_session_running_here_is_left_alone(source, tmp_path, monkeypatch):
    with Store.open(tmp_path / "target") as target:
        merge(target, read_export(exported(source, tmp_path / "old.json", **dict.fromkeys(FIELDS))))
        monkeypatch.setattr(Store, "is_live", lambda self, uuid: True)
        result = merge(target, read_export(exported(source, tmp_path / "new.json")))
        assert result.tries_filled == 0 and fields(target)[0] == ("unknown", None, None)
