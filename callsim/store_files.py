"""Files beside the database: private folders, crash-safe audio writes, session locks.

Audio is written to a hidden temp file in the target folder, fsynced, renamed
over the final name and the folder fsynced, so a reader (or a crash) only ever
sees no file or the complete file.

A practice session holds an exclusive ``flock`` on ``locks/<uuid>.lock`` while
it runs. The kernel drops the lock when the process dies (even on SIGKILL), so
"in progress and nobody holds its lock" means "its process is gone".
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import tempfile
from pathlib import Path
from typing import Iterable

import numpy as np

from callsim.clip import Clip

TMP_PREFIX = ".tmp-"


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) as mode 0700 folders, durably; returns ``path``."""
    missing = [p for p in [path, *path.parents] if not p.exists()]
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    for created in reversed(missing):
        os.chmod(created, 0o700)
        fsync_dir(created.parent)
    return path


def unwritable(folder: Path) -> str:
    """Why no file can be made in ``folder`` ("Read-only file system"), or "" when one can (a temp file is
    made and removed to find out)."""
    try:
        with tempfile.NamedTemporaryFile(prefix=TMP_PREFIX, dir=folder):
            pass
    except OSError as err:
        return err.strerror or str(err)
    return ""


def write_audio(path: Path, clip: Clip) -> None:
    """Write ``clip`` to ``path`` (FLAC 16-bit, or WAV by suffix) atomically and durably."""
    tmp = path.with_name(f"{TMP_PREFIX}{path.name}")
    try:
        _write_synced(tmp, clip, "WAV" if path.suffix.lower() == ".wav" else "FLAC")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def write_bytes(path: Path, data: bytes | Iterable[bytes], *, replace: bool = True) -> None:
    """Write ``data`` (bytes, or pieces of them made as they are written: a report of any size in little memory) to
    ``path``: a new or regular file is replaced whole (mode 0600, atomically and durably; when making a piece fails,
    nothing is left but the file as it was).

    A symlink is followed and its target replaced, so the link stays a link. A FIFO, a device or
    ``/dev/stdout`` is opened and written into, as a shell's ``>`` would: replacing it would leave its reader
    with nothing and put a regular file in its place. The temp file has a fresh random name beside the target,
    created with ``O_EXCL`` (and ``O_NOFOLLOW``) by ``tempfile.mkstemp``: in a shared folder such as /tmp a file
    or symlink someone planted under a guessable name is never written through. Without ``replace``, a file
    already there (made meanwhile too) is left as it is: FileExistsError, and nothing is written."""
    target, pieces = _write_target(Path(path)), [data] if isinstance(data, (bytes, bytearray)) else data
    if target is None:
        _write_into(Path(path), pieces)
    else:
        _replace_whole(target, pieces, replace=replace)


def replaced_whole(path: Path | str) -> bool:
    """True when ``write_bytes`` replaces ``path`` (or its link's target) with a new file, False when it writes
    into it (a FIFO, a device, /dev/stdout)."""
    return _write_target(Path(path)) is not None


def replaces_a_file(path: Path | str) -> bool:
    """True when ``write_bytes`` would replace a file that is there now (``path``, or its link's target)."""
    target = _write_target(Path(path))
    return target is not None and target.exists()


def rename_unless_taken(tmp: Path, path: Path) -> bool:
    """Rename ``tmp`` to ``path`` unless ``path`` exists (then False, and ``tmp`` stays where it is)."""
    try:
        os.link(tmp, path)  # fails instead of replacing, unlike a rename
    except FileExistsError:
        return False
    except OSError:  # a file system without hard links: look, then rename
        if path.exists():
            return False
        os.replace(tmp, path)
        return True
    tmp.unlink()
    return True


def _write_target(path: Path) -> Path | None:
    """The file to replace for ``path`` (itself, or the end of its symlinks), or None to write into ``path``.

    None for anything not a regular file once links are followed (FIFO, device, folder), and for a path that
    resolves into /proc (``/dev/stdout`` is a link to /proc/self/fd/1, whatever file that is)."""
    if _through_proc(path):
        return None
    real = Path(os.path.realpath(path))
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        return real  # a new file (or a dangling link's target, created as the shell would)
    return real if stat.S_ISREG(mode) else None


