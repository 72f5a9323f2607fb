"""Sessions whose process died (QA: ``kill -9`` while the first reply was judged left an empty session forever; one
killed after a judged turn had no score, while the same call hung up with Esc was scored)."""

from __future__ import annotations

from callsim.clip import load
from callsim.records import Note, Session
from callsim.store import Store
from test_store_helpers import T0, tone_clip, turn


def killed_session(store, uuid: str, trainee: str = "ha", status: str = "in_progress") -> Session:
    """A session as a killed process leaves it: nobody holds its lock (with a recordings folder, as started)."""
    session = store.save_session(Session(uuid, trainee, "late", "Late parcel", T0, status=status))
    store.session_dir(uuid).mkdir(parents=True)
    return session


def uuids(store) -> set[str]:
    """Every session the store lists."""
    return {s.uuid for s in store.list_sessions()}


def test_a_killed_session_with_no_try_is_removed_with_its_folder_and_new_trainee(store):
    killed_session(store, "dead-empty", trainee="kim")
    assert store.recover() == ["dead-empty"]
    assert "dead-empty" not in uuids(store) and not store.session_dir("dead-empty").exists()
    assert "kim" not in {t.name for t in store.list_trainees()}


def test_an_empty_session_already_marked_incomplete_goes_on_the_next_open(store):
    killed_session(store, "old-empty", status="incomplete")  # left by an earlier callsim
    killed_session(store, "old-noted", status="incomplete")
    store.save_note(Note("old-noted", 0, "called back by phone", "trainer"))
    with Store.open() as reopened:
        assert "old-empty" not in uuids(reopened) and "old-noted" in uuids(reopened)


def test_a_killed_session_with_judged_tries_is_scored_as_a_call_hung_up(store):
    killed_session(store, "dead-1")
    store.save_turn(turn("dead-1", 0, verdict="suits"), tone_clip())
    store.save_turn(turn("dead-1", 1, verdict="does not suit"))
    store.save_turn(turn("dead-1", 1, retry=1, verdict="partly"))  # the retry counts, as in the app
    store.save_turn(turn("dead-1", 2, verdict=""))  # kept unjudged: not scored
    assert store.recover() == ["dead-1"]
    session = store.load_session("dead-1")
    assert session.status == "incomplete" and session.score == 75.0
    assert len(store.load_turns("dead-1")) == 4


def test_an_unscored_incomplete_session_from_before_is_scored_and_one_with_only_unjudged_tries_kept(store):
    killed_session(store, "old-1", status="incomplete")
    store.save_turn(turn("old-1", 0, verdict="partly"))
    killed_session(store, "old-unjudged", status="incomplete")
    store.save_turn(turn("old-unjudged", 0, verdict=""), tone_clip())
    with Store.open() as reopened:
        assert reopened.load_session("old-1").score == 50.0
        kept = reopened.load_session("old-unjudged")
        assert kept.score is None and len(reopened.load_turns("old-unjudged")) == 1


def test_a_live_empty_session_and_a_finished_one_are_left_alone(store):
    live = store.start_session("gu", "late", "Late parcel")
    done = store.start_session("gu", "late", "Late parcel")
    store.save_turn(turn(done.uuid, 0, verdict="partly"))
    store.finish_session(done.uuid, "complete", score=None)
    with Store.open() as other:
        assert other.recover() == [] and {live.uuid, done.uuid} <= uuids(other)
        assert other.load_session(done.uuid).score is None  # only incomplete sessions are scored here


def test_the_reply_a_killed_session_was_recording_is_kept_from_its_spool(store):
    """QA: a reply being spoken (or judged) when the app was killed (SIGKILL, a crash, a power cut) was lost: it
    only lived in memory. Its spool now becomes an unjudged try."""
    from callsim.store_spool import ReplySpool

    killed_session(store, "dead-mid-reply", trainee="kim")
    store.save_turn(turn("dead-mid-reply", 0, verdict="suits"))
    meta = {"caller_turn_id": "angry", "caller_text": "Where is it?", "target_tone": "calm"}
    spool = ReplySpool(store.session_dir("dead-mid-reply"), 1, 0, meta)
    speech = tone_clip()
    for start in range(0, len(speech.y), 1600):
        spool.append(speech.y[start:start + 1600])  # the process dies here: the spool is never discarded
    assert store.recover() == ["dead-mid-reply"]
    first, kept = store.load_turns("dead-mid-reply")
    assert (kept.index, kept.retry, kept.caller_turn_id, kept.caller_text, kept.target_tone) == \
        (1, 0, "angry", "Where is it?", "calm")
    assert (kept.verdict, kept.unjudged_reason) == ("", "hung_up") and kept.audio_path.is_file()
    assert abs(load(kept.audio_path).duration - speech.duration) < 0.01
    assert store.load_session("dead-mid-reply").ended == kept.recorded_at
    assert not list(store.session_dir("dead-mid-reply").glob(".reply-*"))


