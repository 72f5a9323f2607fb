"""Checks of a phrase book addition file (``content_additions``) before it is merged, each at its line.

Every table, key and value type is checked against the packaged book, and every pattern
must be non-empty, balanced and more than wildcards: a mistake is one ``path:line: what is
wrong`` error, never a silently dropped phrase or a pattern that matches every word.
"""

from __future__ import annotations

import re
from pathlib import Path

from callsim.errors import FileProblem, did_you_mean
from callsim.vocab import BANNED, MOVES

LIST_KEYS = {"patterns", "except", "caller_no", "weak", "weak_needs", "negators"}
TYPES = {"about": str, "weak_after": str, "negatable": bool, "hedged": bool, "window": int, "weak_window": int}
WILDCARD = re.compile(r"^(\.\.\.\d*|_|#|\^)$")
MAX_GAP = 12  # words a "...N" may skip: a longer reach joins words from different sentences
#: A character a transcript's words never hold (``content_match.normalise`` keeps letters, digits, apostrophes and a
#: colon between digits; the rest is the pattern language: groups, alternatives, optional marks, prefixes, word
#: lists, gaps).
NEVER_HEARD = re.compile(r"[^\w'\s()|?*{}#^.:]|(?<!\.)\.(?!\.)|(?<!\d):|:(?!\d)")


def check_additions(data: dict, base: dict, path: Path, text: str) -> None:
    """FileProblem ``path:line: what is wrong`` for the first thing in ``data`` the packaged ``base`` cannot take."""
    for table, value in data.items():
        if table not in base:
            _fail(path, text, f"[{table}]", f"unknown table [{table}]{did_you_mean(table, base)}")
        if table in ("moves", "banned"):
            for name, spec in value.items():
                _item(table, name, spec, base[table], path, text)
        elif table == "words":
            for name, words in value.items():
                _strings(words, f"[words] {name}", path, text, f"{name} =", patterns=False)  # entries, not patterns
                _new_list(name, base["words"], path, text)
        elif isinstance(value, dict) and isinstance(base[table], dict):
            _settings(table, value, base[table], path, text)


def _new_list(name: str, known: dict, path: Path, text: str) -> None:
    """A ``[words]`` list the packaged book does not have, used by no pattern of this file (``{name}``) and named
    like one it has (``feelings`` for ``feeling``): a typo that would add nothing, silently. A new list with a name
    of its own is fine (another file may use it)."""
    if name in known or re.search(r"\{" + re.escape(name) + r"\}", text):
        return
    if hint := did_you_mean(name, known):
        _fail(path, text, f"{name} =", f"[words] {name} is no word list of the phrase book and no pattern here uses "
                                       f"{{{name}}}, so its words would count nowhere{hint}", after="[words]")


def _item(table: str, name: str, spec, known: dict, path: Path, text: str) -> None:
    header = f"[{table}.{name}]"
    names = MOVES if table == "moves" else BANNED
    if name not in names:
        kind = "move" if table == "moves" else "banned"
        _fail(path, text, header, f"{header} is not a {kind} item{did_you_mean(name, names)}")
    allowed = set(LIST_KEYS) | set(TYPES) | set(known.get(name, {}))
    for key, value in spec.items():
        if key not in allowed:
            _fail(path, text, f"{key} =", f"{header}: unknown key {key!r}{did_you_mean(key, allowed)}", after=header)
        if key in LIST_KEYS:
            _strings(value, f"{header} {key}", path, text, f"{key} =", patterns=key != "negators", after=header)
        elif key in TYPES and not isinstance(value, TYPES[key]):
            _fail(path, text, f"{key} =", f"{header}: {key} must be {_type_name(TYPES[key])}", after=header)


def _settings(table: str, value: dict, known: dict, path: Path, text: str) -> None:
    for key, setting in value.items():
        if key not in known:
            _fail(path, text, f"{key} =", f"[{table}]: unknown setting {key!r}{did_you_mean(key, known)}")
        if isinstance(known[key], list) and known[key] and isinstance(known[key][0], dict):  # [[table.key]] entries
            if not (isinstance(setting, list) and all(isinstance(v, dict) for v in setting)):
                _fail(path, text, key, f"[{table}] {key} must be [[{table}.{key}]] tables")
        elif isinstance(known[key], list):
            _strings(setting, f"[{table}] {key}", path, text, f"{key} =", patterns=False)
        elif type(setting) is not type(known[key]):
            _fail(path, text, f"{key} =", f"[{table}] {key} must be {_type_name(type(known[key]))}")


def _strings(value, what: str, path: Path, text: str, anchor: str, *, patterns: bool = True,
             after: str = "") -> None:
    """A list of non-empty strings; for patterns also balanced and more than wildcards."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        _fail(path, text, anchor, f"{what} must be a list of non-empty strings, like [\"our mistake\"]", after=after)
    for pattern in value if patterns else ():
        words = pattern.replace("(", " ").replace(")", " ").replace("?", " ").split()
        if pattern.count("(") != pattern.count(")") or "()" in pattern.replace(" ", ""):
            _fail(path, text, pattern, f"{what}: pattern {pattern!r} has unbalanced or empty parentheses", after=after)
        if words and all(WILDCARD.match(w) for w in words):
            _fail(path, text, pattern, f"{what}: pattern {pattern!r} is only wildcards and would match anything",
                  after=after)
        if problem := pattern_problem(pattern):
            _fail(path, text, pattern, f"{what}: pattern {pattern!r} {problem}", after=after)


def pattern_problem(pattern: str) -> str:
    """Why ``pattern`` can never match as meant (a gap too long, a character no transcript has), or ""."""
    gaps = [int(g) for g in re.findall(r"\.\.\.(\d+)", pattern)]
    if gaps and max(gaps) > MAX_GAP:
        return f"skips up to {max(gaps)} words; at most {MAX_GAP} (...{MAX_GAP})"
    if found := NEVER_HEARD.search(pattern):
        return (f"has {found.group()!r}, which a transcript's words never hold (letters, digits and apostrophes): "
                "it would never match; write the words as spoken, e.g. \"co op\" for \"co-op\"")
    return ""


def _fail(path: Path, text: str, anchor: str, message: str, *, after: str = "") -> None:
    raise FileProblem(path, line_of(text, anchor, after=after), message)


def line_of(text: str, anchor: str, *, after: str = "") -> int:
    """The 1-based line of the first line holding ``anchor`` at or after the first line holding ``after``
    (the table's header); the header's line, or 1, when there is none."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if after in line), 0) if after else 0
    return next((i for i, line in enumerate(lines[start:], start + 1) if anchor in line), start + 1)


def _type_name(kind: type) -> str:
    return {bool: "true or false", int: "a whole number", str: "text in quotes"}.get(kind, kind.__name__)
