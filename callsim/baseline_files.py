"""Baselines as small JSON files: saving (with the store's row, whole or not at all), loading and checking one, and
where named ones live."""

from __future__ import annotations

import contextlib
import json
from dataclasses import fields, replace
from pathlib import Path
from typing import Callable, TypeVar

from callsim.baseline_bounds import bounds_problem, is_number
from callsim.baseline_profile import NUMBERS, Baseline
from callsim.errors import CallsimError

T = TypeVar("T")
#: ``_contents`` of a file that is there but cannot be read (it is then not put back).
_UNREADABLE = object()


def save_baseline(b: Baseline, path: str | Path) -> Path:
    """Write ``b`` as JSON, mode 0600, atomically and durably (creating private folders); returns the path.

    A crash mid-save leaves the previous file whole: the JSON goes to a temp file that replaces it."""
    from callsim.store_files import private_dir, write_bytes

    path = Path(path)
    try:
        private_dir(path.parent)
        write_bytes(path, (json.dumps(b.to_dict(), indent=2) + "\n").encode())
    except OSError as err:  # the temp file beside it is no name for the user: say the file's; a folder, its own
        where = path if err.filename is None or Path(err.filename).parent == path.parent else err.filename
        raise CallsimError(f"{where}: cannot save the baseline ({err.strerror or err})") from None
    return path


def save_calibration(b: Baseline, name: str, store_save: Callable[[], T]) -> tuple[Path, T]:
    """Save ``b`` as ``name``'s profile file (``named_baseline_path``), then ``store_save()`` (the session store's
    row); returns the path and what ``store_save`` returned.

    A calibration is saved whole or not at all: when the file cannot be written the store is not touched, and when
    the store fails the file is put back as it was (removed if there was none), the error passed on."""
    path = named_baseline_path(name)
    before = _contents(path)
    save_baseline(b, path)
    try:
        return path, store_save()
    except BaseException:
        _put_back(path, before)
        raise


def _contents(path: Path) -> bytes | None | object:
    """The bytes of ``path``, None when there is no such file, or ``_UNREADABLE``."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError:
        return _UNREADABLE


def _put_back(path: Path, before) -> None:
    """Restore ``path`` as ``_contents`` found it (as far as can be: a failure here must not hide the first one)."""
    from callsim.store_files import write_bytes

    with contextlib.suppress(OSError):
        if before is None:
            path.unlink(missing_ok=True)
        elif before is not _UNREADABLE:
            write_bytes(path, before)


def load_baseline(path: str | Path) -> Baseline:
    """Read a baseline JSON file; CallsimError with one line when it is missing, unreadable or not one."""
    path = Path(path)
    try:
        data = json.loads(path.read_text())
    except FileNotFoundError:
        raise CallsimError(f"{path}: no such file") from None
    except OSError as err:
        raise CallsimError(f"{path}: cannot read it ({(err.strerror or str(err)).lower()})") from None
    except ValueError:  # not UTF-8 text, or not JSON
        raise CallsimError(f"{path}: not a callsim baseline profile (not JSON)") from None
    return baseline_from_dict(data, name=path.stem, what=f"{path}: not a callsim baseline profile")


def baseline_from_dict(data, *, name: str, what: str) -> Baseline:
    """A personal ``Baseline`` from its ``to_dict()`` form; CallsimError "``what`` (reason)" when it is not one."""
    if problem := profile_problem(data):
        raise CallsimError(f"{what} ({problem})")
    names = {f.name for f in fields(Baseline)}
    data = {"name": name, "source": "personal"} | data
    b = Baseline(**{k: v for k, v in data.items() if k in names} | {"profile": data.get("profile", {})})
    return replace(b, source="personal" if b.source != "population" else b.source)


def profile_problem(data) -> str:
    """Why ``data`` is not a baseline's ``to_dict()`` form ("missing energy_db", "pitch_sd_st -5 not within 0 to
    48 (semitones)"), or "" when it is one: every number finite and in its band (``baseline_bounds``), the
    ``profile`` too. A file, a stored calibration and an import are all checked by this."""
    if not isinstance(data, dict):
        return "expected a JSON object"
    if missing := [k for k in NUMBERS if data.get(k) is None]:
        return f"missing {', '.join(missing)}"
    if wrong := [k for k in NUMBERS if not is_number(data[k])]:
        return f"{', '.join(wrong)} not a finite number"
    return bounds_problem(data)


def baselines_dir() -> Path:
    """Where ``callsim calibrate`` saves named baselines."""
    from callsim import paths

    return paths.data_dir() / "baselines"


def named_baseline_path(name: str) -> Path:
    """Where the baseline saved as ``name`` lives (``callsim calibrate --name``, the app's calibration)."""
    return baselines_dir() / f"{name}.json"
