"""A try the trainee was already speaking into as its recording began keeps when speech was heard from: store,
version-4 migration, import, exports, and the review detail."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import sqlite3

import pytest
from rich.console import Console

from callsim import early_start, store_schema
from callsim.errors import CallsimError
from callsim.exchange import read_export
from callsim.exchange_merge import merge
from callsim.report_csv import COLUMNS, export_csv
from callsim.report_html import export_html
from callsim.report_json import export_document
from callsim.store import Store
from callsim.tui.review_evidence import evidence
from report_helpers import add_turn, session

UUID = "e5000000-0000-4000-8000-00000000000e"
WHEN = "2026-01-02T03:04:05.000000Z"
FLAG_0 = 'started speaking before "Your turn" (speech from 0.0 s): the reply\'s first words may be missing'
HTML_FLAG_0 = ('<span class="early">⚠ started speaking before &quot;Your turn&quot; (speech from 0.0 s): the '
               'reply&#x27;s first words may be missing</span>')


def judged(store, index: int, retry: int, early: float | None):
    """A judged try whose speech was heard from ``early`` seconds (None: a normal pause first)."""
    turn = add_turn(store, UUID, index, "somber", "i'm sorry about the parcel", retry=retry, perceived="somber",
                    tone_level="suits")
    return store.save_turn(dataclasses.replace(turn, early_start=early))


@pytest.fixture
def store(tmp_path):
    """Turn 1: started early on try 1 (0.04 s), a pause first on try 2; turn 2: started early (0.12 s)."""
    with Store.open(tmp_path / "store") as store:
        session(store, UUID, "ann", 1, 100.0)
        judged(store, 0, 0, 0.04)
        judged(store, 0, 1, None)
        judged(store, 1, 0, 0.12)
        yield store


def test_the_time_round_trips_and_a_try_not_started_early_has_none(store):
    assert [(t.index, t.retry, t.early_start) for t in store.load_turns(UUID)] == [
        (0, 0, 0.04), (0, 1, None), (1, 0, 0.12)]


def test_the_trainer_flag_words_it_as_the_trainee_notice_does():
    assert early_start.flag(0.04) == FLAG_0
    assert early_start.speech_from(0.04) in early_start.notice(0.04)  # the same time, to the same tenth
    assert early_start.CUE in early_start.notice(0.04) and early_start.CUE in early_start.flag(0.04)


def v3_store(path) -> None:
    """A version-3 store (before early starts were kept) with one judged try."""
    path.mkdir(parents=True)
    conn = sqlite3.connect(path / "callsim.db", isolation_level=None)
    for sql in (*store_schema.V1, *store_schema.V2, *store_schema.V3):
        conn.execute(sql)
    conn.execute("PRAGMA user_version = 3")
    conn.execute(f"INSERT INTO trainees VALUES ('ann', '{WHEN}')")
    conn.execute(f"INSERT INTO sessions VALUES ('u1', 'ann', 'late', 'Late', '{WHEN}', NULL, 'complete', 100, NULL, "
                 "'')")
    conn.execute(f"INSERT INTO turns VALUES ('u1', 0, 0, 'c', 'Hi', 'calm', NULL, '{{\"text\": \"hello\"}}', '{{}}', "
                 f"'{{}}', '{{}}', 'suits', '{WHEN}', '', '')")
    conn.close()


def test_a_version_3_store_upgrades_in_place_and_its_tries_read_not_flagged(tmp_path):
    v3_store(tmp_path / "old")
    with Store.open(tmp_path / "old") as store:
        assert store.query("PRAGMA user_version")[0][0] == store_schema.current_version() >= 4
        (old,) = store.load_turns("u1")
        assert (old.verdict, old.early_start) == ("suits", None)
        page = export_html(store, [store.load_session("u1")])
        store.save_turn(dataclasses.replace(old, retry=1, early_start=0.0))  # the new column takes a time
        assert [t.early_start for t in store.load_turns("u1")] == [None, 0.0]
    assert "<q>hello</q>" in page and "started speaking" not in page


def exported(store, path, *, strip: bool = False, value=None):
    """The JSON export of the fixture at ``path``; ``strip`` drops ``early_start`` as an older callsim wrote it,
    ``value`` (when given) replaces the first try's."""
    doc = export_document(store, store.list_sessions())
    for turn in doc["sessions"][0]["turns"]:
        if strip:
            del turn["early_start"]
    if value is not None:
        doc["sessions"][0]["turns"][0]["early_start"] = value
    path.write_text(json.dumps(doc))
    return path


def test_the_json_export_gives_the_time_or_null(store):
    turns = export_document(store, store.list_sessions())["sessions"][0]["turns"]
    assert [t["early_start"] for t in turns] == [0.04, None, 0.12]


def test_import_carries_the_time(store, tmp_path):
    with Store.open(tmp_path / "target") as target:
        merge(target, read_export(exported(store, tmp_path / "new.json")))
        assert [t.early_start for t in target.load_turns(UUID)] == [0.04, None, 0.12]


def test_import_of_an_export_without_it_reads_not_flagged(store, tmp_path):
    with Store.open(tmp_path / "target") as target:
        result = merge(target, read_export(exported(store, tmp_path / "old.json", strip=True)))
        assert result.turns == 3 and [t.early_start for t in target.load_turns(UUID)] == [None, None, None]


@pytest.mark.parametrize("value", [-0.1, "soon", True])
def test_import_refuses_an_early_start_that_is_not_a_time(store, tmp_path, value):
    with pytest.raises(CallsimError, match=r"session 1, turn entry 1: 'early_start' is not a"):
        read_export(exported(store, tmp_path / "bad.json", value=value))


def test_csv_gives_the_last_try_s_time_in_seconds_and_is_empty_when_not_flagged(store):
    rows = list(csv.DictReader(io.StringIO(export_csv(store, store.list_sessions()))))
    assert COLUMNS[COLUMNS.index("live_transcript") + 1] == "early_start"  # added last in its day
    assert [(r["turn"], r["try"], r["early_start"]) for r in rows] == [("1", "2", ""), ("2", "1", "0.12")]


def test_html_flags_each_try_started_early_beside_its_words(store):
    page = export_html(store, store.list_sessions())
    assert f"<li>try 1: suits — <q>i&#x27;m sorry about the parcel</q> {HTML_FLAG_0}</li>" in page
    assert ("<dt>heard</dt><dd><q>i&#x27;m sorry about the parcel</q> <span class=\"early\">⚠ started speaking "
            "before &quot;Your turn&quot; (speech from 0.1 s)") in page
    assert page.count('<span class="early">') == 2  # never on turn 1's second try, which began with a pause


def test_the_review_detail_shows_the_flag_under_the_reply_only_for_a_try_started_early(store):
    def shown(turn) -> str:
        console = Console(width=200, record=True)
        console.print(evidence(turn, []))
        return console.export_text()

    early, paused, _ = store.load_turns(UUID)
    assert f"Reply: i'm sorry about the parcel\n⚠ S{FLAG_0[1:]}\nTone:" in shown(early)
    assert "started speaking" not in shown(paused)
