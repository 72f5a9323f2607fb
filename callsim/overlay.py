"""A decoding overlay for a Vosk model: same files, endpointing switched off.

Vosk splits audio into utterances at short pauses (0.5-1 s) and restarts the
language-model context at each split, so feeding a reply in microphone-sized
chunks recognises worse than decoding it in one piece ("ask not" becomes
"as not"). callsim finds the end of a reply itself (``audio.py``), so it
decodes each reply as one utterance. Vosk 0.3.45 has no API for this; the
endpoint rules are read from ``conf/model.conf``. The overlay is a folder in
the user cache with symbolic links to the model's files and a copy of
``model.conf`` whose endpoint rules never fire. The model itself is untouched.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from callsim import paths

NEVER = "100000"
RULES = [f"--endpoint.rule{n}.min-trailing-silence={NEVER}" for n in range(1, 5)] + [
    f"--endpoint.rule5.min-utterance-length={NEVER}"
]


def whole_utterance_model(model: Path) -> Path:
    """A folder that loads ``model`` with endpointing disabled (``model`` itself if links fail)."""
    conf = model / "conf" / "model.conf"
    text = _overlay_conf(conf.read_text() if conf.is_file() else "")
    key = hashlib.sha256(f"{model.resolve()}\n{text}".encode()).hexdigest()[:16]
    target = paths.cache_dir() / "vosk-overlay" / f"{model.name}-{key}"
    if (target / "conf" / "model.conf").is_file():
        return target
    try:
        _build(model.resolve(), target, text)
    except OSError:
        return model
    return target


def _overlay_conf(original: str) -> str:
    kept = [line for line in original.splitlines() if not line.startswith("--endpoint.rule")]
    return "\n".join(kept + RULES) + "\n"


def _build(model: Path, target: Path, conf_text: str) -> None:
    tmp = target.with_name(target.name + f".tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)  # a leftover of a crashed run
    (tmp / "conf").mkdir(parents=True, exist_ok=True)
    for item in model.iterdir():
        if item.name != "conf":
            os.symlink(item, tmp / item.name)
    for item in (model / "conf").iterdir():
        if item.name != "model.conf":
            os.symlink(item, tmp / "conf" / item.name)
    (tmp / "conf" / "model.conf").write_text(conf_text)
    try:
        tmp.rename(target)
    except OSError:
        if not (target / "conf" / "model.conf").is_file():
            raise
