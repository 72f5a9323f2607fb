"""Importing beside a practice session: recordings are written before the short row transaction, and
nothing anybody else wrote is replaced or left half-imported."""

from __future__ import annotations

import json
import sqlite3

import pytest

from callsim import exchange_files
from callsim.exchange import read_export
from callsim.exchange_merge import merge
from callsim.report_json import export_document
from callsim.store import Store
from callsim.store_files import TMP_PREFIX
from report_helpers import add_turn, fill

C = "c0000000-0000-4000-8000-00000000000c"


@pytest.fixture
def source(tmp_path):
    with Store.open(tmp_path / "source") as store:
        fill(store)
        yield store


def bundle(store, tmp_path, name="team.json"):
    path = tmp_path / name
    path.write_text(json.dumps(export_document(store, store.list_sessions(), audio=True)))
    return read_export(path)


def can_write(db) -> bool:
    """True when another connection can take the write lock right now (as a practice session's save must)."""
    conn = sqlite3.connect(db, timeout=0.05, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        conn.close()


def files(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in (root / "recordings").rglob("*") if p.is_file())


def spy_on_writes(monkeypatch, after):
    """Call ``after(path)`` each time the import writes a recording (the real write happens first)."""
    real = exchange_files.write_bytes

    def write(path, data):
        real(path, data)
        after(path)

    monkeypatch.setattr(exchange_files, "write_bytes", write)


def test_recordings_are_written_while_others_can_still_save(source, tmp_path, monkeypatch):
    checks = []
    with Store.open(tmp_path / "target") as target:
        spy_on_writes(monkeypatch, lambda path: checks.append(can_write(target.root / "callsim.db")))
        result = merge(target, bundle(source, tmp_path))
        assert result.recordings == 8 and len(checks) == 8 and all(checks)
        assert not [f for f in files(target.root) if TMP_PREFIX in f]


def test_a_try_saved_meanwhile_is_neither_duplicated_nor_replaced(source, tmp_path, monkeypatch):
    with Store.open(tmp_path / "target") as target, Store.open(tmp_path / "target") as practice:
        merge(target, bundle(source, tmp_path, "early.json"))
        add_turn(source, C, 0, "somber", "so sorry", retry=1, perceived="somber", tone_level="suits")
        late = bundle(source, tmp_path, "late.json")
        saved = []

        def practice_saves_the_same_try(path):
            if path.parent.name == C and not saved:  # while the import writes its copy of that try
                saved.append(add_turn(practice, C, 0, "calm", "mine", retry=1, perceived="calm", tone_level="suits"))

        spy_on_writes(monkeypatch, practice_saves_the_same_try)
        result = merge(target, late)
        turn = [t for t in target.load_turns(C) if t.retry == 1]
        assert (result.turns, result.recordings) == (0, 0) and len(turn) == 1
        assert turn[0].transcript["text"] == "mine" and turn[0].audio_path == saved[0].audio_path
        assert turn[0].audio_path.read_bytes() == saved[0].audio_path.read_bytes()
        assert not [f for f in files(target.root) if TMP_PREFIX in f]


def test_an_existing_recording_file_is_never_replaced(source, tmp_path):
    with Store.open(tmp_path / "target") as target:
        folder = target.session_dir(C)
        folder.mkdir(parents=True)
        (folder / "turn-0-try-0.flac").write_bytes(b"a practice recording whose row is not saved yet")
        merge(target, bundle(source, tmp_path))
        imported = next(t for t in target.load_turns(C) if (t.index, t.retry) == (0, 0))
        assert (folder / "turn-0-try-0.flac").read_bytes() == b"a practice recording whose row is not saved yet"
        assert imported.audio_path.parent == folder and imported.audio_path.name.startswith("turn-0-try-0-")
        assert imported.audio_path.read_bytes() == source.load_turns(C)[0].audio_path.read_bytes()


def test_a_failed_transaction_removes_every_file_it_wrote(source, tmp_path, monkeypatch):
    def disk_gone(folder):
        raise OSError(5, "Input/output error", str(folder))

    with Store.open(tmp_path / "target") as target:
        before = files(target.root)
        monkeypatch.setattr(exchange_files, "fsync_dir", disk_gone)  # the last step inside the transaction
        with pytest.raises(OSError):
            merge(target, bundle(source, tmp_path))
        assert files(target.root) == before and target.list_sessions() == [] and target.list_trainees() == []


def test_a_failed_staging_removes_what_it_staged(source, tmp_path):
    with Store.open(tmp_path / "target") as target:
        (target.root / "recordings").mkdir(exist_ok=True)
        (target.root / "recordings" / C).write_bytes(b"in the way")  # the last session's folder cannot be made
        with pytest.raises(OSError):
            merge(target, bundle(source, tmp_path))
        assert files(target.root) == [f"recordings/{C}"] and target.list_sessions() == []


def test_importing_twice_still_writes_nothing_the_second_time(source, tmp_path):
    doc = bundle(source, tmp_path)
    with Store.open(tmp_path / "target") as target:
        merge(target, doc)
        once = files(target.root)
        assert merge(target, doc).recordings == 0 and files(target.root) == once
