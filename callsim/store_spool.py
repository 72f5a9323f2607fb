"""A reply being recorded, spooled to disk as it comes, so an app killed mid-reply (SIGKILL, a crash, a power cut,
the kernel out of memory) loses none of what was said.

While a reply is recorded, its samples are appended (16-bit PCM, 16 kHz) to ``.reply-INDEX-RETRY.pcm`` in the
session's folder, beside ``.reply-INDEX-RETRY.json``, which names the turn. However the reply is then kept (judged
or not) the spool is removed. One still there when ``recover`` finds the session's process dead becomes an unjudged
try ("the call was ended mid-reply"), unless that try was saved meanwhile or the spool holds only silence.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from callsim.clip import TARGET_SR, Clip

PREFIX = ".reply-"


class ReplySpool:
    """The spool of one reply: ``append`` its chunks as they are recorded, ``discard`` it once the reply is kept."""

    def __init__(self, folder: Path, index: int, retry: int, turn: dict):
        """Start the spool for try ``retry`` of turn ``index`` in ``folder``; ``turn`` holds the ``caller_turn_id``,
        ``caller_text`` and ``target_tone`` a try row needs."""
        stem = folder / f"{PREFIX}{index}-{retry}"
        self.audio, self.meta = stem.with_suffix(".pcm"), stem.with_suffix(".json")
        _write_private(self.meta, json.dumps({"index": index, "retry": retry, **turn}).encode())
        self._fd: int | None = os.open(self.audio, os.O_CREAT | os.O_TRUNC | os.O_WRONLY | os.O_APPEND, 0o600)

    def append(self, y: np.ndarray) -> None:
        """Add a chunk of float32 samples at 16 kHz (on the recording thread)."""
        if self._fd is not None:
            os.write(self._fd, _pcm16(y))

    def close(self, *, reason: str | None = None) -> None:
        """Stop writing and leave the spool on disk: the reply could not be kept, so the spool keeps it until the
        session ends (``Store.finish_session``) or the next start finds it (``recover``); ``reason`` (an
        ``UNJUDGED_REASONS`` id, e.g. ``save_failed``) is what the try will say, however it is found."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if reason is not None:
            meta = json.loads(self.meta.read_text())
            _write_private(self.meta, json.dumps({**meta, "reason": reason}).encode())

    def discard(self) -> None:
        """Close and remove the spool (the reply is kept, or there was nothing to keep); twice is harmless."""
        self.close()
        self.audio.unlink(missing_ok=True)
        self.meta.unlink(missing_ok=True)


@dataclass(frozen=True)
class Spooled:
    """A reply found spooled by a process that died: the try it was, its audio, when it was last written, why it
    was left (``reason``, None when the process died mid-reply) and its ``stem`` (``.reply-INDEX-RETRY``)."""

    index: int
    retry: int
    turn: dict  # caller_turn_id, caller_text, target_tone
    clip: Clip
    written: datetime
    reason: str | None
    stem: str


def spooled(folder: Path) -> list[Spooled]:
    """The replies spooled in ``folder``, oldest try first; an unreadable or half-written spool is skipped."""
    found = []
    for meta in sorted(folder.glob(f"{PREFIX}*.json")) if folder.is_dir() else []:
        try:
            found.append(_read(meta))
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return sorted(found, key=lambda s: (s.index, s.retry))


def _read(meta: Path) -> Spooled:
    turn = json.loads(meta.read_text())
    audio = meta.with_suffix(".pcm")
    data = audio.read_bytes()
    y = np.frombuffer(data[: len(data) // 2 * 2], dtype="<i2").astype(np.float32) / 32768.0
    written = datetime.fromtimestamp(audio.stat().st_mtime, timezone.utc)
    fields = {k: str(turn[k]) for k in ("caller_turn_id", "caller_text", "target_tone")}
    reason = str(turn["reason"]) if turn.get("reason") else None
    return Spooled(int(turn["index"]), int(turn["retry"]), fields, Clip(y, TARGET_SR), written, reason, meta.stem)


def remove_spools(folder: Path, *, but: frozenset[str] = frozenset()) -> None:
    """Delete every spool in ``folder`` but those whose stem is in ``but`` (replies not kept yet)."""
    if folder.is_dir():
        for path in folder.glob(f"{PREFIX}*"):
            if path.stem not in but:
                path.unlink(missing_ok=True)


def _pcm16(y: np.ndarray) -> bytes:
    return (np.clip(np.asarray(y, dtype=np.float32), -1.0, 1.0) * 32767.0).astype("<i2").tobytes()


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)
