"""Completing a typed file path in the reply-file box: a Textual suggester, accepted with the Right arrow.

``complete_path`` reads one folder only, the one the typed path names (never below it, and at most
``MAX_ENTRIES`` of its entries), so a suggestion costs one directory read per keystroke. It prefers an audio
file (the box wants a reply recording), then a folder (with a trailing ``/``), then any other file.
"""

from __future__ import annotations

import asyncio
import itertools
import os
from typing import Callable

from textual.suggester import Suggester

from callsim.scenario_audio import AUDIO_SUFFIXES
from callsim.tui.call_record import typed_path

#: Entries of a folder looked at for one suggestion: a huge folder is only partly searched, typing stays quick.
MAX_ENTRIES = 5000

#: Further endings of audio files clip.load reads, preferred like AUDIO_SUFFIXES.
MORE_AUDIO = (".aif", ".aiff", ".au", ".caf", ".w64")


def complete_path(value: str, cwd: str = "") -> str | None:
    """``value`` completed to the best entry of the folder it names, or None when nothing longer matches.

    The typed text is kept as it is (``~``, a relative path); only the lookup expands ``~`` and reads a relative
    path against ``cwd`` ("" is the process's working directory). Hidden entries match only a name typed with its
    leading dot. Nothing typed, or a folder that cannot be read, gives None."""
    if not value:
        return None
    if os.sep not in value and value.startswith("~"):
        return _home(value)
    partial = value.rsplit(os.sep, 1)[-1]
    typed_folder = value[:len(value) - len(partial)]
    folder = os.path.join(cwd, os.path.expanduser(typed_folder) or os.curdir)
    best = min(_candidates(folder, partial), default=None)
    return None if best is None else typed_folder + best[1]


def complete_typed(value: str, folder: str = "", cwd: str = "") -> str | None:
    """``complete_path`` of the path the reply box reads from ``value``: a full path typed after the box's prefilled
    ``folder`` ("replies//tmp/r", "replies/~/r") is completed on its own, as ``call_record.typed_path`` reads it."""
    meant = typed_path(value, folder)
    completed = complete_path(meant, cwd)
    return None if completed is None else value[:len(value) - len(meant)] + completed


def _home(value: str) -> str | None:
    """``~`` or ``~user`` alone: its folder's separator, when it is a home folder."""
    home = os.path.expanduser(value)
    return value + os.sep if home != value and os.path.isdir(home) else None


def _candidates(folder: str, partial: str) -> list[tuple[int, str]]:
    """``_ranked`` for each entry of ``folder`` whose name extends ``partial`` (hidden ones only after a dot)."""
    hidden_ok = partial.startswith(".")
    try:
        with os.scandir(folder) as entries:
            ranked = [_ranked(e) for e in itertools.islice(entries, MAX_ENTRIES)
                      if e.name.startswith(partial) and (hidden_ok or not e.name.startswith("."))]
    except (OSError, ValueError):  # unreadable, gone, not a folder, a NUL in the typed path
        return []
    return [(rank, name) for rank, name in ranked if len(name) > len(partial)]


def _ranked(entry: os.DirEntry) -> tuple[int, str]:
    """(rank, completed name): 0 for an audio file, 1 for a folder (its name ends in the separator), 2 for
    anything else."""
    if _is_dir(entry):
        return 1, entry.name + os.sep
    return (0 if entry.name.lower().endswith(AUDIO_SUFFIXES + MORE_AUDIO) else 2), entry.name


def _is_dir(entry: os.DirEntry) -> bool:
    """True for a folder (or a link to one); False when that cannot be told."""
    try:
        return entry.is_dir()
    except OSError:
        return False


class PathSuggester(Suggester):
    """Suggests the completion of the path typed so far (``complete_path``); Right accepts it, as for any Input.

    Nothing is cached (a reply file recorded meanwhile is offered at once) and case counts, as in file names.
    The folder is read in a thread, so a slow disk never holds up typing."""

    def __init__(self, cwd: str = "", folder: Callable[[], str] | None = None):
        super().__init__(use_cache=False, case_sensitive=True)
        self.cwd = cwd
        self.folder = folder  # the folder the box was prefilled with, if it is (``complete_typed``)

    async def get_suggestion(self, value: str) -> str | None:
        """The completed path, or None."""
        folder = self.folder() if self.folder is not None else ""
        return await asyncio.to_thread(complete_typed, value, folder, self.cwd)
