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
    """The app's lookup: the session store's newest baseline for ``name``, else ``baselines/NAME.json``; only then
    the one stored trainee whose name is ``name`` but for case and accents ("bob jones" finds "Bob Jones").

    A store that cannot be opened is passed over (the profile file still counts); a stored
    calibration that is not a baseline is an error, as the app says it cannot be used. When
    no place has one, the CallsimError names the places looked at (and the names it could mean)."""
    found, looked = stored_baseline(name)
    if found is not None:
        return found
    named = named_baseline_path(name)
    if named.is_file():
        return load_baseline(named)
    same = _stored_names_like(name)
    if len(same) == 1:
        return stored_baseline(same[0])[0]
    which = f"; several trainees match: {', '.join(map(repr, same))} (give the exact name)" if same else ""
    raise CallsimError(f"no baseline named {name!r}: looked in {looked} and for {named}{which} "
                       f"(run: callsim calibrate --name {name} FILE...)")


def stored_baseline(name: str) -> tuple[Baseline | None, str]:
    """(``name``'s newest baseline in the session store or None, where that looked, for messages).

    No store is created for this: a data folder without one has nothing stored."""
    db = _store_file()
    if not db.is_file():
        return None, f"the session store (none yet at {db})"
    try:
        record = _read_store(lambda store: store.load_baseline(name))
    except CallsimError as err:
        return None, f"the session store ({err})"
    except ValueError as err:  # a stored profile that is not JSON
        raise _damaged(name, type(err).__name__, db) from None
    if record is None:
        return None, f"the session store ({db})"
    return _from_record(record, db), str(db)


def _store_file() -> Path:
    """Where the session store is (or would be): it is never created for a lookup."""
    from callsim import paths
    from callsim.store import DB_NAME

    return paths.data_dir() / DB_NAME


def _read_store(read):
    """``read(store)`` on the session store, opened without recovery; CallsimError when it cannot be read."""
    import sqlite3

    from callsim.store import Store

    try:
        with Store.open(recover=False) as store:
            return read(store)
    except sqlite3.Error as err:
        raise CallsimError(f"cannot read it: {str(err).strip() or type(err).__name__}") from None


def _stored_names_like(name: str) -> list[str]:
    """The trainees with a stored baseline whose name is ``name`` but for case and accents (none when there is no
    store or it cannot be read)."""
    from callsim.names import folded

    if not _store_file().is_file():
        return []
    try:
        rows = _read_store(lambda store: store.query("SELECT DISTINCT trainee FROM baselines"))
    except CallsimError:
        return []
    return sorted(r["trainee"] for r in rows if folded(r["trainee"]) == folded(name))


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
