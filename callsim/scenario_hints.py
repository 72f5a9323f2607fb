"""Plain-words causes for TOML errors a trainer is likely to make in a ``scenario.toml``, where tomllib's message
names the symptom at another line: an unclosed list, ``next`` given twice, a ``[turns.next]`` outside a turn, a key
with spaces left unquoted, curly quotes from a word processor, an unclosed triple-quoted text."""

from __future__ import annotations

import re

_UNQUOTED_KEY = re.compile(r"^\s*([A-Za-z_][\w-]*(?:\s+[\w-]+)+)\s*=")
_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'')
_LIST_START = re.compile(r"""^\s*("[^"]*"|'[^']*'|[\w.-]+)\s*=\s*\[""")
CURLY = "“”‘’"


def hint(bare: str, lines: list[str], line: int | None, locator) -> tuple[int, str] | None:
    """(line, message) for a common cause of tomllib's ``bare`` message at ``line`` (``locator``: the file's
    ``scenario_lines.Locator``); None when none is known."""
    text = lines[line - 1] if line and line <= len(lines) else ""
    if bare == "Unclosed array":
        return _unclosed_list(lines, line or len(lines))
    if bare.startswith("Expected '=' after a key") and (key := _UNQUOTED_KEY.match(text)):
        return line, f"a name with spaces must be quoted: write \"{key.group(1).strip()}\" = ..."
    if bare == "Invalid value" and any(c in _code(text) for c in CURLY):
        return line, "curly quotes (“ ”) do not mark text in TOML: use straight quotes \" \" (a word processor " \
                     "may have replaced them)"
    if bare.startswith("Cannot overwrite a value") and line:
        return _next_twice(line, locator)
    return None


def unclosed_triple(lines: list[str], line: int) -> tuple[int, str] | None:
    """(line, message) when ``line`` opens a triple-quoted text that never closes."""
    text = lines[line - 1] if line <= len(lines) else ""
    if '"""' in text and text.count('"""') % 2 == 1 and not any('"""' in later for later in lines[line:]):
        return line, 'the text opened with """ here is never closed: end it with """ on a line after the text'
    return None


def _code(text: str) -> str:
    """A line without its comment (a ``#`` outside quotes)."""
    plain = _STRINGS.sub(lambda m: "_" * len(m.group(0)), text)
    return text[:plain.index("#")] if "#" in plain else text


def _brackets(text: str) -> int:
    """Opening minus closing brackets on a line, outside strings and comments."""
    plain = _STRINGS.sub("", _code(text))
    return plain.count("[") - plain.count("]")


def _unclosed_list(lines: list[str], line: int) -> tuple[int, str] | None:
    """The nearest ``key = [`` at or above ``line`` whose brackets are still open there."""
    for number in range(min(line, len(lines)), 0, -1):
        if _LIST_START.match(lines[number - 1]) and sum(map(_brackets, lines[number - 1:line])) > 0:
            return number, "this list is not closed: end it with ]"
    return None


def _next_twice(line: int, locator) -> tuple[int, str] | None:
    """A turn's ``next`` given both as ``next = "id"`` and as a [turns.next] table, or a [turns.next] before the first
    [[turns]]."""
    headers = locator.header_list
    turns = [ln for ln, b, n in headers if (b, n) == ("[[", "turns")]
    nexts = [ln for ln, b, n in headers if (b, n.replace(" ", "")) == ("[", "turns.next")]
    early = [ln for ln in nexts if not turns or ln < turns[0]]
    if early:
        return early[0], "[turns.next] comes before the first [[turns]]: it belongs inside a turn, after its id"
    index = sum(ln <= line for ln in turns) - 1  # the turn the error is in
    if index < 0:
        return None
    end = turns[index + 1] if index + 1 < len(turns) else 10 ** 9
    keyed = locator.keys.get(("turns", index), {}).get("next")
    tabled = [ln for ln in nexts if turns[index] < ln < end]
    if keyed and tabled:
        return tabled[0], (f"this turn has next = ... at line {keyed} and a [turns.next] table: a turn has one "
                           "next, either the turn it goes to or a table by verdict")
    return None