def test_a_spool_whose_try_was_saved_or_that_holds_silence_adds_no_try(store):
    import numpy as np

    from callsim.store_spool import ReplySpool

    meta = {"caller_turn_id": "opening", "caller_text": "Hi", "target_tone": "warm"}
    killed_session(store, "dead-saved")
    store.save_turn(turn("dead-saved", 0, verdict="partly"))  # killed between saving the try and removing its spool
    ReplySpool(store.session_dir("dead-saved"), 0, 0, meta).append(tone_clip().y)
    killed_session(store, "dead-silent", trainee="kim")
    ReplySpool(store.session_dir("dead-silent"), 0, 0, meta).append(np.zeros(16000, dtype=np.float32))
    killed_session(store, "dead-at-once", trainee="lee")
    ReplySpool(store.session_dir("dead-at-once"), 0, 0, meta)  # killed before the first chunk
    assert sorted(store.recover()) == ["dead-at-once", "dead-saved", "dead-silent"]
    (saved,) = store.load_turns("dead-saved")
    assert saved.verdict == "partly" and not list(store.session_dir("dead-saved").glob(".reply-*"))
    assert uuids(store) == {"dead-saved"}  # the others hold nothing: removed like any empty session


def failing_saves(store):
    """Make the store's saves fail as on a full disk."""
    def save_turn(*args, **kwargs):
        raise OSError(28, "No space left on device")

    store.save_turn = save_turn


def test_a_spooled_reply_that_cannot_be_kept_yet_never_stops_the_store_opening_and_is_kept_later(store):
    """Review: one spool whose try could not be saved made recover() raise, so the store could not be opened at all,
    on every start; and the spool was removed with the others."""
    from callsim.store_spool import ReplySpool

    killed_session(store, "dead-full-disk")
    meta = {"caller_turn_id": "opening", "caller_text": "Hi", "target_tone": "warm"}
    ReplySpool(store.session_dir("dead-full-disk"), 0, 0, meta).append(tone_clip().y)
    real = store.save_turn
    failing_saves(store)
    assert store.recover() == ["dead-full-disk"]  # no exception: the store opens
    assert store.load_session("dead-full-disk").status == "in_progress"  # left to be tried again
    assert len(list(store.session_dir("dead-full-disk").glob(".reply-*"))) == 2
    store.save_turn = real  # room again: the next start keeps it
    assert store.recover() == ["dead-full-disk"]
    (kept,) = store.load_turns("dead-full-disk")
    assert kept.unjudged_reason == "hung_up" and store.load_session("dead-full-disk").status == "incomplete"


def test_a_live_call_ends_only_once_its_left_reply_is_kept(store):
    """A reply whose save failed is kept when the call ends; if it still cannot be, the call stays open (said in
    one line) rather than ending, or being removed as empty, without it."""
    import pytest

    from callsim.errors import CallsimError
    from callsim.store_spool import ReplySpool

    session = store.start_session("kim", "late", "Late parcel")
    meta = {"caller_turn_id": "opening", "caller_text": "Hi", "target_tone": "warm"}
    spool = ReplySpool(store.session_dir(session.uuid), 0, 0, meta)
    spool.append(tone_clip().y)
    spool.close(reason="save_failed")
    real = store.save_turn
    failing_saves(store)
    assert store.discard_empty_session(session.uuid) is False  # not empty: a reply waits in its spool
    with pytest.raises(CallsimError, match="1 of this call's replies could not be saved yet; they stay on disk"):
        store.finish_session(session.uuid, "abandoned")
    assert store.load_session(session.uuid).status == "in_progress"
    store.save_turn = real
    assert store.finish_session(session.uuid, "abandoned").status == "abandoned"
    (kept,) = store.load_turns(session.uuid)
    assert (kept.index, kept.retry, kept.unjudged_reason) == (0, 0, "save_failed")
    assert not list(store.session_dir(session.uuid).glob(".reply-*"))


def test_a_spool_left_after_a_failed_save_says_so_when_a_kill_follows(store):
    from callsim.store_spool import ReplySpool

    killed_session(store, "dead-after-failed-save")
    meta = {"caller_turn_id": "opening", "caller_text": "Hi", "target_tone": "warm"}
    spool = ReplySpool(store.session_dir("dead-after-failed-save"), 0, 0, meta)
    spool.append(tone_clip().y)
    spool.close(reason="save_failed")
    store.recover()
    assert store.load_turns("dead-after-failed-save")[0].unjudged_reason == "save_failed"
