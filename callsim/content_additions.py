"""Phrase book additions: a trainer's own wording, without editing the packaged ``phrases.toml``.

A file laid out like the phrase book (``[moves.own_mistake] patterns = [...]``,
``[words]``, ``[banned.NAME]``...) adds to it: lists are appended, tables merged,
single values replaced. Two places are read, if they exist: ``phrases.toml`` in
callsim's data folder (every call, ``callsim content`` and ``scenarios validate``), then
``phrases.toml`` in a scenario pack's folder (that pack's turns only).
"""

from __future__ import annotations

import difflib
from functools import lru_cache
from pathlib import Path

from callsim import paths
from callsim.content_phrases import DEFAULT_PATH, Phrasebook, compile_book, read_book
from callsim.errors import CallsimError
from callsim.vocab import BANNED, MOVES

FILE_NAME = "phrases.toml"


def user_additions() -> Path | None:
    """The data folder's ``phrases.toml`` when there is one."""
    path = paths.data_dir() / FILE_NAME
    return path if path.is_file() else None


def phrasebook_for(pack_additions: Path | None = None) -> Phrasebook:
    """The packaged book with the user's additions and then ``pack_additions`` (a pack's ``phrases.toml``)."""
    files = tuple(p for p in (user_additions(), pack_additions) if p is not None and p.is_file())
    return _compiled(tuple((p, p.stat().st_mtime_ns) for p in files))


@lru_cache(maxsize=16)
def _compiled(files: tuple[tuple[Path, int], ...]) -> Phrasebook:
    """The merged, compiled book (cached per file set and modification times)."""
    data = read_book(DEFAULT_PATH)
    for path, _ in files:
        data = merged(data, checked(read_book(path), path))
    try:
        return compile_book(data, files[-1][0] if files else DEFAULT_PATH)
    except CallsimError as err:
        raise CallsimError(f"{err} (with the additions in {', '.join(str(p) for p, _ in files)})") from None


def checked(data: dict, path: Path) -> dict:
    """``data`` when every move and banned item it names exists; else CallsimError naming the nearest one."""
    for group, names in (("moves", MOVES), ("banned", BANNED)):
        for name in data.get(group, {}):
            if name not in names:
                near = difflib.get_close_matches(name, names, n=1)
                hint = f"; did you mean {near[0]!r}?" if near else f" (known: {', '.join(names)})"
                raise CallsimError(f"{path}: [{group}.{name}] is not a {group[:-1] if group == 'moves' else 'banned'}"
                                   f" item{hint}")
    return data


def merged(base: dict, extra: dict) -> dict:
    """``base`` with ``extra`` added: lists appended, tables merged key by key, other values replaced."""
    out = dict(base)
    for key, value in extra.items():
        old = out.get(key)
        if isinstance(old, dict) and isinstance(value, dict):
            out[key] = merged(old, value)
        elif isinstance(old, list) and isinstance(value, list):
            out[key] = old + value
        else:
            out[key] = value
    return out
