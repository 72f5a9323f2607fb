"""A try kept unjudged because the recording or the analysis failed keeps the one-line error the trainee saw: store,
version-5 migration, import, exports, and the review detail."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import sqlite3

import pytest
from rich.console import Console

from callsim import store_schema
from callsim.errors import MAX_ERROR, CallsimError, one_line
from callsim.exchange import read_export
from callsim.exchange_merge import merge
from callsim.records import TurnRecord
from callsim.report_csv import COLUMNS, export_csv
from callsim.report_html import export_html
from callsim.report_json import export_document
from callsim.store import Store
from callsim.tui.review_evidence import evidence
from report_helpers import T0, add_turn, clip, session

UUID = "e6000000-0000-4000-8000-00000000000e"
WHEN = "2026-01-02T03:04:05.000000Z"
LONG = "PortAudio said:\n  Input overflowed   " + "x" * 400


def unjudged(index: int, reason: str, error: str | None, retry: int = 0, live: str = "") -> TurnRecord:
    """A try as ``CallState.save_unjudged`` keeps it."""
    return TurnRecord(UUID, index, f"line{index}", f"Caller line {index}", "somber", retry=retry, recorded_at=T0,
                      unjudged_reason=reason, live_transcript=live, unjudged_error=error)


@pytest.fixture
def store(tmp_path):
    """Turn 1: the analysis failed on try 1, judged on try 2; turn 2: the recording failed with a long, multi-line
    error (the last try); turn 3: nothing heard (no error)."""
    with Store.open(tmp_path / "store") as store:
        session(store, UUID, "ann", 1, 100.0, status="abandoned")
        store.save_turn(unjudged(0, "analysis_failed", "<b>analysis bug</b>"), clip())
        add_turn(store, UUID, 0, "somber", "i'm sorry about the parcel", retry=1, perceived="somber",
                 tone_level="suits")
        store.save_turn(unjudged(1, "recording_failed", LONG, live="i am so"), clip())
        store.save_turn(unjudged(2, "nothing_heard", None), clip())
        yield store


def test_one_line_makes_any_text_one_bounded_line():
    assert one_line("a\n  b\tc ") == "a b c"
    cut = one_line(LONG)
    assert len(cut) == MAX_ERROR and cut.endswith("…") and "\n" not in cut
    assert cut.startswith("PortAudio said: Input overflowed xxx")


def test_the_error_round_trips_as_one_bounded_line_and_only_an_unjudged_try_has_one(store):
    failed, judged, recording, quiet = store.load_turns(UUID)
    assert failed.unjudged_error == "<b>analysis bug</b>"
    assert recording.unjudged_error == one_line(LONG) and len(recording.unjudged_error) == MAX_ERROR
    assert (judged.unjudged_error, quiet.unjudged_error) == (None, None)
    store.save_turn(TurnRecord(UUID, 3, "l3", "Hi", "calm", verdict="suits", unjudged_error="stray"))
    store.save_turn(unjudged(4, "analysis_failed", "  \n "))
    assert [t.unjudged_error for t in store.load_turns(UUID)[-2:]] == [None, None]  # judged; blank


def v4_store(path) -> None:
    """A version-4 store (before errors were kept) with a try the analysis failed on."""
    path.mkdir(parents=True)
    conn = sqlite3.connect(path / "callsim.db", isolation_level=None)
    for sql in (*store_schema.V1, *store_schema.V2, *store_schema.V3, *store_schema.V4):
        conn.execute(sql)
    conn.execute("PRAGMA user_version = 4")
    conn.execute(f"INSERT INTO trainees VALUES ('ann', '{WHEN}')")
    conn.execute(f"INSERT INTO sessions VALUES ('u1', 'ann', 'late', 'Late', '{WHEN}', NULL, 'abandoned', 0, NULL, "
                 "'')")
    conn.execute(f"INSERT INTO turns VALUES ('u1', 0, 0, 'c', 'Hi', 'calm', NULL, '{{}}', '{{}}', '{{}}', '{{}}', "
                 f"'', '{WHEN}', 'analysis_failed', '', NULL)")
    conn.close()


def test_a_version_4_store_upgrades_in_place_and_its_tries_read_with_no_error(tmp_path):
    v4_store(tmp_path / "old")
    with Store.open(tmp_path / "old") as store:
        assert store.query("PRAGMA user_version")[0][0] == store_schema.current_version() == 5
        (old,) = store.load_turns("u1")
        assert (old.unjudged_reason, old.unjudged_error) == ("analysis_failed", None)
        page = export_html(store, [store.load_session("u1")])
        store.save_turn(dataclasses.replace(old, retry=1, unjudged_error="bug"))  # the new column takes the line
        assert [t.unjudged_error for t in store.load_turns("u1")] == [None, "bug"]
    assert "not judged: the analysis failed" in page and "<dt>error</dt>" not in page


def exported(store, path, *, strip: bool = False, value="keep"):
    """The JSON export of the fixture at ``path``; ``strip`` drops ``unjudged_error`` as an older callsim wrote it,
    ``value`` (unless "keep") replaces the first try's."""
    doc = export_document(store, store.list_sessions())
    for turn in doc["sessions"][0]["turns"]:
        if strip:
            del turn["unjudged_error"]
    if value != "keep":
        doc["sessions"][0]["turns"][0]["unjudged_error"] = value
    path.write_text(json.dumps(doc))
    return path


