"""Phrase book additions: a trainer's own wording, without editing the packaged ``phrases.toml``.

A file laid out like the phrase book (``[moves.own_mistake] patterns = [...]``,
``[words]``, ``[banned.NAME]``...) adds to it: lists are appended, tables merged,
single values replaced. Two places are read, if they exist: ``phrases.toml`` in
callsim's data folder (every call, ``callsim content`` and ``scenarios validate``), then
``phrases.toml`` in a scenario pack's folder (that pack's turns only). Each file is
checked first (``content_checks``): a mistake is ``path:line: what is wrong``. Its words are
then folded as transcripts are (``folded_words``): "Café" or "I’m" match what Vosk wrote.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from callsim import paths
from callsim.content_checks import check_additions, line_of
from callsim.content_phrases import DEFAULT_PATH, Phrasebook, cannot_read, compile_book, read_book
from callsim.errors import CallsimError, FileProblem, not_utf8
from callsim.text_fold import fold_word

FILE_NAME = "phrases.toml"
#: Endings of a copy put aside on purpose (or by an editor), never taken for a misnamed phrase book.
PUT_ASIDE = (".bak", ".orig", ".old", ".swp", ".tmp", ".off", ".disabled")
#: What follows "phrases." in a file meant as the phrase book but not read as one (``misnamed``).
OTHER_SUFFIXES = frozenset({"toml.txt", "txt", "tml", "yaml", "yml", "json", "ini"})
#: The keys whose text is not words to match: what an item means, shown to a reader, and the name of a move.
NOT_WORDS = frozenset({"about", "weak_after"})


def user_additions() -> Path | None:
    """The data folder's ``phrases.toml`` when there is one."""
    path = paths.data_dir() / FILE_NAME
    return path if path.is_file() else None


def user_additions_problem() -> CallsimError | None:
    """Why the data folder's ``phrases.toml`` does not load (``problem``, or ``misnamed``), or None when it loads or
    there is none; replies are judged without it until it is fixed (``phrasebook_for(lenient=True)``)."""
    path = user_additions()
    return problem(path) if path else misnamed(paths.data_dir())


class Misnamed(CallsimError):
    """A phrase book that will not be read under the name it has: ``path: what to do`` (``path``, ``message``)."""

    def __init__(self, path: Path, message: str):
        super().__init__(f"{path}: {message}")
        self.path, self.message = path, message


def misnamed(folder: Path) -> Misnamed | None:
    """Why ``folder`` looks meant to have a ``phrases.toml`` that will not be read: a folder of that name, or a file
    named nearly so (``Phrases.toml``, ``phrase.toml``, ``phrases.toml.txt``); None when it has the file or nothing
    like it. Such a file would otherwise be skipped without a word, and its phrases with it."""
    target = folder / FILE_NAME
    if target.is_dir():
        return Misnamed(target, "is a folder; the phrases go in a file of that name")
    if target.is_file():
        return None
    try:
        names = sorted(p.name for p in folder.iterdir() if p.is_file())
    except OSError:
        return None
    close = [n for n in names if _nearly(n)]
    return Misnamed(folder / close[0], f"not read: name the file {FILE_NAME} (a TOML file)") if close else None


def _nearly(name: str) -> bool:
    """True for a name a person meant as ``phrases.toml`` but is not it: another case, a letter off, a ``.txt`` an
    editor added, or the phrases written in another format (``phrases.yaml``)."""
    low = name.lower()
    if low.startswith((".", "#")) or low.endswith(("~", *PUT_ASIDE)):
        return False  # an editor's backup or lock file, or a copy put aside
    stem, _, suffix = low.partition(".")
    close = difflib.SequenceMatcher(None, low.removesuffix(".txt"), FILE_NAME).ratio() >= 0.9
    return name != FILE_NAME and (close or stem in ("phrases", "phrase") and suffix in OTHER_SUFFIXES)


