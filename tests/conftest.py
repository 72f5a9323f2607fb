"""Shared fixtures: the ../shared data folder, the Vosk model, isolated user folders.

When CALLSIM_VOSK_MODEL is unset and ../shared holds the model, the session
exports it, so the `callsim` command run as a subprocess finds it too.

Tests that need ../shared skip with a reason in a stranger's clone, but fail
when CI=true, so CI always runs them.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CALLSIM_SHARED", ROOT.parent / "shared"))
MODEL_NAME = "vosk-model-small-en-us-0.15"


def export_model(environ) -> None:
    """Set CALLSIM_VOSK_MODEL to the ../shared model when it is there and the variable is unset."""
    found = SHARED / "models" / MODEL_NAME
    if not environ.get("CALLSIM_VOSK_MODEL") and found.is_dir():
        environ["CALLSIM_VOSK_MODEL"] = str(found)


def pytest_configure(config):
    """The whole session (and every `callsim` it runs as a subprocess) uses the model found in ../shared."""
    export_model(os.environ)


def _need(path: Path, what: str) -> Path:
    if path.exists():
        return path
    message = f"{what} not found at {path}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (CI=true: shared data must be present)", pytrace=False)
    pytest.skip(f"{message}: clone callsim beside a shared/ folder to run this test")


def shared_folder(folder: Path) -> Path:
    """``folder`` when it holds the research data (``data/``), else skip (fail when CI=true): a ../shared with
    only a model copied into its models/, as the README allows, has none of the files these tests read."""
    _need(folder / "data", "shared data folder")
    return folder


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder (data/ and models/)."""
    return shared_folder(SHARED)


@pytest.fixture(scope="session")
def model_path() -> Path:
    """The English Vosk model: CALLSIM_VOSK_MODEL, else ../shared/models/."""
    env = os.environ.get("CALLSIM_VOSK_MODEL")
    return _need(Path(env) if env else SHARED / "models" / MODEL_NAME, "Vosk model")


@pytest.fixture(scope="session")
def transcriber(model_path):
    """One loaded Transcriber for the whole test session."""
    from callsim.asr import Transcriber

    return Transcriber(model_path)


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path_factory, monkeypatch):
    """Every test gets its own data and cache folders; the numba cache stays shared."""
    base = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("CALLSIM_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("CALLSIM_CACHE_DIR", str(base / "cache"))
    return base


@pytest.fixture
def store():
    """The session store in this test's own data folder, open."""
    from callsim.store import Store

    with Store.open() as opened:
        yield opened


@pytest.fixture
def new_york(monkeypatch):
    """This machine's local time is New York's for the test (``TZ=America/New_York``: UTC-5 in March)."""
    old = os.environ.get("TZ")
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    if old is None:
        monkeypatch.delenv("TZ")
    else:
        monkeypatch.setenv("TZ", old)
    time.tzset()
