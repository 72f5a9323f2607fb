"""The session store: round trips of every record, session lifecycle, transactions."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import numpy as np
import pytest
import soundfile as sf

from callsim.errors import CallsimError
from callsim.paths import data_dir
from callsim.records import BaselineRecord, Note, Override, Session, Trainee
from callsim.store import Store
from test_store_helpers import T0, tone_clip, turn


def test_store_lives_in_the_data_dir(store):
    assert (data_dir() / "callsim.db").is_file()
    assert store.root == data_dir().resolve()


def test_trainee_round_trip(store):
    saved = store.save_trainee(Trainee("Ana Díaz", T0))
    assert saved == Trainee("Ana Díaz", T0) == store.load_trainee("Ana Díaz")
    assert store.save_trainee(Trainee("Ana Díaz")).created == T0  # re-adding keeps the first date
    assert store.list_trainees() == [saved]


def test_baseline_round_trip_with_and_without_audio(store):
    first = store.save_baseline(BaselineRecord("bo", {"pitch": {"median": 120.0}, "n": 3}, T0))
    second = store.save_baseline(BaselineRecord("bo", {"pitch": {"median": 125.0}}, T0 + timedelta(days=1)),
                                 tone_clip())
    assert first.id is not None and first.audio_path is None
    assert second.audio_path.is_file() and second.audio_path.is_relative_to(store.root)
    assert store.load_baselines("bo") == [first, second]
    assert store.load_baseline("bo") == second
    assert store.load_baseline("nobody") is None


def test_session_round_trip_and_grade(store):
    session = Session("u-1", "cy", "refund", "Refund refused", T0, T0 + timedelta(minutes=5),
                      "complete", 72.5, None, "0.1.0")
    store.save_session(session)
    assert store.load_session("u-1") == session
    graded = store.grade_session("u-1", "B+")
    assert graded.grade == "B+" and graded.score == 72.5 and graded.status == "complete"
    with pytest.raises(CallsimError, match="no session nope"):
        store.load_session("nope")


def test_turn_round_trip_with_audio(store):
    session = store.start_session("di", "late", "Late parcel")
    clip = tone_clip()
    saved = store.save_turn(turn(session.uuid, 0, moves=[{"name": "apologize", "found": True}]), clip)
    assert saved.audio_path == store.session_dir(session.uuid) / "turn-0-try-0.flac"
    assert store.load_turns(session.uuid) == [saved]
    y, sr = sf.read(saved.audio_path, dtype="float32")
    assert sr == 16000 and np.allclose(y, clip.y, atol=2 / 32767)


def test_wav_recordings_when_asked():
    with Store.open(audio_format="wav") as store:
        session = store.start_session("di", "late", "Late parcel")
        saved = store.save_turn(turn(session.uuid, 0), tone_clip())
        assert saved.audio_path.name == "turn-0-try-0.wav"
        assert sf.info(saved.audio_path).format == "WAV"


def test_turn_payloads_accept_numpy_values(store):
    session = store.start_session("di", "late", "Late parcel")
    record = turn(session.uuid, 0)
    record.prosody = {"f0": np.float32(180.25), "frames": np.arange(3)}
    store.save_turn(record)
    assert store.load_turns(session.uuid)[0].prosody == {"f0": 180.25, "frames": [0, 1, 2]}


def test_retries_are_kept_and_final_turns_pick_the_last(store):
    session = store.start_session("di", "late", "Late parcel")
    for index, retry in [(0, 0), (0, 1), (1, 0)]:
        store.save_turn(turn(session.uuid, index, retry=retry), tone_clip())
    detail = store.session_detail(session.uuid)
    assert [(t.index, t.retry) for t in detail.turns] == [(0, 0), (0, 1), (1, 0)]
    assert [(t.index, t.retry) for t in detail.final_turns()] == [(0, 1), (1, 0)]
    assert (store.session_dir(session.uuid) / "turn-0-try-1.flac").is_file()


def test_note_and_override_round_trips(store):
    session = store.start_session("ed", "late", "Late parcel")
    note = store.save_note(Note(session.uuid, 0, "good pause here", "trainer", 1.25, T0))
    other = store.save_note(Note(session.uuid, 0, "whole turn", "trainer", None, T0))
    override = store.save_override(Override(session.uuid, 0, "tone", "partly", "suits", "warm enough", "trainer", T0))
    content = store.save_override(Override(session.uuid, 1, "content", {"moves": []},
                                           {"moves": [{"name": "action"}]}, "heard it", "trainer", T0))
    assert note.id and override.id
    assert store.load_notes(session.uuid) == [other, note]  # NULL time first, then by time
    assert store.load_overrides(session.uuid) == [override, content]
    store.save_note(Note(session.uuid, 0, "edited", "trainer", 1.25, T0, note.id))
    store.delete_note(other.id)
    assert [n.text for n in store.load_notes(session.uuid)] == ["edited"]
    with pytest.raises(ValueError):
        store.save_override(Override(session.uuid, 0, "mood", "a", "b", "", "trainer"))


def test_saving_a_session_again_keeps_its_turns(store):
    session = store.start_session("fa", "late", "Late parcel")
    store.save_turn(turn(session.uuid, 0))
    store.save_session(store.load_session(session.uuid))
    assert len(store.load_turns(session.uuid)) == 1


def test_finish_session_sets_status_end_and_score(store):
    session = store.start_session("fa", "late", "Late parcel")
    done = store.finish_session(session.uuid, score=88.0)
    assert (done.status, done.score) == ("complete", 88.0) and done.ended >= done.started
    with pytest.raises(ValueError):
        store.finish_session(session.uuid, status="in_progress")


def test_an_empty_session_can_be_discarded_but_one_with_a_turn_stays(store):
    empty = store.start_session("fa", "late", "Late parcel")
    folder = store.session_dir(empty.uuid)
    assert store.discard_empty_session(empty.uuid)
    assert store.list_sessions(trainee="fa") == [] and not folder.exists() and not store.is_live(empty.uuid)
    assert "fa" not in {t.name for t in store.list_trainees()}  # a mistyped name does not linger
    answered = store.start_session("fa", "late", "Late parcel")
    store.save_turn(turn(answered.uuid, 0))
    assert not store.discard_empty_session(answered.uuid)
    assert store.finish_session(answered.uuid, "abandoned").status == "abandoned"


def test_only_the_process_that_started_a_session_can_discard_it(store):
    store.save_session(Session("other-1", "fa", "late", "Late parcel", T0))
    assert not store.discard_empty_session("other-1")
    assert store.load_session("other-1").uuid == "other-1"


def test_an_open_review_store_leaves_a_live_session_alone(store):
    live = store.start_session("gu", "late", "Late parcel")
    with Store.open() as review:
        assert review.recover() == []
        assert review.load_session(live.uuid).status == "in_progress"
        assert review.is_live(live.uuid)
    assert store.load_session(live.uuid).status == "in_progress"


def test_recover_marks_an_unowned_session_incomplete(store):
    store.save_session(Session("dead-1", "ha", "late", "Late parcel", T0))
    store.save_turn(turn("dead-1", 0))
    assert store.recover() == ["dead-1"]
    recovered = store.load_session("dead-1")
    assert recovered.status == "incomplete" and recovered.ended == T0  # the last turn's time


def test_nested_transactions_commit_or_roll_back_together(store):
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.save_trainee(Trainee("nia"))
            raise RuntimeError("abort")
    assert store.list_trainees() == []
    with store.transaction():
        store.save_trainee(Trainee("nia"))
    assert [t.name for t in store.list_trainees()] == ["nia"]


def test_turn_for_an_unknown_session_is_refused(store):
    with pytest.raises(sqlite3.IntegrityError):
        store.save_turn(turn("no-such-session", 0))


def test_discarding_an_empty_session_keeps_a_trainee_who_has_other_data(store):
    from callsim.records import BaselineRecord

    store.save_baseline(BaselineRecord("gi", {"pitch_median_st": 3.0}))
    first, second = store.start_session("gi", "late", "Late parcel"), store.start_session("ho", "late", "Late")
    store.save_turn(turn(second.uuid, 0))
    third = store.start_session("ho", "late", "Late")
    assert store.discard_empty_session(first.uuid) and store.discard_empty_session(third.uuid)
    assert {"gi", "ho"} <= {t.name for t in store.list_trainees()}  # a baseline, a session with a turn


def test_discarding_an_empty_session_keeps_a_trainee_who_existed_before_it(store):
    """An imported trainee with no session or baseline yet is not the session's to remove."""
    with store.transaction() as conn:
        conn.execute("INSERT INTO trainees (name, created) VALUES ('iv', '2026-01-01T00:00:00.000000Z')")
    empty = store.start_session("iv", "late", "Late parcel")
    assert store.discard_empty_session(empty.uuid)
    assert "iv" in {t.name for t in store.list_trainees()}
