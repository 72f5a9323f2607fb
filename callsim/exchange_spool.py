"""Where an import keeps the recordings it decoded from a file until they are stored: a private temp folder.

A file with hundreds of recordings is checked whole before the store is touched (``exchange.read_export``);
holding every decoded recording in memory until then cost the file's size again. Each is written here as it is
decoded (and checked from here); the merge copies the ones it stores from here, a piece at a time.

API::

    spool = Spool()                      # mode 0700 folder in the temp folder (TMPDIR)
    audio = spool.keep(data, ".flac")    # Audio(suffix, path): the bytes in a mode 0600 file
    for piece in audio.pieces(): ...
    spool.close()                        # the folder removed (also when the spool is garbage-collected)
"""

from __future__ import annotations

import os
import shutil
import tempfile
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from callsim.errors import CallsimError

#: Bytes copied at a time from a kept recording.
PIECE = 2**20


@dataclass
class Audio:
    """An embedded recording: its file suffix, and the file holding its bytes (in a ``Spool``)."""

    suffix: str
    path: Path

    def pieces(self) -> Iterator[bytes]:
        """The recording's bytes, ``PIECE`` at a time."""
        with open(self.path, "rb") as f:
            while block := f.read(PIECE):
                yield block


class Spool:
    """A private temp folder for the recordings an import has decoded and not yet stored."""

    def __init__(self):
        """Make the folder (mode 0700); it is removed by ``close``, or when the spool is garbage-collected."""
        self.folder = Path(tempfile.mkdtemp(prefix="callsim-import-"))
        self._count = 0
        self._remove = weakref.finalize(self, shutil.rmtree, self.folder, ignore_errors=True)

    def keep(self, data: bytes, suffix: str) -> Audio:
        """``data`` written to a new mode 0600 file ending in ``suffix``; CallsimError (one line) when it cannot be."""
        self._count += 1
        path = self.folder / f"{self._count}{suffix}"
        try:
            with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as f:
                f.write(data)
        except OSError as err:
            raise CallsimError(f"cannot keep an embedded recording in {self.folder} until it is stored "
                               f"({err.strerror or err}; set TMPDIR to a folder with room)") from None
        return Audio(suffix, path)

    def close(self) -> None:
        """Remove the folder and the recordings in it."""
        self._remove()
