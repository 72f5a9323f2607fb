"""Startup and playback failures become one-line notices; test helpers leak nothing and find the model."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import warnings
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from callsim.clip import Clip
from callsim.tui.services import Services, Settings, _open_device, _open_store, open_store_and_device

BROKEN_PORTAUDIO = '''\
class PortAudioError(Exception):
    pass


raise PortAudioError("Error querying host API", -9979)
'''


@pytest.fixture
def portaudio_fails_at_import(tmp_path, monkeypatch):
    """``import sounddevice`` raises PortAudioError, as it does when PortAudio cannot initialise."""
    (tmp_path / "fake").mkdir()
    (tmp_path / "fake" / "sounddevice.py").write_text(BROKEN_PORTAUDIO)
    monkeypatch.syspath_prepend(str(tmp_path / "fake"))
    monkeypatch.delitem(sys.modules, "sounddevice", raising=False)


def test_a_store_that_cannot_open_is_a_one_line_notice(monkeypatch):
    monkeypatch.setenv("CALLSIM_DATA_DIR", "/dev/null/x")
    store, error = _open_store()
    assert store is None and error.startswith("sessions will not be saved: /dev/null/x") and "\n" not in error


def test_portaudio_failing_at_import_is_a_one_line_notice(portaudio_fails_at_import):
    device, error = _open_device(Settings())
    assert device is None and "Error querying host API" in error and "\n" not in error
    assert error.startswith("replies come from audio files: no sound device (")  # the action first: one line


def test_the_app_opens_without_store_and_device_and_says_why(portaudio_fails_at_import, monkeypatch):
    monkeypatch.setenv("CALLSIM_DATA_DIR", "/dev/null/x")
    services = Services(Settings(), library=None, store=None, device=None)
    open_store_and_device(services)
    assert (services.store, services.device) == (None, None)
    assert "/dev/null/x" in services.store_error and "Error querying host API" in services.device_error


class StreamThatWillNotStart:
    """An output stream whose device vanished between opening and starting."""

    made: list = []

    def __init__(self, **kwargs):
        self.closed = False
        StreamThatWillNotStart.made.append(self)

    def start(self):
        raise RuntimeError("Error starting stream: Device unavailable [PaErrorCode -9985]")

    def close(self):
        self.closed = True


def test_a_stream_that_cannot_start_is_closed(monkeypatch):
    from callsim import audio_play

    fake = SimpleNamespace(OutputStream=StreamThatWillNotStart, CallbackStop=Exception)
    monkeypatch.setattr(audio_play, "sounddevice", lambda: fake)
    with pytest.raises(RuntimeError, match="Device unavailable"):
        audio_play.SoundPlayback(3, Clip(np.zeros(1600, np.float32), 16000))
    assert [s.closed for s in StreamThatWillNotStart.made] == [True]


def test_text_of_opens_no_file():
    from app_helpers import text_of

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        assert text_of(SimpleNamespace(content="hello")).strip() == "hello"
        gc.collect()
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)]


def test_the_session_exports_the_model_it_finds():
    from conftest import MODEL_NAME, SHARED, export_model

    if not (SHARED / "models" / MODEL_NAME).is_dir():
        pytest.skip("no model in ../shared")
    env = {}
    export_model(env)
    assert env == {"CALLSIM_VOSK_MODEL": str(SHARED / "models" / MODEL_NAME)}
    env = {"CALLSIM_VOSK_MODEL": "/my/model"}
    export_model(env)
    assert env == {"CALLSIM_VOSK_MODEL": "/my/model"}


def test_model_variable_is_set_in_the_session():
    """Run on its own (below) without CALLSIM_VOSK_MODEL: the session sets it."""
    from conftest import MODEL_NAME, SHARED

    if (SHARED / "models" / MODEL_NAME).is_dir():
        assert Path(os.environ["CALLSIM_VOSK_MODEL"]).is_dir()


def test_a_subprocess_session_without_the_variable_finds_the_model():
    from conftest import MODEL_NAME, ROOT, SHARED

    if not (SHARED / "models" / MODEL_NAME).is_dir():
        pytest.skip("no model in ../shared")
    env = {k: v for k, v in os.environ.items() if k != "CALLSIM_VOSK_MODEL"}
    test = f"{Path(__file__).name}::test_model_variable_is_set_in_the_session"
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"tests/{test}"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-2000:]


def test_a_shared_folder_with_only_the_model_skips_the_data_tests(tmp_path, monkeypatch):
    """QA: with the model alone in ../shared/models/, every test reading ../shared/data failed (a JSON error,
    a missing file) instead of skipping with the reason."""
    from conftest import MODEL_NAME, shared_folder

    monkeypatch.delenv("CI", raising=False)
    (tmp_path / "models" / MODEL_NAME).mkdir(parents=True)
    with pytest.raises(pytest.skip.Exception, match="shared data folder not found at .*data"):
        shared_folder(tmp_path)
    (tmp_path / "data").mkdir()
    assert shared_folder(tmp_path) == tmp_path
