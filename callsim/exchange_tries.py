"""An import's tries: new ones are added whole, and tries already here without a recording get the file's.

A try is the same when its (session, index, retry) is; one already here is otherwise left alone (what it
lacks besides a recording is filled in by ``exchange_fill``).
"""

from __future__ import annotations

import dataclasses

from callsim.exchange import SessionBundle
from callsim.exchange_files import ImportFiles
from callsim.exchange_result import ImportResult


def new_turns(store, part: SessionBundle) -> list:
    """The tries of ``part`` the store does not have yet."""
    have = {(r["turn_index"], r["retry"]) for r in
            store.query("SELECT turn_index, retry FROM turns WHERE session = ?", (part.session.uuid,))}
    return [t for t in part.turns if (t.index, t.retry) not in have]


def unrecorded_here(store, part: SessionBundle) -> list[tuple[int, int]]:
    """(index, retry) of the tries already here without a recording that ``part`` brings one for
    (none while the session is running here)."""
    if not part.audio or store.is_live(part.session.uuid):
        return []
    rows = store.query("SELECT turn_index, retry FROM turns WHERE session = ? AND audio_path IS NULL",
                       (part.session.uuid,))
    return [key for r in rows if (key := (r["turn_index"], r["retry"])) in part.audio]


def stage_tries(store, part: SessionBundle, files: ImportFiles) -> None:
    """Write the recordings of the new tries of ``part`` and of those here that lack one (before the transaction)."""
    for turn in new_turns(store, part):
        if (audio := part.audio.get((turn.index, turn.retry))) is not None:
            files.stage(store.session_dir(turn.session), audio)
    for key in unrecorded_here(store, part):
        files.stage(store.session_dir(part.session.uuid), part.audio[key])


def add_turns(store, part: SessionBundle, result: ImportResult, files: ImportFiles) -> None:
    """Add the tries of ``part`` the store lacks, each with its recording when the file has one."""
    added = new_turns(store, part)
    for turn in added:
        store.save_turn(_with_audio(store, part, turn, result, files))
    result.turns += len(added)


def _with_audio(store, part: SessionBundle, turn, result: ImportResult, files: ImportFiles):
    """``turn`` with its recording placed (when ``part`` has one), counted by why it has one or not."""
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
    return turn


def complete_turns(store, part: SessionBundle, result: ImportResult, files: ImportFiles) -> None:
    """Give tries already here that lack a recording the one in ``part``."""
    for index, retry in unrecorded_here(store, part):
        audio = part.audio[(index, retry)]
        path = files.place(audio, store.turn_audio_path(part.session.uuid, index, retry, audio.suffix))
        # Always True: this transaction has held the write lock since unrecorded_here looked.
        result.tries_completed += store.attach_turn_audio(part.session.uuid, index, retry, path)
