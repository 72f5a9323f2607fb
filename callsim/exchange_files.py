"""The recordings an import writes: staged before its transaction, moved to their final names inside it.

Each is written durably (mode 0600, fsynced) under a temp name in its final folder, then renamed by a
move that never replaces an existing file: a recording someone saved meanwhile keeps its name and the
imported one gets a free name beside it.
"""

from __future__ import annotations

import uuid as uuidlib
from dataclasses import dataclass, field
from pathlib import Path

from callsim.exchange import Audio
from callsim.store_files import TMP_PREFIX, fsync_dir, private_dir, rename_unless_taken, write_bytes


@dataclass
class ImportFiles:
    """Recordings written before the transaction (``staged``, by ``id`` of their ``Audio``) and those
    moved to their final names inside it (``placed``)."""

    staged: dict[int, Path] = field(default_factory=dict)
    placed: list[Path] = field(default_factory=list)

    def stage(self, folder: Path, audio: Audio) -> None:
        """Write ``audio`` durably under a temp name in ``folder`` (the final name is chosen later)."""
        tmp = private_dir(folder) / f"{TMP_PREFIX}import-{uuidlib.uuid4().hex}{audio.suffix}"
        self.staged[id(audio)] = tmp
        write_bytes(tmp, audio.pieces())

    def place(self, audio: Audio, path: Path) -> Path:
        """Move the staged ``audio`` (staging it now if it was not) to ``path``, or to a free name beside it."""
        if id(audio) not in self.staged:
            self.stage(path.parent, audio)
        final = _move_unless_taken(self.staged[id(audio)], path)
        del self.staged[id(audio)]
        self.placed.append(final)
        return final

    def sync(self) -> None:
        """Make the renames durable before the rows naming them are committed."""
        for folder in {p.parent for p in self.placed}:
            fsync_dir(folder)

    @staticmethod
    def remove(paths) -> None:
        """Delete files this import wrote."""
        for path in list(paths):
            path.unlink(missing_ok=True)


def _move_unless_taken(tmp: Path, path: Path) -> Path:
    """Rename ``tmp`` to ``path``; when ``path`` exists (a recording we must not replace), to a new name beside it."""
    while not rename_unless_taken(tmp, path):
        path = path.with_name(f"{path.stem}-{uuidlib.uuid4().hex[:8]}{path.suffix}")
    return path
