"""Trying a model nobody has vouched for in a separate process before this one loads it.

Vosk (Kaldi) does not always fail politely on a damaged model: a cut-short ``graph/disambig_tid.int`` ends the process
with a segmentation fault, a cut-short ``conf/mfcc.conf`` with an abort, both while the model loads or its first
recogniser starts, where no Python code can catch them. In the app that is a crash with the terminal left in raw
mode. A copy of the default model is checked file by file against the official sizes (``model.damage``), so only
other models are tried: once, in a child process that loads the model, starts a recogniser and decodes half a
second of silence. A model that passed is remembered (by its files' names, sizes and times) in the user cache, so
the next start does not pay for the trial again.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from callsim import paths
from callsim.errors import CallsimError

TRIAL = """
import sys, vosk
vosk.SetLogLevel(-1)
recognizer = vosk.KaldiRecognizer(vosk.Model(sys.argv[1]), 16000)
recognizer.AcceptWaveform(bytes(16000))
recognizer.FinalResult()
"""
TRIAL_SECONDS = 600.0  # a large model takes a minute or more to load; past this the trial is given up, not failed


def refuse_crashing(model: Path) -> None:
    """``ensure_loadable`` for a model that is not a verified copy of the default model (``model.vouched_for``),
    loaded as callsim loads it (``overlay.whole_utterance_model``): what ``asr.Transcriber`` and ``callsim doctor``
    both check before Vosk loads ``model``."""
    from callsim.model import vouched_for
    from callsim.overlay import whole_utterance_model

    if not vouched_for(model):
        ensure_loadable(model, load_from=whole_utterance_model(model))


def ensure_loadable(model: Path, *, load_from: Path | None = None) -> None:
    """Raise CallsimError in one line when loading ``model`` (from ``load_from`` if given) would crash this process;
    quick once ``model`` has passed with these files."""
    fingerprint = _fingerprint(model)
    if fingerprint in _passed():
        return
    crash = _trial(load_from or model)
    if crash:
        raise CallsimError(f"the Vosk model at {model} crashes Vosk as it loads ({crash}): one of its files is "
                           "damaged or cut short; copy the model folder again")
    if crash is not None:
        _remember(fingerprint)


def _trial(folder: Path) -> str | None:
    """How loading ``folder`` in a child process crashed ("segmentation fault"); "" when it loaded and decoded;
    None when the trial says nothing: it could not run, took too long, or Vosk refused the model with an
    exception (loading it in this process says why, in words)."""
    try:
        done = subprocess.run([sys.executable, "-c", TRIAL, str(folder)], capture_output=True,
                              timeout=TRIAL_SECONDS)
    except (subprocess.TimeoutExpired, OSError):
        return None
    if done.returncode >= 0:
        return "" if done.returncode == 0 else None
    try:
        return signal.Signals(-done.returncode).name.replace("SIGSEGV", "segmentation fault").replace(
            "SIGABRT", "abort")
    except ValueError:
        return f"signal {-done.returncode}"


def _fingerprint(model: Path) -> str:
    """A digest of where ``model`` is and each of its files' relative name, size and modification time."""
    root = model.resolve()
    entries = [str(root)]
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        stat = path.stat()
        entries.append(f"{path.relative_to(root)}\t{stat.st_size}\t{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(entries).encode()).hexdigest()


def _record() -> Path:
    return paths.cache_dir() / "models-tried.json"


def _passed() -> set[str]:
    """The fingerprints of models that passed their trial (empty when the record is missing or unreadable)."""
    try:
        return set(json.loads(_record().read_text()))
    except (OSError, ValueError, TypeError):
        return set()


def _remember(fingerprint: str) -> None:
    """Add ``fingerprint`` to the record; a cache that cannot be written only means another trial next time."""
    try:
        record = _record()
        record.parent.mkdir(parents=True, exist_ok=True)
        tmp = record.with_name(f"{record.name}.{os.getpid()}.tmp")  # two processes never share one
        tmp.write_text(json.dumps(sorted(_passed() | {fingerprint})))
        tmp.replace(record)
    except OSError:
        pass
