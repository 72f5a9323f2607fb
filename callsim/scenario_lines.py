"""Find the line of a key or table in TOML text, for ``path:line: message`` reports.

tomllib gives no positions for a valid file, so this scans the text: it follows
table headers (``[persona]``, the n-th ``[[turns]]``, ``[turns.next]``), skips
multi-line strings, and records where each ``key =`` sits. Sections are tuples:
``()`` for the top level, ``("persona",)``, ``("turns", 2)``, ``("turns", 2, "next")``.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*[.=]""")


class Locator:
    """Line numbers (1-based) of the keys and table headers in one TOML text."""

    def __init__(self, text: str):
        self.keys: dict[tuple, dict[str, int]] = {}
        self.headers: dict[tuple, int] = {(): 1}
        #: Every table header as written: (line, "[[" or "[", dotted name).
        self.header_list: list[tuple[int, str, str]] = []
        #: Keys set twice in one table: (section, key, first line, second line).
        self.duplicates: list[tuple[tuple, str, int, int]] = []
        #: The line of a triple-quoted string still open at the end of the text (None if all close).
        self.open_string: int | None = None
        self._scan(text.splitlines())

    def line(self, section: tuple, key: str | None = None) -> int:
        """The line of ``key`` in ``section``, else of the section's header, else 1."""
        if key is not None and key in self.keys.get(section, {}):
            return self.keys[section][key]
        while section:
            if section in self.headers:
                return self.headers[section]
            section = section[:-1]
        return 1

    def _scan(self, lines: list[str]) -> None:
        section: tuple = ()
        counts: dict[str, int] = {}
        in_string: str | None = None
        for number, raw in enumerate(lines, start=1):
            if in_string:
                if raw.count(in_string) % 2 == 1:
                    in_string = self.open_string = None
                continue
            header = _HEADER.match(raw)
            if header:
                self.header_list.append((number, header.group(1), header.group(2)))
                section = _section(header.group(1) == "[[", header.group(2), section, counts)
                self.headers.setdefault(section, number)
                continue
            key = _KEY.match(raw)
            if key:
                self._key(section, key.group(1).strip("\"'"), number)
            in_string = _opens_multiline(raw)
            self.open_string = number if in_string else None

    def _key(self, section: tuple, name: str, number: int) -> None:
        table = self.keys.setdefault(section, {})
        if name in table:
            self.duplicates.append((section, name, table[name], number))
        table.setdefault(name, number)


def _section(is_array: bool, name: str, current: tuple, counts: dict[str, int]) -> tuple:
    """The section tuple a header starts; ``[[turns]]`` counts up from 0."""
    parts = [p.strip().strip("\"'") for p in name.split(".")]
    if is_array and len(parts) == 1:
        counts[parts[0]] = counts.get(parts[0], -1) + 1
        return (parts[0], counts[parts[0]])
    if parts[0] in counts and current[:1] == (parts[0],):
        return (parts[0], counts[parts[0]], *parts[1:])
    return tuple(parts)


def _opens_multiline(raw: str) -> str | None:
    """The delimiter when this line opens a triple-quoted string it does not close."""
    for quote in ('"""', "'''"):
        if raw.count(quote) % 2 == 1:
            return quote
    return None
