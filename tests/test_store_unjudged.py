"""A try kept without a verdict keeps why and the words shown live: store, version-3 migration, import, exports."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest

from callsim import store_schema
from callsim.exchange import read_export
from callsim.exchange_merge import merge
from callsim.records import TurnRecord
from callsim.report_csv import export_csv
from callsim.report_html import export_html
from callsim.report_json import export_document
from callsim.store import Store
from callsim.vocab import UNJUDGED_REASONS
from report_helpers import T0, add_turn, clip, session

UUID = "f0000000-0000-4000-8000-00000000000f"
WHEN = "2026-01-02T03:04:05.000000Z"


def unjudged(index: int, reason: str, live: str = "", retry: int = 0) -> TurnRecord:
    """A try as ``CallState.save_unjudged`` keeps it."""
    return TurnRecord(UUID, index, f"line{index}", f"Caller line {index}", "somber", retry=retry, recorded_at=T0,
                      unjudged_reason=reason, live_transcript=live)


@pytest.fixture
def store(tmp_path):
    """Turn 1: hung up mid-reply on try 1 (with live words), judged on try 2; turn 2: nothing heard (the last try)."""
    with Store.open(tmp_path / "store") as store:
        session(store, UUID, "ann", 1, 100.0, status="abandoned")
        store.save_turn(unjudged(0, "hung_up", "i'm so sorry about the"), clip())
        add_turn(store, UUID, 0, "somber", "i'm sorry about the parcel", retry=1, perceived="somber",
                 tone_level="suits", moves=["apologize"])
        store.save_turn(unjudged(1, "nothing_heard", "the"), clip())
        yield store


def test_reason_and_live_words_round_trip_and_a_judged_try_has_neither(store):
    first, judged, last = store.load_turns(UUID)
    assert (first.unjudged_reason, first.live_transcript) == ("hung_up", "i'm so sorry about the")
    assert (judged.unjudged_reason, judged.live_transcript) == ("", "")
    assert (last.unjudged_reason, last.live_transcript) == ("nothing_heard", "the")
    assert set(UNJUDGED_REASONS) == {"nothing_heard", "hung_up", "ended_before_judging", "recording_failed",
                                     "analysis_failed", "save_failed", "unknown"}
    assert all("_" not in words for words in UNJUDGED_REASONS.values())  # trainers read words, not ids


def test_an_unjudged_try_saved_without_a_reason_reads_unknown(store):
    store.save_turn(unjudged(2, ""))
    store.save_turn(TurnRecord(UUID, 3, "line3", "Hi", "calm", verdict="suits", unjudged_reason="hung_up"))
    assert [t.unjudged_reason for t in store.load_turns(UUID)[-2:]] == ["unknown", ""]
    # the store writes the default (the one place it is applied): reading takes the column as it is
    assert [r[0] for r in store.query("SELECT unjudged_reason FROM turns WHERE turn_index >= 2")] == ["unknown", ""]


def v2_store(path) -> None:
    """A version-2 store (before reasons were kept): a judged try and a try kept without a verdict."""
    path.mkdir(parents=True)
    conn = sqlite3.connect(path / "callsim.db", isolation_level=None)
    for sql in (*store_schema.V1, *store_schema.V2):
        conn.execute(sql)
    conn.execute("PRAGMA user_version = 2")
    conn.execute(f"INSERT INTO trainees VALUES ('ann', '{WHEN}')")
    conn.execute(f"INSERT INTO sessions VALUES ('u1', 'ann', 'late', 'Late', '{WHEN}', NULL, 'abandoned', 0, NULL, '')")
    for retry, verdict in ((0, ""), (1, "suits")):
        conn.execute(f"INSERT INTO turns VALUES ('u1', 0, {retry}, 'c', 'Hi', 'calm', NULL, '{{}}', '{{}}', "
                     f"'{{}}', '{{}}', '{verdict}', '{WHEN}')")
    conn.close()


def test_a_version_2_store_upgrades_in_place_and_its_unjudged_try_reads_unknown(tmp_path):
    v2_store(tmp_path / "old")
    with Store.open(tmp_path / "old") as store:
        assert store.query("PRAGMA user_version")[0][0] == store_schema.current_version() >= 3
        old, judged = store.load_turns("u1")
        assert (old.unjudged_reason, old.live_transcript, judged.unjudged_reason) == ("unknown", "", "")
        assert store.query("SELECT unjudged_reason FROM turns WHERE verdict = ''")[0][0] == "unknown"
        page = export_html(store, [store.load_session("u1")])
    assert "not judged: its reason was not recorded by the callsim that kept it" in page


def exported(store, path, *, strip: bool = False):
    """The JSON export of the fixture at ``path``; ``strip`` drops the new fields, as an older callsim wrote it."""
    doc = export_document(store, store.list_sessions(), audio=True)
    for turn in doc["sessions"][0]["turns"]:
        if strip:
            del turn["unjudged_reason"], turn["live_transcript"]
    path.write_text(json.dumps(doc))
    return path


def test_the_json_export_names_the_reason_by_id_and_keeps_the_live_words(store):
    turns = export_document(store, store.list_sessions())["sessions"][0]["turns"]
    assert [(t["unjudged_reason"], t["live_transcript"]) for t in turns] == [
        ("hung_up", "i'm so sorry about the"), ("", ""), ("nothing_heard", "the")]


def test_import_carries_the_reason_and_the_live_words(store, tmp_path):
    with Store.open(tmp_path / "target") as target:
        merge(target, read_export(exported(store, tmp_path / "new.json")))
        arrived = [(t.retry, t.verdict, t.unjudged_reason, t.live_transcript) for t in target.load_turns(UUID)]
    assert arrived == [(0, "", "hung_up", "i'm so sorry about the"), (1, "suits", "", ""),
                       (0, "", "nothing_heard", "the")]


def test_import_of_an_export_without_them_reads_unknown_with_no_live_words(store, tmp_path):
    with Store.open(tmp_path / "target") as target:
        result = merge(target, read_export(exported(store, tmp_path / "old.json", strip=True)))
        turns = target.load_turns(UUID)
    assert result.turns == 3
    assert [(t.unjudged_reason, t.live_transcript) for t in turns] == [("unknown", ""), ("", ""), ("unknown", "")]


def test_csv_row_of_an_unjudged_last_try_says_why_in_words_and_the_live_words(store):
    rows = list(csv.DictReader(io.StringIO(export_csv(store, store.list_sessions()))))
    judged, last = rows
    assert (judged["verdict"], judged["unjudged_reason"], judged["live_transcript"]) == ("suits", "", "")
    assert (last["verdict"], last["transcript"]) == ("", "")
    assert (last["unjudged_reason"], last["live_transcript"]) == ("nothing was heard", "the")


def test_html_says_why_each_try_was_not_judged_and_labels_the_live_words(store):
    page = export_html(store, store.list_sessions())
    hung_up = ("try 1: not judged: the call was ended mid-reply; its recording is kept — words shown live: "
               "<q>i&#x27;m so sorry about the</q> <small>(recognised while the trainee spoke; not a judged "
               "transcript)</small>")
    assert hung_up in page
    assert "<b>turn verdict:</b> not judged: nothing was heard; its recording is kept" in page
    assert "<dt>heard</dt><dd><i>not judged: nothing was heard; its recording is kept</i></dd>" in page
    assert "<dt>words shown live</dt><dd><q>the</q> <small>(recognised while" in page
    assert page.count("words shown live") == 2  # never beside the judged try's transcript


def test_html_lists_no_word_findings_for_an_unjudged_try(store, new_york):
    """QA: an unjudged try's words block said 'moves made: none / banned phrases: none', as if they were checked."""
    page = export_html(store, store.list_sessions())
    unjudged_block = page.split("<dt>words shown live</dt><dd><q>the</q>")[1].split("</dl>")[0]
    assert "moves made" not in unjudged_block and "banned phrases" not in unjudged_block
    assert page.count("<dt>moves made</dt>") == 1  # the judged try keeps its findings
    assert "Exported 20" in page and "UTC-0" in page.split("Exported ")[1].split(";")[0]  # local, like every time