def phrasebook_for(pack_additions: Path | None = None, *, lenient: bool = False) -> Phrasebook:
    """The packaged book with the user's additions and then ``pack_additions`` (a pack's ``phrases.toml``).

    ``lenient`` (judging a reply in the app) leaves out an addition file that does not load, so a reply is
    still judged; elsewhere such a file is a CallsimError ``path:line: what is wrong``."""
    files = tuple(p for p in (user_additions(), pack_additions) if p is not None and p.is_file())
    if lenient:
        files = tuple(p for p in files if problem(p) is None)
    return _compiled(tuple((p, p.stat().st_mtime_ns) for p in files))


def whole_book(path: Path) -> Phrasebook:
    """A phrase book of the user's own in place of the packaged one (``callsim content --phrases``), checked like
    an addition file so a mistake is ``path:line: what is wrong``, not a traceback."""
    data, text = _checked(path, read_book(DEFAULT_PATH))
    return _compile(data, path, text)


def problem(path: Path) -> CallsimError | None:
    """Why the addition file ``path`` does not load on its own, or None when it does: a ``FileProblem``
    (``path:line: what``) for a mistake in it, a plain CallsimError when it cannot be read at all."""
    try:
        _compiled(((path, path.stat().st_mtime_ns),))
    except CallsimError as err:
        return err
    except OSError as err:
        return cannot_read(path, err)
    return None


@lru_cache(maxsize=16)
def _compiled(files: tuple[tuple[Path, int], ...]) -> Phrasebook:
    """The merged, compiled book (cached per file set and modification times). Compiling after each file names
    that file's own mistakes at its own line; the last compile is the book."""
    data = base = read_book(DEFAULT_PATH)
    book = None
    for path, _ in files:
        extra, text = _checked(path, base)
        data = merged(data, extra)
        book = _compile(data, path, text)
    return book if book is not None else _compile(base, DEFAULT_PATH, "")


def _checked(path: Path, base: dict) -> tuple[dict, str]:
    """A phrase book file's tables, checked against the packaged ``base``, and its text (for error lines)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise not_utf8(path, err) from None
    except OSError as err:
        raise cannot_read(path, err) from None
    data = _parse(path, text)
    check_additions(data, base, path, text)
    return folded_words(data), text


def folded_words(value):
    """A phrase book's tables with every word to match folded as a transcript's words are (``fold_words``): patterns,
    word lists, settings and filler phrases; ``about`` texts, item names, keys and ``{word list}`` names stay as
    written (a table's keys are checked against the packaged book's, which is folded already)."""
    if isinstance(value, dict):
        return {k: v if k in NOT_WORDS else folded_words(v) for k, v in value.items()}
    if isinstance(value, list):
        return [folded_words(v) for v in value]
    return fold_words(value) if isinstance(value, str) else value


def fold_words(text: str) -> str:
    """``text`` as ``content_match.normalise`` writes a transcript's words: lower case, curly apostrophes straight,
    accents folded by ``text_fold`` ("Café" -> "cafe", "I’m" -> "i'm"); a ``{word list}`` name is left as it is."""
    def fold(part: str) -> str:
        return part if part.startswith("{") else fold_word(part)

    return re.sub(r"\{[^{}]*\}|[^{}]+", lambda m: fold(m.group(0)), text)


def _parse(path: Path, text: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        found = re.search(r"at line (\d+)", str(err))
        line = int(found.group(1)) if found else max(len(text.splitlines()), 1)
        raise FileProblem(path, line, f"not valid TOML ({re.sub(r' [(]at .*[)]$', '', str(err))})") from None


def _compile(data: dict, path: Path, text: str) -> Phrasebook:
    try:
        return compile_book(data, path)
    except CallsimError as err:
        anchor = re.search(r"\{\w+\}|'[^']+'", str(err))
        line = line_of(fold_words(text), anchor.group(0).strip(chr(39))) if anchor and text else 1  # as compiled
        raise FileProblem(path, line, str(err)) from None


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
