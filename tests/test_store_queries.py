"""Store queries for the review screens: session lists, progress, purge."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from callsim.errors import CallsimError
from callsim.records import BaselineRecord, Note, Override, Session
from test_store_helpers import T0, tone_clip, turn


def _sessions(store) -> None:
    rows = [("s1", "ann", "late", T0, 60.0), ("s2", "ann", "refund", T0 + timedelta(days=1), 90.0),
            ("s3", "bob", "late", T0 + timedelta(days=2), 75.0), ("s4", "bob", "late", T0 + timedelta(days=3), None)]
    for uuid, trainee, scenario, started, score in rows:
        store.save_session(Session(uuid, trainee, scenario, scenario.title(), started, status="complete", score=score))
    store.save_note(Note("s3", 0, "listen again", "trainer"))


@pytest.mark.parametrize("filters, expected", [
    ({}, ["s4", "s3", "s2", "s1"]),
    ({"trainee": "ann"}, ["s2", "s1"]),
    ({"scenario": "late"}, ["s4", "s3", "s1"]),
    ({"since": T0 + timedelta(days=1), "until": T0 + timedelta(days=3)}, ["s3", "s2"]),
    ({"has_notes": True}, ["s3"]),
    ({"has_notes": False}, ["s4", "s2", "s1"]),
    ({"trainee": "bob", "has_notes": False}, ["s4"]),
    ({"limit": 2}, ["s4", "s3"]),
])
def test_list_sessions_filters(store, filters, expected):
    _sessions(store)
    assert [s.uuid for s in store.list_sessions(**filters)] == expected


@pytest.mark.parametrize("sort, descending, expected", [
    ("started", False, ["s1", "s2", "s3", "s4"]),
    ("score", True, ["s2", "s3", "s1", "s4"]),  # sessions without a score go last
    ("score", False, ["s1", "s3", "s2", "s4"]),
    ("trainee", False, ["s1", "s2", "s3", "s4"]),
])
def test_list_sessions_sorting(store, sort, descending, expected):
    _sessions(store)
    assert [s.uuid for s in store.list_sessions(sort=sort, descending=descending)] == expected


def test_list_sessions_refuses_unknown_sort(store):
    with pytest.raises(ValueError, match="sort must be one of"):
        store.list_sessions(sort="uuid; DROP TABLE sessions")


def test_last_trainee_is_who_began_the_newest_session_or_calibration(store):
    assert store.last_trainee() is None
    _sessions(store)  # bob's session of T0 + 3 days is the newest
    assert store.last_trainee() == "bob"
    store.save_baseline(BaselineRecord("cy", {"pitch": 1}, created=T0 + timedelta(days=2)))
    assert store.last_trainee() == "bob"  # an older calibration does not count
    store.save_baseline(BaselineRecord("cy", {"pitch": 1}, created=T0 + timedelta(days=4)))
    assert store.last_trainee() == "cy"
    store.save_session(Session("s5", "ann", "late", "Late", T0 + timedelta(days=5), status="complete"))
    assert store.last_trainee() == "ann"


def test_progress_counts_final_tries_with_overrides(store):
    first = store.start_session("ivy", "late", "Late parcel")
    store.save_turn(turn(first.uuid, 0, verdict="does not suit", moves=[{"name": "apologize", "found": False}]))
    store.save_turn(turn(first.uuid, 0, retry=1, verdict="suits", moves=[{"name": "apologize", "found": True}]))
    store.save_turn(turn(first.uuid, 1, target="warm", verdict="partly", banned=[{"name": "calm_down"}]))
    store.finish_session(first.uuid, score=50)
    second = store.start_session("ivy", "late", "Late parcel")
    store.save_turn(turn(second.uuid, 0, target="warm", verdict="partly", moves=[{"name": "action", "found": True}]))
    store.save_override(Override(second.uuid, 0, "tone", "partly", "suits", "sounded warm", "trainer"))
    store.finish_session(second.uuid, score=80)
    progress = store.progress("ivy")
    assert [s.score for s in progress.sessions] == [50, 80]
    assert progress.tones == {"calm": {"suits": 1}, "warm": {"partly": 1, "suits": 1}}
    assert progress.moves == {"apologize": {"made": 1}, "action": {"made": 1}}
    assert progress.banned == {"calm_down": 1}


def test_progress_reads_the_practice_payload_layout(store):
    session = store.start_session("ivy", "late", "Late parcel")
    record = turn(session.uuid, 0, target="somber")
    record.tone = {"probs": {"somber": 0.8}}
    record.content = {"moves": [{"name": "acknowledge", "start": 0.1}], "banned": [],
                      "verdict": {"level": "partly", "tone_level": "suits", "missing": ["apologize"]}}
    store.save_turn(record)
    progress = store.progress("ivy")
    assert progress.tones == {"somber": {"suits": 1}}
    assert progress.moves == {"acknowledge": {"made": 1}, "apologize": {"missed": 1}}


def _count(store, table: str) -> int:
    return store.query(f"SELECT COUNT(*) FROM {table}")[0][0]


def _practice(store, trainee: str) -> Session:
    session = store.start_session(trainee, "late", "Late parcel")
    store.save_turn(turn(session.uuid, 0), tone_clip())
    store.save_note(Note(session.uuid, 0, "note", "trainer", 0.5))
    store.save_override(Override(session.uuid, 0, "tone", "suits", "partly", "flat", "trainer"))
    return store.finish_session(session.uuid, score=70)


def test_purge_trainee_removes_rows_and_files(store):
    gone, kept = _practice(store, "jo"), _practice(store, "kai")
    baseline = store.save_baseline(BaselineRecord("jo", {"pitch": 1}), tone_clip())
    assert store.purge_trainee("jo") == 1
    assert not store.session_dir(gone.uuid).exists() and not baseline.audio_path.exists()
    assert [t.name for t in store.list_trainees()] == ["kai"]
    assert [_count(store, t) for t in ("sessions", "turns", "notes", "overrides", "baselines")] == [1, 1, 1, 1, 0]
    assert store.load_turns(kept.uuid)[0].audio_path.is_file()


def test_purge_trainee_refuses_while_practising(store):
    store.start_session("lu", "late", "Late parcel")
    with pytest.raises(CallsimError, match="running"):
        store.purge_trainee("lu")


def test_purge_older_than_days(store):
    old, new = _practice(store, "mo"), _practice(store, "mo")
    store.save_session(Session(**{**vars(old), "started": datetime.now(timezone.utc) - timedelta(days=40)}))
    live = store.start_session("mo", "late", "Late parcel")
    store.save_session(Session(**{**vars(live), "started": datetime.now(timezone.utc) - timedelta(days=40)}))
    assert store.purge_older_than(30) == 1
    assert sorted(s.uuid for s in store.list_sessions()) == sorted([new.uuid, live.uuid])
    assert not store.session_dir(old.uuid).exists() and store.session_dir(new.uuid).exists()
    assert _count(store, "turns") == 1


def test_text_sorts_follow_what_the_table_shows_and_ignore_case(store):
    """QA: 'scenario' sorted by title while the table shows the id; 'Bob Smith' sorted before 'anna'."""
    rows = [("a", "anna", "waiting-all-morning", "Waiting all morning"), ("b", "Bob Smith", "declined-upsell", "No"),
            ("c", "carl", "username-reminder", "A username")]
    for i, (uuid, trainee, scenario, title) in enumerate(rows):
        store.save_session(Session(uuid, trainee, scenario, title, T0 + timedelta(hours=i), status="complete"))
    assert [s.uuid for s in store.list_sessions(sort="scenario", descending=False)] == ["b", "c", "a"]
    assert [s.trainee for s in store.list_sessions(sort="trainee")] == ["carl", "Bob Smith", "anna"]


def test_names_sort_as_people_read_them_whatever_their_accents(store):
    """QA: 'Łukasz' and 'Émile' sorted after 'Zoë' (the byte order of their first letters), and the trainee list too."""
    for i, name in enumerate(["Zoë Ångström", "Łukasz Wąsik", "Émile", "anna", "Ben"]):
        store.save_session(Session(f"s{i}", name, "late", "Late", T0 + timedelta(hours=i), status="complete"))
    ordered = ["anna", "Ben", "Émile", "Łukasz Wąsik", "Zoë Ångström"]
    assert [s.trainee for s in store.list_sessions(sort="trainee", descending=False)] == ordered
    assert [s.trainee for s in store.list_sessions(sort="trainee")] == ordered[::-1]
    assert [t.name for t in store.list_trainees()] == ordered
