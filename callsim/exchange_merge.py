"""Merge an imported ``Bundle`` into a store without duplicates; importing twice changes nothing.

Identity rules:

* trainee: the name (an existing trainee keeps its creation time);
* baseline: trainee + creation time + profile;
* session: the uuid. A new one is added whole (``in_progress`` arrives as
  ``incomplete``: it cannot go on here). For a known one the local row wins,
  except that empty end time / score / grade are filled in and ``incomplete``
  becomes the other machine's ``complete`` or ``abandoned``. A grade given on
  both machines that differs keeps this machine's, and the result says so
  (``grade_conflicts``), so a trainer can settle it by hand;
* turn try: (session, index, retry) — a try already here is left alone, except that
  one without a recording gets the file's (so a later export with ``--audio`` fills them in),
  and one lacking why it was not judged, its early-start time or its error gets the file's
  (``exchange_fill``: a value known here is never replaced);
* note: turn + time in reply + text + author + creation time;
* override: turn + kind + original + new value + reason + author + creation time.

Embedded recordings of tries and baselines the store lacks are written first
(mode 0600, fsynced, under temp names in their final folders), outside any
transaction, so a practice session saving a turn meanwhile never waits on them.
Then one short transaction adds the rows, each recording moving to its final
name by a rename that never replaces an existing file. Staged recordings whose
row is not added (someone added it meanwhile) are deleted, and so are the moved
ones when the transaction fails.

The counts are ``exchange_result.ImportResult``; the recordings are written by ``exchange_files``;
tries are added by ``exchange_tries``, trainees, baselines, notes and overrides by ``exchange_rows``.
"""

from __future__ import annotations

import dataclasses

from callsim.exchange import Bundle, SessionBundle
from callsim.exchange_files import ImportFiles
from callsim.exchange_fill import fill_turns
from callsim.exchange_result import ImportResult
from callsim.exchange_rows import add_baseline, add_notes, add_overrides, add_trainee, stage_baselines
from callsim.exchange_tries import add_turns, complete_turns, stage_tries
from callsim.records import Session
from callsim.store_rows import session_from

FINAL = ("complete", "abandoned")


def merge(store, bundle: Bundle) -> ImportResult:
    """Add what ``bundle`` has and ``store`` lacks; returns the counts."""
    result, files = ImportResult(file_has_audio=_has_audio(bundle)), _stage_all(store, bundle)
    try:
        with store.transaction():
            _add_all(store, bundle, result, files)
            files.sync()
    except BaseException:
        files.remove(files.placed)
        raise
    finally:
        files.remove(files.staged.values())
    result.recordings = len(files.placed)
    return result


def _has_audio(bundle: Bundle) -> bool:
    """True when the file embeds any recording (it was exported with ``--audio``)."""
    return any(part.audio for part in bundle.sessions) or any(audio for _, audio in bundle.baselines)


def _stage_all(store, bundle: Bundle) -> ImportFiles:
    """Write the recordings of the baselines and tries the store lacks now, before any transaction."""
    files = ImportFiles()
    try:
        stage_baselines(store, bundle, files)
        for part in bundle.sessions:
            stage_tries(store, part, files)
    except BaseException:
        files.remove(files.staged.values())
        raise
    return files


def _add_all(store, bundle: Bundle, result: ImportResult, files: ImportFiles) -> None:
    """Add the trainees, baselines and sessions (with their tries, notes and overrides) the store lacks."""
    for trainee in bundle.trainees:
        result.trainees += add_trainee(store, trainee)
    for record, audio in bundle.baselines:
        result.baselines += add_baseline(store, record, audio, files)
    for part in bundle.sessions:
        _add_session(store, part, result, files)


def _add_session(store, part: SessionBundle, result: ImportResult, files: ImportFiles) -> None:
    """Add or update the session of ``part``, then what it lacks of its tries, notes and overrides."""
    _merge_session_row(store, part, result)
    complete_turns(store, part, result, files)
    result.tries_filled += fill_turns(store, part)
    add_turns(store, part, result, files)
    result.notes += add_notes(store, part)
    result.overrides += add_overrides(store, part)


def _merge_session_row(store, part: SessionBundle, result: ImportResult) -> None:
    """Add the session when it is new here; else fill its blanks and note a grade that differs."""
    rows = store.query("SELECT * FROM sessions WHERE uuid = ?", (part.session.uuid,))
    if not rows:
        status = "incomplete" if part.session.status == "in_progress" else part.session.status
        store.save_session(dataclasses.replace(part.session, status=status))
        result.sessions_added += 1
        return
    local = session_from(rows[0])
    if (merged := merged_session(local, part.session)) != local and not store.is_live(merged.uuid):
        store.save_session(merged)
        result.sessions_updated += 1
    if None not in (local.grade, part.session.grade) and local.grade != part.session.grade:
        result.grade_conflicts.append((local.uuid, local.grade, part.session.grade))


def merged_session(local: Session, incoming: Session) -> Session:
    """The local session with its blanks filled from ``incoming`` (see the module docstring)."""
    status = incoming.status if local.status == "incomplete" and incoming.status in FINAL else local.status
    return dataclasses.replace(
        local, status=status, ended=local.ended or incoming.ended,
        score=incoming.score if local.score is None else local.score,
        grade=incoming.grade if local.grade is None else local.grade)
