"""Where callsim keeps its data, cache and configuration (platformdirs, overridable)."""

from __future__ import annotations

import os
from pathlib import Path

APP = "callsim"


def data_dir() -> Path:
    """The user data directory: models, sessions, baselines (``CALLSIM_DATA_DIR`` overrides)."""
    override = os.environ.get("CALLSIM_DATA_DIR")
    if override:
        return Path(override).expanduser()
    import platformdirs

    return platformdirs.user_data_path(APP)


def cache_dir() -> Path:
    """The user cache directory (``CALLSIM_CACHE_DIR`` overrides)."""
    override = os.environ.get("CALLSIM_CACHE_DIR")
    if override:
        return Path(override).expanduser()
    import platformdirs

    return platformdirs.user_cache_path(APP)


def models_dir() -> Path:
    """Where downloaded Vosk models live."""
    return data_dir() / "models"


def numba_cache_dir() -> Path:
    """Where numba keeps compiled librosa kernels between runs."""
    return Path(os.environ.get("NUMBA_CACHE_DIR") or cache_dir() / "numba")


def configure_numba_cache() -> None:
    """Point numba's on-disk cache at the user cache dir unless the user chose one."""
    os.environ.setdefault("NUMBA_CACHE_DIR", str(cache_dir() / "numba"))


def user_scenarios_dir() -> Path:
    """Scenario packs the user added; loaded beside the bundled ones."""
    return data_dir() / "scenarios"


def scenarios_guide() -> Path:
    """The guide to writing scenario packs (``docs/scenarios.md``): inside the wheel, or the checkout's."""
    packaged = Path(__file__).parent / "_docs" / "scenarios.md"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parent.parent / "docs" / "scenarios.md"


def voices_dir() -> Path:
    """The bundled scenario library: inside the wheel, or the checkout's ``voices/``."""
    packaged = Path(__file__).parent / "_voices"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "voices"
