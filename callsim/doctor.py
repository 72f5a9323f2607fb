"""Health checks for ``callsim doctor``: one line each, with the fix where something is wrong."""

from __future__ import annotations

import os
import platform
import sys
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from callsim import paths
from callsim.errors import CallsimError

PACKAGES = ("vosk", "librosa", "numba", "numpy", "soundfile", "soxr", "sounddevice", "textual", "platformdirs")


@dataclass(frozen=True)
class Check:
    """One line of the report: what was checked, whether it passed, and the fix if not."""

    name: str
    ok: bool
    detail: str
    fix: str = ""


def run_checks() -> list[Check]:
    """Every check, in the order they are shown."""
    return [
        check_python(),
        check_packages(),
        check_portaudio(),
        check_model(),
        check_writable("data directory", paths.data_dir()),
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
    """PortAudio loads and lists at least one input and one output device."""
    try:
        import sounddevice as sd

        devices = sd.query_devices()
    except OSError as err:
        return Check("audio", False, f"PortAudio not found ({err})",
                     "sudo apt-get install libportaudio2 (replies can still come from audio files)")
    except Exception as err:  # PortAudio errors when no host API works
        return Check("audio", False, f"PortAudio failed: {err}", "check your sound setup (pulseaudio/pipewire)")
    inputs = sum(1 for d in devices if d["max_input_channels"] > 0)
    outputs = sum(1 for d in devices if d["max_output_channels"] > 0)
    detail = f"{sd.get_portaudio_version()[1].split(',')[0]}: {inputs} input and {outputs} output devices"
    fix = "no microphone or speaker found: connect one, or answer from audio files"
    return Check("audio", inputs > 0 and outputs > 0, detail, fix)


def check_model() -> Check:
    """A complete Vosk model is found by the lookup order."""
    from callsim.model import find_model, model_summary

    try:
        path = find_model()
    except CallsimError as err:
        return Check("model", False, str(err).split(";")[0], "callsim model download")
    summary = model_summary(path)
    return Check("model", True, f"{summary['name']} at {path} ({summary['megabytes']} MB)")


def check_writable(name: str, folder: Path) -> Check:
    """``folder`` exists (or can be made) and accepts a file."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder):
            pass
    except OSError as err:
        return Check(name, False, f"{folder} is not writable ({err.strerror})",
                     f"fix the permissions of {folder}, or set {_env_for(name)}")
    return Check(name, True, str(folder))


def _env_for(name: str) -> str:
    return "CALLSIM_DATA_DIR" if name.startswith("data") else "NUMBA_CACHE_DIR"


def print_report(checks: list[Check], out=sys.stdout) -> bool:
    """Print one line per check; return True when all passed."""
    for c in checks:
        mark = "ok  " if c.ok else "FAIL"
        line = f"{mark} {c.name:<15} {c.detail}"
        print(line + (f"\n     {'':<15} fix: {c.fix}" if not c.ok and c.fix else ""), file=out)
    return all(c.ok for c in checks)

