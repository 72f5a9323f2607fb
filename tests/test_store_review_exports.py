"""Exports and imports keep each note and override on its own try of a turn (CSV, HTML, JSON, ``callsim import``)."""

from __future__ import annotations

import csv
import io
import re
from html import unescape

import pytest

from callsim.exchange import read_export
from callsim.exchange_merge import merge
from callsim.records import Note, Override
from callsim.report_csv import export_csv
from callsim.report_html import export_html
from callsim.report_json import export_json
from callsim.store import Store
from report_helpers import T0, add_turn, session

UUID = "e0000000-0000-4000-8000-000000000001"


@pytest.fixture
def store(tmp_path):
    """Turn 1 tried twice: a note and a tone override on try 1 only, a note on try 2."""
    with Store.open(tmp_path / "store") as store:
        session(store, UUID, "ann", 0, 50.0)
        add_turn(store, UUID, 0, "somber", "uh yes", perceived="agitated", tone_level="does not suit")
        add_turn(store, UUID, 0, "somber", "i'm sorry", retry=1, perceived="somber", tone_level="partly")
        store.save_note(Note(UUID, 0, "rushed on the first try", "tom", None, T0, retry=0))
        store.save_note(Note(UUID, 0, "better the second time", "tom", None, T0, retry=1))
        store.save_override(Override(UUID, 0, "tone", "does not suit", "suits", "first was fine", "tom", T0, retry=0))
        yield store


def test_html_shows_each_note_and_override_with_its_own_try(store):
    page = unescape(re.sub(r"<[^>]+>", " ", export_html(store, [store.load_session(UUID)])))
    earlier = page[page.index("try 1:"):]
    assert "rushed on the first try" in earlier and "first was fine" in earlier
    assert "better the second time" not in earlier and "better the second time" in page
    assert "→" not in page[:page.index("try 1:")]  # the last try's tone verdict is not overridden


def test_csv_row_keeps_its_own_verdict_and_labels_earlier_tries(store):
    (row,) = csv.DictReader(io.StringIO(export_csv(store, [store.load_session(UUID)])))
    assert row["tone_in_force"] == "partly"
    assert (row["turn"], row["try"], row["tries"]) == ("1", "2", "2")  # the row is try 2; the notes say "(try 1)"
    assert row["notes"] == "(try 1) tom: rushed on the first try; tom: better the second time"
    assert row["overrides"].startswith("(try 1) tone: does not suit -> suits")


def test_import_puts_notes_and_overrides_back_on_their_try(store, tmp_path):
    path = tmp_path / "export.json"
    path.write_text(export_json(store, [store.load_session(UUID)]))
    with Store.open(tmp_path / "target") as target:
        merge(target, read_export(path))
        assert [(n.text, n.retry) for n in target.load_notes(UUID)] == [
            ("rushed on the first try", 0), ("better the second time", 1)]
        assert [o.retry for o in target.load_overrides(UUID)] == [0]


def test_json_keeps_machine_numbers_and_says_how_sure_the_tone_was(store):
    import json

    turns = json.loads(export_json(store, [store.load_session(UUID)]))["sessions"][0]["turns"]
    assert [(t["index"], t["retry"]) for t in turns] == [(0, 0), (0, 1)]
    assert [t["tone_certainty"] for t in turns] == ["sure", "sure"]
    assert "is_hint" in turns[0]["tone"] and turns[0]["content"]["moves"] == []  # payloads as stored


def test_html_labels_the_latest_try(store):
    page = unescape(re.sub(r"<[^>]+>", " ", export_html(store, [store.load_session(UUID)])))
    assert "Turn 1, try 2:" in page and page.index("Turn 1, try 2:") < page.index("try 1:")
