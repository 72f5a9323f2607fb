"""The store's schema as a list of migrations; ``PRAGMA user_version`` says how many ran.

Migration N (1-based) turns a version N-1 database into version N. Never edit a
released migration: append a new one (``ALTER TABLE ... ADD COLUMN``, new
tables). Each migration runs in its own ``BEGIN IMMEDIATE`` transaction, so a
crash leaves the file at the previous version, and two processes opening a new
file at once cannot both apply it.
"""

from __future__ import annotations

import sqlite3

#: ``PRAGMA application_id`` of a callsim database: "CaSi".
APP_ID = int.from_bytes(b"CaSi", "big")

V1 = (
    "CREATE TABLE trainees (name TEXT PRIMARY KEY, created TEXT NOT NULL)",
    """CREATE TABLE baselines (
        id INTEGER PRIMARY KEY,
        trainee TEXT NOT NULL REFERENCES trainees(name) ON DELETE CASCADE,
        profile TEXT NOT NULL, created TEXT NOT NULL, audio_path TEXT)""",
    """CREATE TABLE sessions (
        uuid TEXT PRIMARY KEY,
        trainee TEXT NOT NULL REFERENCES trainees(name) ON DELETE CASCADE,
        scenario_id TEXT NOT NULL, scenario_title TEXT NOT NULL,
        started TEXT NOT NULL, ended TEXT, status TEXT NOT NULL,
        score REAL, grade TEXT, app_version TEXT NOT NULL)""",
    """CREATE TABLE turns (
        session TEXT NOT NULL REFERENCES sessions(uuid) ON DELETE CASCADE,
        turn_index INTEGER NOT NULL, retry INTEGER NOT NULL,
        caller_turn_id TEXT NOT NULL, caller_text TEXT NOT NULL, target_tone TEXT NOT NULL,
        audio_path TEXT, transcript TEXT NOT NULL, prosody TEXT NOT NULL,
        tone TEXT NOT NULL, content TEXT NOT NULL, verdict TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        PRIMARY KEY (session, turn_index, retry))""",
    """CREATE TABLE notes (
        id INTEGER PRIMARY KEY,
        session TEXT NOT NULL REFERENCES sessions(uuid) ON DELETE CASCADE,
        turn_index INTEGER NOT NULL, at_seconds REAL, text TEXT NOT NULL,
        author TEXT NOT NULL, created TEXT NOT NULL)""",
    """CREATE TABLE overrides (
        id INTEGER PRIMARY KEY,
        session TEXT NOT NULL REFERENCES sessions(uuid) ON DELETE CASCADE,
        turn_index INTEGER NOT NULL, kind TEXT NOT NULL,
        original TEXT NOT NULL, new_value TEXT NOT NULL, reason TEXT NOT NULL,
        author TEXT NOT NULL, created TEXT NOT NULL)""",
    "CREATE INDEX sessions_by_trainee ON sessions(trainee, started)",
    "CREATE INDEX sessions_by_started ON sessions(started)",
    "CREATE INDEX baselines_by_trainee ON baselines(trainee, created)",
    "CREATE INDEX notes_by_session ON notes(session, turn_index)",
    "CREATE INDEX overrides_by_session ON overrides(session, turn_index)",
    f"PRAGMA application_id = {APP_ID}",
)

#: The latest try of a note's or override's turn (0 when the turn has no recorded try).
_LATEST = ("COALESCE((SELECT MAX(t.retry) FROM turns t WHERE t.session = {0}.session "
           "AND t.turn_index = {0}.turn_index), 0)")

#: Version 2: a note or override belongs to one try of a turn (``retry``, as in ``turns``), not to
#: every try. Version-1 rows named only the turn; they are attached to its *latest* try: the one
#: that counted, and the one the reports showed them beside.
V2 = (
    "ALTER TABLE notes ADD COLUMN retry INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE overrides ADD COLUMN retry INTEGER NOT NULL DEFAULT 0",
    f"UPDATE notes SET retry = {_LATEST.format('notes')}",
    f"UPDATE overrides SET retry = {_LATEST.format('overrides')}",
)

#: Version 3: a try kept without a verdict says why (``unjudged_reason``, a ``vocab.UNJUDGED_REASONS`` id) and
#: keeps the words shown live while it was spoken (``live_transcript``). Earlier unjudged tries read ``unknown``, as
#: does every unjudged try saved since without a reason (``store_rows.unjudged_reason``).
V3 = (
    "ALTER TABLE turns ADD COLUMN unjudged_reason TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE turns ADD COLUMN live_transcript TEXT NOT NULL DEFAULT ''",
    "UPDATE turns SET unjudged_reason = 'unknown' WHERE verdict = ''",
)

#: Version 4: a try keeps the time from which speech was heard when the trainee was already speaking as the
#: recording began (``early_start``, seconds; NULL when not). Earlier tries read NULL: not flagged.
V4 = ("ALTER TABLE turns ADD COLUMN early_start REAL",)

#: Version 5: a try kept without a verdict because the recording or the analysis failed keeps the one-line error the
#: trainee was shown (``unjudged_error``; NULL when there was none). Earlier tries read NULL: no error kept.
V5 = ("ALTER TABLE turns ADD COLUMN unjudged_error TEXT",)

#: Every migration, oldest first; the schema version is ``len(MIGRATIONS)``.
MIGRATIONS: list[tuple[str, ...]] = [V1, V2, V3, V4, V5]


def current_version() -> int:
    """The schema version this callsim writes."""
    return len(MIGRATIONS)


def migrate(conn: sqlite3.Connection) -> int:
    """Apply every missing migration to ``conn`` (autocommit mode); returns the new version."""
    for number, statements in enumerate(MIGRATIONS, start=1):
        _apply(conn, number, statements)
    return user_version(conn)


def user_version(conn: sqlite3.Connection) -> int:
    """``PRAGMA user_version`` of ``conn``."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _apply(conn: sqlite3.Connection, number: int, statements: tuple[str, ...]) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        if user_version(conn) < number:
            for sql in statements:
                conn.execute(sql)
            conn.execute(f"PRAGMA user_version = {number}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
