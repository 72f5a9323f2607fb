"""The store under failure: one-line open errors, no leaked handles, failed commits, closing mid-write."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
import uuid as uuidlib

import pytest

from callsim.errors import CallsimError
from callsim.records import Session, Trainee
from callsim.store import Store
from callsim.store_files import SessionLock
from callsim.store_open import connect


def open_handles(path) -> int:
    """How many of this process's file descriptors point at ``path``."""
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            count += os.readlink(f"/proc/self/fd/{fd}") == str(path)
        except OSError:
            pass
    return count


def committed_trainees(root) -> list[str]:
    """Trainee names another connection sees (committed rows only)."""
    conn = sqlite3.connect(f"{(root / 'callsim.db').as_uri()}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM trainees ORDER BY name")]
    finally:
        conn.close()


def unwritable_store(root):
    """A healthy store whose shared-memory file cannot be created (a folder is in its place)."""
    Store.open(root).close()
    (root / "callsim.db-shm").mkdir()
    return root / "callsim.db"


def test_a_data_folder_under_a_file_is_a_one_line_error(monkeypatch):
    monkeypatch.setenv("CALLSIM_DATA_DIR", "/dev/null/x")
    with pytest.raises(CallsimError, match="/dev/null/x") as err:
        Store.open()
    assert "\n" not in str(err.value) and "cannot open the session store" in str(err.value)


def test_a_database_sqlite_cannot_write_is_a_one_line_error_and_leaks_no_connection(tmp_path):
    db = unwritable_store(tmp_path / "store")
    with pytest.raises(CallsimError, match="callsim.db: cannot open the session store") as err:
        Store.open(tmp_path / "store")
    assert "\n" not in str(err.value) and open_handles(db) == 0


def test_connect_closes_its_connection_when_the_migration_fails(tmp_path):
    db = unwritable_store(tmp_path / "store")
    with pytest.raises(sqlite3.Error) as err:
        connect(db)
    assert err.value and open_handles(db) == 0  # the traceback is still alive, the connection is not


def test_a_failing_recovery_is_a_one_line_error_and_closes_the_database(tmp_path):
    root = tmp_path / "store"
    with Store.open(root) as store:
        store.save_session(Session("dead-1", "ann", "late", "Late parcel"))  # in_progress, nobody owns it
    (root / "locks" / "dead-1.lock").mkdir(parents=True)  # recovery cannot even look at its lock
    with pytest.raises(CallsimError, match="dead-1.lock: cannot open the session store") as err:
        Store.open(root)
    assert err.value and open_handles(root / "callsim.db") == 0


def test_a_session_whose_lock_is_taken_leaks_no_lock_handle(tmp_path, monkeypatch):
    fixed = uuidlib.UUID("12345678-1234-4234-8234-123456789abc")
    monkeypatch.setattr("callsim.store.uuidlib.uuid4", lambda: fixed)
    with Store.open(tmp_path / "store") as store:
        path = store.root / "locks" / f"{fixed}.lock"
        path.parent.mkdir(exist_ok=True)
        holder = SessionLock(path)
        assert holder.try_acquire()
        with pytest.raises(CallsimError, match="already locked"):
            store.start_session("ann", "late", "Late parcel")
        assert open_handles(path) == 1  # only the holder's
        holder.release()


def test_a_failed_commit_is_rolled_back_and_later_writes_are_saved(tmp_path):
    with Store.open(tmp_path / "store") as store:
        with pytest.raises(sqlite3.IntegrityError):
            with store.transaction() as conn:
                conn.execute("PRAGMA defer_foreign_keys = ON")  # the orphan is only refused at COMMIT
                conn.execute("INSERT INTO sessions VALUES ('s', 'nobody', 'x', 'X', '2026-01-01T00:00:00Z', "
                             "NULL, 'complete', NULL, NULL, '')")
        assert not store.conn.in_transaction
        store.save_trainee(Trainee("ann"))
        assert committed_trainees(store.root) == ["ann"]


def test_nested_transactions_commit_once_at_the_outermost(tmp_path):
    with Store.open(tmp_path / "store") as store:
        with store.transaction():
            store.save_trainee(Trainee("ann"))
            with store.transaction():
                store.save_trainee(Trainee("bo"))
            assert committed_trainees(store.root) == []
        assert committed_trainees(store.root) == ["ann", "bo"]


def test_close_waits_for_a_write_in_progress(tmp_path):
    store = Store.open(tmp_path / "store")
    writing, errors = threading.Event(), []

    def judge_and_save():
        try:
            with store.transaction() as conn:
                conn.execute("INSERT INTO trainees VALUES ('ann', '2026-01-01T00:00:00Z')")
                writing.set()
                time.sleep(0.3)  # still writing when the app quits
        except Exception as err:  # noqa: BLE001 - reported below
            errors.append(err)

    worker = threading.Thread(target=judge_and_save)
    worker.start()
    assert writing.wait(5)
    store.close()
    worker.join(5)
    assert errors == [] and committed_trainees(tmp_path / "store") == ["ann"]


def test_close_twice_is_harmless_and_later_writes_say_so(tmp_path):
    store = Store.open(tmp_path / "store")
    store.close()
    store.close()
    with pytest.raises(CallsimError, match="already closed"):
        store.save_trainee(Trainee("ann"))


@pytest.mark.parametrize("gone", ["moved", "deleted", "replaced"])
def test_a_store_moved_or_deleted_under_the_running_app_refuses_to_save_and_says_so(tmp_path, gone):
    """QA: with the data folder moved (or deleted, or the file restored from a backup) while the app ran, save_turn
    still 'succeeded': its row went into the moved or unlinked file, its recording into a folder made anew at the
    old path, and the trainee was told nothing."""
    import shutil

    import numpy as np

    from callsim.clip import Clip
    from callsim.records import TurnRecord

    root = tmp_path / "data"
    store = Store.open(root)
    session = store.start_session("anna", "s", "S")
    clip = Clip(np.full(1600, 0.1, dtype=np.float32), 16000)
    store.save_turn(TurnRecord(session.uuid, 0, "t", "c", "calm"), clip)
    if gone == "replaced":
        shutil.copytree(root, tmp_path / "backup")
        shutil.rmtree(root)
        shutil.copytree(tmp_path / "backup", root)
    elif gone == "moved":
        root.rename(tmp_path / "elsewhere")
    else:
        shutil.rmtree(root)
    try:
        with pytest.raises(CallsimError, match="callsim.db: the session store was moved, deleted or replaced"):
            store.save_turn(TurnRecord(session.uuid, 1, "t", "c", "calm"), clip)
        with pytest.raises(CallsimError, match="moved, deleted or replaced"):
            store.grade_session(session.uuid, "B")
        assert gone == "replaced" or not root.exists()  # no recording in a folder made anew
    finally:
        store.close()
