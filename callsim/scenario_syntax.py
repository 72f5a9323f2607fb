"""Problems a trainer can act on for a ``scenario.toml`` that is not valid TOML, or has the wrong tables.

tomllib's messages are the base ("Cannot overwrite a value (at end of document)");
this module finds the root cause where it can and says it in words: an unknown
table name (``[[turn]]``), a key set twice in a turn, an unterminated string.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from callsim.scenario_hints import hint, unclosed_triple
from callsim.scenario_lines import Locator
from callsim.scenario_model import Problem

#: The tables a pack may have, as written in the file.
KNOWN_TABLES = {("[", "persona"): "[persona]", ("[[", "turns"): "[[turns]]", ("[", "turns.next"): "[turns.next]"}
_AT_LINE = re.compile(r"\s*\(at line (\d+), column \d+\)|\s*\(at end of document\)")


def table_problems(path: Path, locator: Locator) -> list[Problem]:
    """A problem for each table header that is not ``[persona]``, ``[[turns]]`` or ``[turns.next]``."""
    problems = []
    for line, brackets, name in locator.header_list:
        name = ".".join(p.strip() for p in name.split("."))
        if (brackets, name) in KNOWN_TABLES:
            continue
        written = f"{brackets}{name}{']' * len(brackets)}"
        problems.append(Problem(path, line, _table_message(written, brackets, name)))
    return problems


def _table_message(written: str, brackets: str, name: str) -> str:
    other = "[[" if brackets == "[" else "["
    if (other, name) in KNOWN_TABLES:
        right = KNOWN_TABLES[(other, name)]
        why = "each turn starts with its own [[turns]]" if name == "turns" else f"write {right}"
        return f"{written} must be {right} ({why})"
    known = ", ".join(KNOWN_TABLES.values())
    close = difflib.get_close_matches(name, [n for _, n in KNOWN_TABLES], n=1, cutoff=0.6)
    hint = f"; did you mean {KNOWN_TABLES[next(k for k in KNOWN_TABLES if k[1] == close[0])]}?" if close else ""
    return f"unknown table {written} (known: {known}){hint}"


def decode_problem(path: Path, text: str, locator: Locator, err: Exception) -> Problem:
    """One problem for tomllib's error, naming the root cause when it is a common one."""
    message = str(err)
    found = re.search(r"at line (\d+)", message)
    line = int(found.group(1)) if found else None
    bare = _AT_LINE.sub("", message)
    if found := hint(bare, text.splitlines(), line, locator):
        return Problem(path, found[0], found[1])
    if bare.startswith("Cannot overwrite a value") and locator.duplicates:
        return _duplicate(path, text, locator, line)
    if bare == "Unterminated string" or bare == "Illegal character '\\n'":
        return _unterminated(path, text, locator, line)
    if bare.startswith("Cannot declare") and line:
        header = next(((b, n) for ln, b, n in locator.header_list if ln == line), None)
        if header:
            return Problem(path, line, _declared_twice(locator, line, *header))
    return Problem(path, line, f"invalid TOML: {message}")


def _declared_twice(locator: Locator, line: int, brackets: str, name: str) -> str:
    """Why a table header at ``line`` is one too many: a turn has one [turns.next]; a scenario has one [persona]."""
    written = f"{brackets}{name}{']' * len(brackets)}"
    if "." in name:
        return f"{written} appears twice in the same place: a turn has one {written} (a new turn starts with [[turns]])"
    first = next(ln for ln, b, n in locator.header_list if (b, n) == (brackets, name))
    return f"{written} appears twice (first at line {first}): a scenario has one {written}"


def _duplicate(path: Path, text: str, locator: Locator, line: int | None) -> Problem:
    section, key, first, second = next((d for d in locator.duplicates if d[3] == line), locator.duplicates[0])
    where = _where(section, text, locator)
    return Problem(path, second, f"{key!r} is set twice in {where} (first at line {first}): keep one")


def _where(section: tuple, text: str, locator: Locator) -> str:
    """``turn 'opening'``, ``[persona]``, ``the scenario``... for a Locator section."""
    if not section:
        return "the scenario"
    if section[0] == "turns" and len(section) >= 2:
        id_line = locator.keys.get(section[:2], {}).get("id")
        found = re.search(r"=\s*[\"']([^\"']*)", text.splitlines()[id_line - 1]) if id_line else None
        turn = f"turn {found.group(1)!r}" if found else f"turn {section[1] + 1}"
        return turn + (" (its [turns.next] table)" if section[2:] == ("next",) else "")
    return "[" + ".".join(str(p) for p in section) + "]"


def _unterminated(path: Path, text: str, locator: Locator, line: int | None) -> Problem:
    if line is None:
        line = locator.open_string or len(text.splitlines())
    if triple := unclosed_triple(text.splitlines(), locator.open_string or line):
        return Problem(path, *triple)
    return Problem(path, line, "unterminated string: close the quote on this line "
                               "(text over several lines goes between triple quotes \"\"\" ... \"\"\")")


#: What an author may have written the pack in instead of TOML.
OTHER_FORMATS = (".yaml", ".yml", ".json")


def misnamed_pack_file(folder: Path, name: str) -> str:
    """A hint when the folder holds ``name`` in another case (``Scenario.toml``) or in another format
    (``scenario.yaml``), else ""."""
    stem = Path(name).stem
    try:
        found = [p.name for p in folder.iterdir() if p.name != name]
    except OSError:
        return ""
    others = [n for n in found if n.lower() == name.lower()]
    if others:
        return f" (there is {others[0]}: rename it to {name})"
    formats = [n for n in found if n.lower() in {stem + ext for ext in OTHER_FORMATS}]
    return f" (there is {formats[0]}: a pack is written in TOML, as {name}: callsim scenarios guide)" if formats else ""