def test_the_json_export_gives_the_error_or_null(store):
    turns = export_document(store, store.list_sessions())["sessions"][0]["turns"]
    assert [t["unjudged_error"] for t in turns] == ["<b>analysis bug</b>", None, one_line(LONG), None]


def test_import_carries_the_error(store, tmp_path):
    with Store.open(tmp_path / "target") as target:
        merge(target, read_export(exported(store, tmp_path / "new.json")))
        assert [t.unjudged_error for t in target.load_turns(UUID)] == [t.unjudged_error for t in
                                                                       store.load_turns(UUID)]


def test_import_of_an_export_without_it_reads_no_error_and_a_long_one_arrives_bounded(store, tmp_path):
    with Store.open(tmp_path / "old") as target:
        merge(target, read_export(exported(store, tmp_path / "old.json", strip=True)))
        assert [t.unjudged_error for t in target.load_turns(UUID)] == [None] * 4
    with Store.open(tmp_path / "long") as target:
        merge(target, read_export(exported(store, tmp_path / "long.json", value=LONG)))
        assert target.load_turns(UUID)[0].unjudged_error == one_line(LONG)


def test_import_refuses_an_error_that_is_not_text(store, tmp_path):
    with pytest.raises(CallsimError, match=r"session 1, turn entry 1: 'unjudged_error' is not text"):
        read_export(exported(store, tmp_path / "bad.json", value=5))


def test_csv_gives_the_last_try_s_error_beside_its_reason(store):
    rows = list(csv.DictReader(io.StringIO(export_csv(store, store.list_sessions()))))
    assert COLUMNS[-1] == "unjudged_error"  # new columns go last
    assert [(r["turn"], r["unjudged_reason"], r["unjudged_error"]) for r in rows] == [
        ("1", "", ""), ("2", "the recording failed mid-reply", one_line(LONG)), ("3", "nothing was heard", "")]


def test_html_gives_the_error_under_the_reason_and_in_the_earlier_tries_line(store):
    page = export_html(store, store.list_sessions())
    assert ("<li>try 1: not judged: the analysis failed; its recording is kept — error: &lt;b&gt;analysis "
            "bug&lt;/b&gt;") in page
    assert ("<dt>heard</dt><dd><i>not judged: the recording failed mid-reply; its recording is kept</i></dd>"
            f"<dt>error</dt><dd>{one_line(LONG)}</dd><dt>words shown live</dt>") in page
    assert page.count("<dt>error</dt>") == 1 and "<b>analysis bug</b>" not in page


def test_the_review_detail_gives_the_error_under_the_reason(store):
    def shown(turn) -> str:
        console = Console(width=400, record=True, file=io.StringIO())
        console.print(evidence(turn, []))
        return console.export_text()

    failed, _, recording, quiet = store.load_turns(UUID)
    assert "Reply: not judged: the analysis failed (r plays it)\nError: <b>analysis bug</b>\n" in shown(failed)
    assert f"Error: {one_line(LONG)}\nWords shown live: “i am so”" in shown(recording)
    assert "Error" not in shown(quiet)
