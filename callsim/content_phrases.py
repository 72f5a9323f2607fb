"""The phrase book behind ``callsim content``: ``phrases.toml`` loaded and compiled.

Patterns use a small word-level syntax (documented at the top of ``phrases.toml``),
compiled by :mod:`callsim.content_compile`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from callsim.content_compile import Compiler, split
from callsim.errors import CallsimError
from callsim.vocab import BANNED, MOVES

DEFAULT_PATH = Path(__file__).with_name("phrases.toml")


@dataclass(frozen=True)
class Item:
    """One move or banned item: its patterns and the rules that cancel a match."""

    name: str
    patterns: tuple[re.Pattern, ...] = ()
    excepts: tuple[re.Pattern, ...] = ()
    caller_no: tuple[re.Pattern, ...] = ()
    weak: tuple[re.Pattern, ...] = ()
    weak_needs: re.Pattern | None = None
    weak_window: int = 8
    weak_after: str | None = None
    negatable: bool = True
    hedged: bool = False
    negators: frozenset[str] = frozenset()
    window: int | None = None
    options: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Phrasebook:
    """Everything ``check`` needs: items by name, negation settings, fillers, restate words."""

    items: dict[str, Item]
    negators: frozenset[str]
    hedges: frozenset[str]
    breaks: frozenset[str]
    subjects: frozenset[tuple[str, ...]]
    window: int
    caller_said_no: tuple[re.Pattern, ...]
    fillers: frozenset[str]
    filler_phrases: tuple[dict, ...]
    closed: frozenset[tuple[str, ...]] = frozenset()
    slips: dict = field(default_factory=dict)
    words: dict = field(default_factory=dict)
    reported_by: frozenset[str] = frozenset()
    complementizers: frozenset[str] = frozenset()
    offers: frozenset[tuple[str, ...]] = frozenset()


def load(path: str | Path | None = None) -> Phrasebook:
    """Load and compile a phrase book (the packaged ``phrases.toml`` by default)."""
    path = Path(path) if path else DEFAULT_PATH
    return compile_book(read_book(path), path)


def read_book(path: Path) -> dict:
    """A phrase book file's tables; CallsimError (with the line, for bad TOML) when it cannot be read."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise cannot_read(path, err) from None


def cannot_read(path: Path, err: Exception) -> CallsimError:
    """One line for a phrase book that cannot be read: the system's reason alone ("No such file or directory"),
    not Python's ``[Errno 2] ...: 'path'``, which names the path a second time."""
    why = err.strerror if isinstance(err, OSError) and err.strerror else err
    return CallsimError(f"cannot read the phrase book {path} ({why})")


def compile_book(data: dict, path: Path) -> Phrasebook:
    """Compile a phrase book's tables (``path`` names it in errors)."""
    settings = data.get("settings", {})
    negators = frozenset(settings.get("negators", []))
    hedges = frozenset(settings.get("hedges", []))
    compiler = Compiler(data.get("words", {}), set(negators | hedges))
    items = {}
    for group, names in (("moves", MOVES), ("banned", BANNED)):
        for name, spec in data.get(group, {}).items():
            if name not in names:
                raise CallsimError(f"phrase book {path}: unknown {group[:-1] if group == 'moves' else 'banned'} item {name!r}")
            items[name] = _item(name, spec, compiler)
    fillers = data.get("fillers", {})
    return Phrasebook(
        items=items, negators=negators, hedges=hedges,
        breaks=frozenset(settings.get("clause_breaks", [])), subjects=_phrases(settings.get("subjects", [])),
        window=int(settings.get("window", 6)),
        caller_said_no=tuple(compiler.compile(p) for p in data.get("caller_said_no", {}).get("patterns", [])),
        fillers=frozenset(fillers.get("always", [])), filler_phrases=tuple(fillers.get("phrase", [])),
        closed=_phrases(settings.get("closed_negations", [])),
        slips=_slips(data.get("slips", {}), path),
        words=data.get("words", {}),
        reported_by=frozenset(settings.get("reported_by", [])),
        complementizers=frozenset(settings.get("complementizers", [])),
        offers=_phrases(settings.get("offers", [])),
    )


def _phrases(entries: list[str]) -> frozenset[tuple[str, ...]]:
    """Word tuples of a settings list whose entries may be phrases ("let me", "that was")."""
    return frozenset(tuple(p.split()) for p in entries)


def descriptions(path: str | Path | None = None) -> dict[str, dict[str, str]]:
    """``{"moves": {name: about}, "banned": {name: about}}`` from a phrase book's ``about`` texts, in vocabulary order."""
    path = Path(path) if path else DEFAULT_PATH
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise cannot_read(path, err) from None
    return {group: {n: " ".join(data.get(group, {}).get(n, {}).get("about", "").split()) for n in names}
            for group, names in (("moves", MOVES), ("banned", BANNED))}


def _item(name: str, spec: dict, compiler: Compiler) -> Item:
    def many(key):
        return tuple(compiler.compile(p) for p in spec.get(key, []))

    needs = spec.get("weak_needs", [])
    known = {"about", "patterns", "except", "caller_no", "weak", "weak_needs", "weak_window", "weak_after",
             "negatable", "hedged", "negators", "window"}
    return Item(
        name=name, patterns=many("patterns"), excepts=many("except"), caller_no=many("caller_no"),
        weak=many("weak"), weak_needs=_alternation(needs, compiler),
        weak_window=int(spec.get("weak_window", 8)), weak_after=spec.get("weak_after"), negatable=bool(spec.get("negatable", True)),
        hedged=bool(spec.get("hedged", False)), negators=frozenset(spec.get("negators", [])),
        window=spec.get("window"), options={k: v for k, v in spec.items() if k not in known},
    )


def _slips(table: dict, path: Path) -> dict[tuple[str, ...], tuple[str, ...]]:
    slips = {}
    for heard, meant in table.items():
        if len(heard.split()) != len(meant.split()):
            raise CallsimError(f"phrase book {path}: slip {heard!r} = {meant!r} must keep the number of words")
        slips[tuple(heard.split())] = tuple(meant.split())
    return slips


def _alternation(patterns: list[str], compiler: Compiler) -> re.Pattern | None:
    if not patterns:
        return None
    return re.compile(r"(?<!\S)(?:" + "|".join(compiler.sequence(split(p)) for p in patterns) + ")")
