"""The session store: one SQLite file plus recordings in the user data folder.

``Store.open()`` checks and migrates ``data_dir()/callsim.db``, then marks
sessions whose process died as ``incomplete`` and scores them, removing those
with no try (``store_recover``). A practice run calls
``start_session`` → ``save_turn`` per reply → ``finish_session``; each
``save_turn`` is on disk when it returns. Review screens open their own Store
(even in another process) at the same time. Record load/save pairs live in
``store_records.py`` and ``store_review.py``, review queries in ``store_queries.py``.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
import uuid as uuidlib
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from callsim import __version__, paths
from callsim.errors import CallsimError, first_line
from callsim.records import Session, utcnow
from callsim.store_files import SessionLock, holder_alive, private_dir
from callsim.store_open import connect
from callsim.store_queries import QueriesMixin
from callsim.store_records import RecordsMixin
from callsim.store_recover import RecoverMixin, delete_if_empty
from callsim.store_review import ReviewMixin
from callsim.store_rows import time_text

DB_NAME = "callsim.db"
ENDINGS = ("complete", "incomplete", "abandoned")


class Store(RecoverMixin, RecordsMixin, ReviewMixin, QueriesMixin):
    """An open session store; use ``Store.open()`` and close it (or use ``with``)."""

    def __init__(self, conn: sqlite3.Connection, root: Path, *, audio_format: str = "flac"):
        """Wrap an already checked connection; ``root`` holds the db, recordings and locks."""
        conn.row_factory = sqlite3.Row
        self.conn, self.root, self.audio_format = conn, root, audio_format
        self._mutex = threading.RLock()
        self._locks: dict[str, SessionLock] = {}
        self._depth = 0  # transaction() nesting level; 0 = no transaction of ours is open
        self._closed = False
        self._file = file_identity(root / DB_NAME)  # the database file this connection writes into

    @classmethod
    def open(cls, root: Path | str | None = None, *, recover: bool = True, audio_format: str = "flac") -> "Store":
        """Open (creating if needed) the store in ``root`` (default ``data_dir()``).

        Any failure is a one-line CallsimError naming the folder or file."""
        root = Path(root or paths.data_dir()).expanduser()
        try:
            return cls._open_checked(root, recover, audio_format)
        except (OSError, sqlite3.Error) as err:
            raise _open_error(root, err) from None

    @classmethod
    def _open_checked(cls, root: Path, recover: bool, audio_format: str) -> "Store":
        root = private_dir(root.resolve())
        store = cls(connect(root / DB_NAME), root, audio_format=audio_format)
        try:
            if recover:
                store.recover()
        except BaseException:
            store.close()
            raise
        return store

    def close(self) -> None:
        """Release this process's session locks and close the database (waiting for a write in progress;
        closing twice is harmless)."""
        with self._mutex:
            if self._closed:
                return
            self._closed = True
            for lock in self._locks.values():
                lock.release()
            self._locks.clear()
            self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (``BEGIN IMMEDIATE``), committed durably on success; nested ones join.

        A failed COMMIT is rolled back, so no later write joins a transaction that never commits."""
        with self._mutex:
            if self._closed:
                raise CallsimError(f"{self.root / DB_NAME}: the session store is already closed")
            if self._depth:
                yield from self._joined()
                return
            self.check_in_place()
            self.conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self.conn
            except BaseException:
                self._end(commit=False)
                raise
            self._end(commit=True)

    def _joined(self) -> Iterator[sqlite3.Connection]:
        self._depth += 1
        try:
            yield self.conn
        finally:
            self._depth -= 1

    def _end(self, *, commit: bool) -> None:
        """COMMIT (or ROLLBACK) the outermost transaction; a failed COMMIT is rolled back: it is over either way."""
        self._depth = 0
        try:
            if commit:
                self.conn.execute("COMMIT")
        finally:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")

    def check_in_place(self) -> None:
        """CallsimError unless the database file is still at ``root``: once the data folder was moved, deleted or
        unmounted (or the file replaced) under the running app, what it wrote went, without a word, into a file no
        one can reach any more (or away from the recordings, which a write would put in a new folder at ``root``)."""
        if self._file is not None and file_identity(self.root / DB_NAME) != self._file:
            raise CallsimError(f"{self.root / DB_NAME}: the session store was moved, deleted or replaced while "
                               "callsim was running, so nothing more can be saved in it; put the data folder back "
                               "and start callsim again")

    def query(self, sql: str, params: tuple | list = ()) -> list[sqlite3.Row]:
        """Rows of one read statement."""
        with self._mutex:
            return self.conn.execute(sql, params).fetchall()

    def session_dir(self, uuid: str) -> Path:
        """Where a session's recordings go."""
        return self.root / "recordings" / uuid

    def _lock_path(self, uuid: str) -> Path:
        return self.root / "locks" / f"{uuid}.lock"

    def is_live(self, uuid: str) -> bool:
        """True while some running process (maybe this one) still owns the session."""
        return uuid in self._locks or holder_alive(self._lock_path(uuid))

    def start_session(self, trainee: str, scenario_id: str, scenario_title: str, *, app_version: str = __version__) -> Session:
        """Create and own a new ``in_progress`` session (the trainee is added if new)."""
        session = Session(str(uuidlib.uuid4()), trainee, scenario_id, scenario_title, app_version=app_version)
        lock = SessionLock(private_dir(self.root / "locks") / f"{session.uuid}.lock")
        try:
            if not lock.try_acquire():
                raise CallsimError(f"session {session.uuid} is already locked")
        except BaseException:
            lock.release()
            raise
        try:
            self.save_session(session)
        except BaseException:
            lock.release(remove=True)
            raise
        self._locks[session.uuid] = lock
        private_dir(self.session_dir(session.uuid))
        return session

    def finish_session(self, uuid: str, status: str = "complete", *, score: float | None = None) -> Session:
        """End a session this process started: set status, end time and score; drop its lock. A reply whose save
        failed is kept first, from its spool, as an unjudged try (``save_failed``); when one still cannot be, the
        session stays open (CallsimError), so the next start keeps it (``recover``)."""
        if status not in ENDINGS:
            raise ValueError(f"status must be one of {ENDINGS}, not {status!r}")
        if left := self.keep_spooled(uuid, "save_failed"):
            raise CallsimError(f"{left} of this call's replies could not be saved yet; they stay on disk and the "
                               "next start of callsim saves them")
        with self.transaction() as conn:
            done = conn.execute(
                "UPDATE sessions SET status = ?, ended = COALESCE(ended, ?), score = COALESCE(?, score) "
                "WHERE uuid = ?", (status, time_text(utcnow()), score, uuid)).rowcount
        if not done:
            raise CallsimError(f"no session {uuid} in the store")
        lock = self._locks.pop(uuid, None)
        if lock:
            lock.release(remove=True)
        return self.load_session(uuid)

    def discard_empty_session(self, uuid: str) -> bool:
        """Delete a session this process started that holds no turn (a call left at its briefing), with its
        folder and lock; returns whether it was removed (a session with any saved turn always stays). A trainee
        left with no session and no baseline goes too (a mistyped name must not linger in the lists). A reply
        whose save failed is kept first (``keep_spooled``), so such a session is not empty."""
        if uuid not in self._locks or self.keep_spooled(uuid, "save_failed"):
            return False
        with self.transaction() as conn:
            gone = delete_if_empty(conn, uuid)
        if gone:
            self._locks.pop(uuid).release(remove=True)
            shutil.rmtree(self.session_dir(uuid), ignore_errors=True)
        return gone


def file_identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of the file at ``path``; None when there is none."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _open_error(root: Path, err: Exception) -> CallsimError:
    """The one-line error for a store that could not be opened, naming the file or folder at fault."""
    if isinstance(err, OSError):
        return CallsimError(f"{err.filename or root}: cannot open the session store ({err.strerror or err})")
    return CallsimError(f"{root / DB_NAME}: cannot open the session store ({first_line(err)})")
