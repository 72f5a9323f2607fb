"""An import's trainees, baselines, notes and overrides: each is added when the store lacks it.

Identity: a trainee by name; a baseline by trainee + creation time + profile; a note by turn + time in
reply + text + author + creation time; an override by turn + kind + original + new value + reason +
author + creation time.
"""

from __future__ import annotations

import dataclasses
import uuid as uuidlib
from pathlib import Path

from callsim.exchange import Audio, Bundle, SessionBundle
from callsim.exchange_files import ImportFiles
from callsim.store_rows import time_text, to_json


def add_trainee(store, trainee) -> int:
    """Add ``trainee`` unless one of that name is here (an existing one keeps its creation time); 1 if added."""
    if store.query("SELECT 1 FROM trainees WHERE name = ?", (trainee.name,)):
        return 0
    store.save_trainee(trainee)
    return 1


def has_baseline(store, record) -> bool:
    """True when the store has this baseline (same trainee, creation time and profile)."""
    rows = store.query("SELECT profile FROM baselines WHERE trainee = ? AND created = ?",
                       (record.trainee, time_text(record.created)))
    return any(row["profile"] == to_json(record.profile) for row in rows)


def baseline_dir(store) -> Path:
    """Where the store keeps calibration recordings."""
    return store.root / "recordings" / "baselines"


def stage_baselines(store, bundle: Bundle, files: ImportFiles) -> None:
    """Write the recordings of the baselines the store lacks (before the transaction)."""
    for record, audio in bundle.baselines:
        if audio is not None and not has_baseline(store, record):
            files.stage(baseline_dir(store), audio)


def add_baseline(store, record, audio: Audio | None, files: ImportFiles) -> int:
    """Add the baseline ``record`` (with its recording, when there is one) unless it is here; 1 if added."""
    if has_baseline(store, record):
        return 0
    if audio is not None:
        path = files.place(audio, baseline_dir(store) / f"{uuidlib.uuid4()}{audio.suffix}")
        record = dataclasses.replace(record, audio_path=path)
    store.save_baseline(record)
    return 1


def add_notes(store, part: SessionBundle) -> int:
    """Add the notes of ``part`` the store lacks (a note twice in the file, once); how many were added."""
    key = lambda n: (n.turn_index, n.at_seconds, n.text, n.author, time_text(n.created))  # noqa: E731
    have = {key(n) for n in store.load_notes(part.session.uuid)}
    added = [n for n in part.notes if key(n) not in have and not have.add(key(n))]
    for note in added:
        store.save_note(note)
    return len(added)


def add_overrides(store, part: SessionBundle) -> int:
    """Add the overrides of ``part`` the store lacks (one twice in the file, once); how many were added."""
    key = lambda o: (o.turn_index, o.kind, to_json(o.original), to_json(o.new_value), o.reason,  # noqa: E731
                     o.author, time_text(o.created))
    have = {key(o) for o in store.load_overrides(part.session.uuid)}
    added = [o for o in part.overrides if key(o) not in have and not have.add(key(o))]
    for override in added:
        store.save_override(override)
    return len(added)
