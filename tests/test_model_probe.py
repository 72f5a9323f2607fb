"""A damaged model that would crash Vosk (a segmentation fault, an abort: no Python error to catch) is tried in a
child process first, and refused in one line; the default model's verified copies and models that passed before
are not tried again."""

from __future__ import annotations

import contextlib

import pytest

from callsim import model_probe
from callsim.asr import Transcriber
from callsim.errors import CallsimError
from callsim.model import vouched_for

pytestmark = pytest.mark.shared


def linked_copy(model_path, folder, *, cut: str | None = None):
    """``model_path``'s files linked into ``folder`` (another model: no ``uuid``), with ``cut`` cut to 20 bytes."""
    for source in model_path.rglob("*"):
        if source.is_file() and source.name != "uuid":
            target = folder / source.relative_to(model_path)
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.relative_to(model_path).as_posix() == cut:
                target.write_bytes(source.read_bytes()[:20])
            else:
                target.symlink_to(source)
    return folder


@pytest.mark.parametrize(("cut", "crash"), [("graph/disambig_tid.int", "segmentation fault"),
                                            ("conf/mfcc.conf", "abort")])
def test_a_model_that_would_crash_vosk_is_refused_in_one_line(model_path, tmp_path, cut, crash):
    model = linked_copy(model_path, tmp_path / "my-model", cut=cut)
    with pytest.raises(CallsimError) as err:
        Transcriber(model)
    assert str(err.value) == (f"the Vosk model at {model} crashes Vosk as it loads ({crash}): one of its files is "
                              "damaged or cut short; copy the model folder again")


def test_a_whole_model_is_tried_once_then_remembered(model_path, tmp_path, monkeypatch):
    model = linked_copy(model_path, tmp_path / "my-model")
    tried = []
    trial = model_probe._trial
    monkeypatch.setattr(model_probe, "_trial", lambda folder: tried.append(folder) or trial(folder))
    model_probe.ensure_loadable(model)
    model_probe.ensure_loadable(model)
    assert tried == [model]
    (model / "graph" / "disambig_tid.int").unlink()  # a file copied in again: tried again
    (model / "graph" / "disambig_tid.int").write_bytes((model_path / "graph" / "disambig_tid.int").read_bytes())
    model_probe.ensure_loadable(model)
    assert len(tried) == 2


def test_a_verified_copy_of_the_default_model_is_not_tried(model_path, monkeypatch):
    monkeypatch.setattr(model_probe, "_trial", lambda folder: pytest.fail("the default model was tried"))
    assert vouched_for(model_path)
    assert Transcriber(model_path).model is not None


def test_doctor_names_a_model_that_would_crash_vosk(model_path, tmp_path, monkeypatch):
    """QA: with CALLSIM_VOSK_MODEL at a copy whose graph/disambig_tid.int was cut short, `callsim doctor` said
    "ok   model" while transcribe, analyze and the app refused the model (it crashes Vosk). doctor tries it the
    same way now, once, and names the crash with the fix."""
    from callsim.doctor import check_model
    from callsim.model import ENV_VAR

    monkeypatch.setenv(ENV_VAR, str(linked_copy(model_path, tmp_path / "my-model", cut="graph/disambig_tid.int")))
    check = check_model()
    assert not check.ok and "crashes Vosk as it loads (segmentation fault)" in check.detail
    assert check.fix == "copy the model folder again"
    monkeypatch.setenv(ENV_VAR, str(linked_copy(model_path, tmp_path / "whole-model")))
    assert check_model().ok


@pytest.mark.parametrize("said", [None, "segmentation fault"])
def test_only_a_model_that_loaded_is_remembered(model_path, tmp_path, monkeypatch, said):
    """A trial that could not tell (it timed out, or Vosk refused the model with an error of its own) is not
    recorded as passed: the next start tries again."""
    model = linked_copy(model_path, tmp_path / "my-model")
    monkeypatch.setattr(model_probe, "_trial", lambda folder: said)
    with pytest.raises(CallsimError) if said else contextlib.nullcontext():
        model_probe.ensure_loadable(model)
    assert model_probe._passed() == set()
