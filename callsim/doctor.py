"""Health checks for ``callsim doctor``: one line each, with the fix where something is wrong."""

from __future__ import annotations

import platform
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from callsim import paths
from callsim.errors import CallsimError

LEVEL_TEST = "callsim devices --test"  # records the microphone, so the doctor only names it
PACKAGES = ("vosk", "librosa", "numba", "numpy", "soundfile", "soxr", "sounddevice", "textual", "platformdirs")


@dataclass(frozen=True)
class Check:
    """One line of the report: what was checked, whether it passed, and the fix if not.

    A check that is not ``required`` only warns when it fails: callsim still works without it.
    """

    name: str
    ok: bool
    detail: str
    fix: str = ""
    required: bool = True


def run_checks() -> list[Check]:
    """Every check, in the order they are shown."""
    return [
        check_python(),
        check_packages(),
        check_portaudio(),
        check_model(),
        check_scenarios(),
        check_own_wording(),
        check_writable("data directory", paths.data_dir()),
        check_store(),
        check_writable("numba cache", paths.numba_cache_dir()),
    ]


def check_python() -> Check:
    """Python is 3.10 or newer."""
    ok = sys.version_info >= (3, 10)
    return Check("python", ok, f"{platform.python_version()} ({sys.executable})", "install Python 3.10 or newer")


def check_packages() -> Check:
    """Every runtime dependency is installed; their versions."""
    found, missing = [], []
    for name in PACKAGES:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            missing.append(name)
    detail = ", ".join(found) + (f"; missing: {', '.join(missing)}" if missing else "")
    return Check("packages", not missing, detail, "reinstall callsim: pip install .")


def check_portaudio() -> Check:
    """PortAudio loads, and the microphone and speaker the app would use exist (nothing is recorded: the line
    names the level test, ``LEVEL_TEST``)."""
    from callsim.audio import selected_devices
    from callsim.audio_devices import sounddevice

    try:
        version = sounddevice().get_portaudio_version()[1].split(",")[0]
        mic, speaker = selected_devices()
    except CallsimError as err:
        fix = "sudo apt-get install libportaudio2" if "PortAudio" in str(err) else \
            "connect a microphone and speaker (or set CALLSIM_INPUT_DEVICE/OUTPUT_DEVICE); replies can come from files"
        return Check("audio", False, str(err).split("; fix:")[0], fix, required=False)
    return Check("audio", True, f"{version}: microphone {mic.name!r}, speaker {speaker.name!r} "
                                f"(microphone level test: {LEVEL_TEST})")


def check_model() -> Check:
    """A complete Vosk model is found by the lookup order: the files Vosk reads are there (``model.incomplete``),
    and a copy of the default model has them whole."""
    from callsim.model import ENV_VAR, find_model, model_location, model_summary

    try:
        path = find_model()
    except CallsimError as err:  # a download goes to the data folder, which the variable overrides
        location, source = model_location()
        fix = "callsim model download --force" if location.is_dir() else "callsim model download"  # it keeps a folder
        if source == ENV_VAR:  # the data folder's copy, if any, is another one: it may be whole
            fix = f"point {ENV_VAR} at a whole, unpacked Vosk model folder, or unset it (callsim model download " \
                  "fetches one if callsim has none)"
        return Check("model", False, str(err).split(";")[0], fix)
    if crash := _crash(path):
        return crash
    summary = model_summary(path)
    return Check("model", True, f"{summary['name']} at {path} ({summary['megabytes']} MB)")


def _crash(path) -> Check | None:
    """The failed check for a model whose files are all there but which crashes Vosk as it loads (tried once in a
    child process, as every command that loads it does: ``model_probe.refuse_crashing``), or None."""
    from callsim.model_probe import refuse_crashing

    try:
        refuse_crashing(path)
    except CallsimError as err:
        detail, _, fix = str(err).partition("; ")
        return Check("model", False, detail, fix)
    return None


def check_scenarios() -> Check:
    """The scenario packs load; a broken one is a warning (the others still play)."""
    from callsim.scenario_model import pack_names
    from callsim.scenarios import load_library

    library = load_library()  # its problems are the errors of the packs that did not load
    broken = sorted(pack_names(library.problems))
    detail = f"{len(library.scenarios)} packs"
    if broken:
        return Check("scenarios", False, f"{detail}; {len(broken)} do not load ({', '.join(broken)})",
                     "callsim scenarios list says why", required=False)
    return Check("scenarios", True, detail)


def check_own_wording() -> Check:
    """The data folder's ``phrases.toml`` (the user's own wording for the word checks) loads, when there is one."""
    from callsim.content_additions import user_additions, user_additions_problem

    why = user_additions_problem()
    if why is not None:
        return Check("own wording", False, str(why), "fix that line: replies are judged without the file until then",
                     required=False)
    path = user_additions()
    return Check("own wording", True, str(path) if path else "none (the packaged phrase book only)")


def check_writable(name: str, folder: Path) -> Check:
    """``folder`` exists (or can be made) and accepts a file."""
    from callsim.store_files import private_dir, unwritable

    try:
        private_dir(folder) if name.startswith("data") else folder.mkdir(parents=True, exist_ok=True)
        why = unwritable(folder)
    except OSError as err:
        why = err.strerror or str(err)
    if why:
        blocker = _blocking_file(folder)
        fix = f"remove the file {blocker} or set {_env_for(name)}" if blocker else \
            f"fix the permissions of {folder}, or set {_env_for(name)}"
        return Check(name, False, f"{folder} is not a writable folder ({why})", fix)
    return Check(name, True, str(folder))


def _blocking_file(folder: Path) -> Path | None:
    """The file that stands where ``folder`` or one of its parents should be (``~/.cache`` a file), if any."""
    for place in (folder, *folder.parents):
        if place.exists():
            return None if place.is_dir() else place
    return None


def check_store() -> Check:
    """The session store, when there is one, is a callsim database callsim can open (checked read-only, as every
    command checks it before opening: nothing is created or changed)."""
    from callsim.store import DB_NAME
    from callsim.store_open import check_file

    path = paths.data_dir() / DB_NAME
    if not path.exists():
        return Check("session store", True, f"none yet ({path}: made by the first call or calibration)")
    try:
        check_file(path)
    except CallsimError as err:
        detail, _, fix = str(err).partition("; ")
        return Check("session store", False, detail, fix or "fix its permissions, or set CALLSIM_DATA_DIR")
    return Check("session store", True, str(path))


def _env_for(name: str) -> str:
    return "CALLSIM_DATA_DIR" if name.startswith("data") else "NUMBA_CACHE_DIR"


def healthy(checks: list[Check]) -> bool:
    """True when every required check passed (failed optional ones are warnings)."""
    return all(c.ok or not c.required for c in checks)


def print_report(checks: list[Check], out=None) -> bool:
    """Print one line per check (ok, WARN or FAIL, with the fix); return True when healthy."""
    out = out or sys.stdout
    for c in checks:
        mark = "ok  " if c.ok else "FAIL" if c.required else "WARN"
        line = f"{mark} {c.name:<15} {c.detail}"
        print(line + (f"\n     {'':<15} fix: {c.fix}" if not c.ok and c.fix else ""), file=out)
    return healthy(checks)

