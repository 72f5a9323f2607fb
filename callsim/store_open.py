"""Open the database file safely: refuse anything that is not a healthy callsim store.

The checks run on a read-only connection before anything is written, so a
foreign, corrupt or non-SQLite file is never changed (not even switched to WAL).

Durability choice: WAL with ``synchronous=FULL``. In WAL mode NORMAL only loses
commits on power loss or an OS crash, FULL not even then: each commit fsyncs the
WAL, so a turn is on disk before ``save_turn`` returns and the next caller line
plays. That costs one fsync per turn (a few ms), nothing next to a spoken reply.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from callsim.errors import CallsimError
from callsim.names import folded
from callsim.store_files import fsync_dir, unwritable
from callsim.store_schema import APP_ID, current_version, migrate

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000


def connect(path: Path) -> sqlite3.Connection:
    """A checked, migrated, WAL-mode connection to the callsim database at ``path``."""
    _create_private(path)
    check_file(path)
    conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    try:
        _prepare(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def _prepare(conn: sqlite3.Connection) -> None:
    """Durability and integrity settings, the ``FOLDED`` collation, then any missing migrations."""
    for pragma in (f"busy_timeout = {BUSY_TIMEOUT_MS}", "journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON"):
        conn.execute(f"PRAGMA {pragma}")
    conn.create_collation("FOLDED", folded_order)
    migrate(conn)


def folded_order(a: str, b: str) -> int:
    """``COLLATE FOLDED``: text in the order people read it, whatever its case and accents ("Émile" among the E's,
    "Łukasz" among the L's, not after "Zoë"); texts that fold alike keep a fixed order."""
    key_a, key_b = (folded(a), a), (folded(b), b)
    return (key_a > key_b) - (key_a < key_b)


def check_file(path: Path) -> None:
    """Raise CallsimError (one line) unless ``path`` is empty or a callsim database we can use."""
    if not path.is_file():
        raise CallsimError(f"{path}: is not a regular file, so not a callsim store; {_ADVICE}")
    if path.stat().st_size == 0 and not Path(f"{path}-wal").exists():
        return
    try:
        _check_magic(path)
        _check_contents(path)
    except OSError as err:
        raise CallsimError(f"{path}: cannot read the store ({err.strerror or err})") from None
    except sqlite3.OperationalError as err:
        if "locked" in str(err) or "busy" in str(err):
            raise CallsimError(f"{path}: the store is locked by another program; try again") from None
        if why := unwritable(path.parent):  # SQLite cannot make the WAL's side files next to a healthy store
            raise CallsimError(f"{path.parent}: the data folder is not writable ({why}), so the store in it cannot "
                               "be opened; fix its permissions (or mount it read-write), or set CALLSIM_DATA_DIR "
                               "to another folder") from None
        raise CallsimError(f"{path}: cannot read the store ({_one_line([str(err)])}); {_ADVICE}") from None
    except sqlite3.DatabaseError as err:
        raise CallsimError(f"{path}: the database is corrupt ({_one_line([str(err)])}); {_ADVICE}") from None


_ADVICE = "callsim left it untouched: move it away to start a new store, or restore a backup"


def _create_private(path: Path) -> None:
    if path.exists():
        return
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    os.chmod(path, 0o600)
    fsync_dir(path.parent)


def _check_magic(path: Path) -> None:
    with open(path, "rb") as f:
        head = f.read(len(SQLITE_MAGIC))
    if head != SQLITE_MAGIC:
        raise CallsimError(f"{path}: not an SQLite database, so not a callsim store; {_ADVICE}")


def _check_contents(path: Path) -> None:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        app_id, version, tables = _identity(conn)
        _check_identity(path, app_id, version, tables)
        problems = [row[0] for row in conn.execute("PRAGMA quick_check(3)")]
    finally:
        conn.close()
    if problems != ["ok"]:
        raise CallsimError(f"{path}: the database is corrupt ({_one_line(problems)}); {_ADVICE}")


def _one_line(problems: list[str]) -> str:
    lines = [line.strip() for p in problems for line in str(p).splitlines()]
    return "; ".join(line for line in lines if line and not line.startswith("***"))


def _identity(conn: sqlite3.Connection) -> tuple[int, int, list[str]]:
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return int(app_id), int(version), tables


def _check_identity(path: Path, app_id: int, version: int, tables: list[str]) -> None:
    if app_id != APP_ID and (tables or version):
        shown = ", ".join(tables[:4]) + (", ..." if len(tables) > 4 else "")
        raise CallsimError(f"{path}: an SQLite database of another program (tables: {shown or 'none'}); {_ADVICE}")
    if version > current_version():
        raise CallsimError(
            f"{path}: made by a newer callsim (schema v{version}, this one knows up to "
            f"v{current_version()}); upgrade callsim to open it"
        )
