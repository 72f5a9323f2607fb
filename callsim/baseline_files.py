"""Baselines as small JSON files: saving, loading and checking one, and where named ones live."""

from __future__ import annotations

import json
from dataclasses import fields, replace
from pathlib import Path

from callsim.baseline_bounds import bounds_problem, is_number
from callsim.baseline_profile import NUMBERS, Baseline
from callsim.errors import CallsimError


def save_baseline(b: Baseline, path: str | Path) -> Path:
    """Write ``b`` as JSON, mode 0600, atomically and durably (creating private folders); returns the path.

    A crash mid-save leaves the previous file whole: the JSON goes to a temp file that replaces it."""
    from callsim.store_files import private_dir, write_bytes

    path = Path(path)
    try:
        private_dir(path.parent)
        write_bytes(path, (json.dumps(b.to_dict(), indent=2) + "\n").encode())
    except OSError as err:
        raise CallsimError(f"{err.filename or path}: cannot save the baseline ({err.strerror or err})") from None
    return path


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
