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
"""

from __future__ import annotations

import dataclasses
import os
import uuid as uuidlib
from dataclasses import dataclass, field
from pathlib import Path

from callsim.exchange import Audio, Bundle, SessionBundle
from callsim.exchange_fill import fill_turns
from callsim.records import Session
from callsim.store_files import TMP_PREFIX, fsync_dir, private_dir, write_bytes
from callsim.store_rows import session_from, time_text, to_json

FINAL = ("complete", "abandoned")


#: The counts ``ImportResult.lines`` shows as "name: n" (the tries' recordings are told apart after them).
COUNTS = ("trainees", "baselines", "sessions_added", "sessions_updated", "turns", "notes", "overrides", "recordings")


@dataclass
class ImportResult:
    """What an import added (all zero when everything was already there).

    Of the ``turns`` (new tries): ``tries_with_audio`` came with their recording,
    ``tries_left_out`` without, as the file was exported without ``--audio``, and
    ``tries_unrecorded`` had none on the other machine either. ``tries_completed`` are
    tries already here that got their missing recording from the file, ``tries_filled`` those
    that got a missing reason, early-start time or error (``exchange_fill``)."""

    trainees: int = 0
    baselines: int = 0
    sessions_added: int = 0
    sessions_updated: int = 0
    turns: int = 0
    notes: int = 0
    overrides: int = 0
    recordings: int = 0
    tries_with_audio: int = 0
    tries_left_out: int = 0
    tries_unrecorded: int = 0
    tries_completed: int = 0
    tries_filled: int = 0
    grade_conflicts: list[tuple[str, str, str]] = field(default_factory=list)  # (session, grade here, in the file)

    def lines(self) -> list[str]:
        """One printable line per non-zero count (or one saying nothing was new), then the grades that differ."""
        shown = [f"{name.replace('_', ' ')}: {getattr(self, name)}" for name in COUNTS if getattr(self, name)]
        counts = shown + self.audio_lines() or ["nothing new: everything in the file was already in the store"]
        return counts + self.conflict_lines()

    def conflict_lines(self) -> list[str]:
        """One line naming the sessions whose grade differs from the file's (this machine's was kept)."""
        if not self.grade_conflicts:
            return []
        n = len(self.grade_conflicts)
        which = ", ".join(f"session {uuid} (here {here!r}, in the file {theirs!r})"
                          for uuid, here, theirs in self.grade_conflicts)
        return [f"{n} {'grade differs' if n == 1 else 'grades differ'} (kept this machine's): {which}"]

    def audio_lines(self) -> list[str]:
        """How many new tries came with a recording and how many without, and why; how many tries already here
        were completed."""
        parts = [(self.tries_with_audio, "with recordings"),
                 (self.tries_left_out, "without recordings: exported without --audio (export them again with "
                                       "--audio and import that file to add the recordings)"),
                 (self.tries_unrecorded, "without recordings: the other machine had none for them either"),
                 (self.tries_completed, "already here got their recordings"),
                 (self.tries_filled, "already here got why not judged, an early start or an error they lacked")]
        return [f"{_tries(n)} {text}" for n, text in parts if n]


def _tries(n: int) -> str:
    return f"{n} {'try' if n == 1 else 'tries'}"


def merge(store, bundle: Bundle) -> ImportResult:
    """Add what ``bundle`` has and ``store`` lacks; returns the counts."""
    result, files = ImportResult(), _stage_all(store, bundle)
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


@dataclass
class _Files:
    """Recordings written before the transaction (``staged``, by ``id`` of their ``Audio``) and those
    moved to their final names inside it (``placed``)."""

    staged: dict[int, Path] = field(default_factory=dict)
    placed: list[Path] = field(default_factory=list)

    def stage(self, folder: Path, audio: Audio) -> None:
        """Write ``audio`` durably under a temp name in ``folder`` (the final name is chosen later)."""
        tmp = private_dir(folder) / f"{TMP_PREFIX}import-{uuidlib.uuid4().hex}{audio.suffix}"
        self.staged[id(audio)] = tmp
        write_bytes(tmp, audio.data)

    def place(self, audio: Audio, path: Path) -> Path:
        """Move the staged ``audio`` (staging it now if it was not) to ``path``, or to a free name beside it."""
        if id(audio) not in self.staged:
            self.stage(path.parent, audio)
        final = _move_unless_taken(self.staged[id(audio)], path)
        del self.staged[id(audio)]
        self.placed.append(final)
        return final

    def sync(self) -> None:
        """Make the renames durable before the rows naming them are committed."""
        for folder in {p.parent for p in self.placed}:
            fsync_dir(folder)

    @staticmethod
    def remove(paths) -> None:
        """Delete files this import wrote."""
        for path in list(paths):
            path.unlink(missing_ok=True)


def _move_unless_taken(tmp: Path, path: Path) -> Path:
    """Rename ``tmp`` to ``path``; when ``path`` exists (a recording we must not replace), to a new name beside it."""
    while not _moved(tmp, path):
        path = path.with_name(f"{path.stem}-{uuidlib.uuid4().hex[:8]}{path.suffix}")
    return path


def _moved(tmp: Path, path: Path) -> bool:
    """Rename ``tmp`` to ``path`` unless ``path`` exists (then False)."""
    try:
        os.link(tmp, path)  # fails instead of replacing, unlike a rename
    except FileExistsError:
        return False
    except OSError:  # a file system without hard links: look, then rename
        if path.exists():
            return False
        os.replace(tmp, path)
        return True
    tmp.unlink()
    return True


def _stage_all(store, bundle: Bundle) -> _Files:
    """Write the recordings of the baselines and tries the store lacks now, before any transaction."""
    files = _Files()
    try:
        for record, audio in bundle.baselines:
            if audio is not None and not _has_baseline(store, record):
                files.stage(_baseline_dir(store), audio)
        for part in bundle.sessions:
            for turn in _new_turns(store, part):
                if (audio := part.audio.get((turn.index, turn.retry))) is not None:
                    files.stage(store.session_dir(turn.session), audio)
            for key in _unrecorded_here(store, part):
                files.stage(store.session_dir(part.session.uuid), part.audio[key])
    except BaseException:
        files.remove(files.staged.values())
        raise
    return files


def _add_all(store, bundle: Bundle, result: ImportResult, files: _Files) -> None:
    for trainee in bundle.trainees:
        result.trainees += _add_trainee(store, trainee)
    for record, audio in bundle.baselines:
        result.baselines += _add_baseline(store, record, audio, files)
    for part in bundle.sessions:
        _add_session(store, part, result, files)


def _add_trainee(store, trainee) -> int:
    if store.query("SELECT 1 FROM trainees WHERE name = ?", (trainee.name,)):
        return 0
    store.save_trainee(trainee)
    return 1


def _has_baseline(store, record) -> bool:
    rows = store.query("SELECT profile FROM baselines WHERE trainee = ? AND created = ?",
                       (record.trainee, time_text(record.created)))
    return any(row["profile"] == to_json(record.profile) for row in rows)


def _baseline_dir(store) -> Path:
    return store.root / "recordings" / "baselines"


def _add_baseline(store, record, audio: Audio | None, files: _Files) -> int:
    if _has_baseline(store, record):
        return 0
    if audio is not None:
        path = files.place(audio, _baseline_dir(store) / f"{uuidlib.uuid4()}{audio.suffix}")
        record = dataclasses.replace(record, audio_path=path)
    store.save_baseline(record)
    return 1


def _add_session(store, part: SessionBundle, result: ImportResult, files: _Files) -> None:
    rows = store.query("SELECT * FROM sessions WHERE uuid = ?", (part.session.uuid,))
    if not rows:
        status = "incomplete" if part.session.status == "in_progress" else part.session.status
        store.save_session(dataclasses.replace(part.session, status=status))
        result.sessions_added += 1
    else:
        local = session_from(rows[0])
        if (merged := merged_session(local, part.session)) != local and not store.is_live(merged.uuid):
            store.save_session(merged)
            result.sessions_updated += 1
        if None not in (local.grade, part.session.grade) and local.grade != part.session.grade:
            result.grade_conflicts.append((local.uuid, local.grade, part.session.grade))
    _complete_turns(store, part, result, files)
    result.tries_filled += fill_turns(store, part)
    _add_turns(store, part, result, files)
    result.notes += _add_notes(store, part)
    result.overrides += _add_overrides(store, part)


def merged_session(local: Session, incoming: Session) -> Session:
    """The local session with its blanks filled from ``incoming`` (see the module docstring)."""
    status = incoming.status if local.status == "incomplete" and incoming.status in FINAL else local.status
    return dataclasses.replace(
        local, status=status, ended=local.ended or incoming.ended,
        score=incoming.score if local.score is None else local.score,
        grade=incoming.grade if local.grade is None else local.grade)


def _new_turns(store, part: SessionBundle) -> list:
    """The tries of ``part`` the store does not have yet."""
    have = {(r["turn_index"], r["retry"]) for r in
            store.query("SELECT turn_index, retry FROM turns WHERE session = ?", (part.session.uuid,))}
    return [t for t in part.turns if (t.index, t.retry) not in have]


def _add_turns(store, part: SessionBundle, result: ImportResult, files: _Files) -> None:
    added = _new_turns(store, part)
    for turn in added:
        key = (turn.index, turn.retry)
        audio = part.audio.get(key)
        if audio is not None:
            path = store.turn_audio_path(turn.session, turn.index, turn.retry, audio.suffix)
            turn = dataclasses.replace(turn, audio_path=files.place(audio, path))
            result.tries_with_audio += 1
        elif key in part.left_out:
            result.tries_left_out += 1
        else:
            result.tries_unrecorded += 1
        store.save_turn(turn)
    result.turns += len(added)


def _unrecorded_here(store, part: SessionBundle) -> list[tuple[int, int]]:
    """(index, retry) of the tries already here without a recording that ``part`` brings one for
    (none while the session is running here)."""
    if not part.audio or store.is_live(part.session.uuid):
        return []
    rows = store.query("SELECT turn_index, retry FROM turns WHERE session = ? AND audio_path IS NULL",
                       (part.session.uuid,))
    return [key for r in rows if (key := (r["turn_index"], r["retry"])) in part.audio]


def _complete_turns(store, part: SessionBundle, result: ImportResult, files: _Files) -> None:
    """Give tries already here that lack a recording the one in ``part``."""
    for index, retry in _unrecorded_here(store, part):
        audio = part.audio[(index, retry)]
        path = files.place(audio, store.turn_audio_path(part.session.uuid, index, retry, audio.suffix))
        # Always True: this transaction has held the write lock since _unrecorded_here looked.
        result.tries_completed += store.attach_turn_audio(part.session.uuid, index, retry, path)


def _add_notes(store, part: SessionBundle) -> int:
    key = lambda n: (n.turn_index, n.at_seconds, n.text, n.author, time_text(n.created))  # noqa: E731
    have = {key(n) for n in store.load_notes(part.session.uuid)}
    added = [n for n in part.notes if key(n) not in have and not have.add(key(n))]
    for note in added:
        store.save_note(note)
    return len(added)


def _add_overrides(store, part: SessionBundle) -> int:
    key = lambda o: (o.turn_index, o.kind, to_json(o.original), to_json(o.new_value), o.reason,  # noqa: E731
                     o.author, time_text(o.created))
    have = {key(o) for o in store.load_overrides(part.session.uuid)}
    added = [o for o in part.overrides if key(o) not in have and not have.add(key(o))]
    for override in added:
        store.save_override(override)
    return len(added)
