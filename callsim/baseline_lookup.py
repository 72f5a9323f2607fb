"""Finding a trainee's baseline: a JSON file by path, else by name in the session store, else its saved profile."""

from __future__ import annotations

import os
import shlex
from pathlib import Path

from callsim.baseline_files import baseline_from_dict, baselines_dir, load_baseline, named_baseline_path
from callsim.baseline_profile import Baseline
from callsim.errors import CallsimError


def resolve_baseline(spec: str) -> Baseline:
    """A baseline JSON file by path (a file, a name ending ``.json`` or one with a folder in it), else a trainee's
    calibration by name (``named_baseline``): a folder named like the trainee never hides their baseline."""
    return load_baseline(Path(spec)) if names_a_file(spec) else named_baseline(spec)


def names_a_file(spec: str) -> bool:
    """True when a ``--baseline`` value is a profile file's path (a file, a name ending ``.json`` or one with a
    folder in it), False when it is a trainee's name."""
    path = Path(spec)
    return path.suffix == ".json" or path.is_file() or "/" in spec or os.sep in spec


def named_baseline(name: str) -> Baseline:
    """The app's lookup: the session store's newest baseline for ``name``, else ``baselines/NAME.json``; only then
    the one saved baseline ``names.names_matching`` finds, as ``progress`` and ``export --trainee`` find a trainee
    (any case or accents, or one of their names alone: "bob jones" and "bob" find "Bob Jones").

    A store that cannot be opened is passed over (the profile file still counts); a stored
    calibration that is not a baseline is an error, as the app says it cannot be used. When
    no place has one, the CallsimError names the places looked at (and the names it could mean)."""
    found, looked = _saved_baseline(name)
    if found is not None:
        return found
    same = _saved_names_like(name)
    if len(same) == 1 and (found := _saved_baseline(same[0])[0]) is not None:
        return found
    if len(same) > 1:
        raise CallsimError(f"no baseline named exactly {name!r}; several trainees match: {', '.join(map(repr, same))} "
                           "(give the exact name)")
    raise CallsimError(f"no baseline named {name!r}: looked in {looked} and for {named_baseline_path(name)} "
                       f"(run: callsim calibrate --name {shlex.quote(name)} FILE...)")


def _saved_baseline(name: str) -> tuple[Baseline | None, str]:
    """(the baseline saved as exactly ``name``: the store's newest, else its profile file; or None, where the store
    looked)."""
    found, looked = stored_baseline(name)
    if found is None and named_baseline_path(name).is_file():
        found = load_baseline(named_baseline_path(name))
    return found, looked


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


def _saved_names_like(name: str) -> list[str]:
    """The saved baselines ``name`` could mean (``names.names_matching`` over the trainees with a stored baseline
    and the profile files in ``baselines/``); a store that cannot be read adds none."""
    from callsim.names import names_matching

    return names_matching(name, _stored_names() | _profile_names())


def _stored_names() -> set[str]:
    """The trainees with a baseline in the session store (none when there is no store or it cannot be read)."""
    if not _store_file().is_file():
        return set()
    try:
        rows = _read_store(lambda store: store.query("SELECT DISTINCT trainee FROM baselines"))
    except CallsimError:
        return set()
    return {r["trainee"] for r in rows}


def _profile_names() -> set[str]:
    """The names of the profile files ``callsim calibrate`` saved in ``baselines/`` (none when it is missing)."""
    from callsim.names import trainee_name_problem

    try:
        files = [p for p in baselines_dir().glob("*.json") if p.is_file()]
    except OSError:
        return set()
    return {p.stem for p in files if not trainee_name_problem(p.stem)}


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
                        f"calibrate again (callsim calibrate --name {shlex.quote(name)} FILE...){other}")