def _through_proc(path: Path) -> bool:
    """True when ``path`` or a link it leads through is in /proc (``/dev/stdout``, ``/dev/fd/1``): the file at
    the end (a pipe, a terminal, a file the shell opened) is one this process was handed, to write into."""
    for _ in range(40):  # the kernel's limit on links followed
        folder = Path(os.path.realpath(path.parent))
        if folder.parts[1:2] == ("proc",):
            return True
        if not path.is_symlink():
            return False
        path = folder / os.readlink(path)
    return False


def _replace_whole(path: Path, pieces: Iterable[bytes], *, replace: bool = True) -> None:
    """Write ``pieces`` to a temp file beside ``path`` (mode 0600, fsynced), rename it over ``path`` (unless it is
    there and not ``replace``: FileExistsError), sync the folder; the temp file is removed when anything fails."""
    fd, name = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{path.name}.", dir=path.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as f:
            os.fchmod(f.fileno(), 0o600)
            for piece in pieces:
                f.write(piece)
            f.flush()
            os.fsync(f.fileno())
        if replace:
            os.replace(tmp, path)
        elif not rename_unless_taken(tmp, path):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def _write_into(path: Path, pieces: Iterable[bytes]) -> None:
    """Write all of ``pieces`` into the existing ``path`` (FIFO, device, /dev/stdout). A descriptor this process was
    handed (/proc/self/fd/N, where /dev/stdout leads) is written through as the shell opened it: ``>`` emptied the
    file, ``>>`` appends to it."""
    handed = _own_descriptor(path)
    fd = os.dup(handed) if handed is not None else os.open(path, os.O_WRONLY | os.O_NOCTTY)
    try:
        for piece in pieces:
            view = memoryview(piece)
            while view:
                view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def _own_descriptor(path: Path) -> int | None:
    """N when ``path`` leads (through links) to /proc/self/fd/N or /proc/<this process>/fd/N; else None."""
    for _ in range(40):
        parts = Path(os.path.realpath(path.parent)).parts + (path.name,)
        if parts[1:2] == ("proc",) and len(parts) == 5 and parts[2] in ("self", str(os.getpid())) \
                and parts[3] == "fd" and parts[4].isdigit():
            return int(parts[4])
        if not path.is_symlink():
            return None
        path = Path(os.path.realpath(path.parent)) / os.readlink(path)
    return None


def _write_synced(tmp: Path, clip: Clip, fmt: str) -> None:
    import soundfile as sf

    data = np.clip(np.asarray(clip.y, dtype=np.float32), -1.0, 1.0)
    with os.fdopen(os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600), "wb") as f:
        sf.write(f, data, clip.sr, format=fmt, subtype="PCM_16")
        f.flush()
        os.fsync(f.fileno())


def fsync_dir(path: Path) -> None:
    """fsync a folder so a rename or unlink inside it survives a power cut."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_leftovers(folder: Path) -> None:
    """Delete half-written temp files a killed process left in ``folder``."""
    if folder.is_dir():
        for tmp in folder.glob(f"{TMP_PREFIX}*"):
            tmp.unlink(missing_ok=True)


class SessionLock:
    """The exclusive lock a running session holds on its lock file."""

    def __init__(self, path: Path):
        """Open (creating, mode 0600) the lock file at ``path``; not locked yet."""
        self.path = path
        self._fd: int | None = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)

    def try_acquire(self) -> bool:
        """Take the lock without waiting; False when another holder has it."""
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def release(self, *, remove: bool = False) -> None:
        """Drop the lock (deleting the file first when ``remove``) and close it."""
        if self._fd is None:
            return
        if remove:
            self.path.unlink(missing_ok=True)
        os.close(self._fd)
        self._fd = None


def holder_alive(path: Path) -> bool:
    """True when some process (this one included) holds the session lock at ``path``."""
    if not path.exists():
        return False
    lock = SessionLock(path)
    try:
        return not lock.try_acquire()
    finally:
        lock.release()
