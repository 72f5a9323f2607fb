"""Fetch a model archive safely: temp file, size + sha256 check, unpack, then move into place."""

from __future__ import annotations

import hashlib
import http.client
import tempfile
import urllib.error
import urllib.request
import zipfile
from pathlib import Path
from typing import Callable

from callsim.errors import CallsimError
from callsim.model import REQUIRED, ModelSpec

Progress = Callable[[int, int], None]
CHUNK = 1 << 16


def download_model(spec: ModelSpec, dest: Path, *, progress: Progress | None = None, timeout: float = 30,
                   replace: bool = False) -> Path:
    """Download ``spec`` and install it as folder ``dest``; nothing is left behind on failure. With ``replace``,
    a folder (or link) already at ``dest`` is swapped out only once the new model is verified and unpacked, so a
    failed download keeps it."""
    if (dest.exists() or dest.is_symlink()) and not replace:
        raise CallsimError(f"{dest} already exists; remove it first to download again")
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".download-", dir=dest.parent) as tmp:
        archive = Path(tmp) / "model.zip"
        _fetch(spec, archive, progress=progress, timeout=timeout, dest=dest)
        _verify(spec, archive)
        _swap_in(_unpack(archive, Path(tmp) / "unpacked"), dest, Path(tmp) / "replaced")
    return dest


def _swap_in(unpacked: Path, dest: Path, aside: Path) -> None:
    """Move ``unpacked`` to ``dest``; what was there goes to ``aside`` (removed with the temp folder), and comes
    back if the move fails."""
    if dest.exists() or dest.is_symlink():
        dest.rename(aside)
    try:
        unpacked.rename(dest)
    except OSError:
        if aside.exists() or aside.is_symlink():
            aside.rename(dest)
        raise


def _fetch(spec: ModelSpec, target: Path, *, progress: Progress | None, timeout: float, dest: Path) -> None:
    try:
        with urllib.request.urlopen(spec.url, timeout=timeout) as response, open(target, "wb") as out:
            _copy(response, out, spec.size, progress)
    except urllib.error.HTTPError as err:
        raise CallsimError(f"download failed: {spec.url} answered HTTP {err.code}") from None
    except http.client.HTTPException as err:
        raise CallsimError(f"download interrupted ({type(err).__name__}); nothing was installed, try again") from None
    except (urllib.error.URLError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise CallsimError(
            f"cannot download {spec.url} ({reason}); are you offline? "
            f"Copy an unpacked {spec.name} folder to {dest} (or anywhere, and set CALLSIM_VOSK_MODEL to it)"
        ) from None


def _copy(response, out, total: int, progress: Progress | None) -> None:
    done = 0
    while block := response.read(CHUNK):
        out.write(block)
        done += len(block)
        if progress:
            progress(done, total)


def _verify(spec: ModelSpec, archive: Path) -> None:
    size = archive.stat().st_size
    if size != spec.size:
        raise CallsimError(
            f"download incomplete or wrong: got {size:,} bytes, expected {spec.size:,}; nothing was installed, try again"
        )
    digest = hashlib.sha256()
    with open(archive, "rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    if digest.hexdigest() != spec.sha256:
        raise CallsimError("download corrupt: sha256 does not match; nothing was installed, try again")


def _unpack(archive: Path, into: Path) -> Path:
    try:
        with zipfile.ZipFile(archive) as zf:
            for member in zf.namelist():
                if member.startswith(("/", "\\")) or ".." in Path(member).parts:
                    raise CallsimError(f"refusing archive entry outside the model folder: {member}")
            zf.extractall(into)
    except zipfile.BadZipFile:
        raise CallsimError("the downloaded file is not a valid zip archive; nothing was installed") from None
    return _model_root(into)


def _model_root(into: Path) -> Path:
    candidates = [into] + [p for p in into.iterdir() if p.is_dir()]
    for folder in candidates:
        if all((folder / name).is_file() for name in REQUIRED):
            return folder
    raise CallsimError("the archive does not contain a Vosk model (no am/final.mdl); nothing was installed")


def text_progress(stream) -> Progress:
    """A progress callback that draws a one-line bar on ``stream``."""
    width = 30

    def show(done: int, total: int) -> None:
        frac = min(done / total, 1.0) if total else 0.0
        bar = "#" * int(frac * width)
        stream.write(f"\r  [{bar:<{width}}] {frac:6.1%} {done / 1e6:5.1f}/{total / 1e6:.1f} MB")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return show
