"""Notes and overrides belong to one try of a turn: the store, the version-2 migration, the report view."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

from callsim import report_view as view
from callsim import store_schema
from callsim.paths import data_dir
from callsim.records import Note, Override, TurnRecord
from callsim.store import Store

T0 = datetime(2026, 3, 1, 9, 30, tzinfo=timezone.utc)
WHEN = "2026-01-02T03:04:05.000000Z"


def v1_store() -> None:
    """A version-1 store: turn 0 tried twice, turn 1 once; a note and an override on each turn and on turn 5."""
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(folder / "callsim.db", isolation_level=None)
    for sql in store_schema.V1:
        conn.execute(sql)
    conn.execute("PRAGMA user_version = 1")
    conn.execute(f"INSERT INTO trainees VALUES ('ann', '{WHEN}')")
    conn.execute(f"INSERT INTO sessions VALUES ('u1', 'ann', 'late', 'Late', '{WHEN}', NULL, 'complete', 50, NULL, '')")
    for index, retry in ((0, 0), (0, 1), (1, 0)):
        conn.execute(f"INSERT INTO turns VALUES ('u1', {index}, {retry}, 'c', 'Hi', 'calm', NULL, '{{}}', '{{}}', "
                     f"'{{}}', '{{}}', 'suits', '{WHEN}')")
    for index in (0, 1, 5):
        conn.execute(f"INSERT INTO notes (session, turn_index, text, author, created) "
                     f"VALUES ('u1', {index}, 'note {index}', 'tom', '{WHEN}')")
        conn.execute(f"INSERT INTO overrides (session, turn_index, kind, original, new_value, reason, author, created) "
                     f"VALUES ('u1', {index}, 'tone', '\"partly\"', '\"suits\"', 'why', 'tom', '{WHEN}')")
    conn.close()


def test_version_1_notes_and_overrides_go_to_the_latest_try_of_their_turn():
    v1_store()
    with Store.open() as store:
        assert store.query("PRAGMA user_version")[0][0] == store_schema.current_version() >= 2
        assert [(n.turn_index, n.retry) for n in store.load_notes("u1")] == [(0, 1), (1, 0), (5, 0)]
        assert [(o.turn_index, o.retry) for o in store.load_overrides("u1")] == [(0, 1), (1, 0), (5, 0)]


def two_tries(store) -> str:
    session = store.start_session("ann", "late", "Late")
    for retry, verdict in ((0, "partly"), (1, "suits")):
        store.save_turn(TurnRecord(session.uuid, 0, "c", "Hi", "calm", verdict=verdict, retry=retry))
    return session.uuid


def test_a_note_and_an_override_stay_on_their_own_try(tmp_path):
    with Store.open(tmp_path) as store:
        uuid = two_tries(store)
        first, second = store.load_turns(uuid)
        store.save_note(Note(uuid, 0, "on try 2", "tom", 0.5, T0, retry=1))
        store.save_override(Override(uuid, 0, "tone", "partly", "suits", "fine", "tom", T0, retry=0))
        notes, overrides = store.load_notes(uuid), store.load_overrides(uuid)
        assert [n.text for n in view.for_try(notes, second)] == ["on try 2"] and view.for_try(notes, first) == []
        assert [o.new_value for o in view.for_try(overrides, first)] == ["suits"]
        assert view.for_try(overrides, second) == []
        assert len(view.for_turn(notes, 0)) == 1 and len(view.for_turn(overrides, 0)) == 1


def test_without_a_try_a_note_goes_to_the_latest_one(tmp_path):
    with Store.open(tmp_path) as store:
        uuid = two_tries(store)
        saved = store.save_note(Note(uuid, 0, "no try given", "tom", None, T0))
        assert saved.retry == 1 and store.load_notes(uuid) == [saved]
        assert store.save_override(Override(uuid, 3, "tone", "a", "b", "no turn 3", "tom", T0)).retry == 0
