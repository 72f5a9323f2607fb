"""The CSV export: header, stable columns, one row per turn (its last try), formula-safe text."""

from __future__ import annotations

import csv
import io

import pytest

from callsim.report_csv import COLUMNS, export_csv
from callsim.store import Store
from report_helpers import BOB, EVIL, fill


@pytest.fixture
def rows(tmp_path):
    with Store.open(tmp_path / "store") as store:
        fill(store)
        text = export_csv(store, store.list_sessions(descending=False))
    return list(csv.reader(io.StringIO(text)))


def test_header_is_the_documented_column_order(rows):
    assert tuple(rows[0]) == COLUMNS
    assert COLUMNS[:3] == ("session", "trainee", "scenario_id")
    assert COLUMNS[-5:] == ("recorded_at", "unjudged_reason", "live_transcript", "early_start",
                            "unjudged_error")  # new columns go last
    assert all(len(r) == len(COLUMNS) for r in rows)


def test_one_row_per_turn_from_its_last_try(rows):
    table = [dict(zip(rows[0], r)) for r in rows[1:]]
    # counted from 1, like the review screen ("turn 1, try 2") and the notes' "(try N)"
    assert [(r["session"][0], r["turn"], r["try"], r["tries"]) for r in table] == [
        ("a", "1", "2", "2"), ("a", "2", "1", "1"), ("b", "1", "1", "1"), ("b", "2", "1", "1"),
        ("d", "1", "1", "1"), ("c", "1", "1", "1")]
    assert "retry" not in rows[0]
    first = table[0]
    assert first["transcript"] == "i'm sorry about the parcel" and first["verdict"] == "suits"
    assert first["perceived_tone"] == "somber" and float(first["confidence"]) == pytest.approx(0.81)
    assert first["tone_summary"] == "it came across as somber"
    assert first["tone_certainty"] == "sure"
    assert first["moves_made"] == "apologised" and first["notes"] == f"[1.2 s] trainer tom: {EVIL}"


def test_overrides_keep_the_original_beside_the_verdict_in_force(rows):
    turn = dict(zip(rows[0], rows[2]))
    assert turn["tone_verdict"] == "partly" and turn["tone_in_force"] == "suits"
    assert turn["overrides"] == "tone: partly -> suits (<i>sounded fine</i>, trainer tom)"
    assert turn["banned"] == '"calm down"' and turn["moves_missing"] == "committed to an action"
    assert turn["words_verdict"] == turn["words_in_force"] == "does not suit"


def test_text_inside_a_cell_and_empty_values_are_kept_as_is(rows):
    turn = dict(zip(rows[0], rows[2]))
    assert turn["notes"] == 'trainer tom: =HYPERLINK("x")'  # only a leading formula sign is guarded
    bob = dict(zip(rows[0], rows[5]))
    assert bob["trainee"] == BOB and bob["score"] == "0.0" and bob["grade"] == ""


def test_formula_guard_applies_to_leading_characters(tmp_path):
    from callsim.records import Note
    from report_helpers import add_turn, session

    with Store.open(tmp_path / "store") as store:
        session(store, "s-1", "=cmd", 0, None)
        add_turn(store, "s-1", 0, "calm", "-5 is fine", perceived="calm", tone_level="suits")
        store.save_note(Note("s-1", 0, "ok", "+author"))
        row = dict(zip(COLUMNS, list(csv.reader(io.StringIO(export_csv(store, store.list_sessions()))))[1]))
    assert row["trainee"] == "'=cmd" and row["transcript"] == "'-5 is fine" and row["score"] == ""
    assert row["notes"] == "'+author: ok"


def test_a_hinted_or_unclear_tone_keeps_its_raw_name_and_says_how_sure(tmp_path):
    import dataclasses

    from report_helpers import add_turn, session

    with Store.open(tmp_path / "store") as store:
        session(store, "s-1", "ann", 0, None)
        hint = add_turn(store, "s-1", 0, "somber", "i'm sorry", perceived="calm", tone_level="partly")
        store.save_turn(dataclasses.replace(hint, tone=dict(hint.tone, is_hint=True)))
        unclear = add_turn(store, "s-1", 1, "somber", "ok", perceived="calm", tone_level="partly")
        store.save_turn(dataclasses.replace(unclear, tone=dict(unclear.tone, is_hint=True, is_unclear=True)))
        bare = add_turn(store, "s-1", 2, "somber", "ok", perceived="calm", tone_level="partly")
        store.save_turn(dataclasses.replace(bare, tone=None))
        table = list(csv.DictReader(io.StringIO(export_csv(store, store.list_sessions()))))
    assert [(r["perceived_tone"], r["tone_certainty"]) for r in table] == [("calm", "hint"), ("calm", "unclear"),
                                                                          ("", "")]


def test_a_session_without_turns_has_one_row_and_scores_have_one_decimal(tmp_path):
    """QA: 'wrote 8 session(s)' but the CSV held rows for 3 (sessions without turns had none); a score of
    33.333333333333336 was written as it was stored."""
    import csv
    import io

    from callsim.report_csv import export_csv
    from callsim.store import Store
    from report_helpers import session

    with Store.open() as store:
        empty = session(store, "e1", "ann", 1, 100 / 3, status="abandoned")
        rows = list(csv.DictReader(io.StringIO(export_csv(store, [empty]))))
    assert len(rows) == 1 and rows[0]["session"] == "e1" and rows[0]["tries"] == "0" and rows[0]["turn"] == ""
    assert rows[0]["score"] == rows[0]["score_in_force"] == "33.3" and rows[0]["status"] == "abandoned"
