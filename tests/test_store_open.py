"""Opening the store: migrations, refusing files that are not ours, private file modes."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat

import numpy as np
import pytest

from callsim import store_schema
from callsim.clip import Clip
from callsim.errors import CallsimError
from callsim.paths import data_dir
from callsim.records import BaselineRecord, TurnRecord
from callsim.store import Store

#: sha256 of the released v1 migration: editing it would break every existing store.
V1_SHA256 = "1e1a3003d9146e5686a60ce6da99725e468bd860b2da5564a994e84fe40da870"


def db_path():
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "callsim.db"


def raw(path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def v1_fixture(path) -> None:
    """A version-1 store with one session and turn, written without the Store class."""
    conn = raw(path)
    for sql in store_schema.V1:
        conn.execute(sql)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO trainees VALUES ('ann', '2026-01-02T03:04:05.000000Z')")
    conn.execute("INSERT INTO sessions VALUES ('u1', 'ann', 'late', 'Late parcel', '2026-01-02T03:04:05.000000Z', "
                 "NULL, 'complete', 81.5, 'A', '0.1.0')")
    conn.execute("INSERT INTO turns VALUES ('u1', 0, 0, 'c0', 'Where is it?', 'calm', NULL, '{}', '{}', "
                 "'{\"verdict\": \"suits\"}', '{}', 'suits', '2026-01-02T03:04:09.000000Z')")
    conn.close()


def header(path) -> tuple[int, int]:
    conn = raw(path)
    try:
        return (conn.execute("PRAGMA user_version").fetchone()[0], conn.execute("PRAGMA application_id").fetchone()[0])
    finally:
        conn.close()


def test_released_v1_migration_is_frozen():
    digest = hashlib.sha256("\n".join(store_schema.V1).encode()).hexdigest()
    assert digest == V1_SHA256, "never edit a released migration: append a new one to MIGRATIONS"


def test_new_store_is_at_the_current_version():
    Store.open().close()
    assert header(db_path()) == (store_schema.current_version(), store_schema.APP_ID)


def test_v0_empty_sqlite_database_is_migrated():
    raw(db_path()).execute("VACUUM").connection.close()  # a valid SQLite file with no tables
    with Store.open() as store:
        assert store.list_sessions() == []
    assert header(db_path())[0] == store_schema.current_version()


def test_v1_fixture_opens_with_its_data():
    v1_fixture(db_path())
    with Store.open() as store:
        assert store.load_session("u1").score == 81.5
        assert store.load_turns("u1")[0].tone == {"verdict": "suits"}


def test_v1_fixture_migrates_to_a_newer_schema(monkeypatch):
    v2 = ("ALTER TABLE sessions ADD COLUMN device TEXT", "CREATE TABLE tags (session TEXT, tag TEXT)")
    monkeypatch.setattr(store_schema, "MIGRATIONS", [*store_schema.MIGRATIONS, v2])
    v1_fixture(db_path())
    with Store.open() as store:
        assert store.load_session("u1").grade == "A"
        assert store.query("SELECT device FROM sessions")[0][0] is None
        store.query("SELECT * FROM tags")
    assert header(db_path()) == (len(store_schema.MIGRATIONS), store_schema.APP_ID)


def test_a_failing_migration_leaves_the_previous_version(monkeypatch):
    broken = ("ALTER TABLE sessions ADD COLUMN device TEXT", "THIS IS NOT SQL")
    monkeypatch.setattr(store_schema, "MIGRATIONS", [*store_schema.MIGRATIONS, broken])
    v1_fixture(db_path())
    with pytest.raises(CallsimError):
        Store.open()
    conn = raw(db_path())
    columns = [row[1] for row in conn.execute("PRAGMA table_info(sessions)")]
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(store_schema.MIGRATIONS) - 1
    assert "device" not in columns


def refused(path, match: str) -> str:
    before = path.read_bytes()
    with pytest.raises(CallsimError, match=match) as caught:
        Store.open()
    assert path.read_bytes() == before
    message = str(caught.value)
    assert "\n" not in message and str(path) in message
    return message


def test_non_sqlite_file_is_refused_untouched():
    path = db_path()
    path.write_bytes(b"name,score\nann,3\n" * 50)
    refused(path, "not an SQLite database")


def test_foreign_sqlite_database_is_refused_untouched():
    path = db_path()
    conn = raw(path)
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('x', '1')")
    conn.close()
    assert "tables: contacts" in refused(path, "another program")
    assert not os.path.exists(f"{path}-wal")


def test_a_folder_at_the_store_path_is_refused():
    db_path().mkdir()
    with pytest.raises(CallsimError, match="not a regular file"):
        Store.open()


def test_newer_callsim_store_is_refused_untouched():
    path = db_path()
    v1_fixture(path)
    raw(path).execute("PRAGMA user_version = 99").connection.close()
    refused(path, "newer callsim")


@pytest.mark.parametrize("damage", ["btree", "page", "truncate"])
def test_corrupt_store_is_refused_untouched(damage):
    with Store.open() as store:
        for i in range(40):
            store.save_session(store.start_session(f"t{i}", "late", "Late parcel " * 40))
    path = db_path()
    data = path.read_bytes()
    rng = np.random.default_rng(1)
    damaged = {"btree": data[:100] + rng.bytes(300) + data[400:],
               "page": data[:4096 * 2] + rng.bytes(4096) + data[4096 * 3:],
               "truncate": data[: len(data) // 2]}[damage]
    path.write_bytes(damaged)
    refused(path, "corrupt")


def test_a_read_only_data_folder_is_named_not_called_a_broken_store(monkeypatch):
    """QA: on a read-only bind mount a healthy store was "cannot read the store (unable to open database file);
    ... move it away to start a new store": SQLite could not make the WAL side files. (Emulated: tests run as
    root, which no folder mode stops, and cannot mount.)"""
    import tempfile

    with Store.open() as store:
        store.save_session(store.start_session("ann", "late", "Late parcel"))
    before = db_path().read_bytes()
    real_connect = sqlite3.connect

    def cannot_open(target, *args, **kwargs):
        if str(target).startswith("file:"):  # the read-only check: as on a read-only folder
            raise sqlite3.OperationalError("unable to open database file")
        return real_connect(target, *args, **kwargs)

    def read_only(*args, **kwargs):
        raise OSError(30, "Read-only file system")

    with monkeypatch.context() as patched, pytest.raises(CallsimError) as caught:
        patched.setattr(sqlite3, "connect", cannot_open)
        patched.setattr(tempfile, "NamedTemporaryFile", read_only)
        Store.open()
    message = str(caught.value)
    assert message.startswith(f"{data_dir()}: the data folder is not writable (Read-only file system)")
    assert "move it away" not in message and "corrupt" not in message and "\n" not in message
    assert db_path().read_bytes() == before


def test_a_store_sqlite_cannot_open_in_a_writable_folder_still_gets_the_advice(monkeypatch):
    with Store.open():
        pass
    real_connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda target, *a, **k: (_ for _ in ()).throw(
        sqlite3.OperationalError("unable to open database file")) if str(target).startswith("file:")
        else real_connect(target, *a, **k))
    with pytest.raises(CallsimError, match="cannot read the store \\(unable to open database file\\); callsim left"):
        Store.open()


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_files_are_private_even_with_a_permissive_umask():
    old = os.umask(0)
    try:
        with Store.open() as store:
            session = store.start_session("ann", "late", "Late parcel")
            saved = store.save_turn(TurnRecord(session.uuid, 0, "c0", "hi", "calm"), Clip(np.zeros(800, np.float32), 16000))
            base = store.save_baseline(BaselineRecord("ann", {}), Clip(np.zeros(800, np.float32), 16000))
            files = [store.root / "callsim.db", f"{store.root / 'callsim.db'}-wal", saved.audio_path, base.audio_path,
                     store.root / "locks" / f"{session.uuid}.lock"]
            folders = [store.root, store.root / "recordings", saved.audio_path.parent, base.audio_path.parent,
                       store.root / "locks"]
            assert {str(f): mode(f) for f in files} == {str(f): 0o600 for f in files}
            assert {str(d): mode(d) for d in folders} == {str(d): 0o700 for d in folders}
    finally:
        os.umask(old)


def test_wal_mode_and_full_sync():
    with Store.open() as store:
        assert store.query("PRAGMA journal_mode")[0][0] == "wal"
        assert store.query("PRAGMA synchronous")[0][0] == 2  # FULL
        assert store.query("PRAGMA busy_timeout")[0][0] >= 5000
