"""Checks on a turn's audio file: it stays inside its pack folder, exists and decodes.

A pack may only name files in its own folder (or below it): absolute paths,
``..`` and symlinks that point outside are refused, so a shared pack cannot
make callsim read anything else on the trainee's machine.

A turn's file is found under its name (``audio``, by default ``<turn-id>.ogg``),
else under the same name with another audio extension (``AUDIO_SUFFIXES``), so a
recording saved as ``opening.flac`` or ``opening.wav`` is used for ``opening.ogg``.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath, PureWindowsPath

from callsim.errors import CallsimError
from callsim.scenario_fields import Checker

#: The comment tag scripts/make_voices.py writes into every line it renders (its ``MARK``).
RENDER_MARK = "callsim make_voices"

#: Extensions of the audio files callsim.clip.load reads, in the order a missing file's stand-in is looked for.
AUDIO_SUFFIXES = (".ogg", ".wav", ".flac", ".mp3", ".opus", ".oga")

#: A caller's line shorter than this (seconds) is most likely a recording or render cut short (a warning).
SHORTEST_LINE = 0.25

#: The longest file or folder name (bytes) common file systems allow.
NAME_MAX = 255


def inside_pack(folder: Path, name: str) -> tuple[Path | None, str | None]:
    """``(absolute path, None)`` for a safe name, else ``(None, reason)``."""
    if not name.strip():
        return None, "the audio file name is empty"
    if PurePosixPath(name).is_absolute() or PureWindowsPath(name).is_absolute():
        return None, f"audio path {name!r} is absolute; name a file inside the pack folder"
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if ".." in parts:
        return None, f"audio path {name!r} leaves the pack folder"
    if any(len(part.encode()) > NAME_MAX for part in parts):
        return None, f"audio file name {name[:40]!r}... is too long (at most {NAME_MAX} bytes per name)"
    root = folder.resolve()
    path = root / name
    try:
        path.resolve().relative_to(root)
    except ValueError:
        return None, f"audio path {name!r} is a link that points outside the pack folder"
    return path, None


def is_file(path: Path) -> bool:
    """``path.is_file()``, but False rather than an error for a name the system cannot look up (too long)."""
    try:
        return path.is_file()
    except OSError:
        return False


def find_audio(folder: Path, name: str) -> tuple[Path | None, str | None]:
    """``inside_pack(folder, name)``, but when that file is missing, a file of the same name with another
    extension of ``AUDIO_SUFFIXES`` inside the pack (the first found); the named path when there is none.

    A stand-in that is a link out of the pack is refused with a reason, rather than the file said to be missing.
    """
    path, reason = inside_pack(folder, name)
    pure = PurePosixPath(name.replace("\\", "/"))
    if path is None or is_file(path) or not pure.name:
        return path, reason
    names = [str(pure.with_suffix(suffix)) for suffix in AUDIO_SUFFIXES]
    for other_name in names:
        other, _ = inside_pack(folder, other_name)
        if other is not None and is_file(other):
            return other, None
    outside = next((n for n in names if is_file(folder / n)), None)  # there, so refused: a link out of the pack
    if outside and not path.exists():
        return None, (f"audio file {pure.name!r} is missing; {PurePosixPath(outside).name!r} would stand in for it, "
                      f"but it is a link that points outside the pack folder (a pack may only use files inside it)")
    return path, None


def audio_key(check: Checker, section: tuple) -> str:
    """The key a turn's audio problem is reported at: its ``audio =`` line when it names one, else its ``id =``
    line (the default file is named after the id), as reachability and loop problems are."""
    return "audio" if "audio" in check.locator.keys.get(section, {}) else "id"


def check_audio(path: Path, check: Checker, section: tuple, *, decode: bool = True) -> None:
    """Report a missing audio file, or one that will not be read: with ``decode``, one that will not decode or is
    silent; without, one whose header already shows it unreadable (cheap: how the library is loaded at start-up)."""
    key = audio_key(check, section)
    if path.is_dir():
        check.report(section, key, f"audio file {path.name!r} is a folder, not an audio file ({path})")
        return
    if not path.is_file():
        check.report(section, key, missing(path))
        return
    from callsim import clip

    try:
        loaded = clip.load(path) if decode else clip.check_header(path)
    except CallsimError as err:
        named = " and name the new file in audio (or remove this one: a .wav of the same name stands in)" \
            if "unsupported format" in str(err) else ""
        check.report(section, key, f"audio file {path.name!r} is unreadable: {_short(err, path)}{named}")
        return
    if decode and loaded.is_silent:
        check.report(section, key, f"audio file {path.name!r} is silent")
    elif decode and loaded.duration < SHORTEST_LINE:
        check.warn(section, key, f"audio file {path.name!r} lasts {loaded.duration * 1000:.0f} ms, too short for a "
                                 f"caller's line (even \"Yes.\" takes about {SHORTEST_LINE * 1000:.0f} ms): is it cut short?")


def missing(path: Path) -> str:
    """Why a turn's audio file is not there: a link by its name (or a stand-in's) whose file is gone, else the
    names that would do."""
    links = (p for p in (path, *(path.with_suffix(s) for s in AUDIO_SUFFIXES)) if p.is_symlink())
    if (link := next(links, None)) is not None:
        return f"audio file {link.name!r} is a link to a file that does not exist ({os.readlink(link)})"
    *others, last = [s for s in AUDIO_SUFFIXES if s != path.suffix.lower()]
    return (f"audio file {path.name!r} is missing ({path}); the same name ending {', '.join(others)} or {last} "
            f"would do too")


def is_rendered(path: Path) -> bool:
    """True when ``path`` was rendered by scripts/make_voices.py (its comment tag), not recorded by a person."""
    import soundfile as sf

    try:
        with sf.SoundFile(str(path)) as f:
            return (f.comment or "").startswith(RENDER_MARK)
    except (OSError, RuntimeError, sf.LibsndfileError):
        return False


def _short(err: Exception, path: Path) -> str:
    text = str(err)
    prefix = f"{path}: "
    return text[len(prefix):] if text.startswith(prefix) else text
