"""Plain-words causes for TOML errors a trainer is likely to make in a ``scenario.toml``, where tomllib's message
names the symptom at another line: an unclosed list, ``next`` given twice, a ``[turns.next]`` outside a turn, a key
with spaces left unquoted, curly quotes from a word processor, an unclosed triple-quoted text."""

from __future__ import annotations

import re

_UNQUOTED_KEY = re.compile(r"^\s*([A-Za-z_][\w-]*(?:\s+[\w-]+)+)\s*=")
CURLY = "“”‘’"


def hint(bare: str, lines: list[str], line: int | None, headers: list[tuple[int, str, str]]) -> tuple[int, str] | None:
    """(line, message) for a common cause of tomllib's ``bare`` message at ``line``; None when none is known."""
    text = lines[line - 1] if line and line <= len(lines) else ""
    if bare == "Unclosed array":
        return _unclosed_list(lines, line or len(lines))
    if bare.startswith("Expected '=' after a key") and (key := _UNQUOTED_KEY.match(text)):
        return line, f"a name with spaces must be quoted: write \"{key.group(1).strip()}\" = ..."
    if bare == "Invalid value" and any(c in text for c in CURLY):
        return line, "curly quotes (“ ”) do not mark text in TOML: use straight quotes \" \" (a word processor " \
                     "may have replaced them)"
    if bare.startswith("Cannot overwrite a value") and line:
        return _next_twice(lines, line, headers)
    return None


def unclosed_triple(lines: list[str], line: int) -> tuple[int, str] | None:
    """(line, message) when ``line`` opens a triple-quoted text that never closes."""
    text = lines[line - 1] if line <= len(lines) else ""
    if '"""' in text and text.count('"""') % 2 == 1 and not any('"""' in later for later in lines[line:]):
        return line, 'the text opened with """ here is never closed: end it with """ on a line after the text'
    return None


def _unclosed_list(lines: list[str], line: int) -> tuple[int, str] | None:
    """The last ``key = [`` at or above ``line`` whose brackets do not balance by the next key."""
    for number in range(min(line, len(lines)), 0, -1):
        text = lines[number - 1].split("#")[0]
        if re.match(r"^\s*[\w\"'.-]+\s*=\s*\[", text) and text.count("[") > text.count("]"):
            return number, "this list is not closed: end it with ]"
    return None


def _next_twice(lines: list[str], line: int, headers) -> tuple[int, str] | None:
    """A turn's ``next`` given both as ``next = "id"`` and as a [turns.next] table, or a [turns.next] before the first
    [[turns]]."""
    turns = [ln for ln, b, n in headers if (b, n) == ("[[", "turns")]
    nexts = [ln for ln, b, n in headers if (b, n.replace(" ", "")) == ("[", "turns.next")]
    early = [ln for ln in nexts if not turns or ln < turns[0]]
    if early:
        return early[0], "[turns.next] comes before the first [[turns]]: it belongs inside a turn, after its id"
    start = max((ln for ln in turns if ln <= line), default=None)
    end = min((ln for ln in turns if ln > line), default=len(lines) + 1)
    if start is None:
        return None
    keyed = [n for n in range(start, end) if re.match(r"^\s*next\s*=", lines[n - 1])]
    tabled = [ln for ln in nexts if start < ln < end]
    if keyed and tabled:
        return tabled[0], (f"this turn has next = ... at line {keyed[0]} and a [turns.next] table: a turn has one "
                           "next, either the turn it goes to or a table by verdict")
    return None
