"""Finding a trainee's baseline: a JSON file by path, else by name in the session store, else its saved profile."""

from __future__ import annotations

import os
from pathlib import Path

from callsim.baseline_files import baseline_from_dict, load_baseline, named_baseline_path
from callsim.baseline_profile import Baseline
from callsim.errors import CallsimError


def resolve_baseline(spec: str) -> Baseline:
    """A baseline JSON file by path (a file, a name ending ``.json`` or one with a folder in it), else a trainee's
    calibration by name (``named_baseline``): a folder named like the trainee never hides their baseline."""
    path = Path(spec)
    if path.suffix == ".json" or path.is_file() or "/" in spec or os.sep in spec:
        return load_baseline(path)
    return named_baseline(spec)


def named_baseline(name: str) -> Baseline:
    """The app's lookup: the session store's newest baseline for ``name``, else ``baselines/NAME.json``.

    A store that cannot be opened is passed over (the profile file still counts); a stored
    calibration that is not a baseline is an error, as the app says it cannot be used. When
    neither place has one, the CallsimError names both places looked at."""
    found, looked = stored_baseline(name)
    if found is not None:
        return found
    named = named_baseline_path(name)
    if named.is_file():
        return load_baseline(named)
    raise CallsimError(f"no baseline named {name!r}: looked in {looked} and for {named} "
                       f"(run: callsim calibrate --name {name} FILE...)")


def stored_baseline(name: str) -> tuple[Baseline | None, str]:
    """(``name``'s newest baseline in the session store or None, where that looked, for messages).

    No store is created for this: a data folder without one has nothing stored."""
    from callsim import paths
    from callsim.store import DB_NAME

    db = paths.data_dir() / DB_NAME
    if not db.is_file():
        return None, f"the session store (none yet at {db})"
    try:
        record = _stored_record(name)
    except CallsimError as err:
        return None, f"the session store ({err})"
    except ValueError as err:  # a stored profile that is not JSON
        raise _damaged(name, type(err).__name__, db) from None
    if record is None:
        return None, f"the session store ({db})"
    return _from_record(record, db), str(db)


def _stored_record(name: str):
    """The newest BaselineRecord of ``name`` (None when none); CallsimError when the store cannot be read."""
    import sqlite3

    from callsim.store import Store

    try:
        with Store.open(recover=False) as store:
            return store.load_baseline(name) or _by_folded_name(store, name)
    except sqlite3.Error as err:
        raise CallsimError(f"cannot read it: {str(err).strip() or type(err).__name__}") from None


def _by_folded_name(store, name: str):
    """The newest baseline of the one trainee whose name is ``name`` but for case and accents ("bob jones" finds
    "Bob Jones"), else None (none, or several: which one is meant is not guessed)."""
    from callsim.records import folded

    rows = store.query("SELECT DISTINCT trainee FROM baselines")
    same = [r["trainee"] for r in rows if folded(r["trainee"]) == folded(name)]
    return store.load_baseline(same[0]) if len(same) == 1 else None


def _from_record(record, db: Path) -> Baseline:
    """The ``Baseline`` in a stored record; CallsimError when the stored profile is not one."""
    try:
        return baseline_from_dict(record.profile, name=record.trainee, what="not a baseline")
    except CallsimError as err:
        raise _damaged(record.trainee, str(err), db) from None


def _damaged(name: str, why: str, db: Path) -> CallsimError:
    """The error for a stored calibration that cannot be used (the app says so too, rather than judge without it)."""
    profile = named_baseline_path(name)
    other = f", or pass the saved profile: --baseline {profile}" if profile.is_file() else ""
    return CallsimError(f"the stored calibration of {name} in {db} cannot be used ({why}); "
                        f"calibrate again (callsim calibrate --name {name} FILE...){other}")
