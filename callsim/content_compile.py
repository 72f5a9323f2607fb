"""The phrase-book pattern language compiled to regular expressions.

A pattern is words separated by spaces (syntax at the top of ``phrases.toml``);
it matches a transcript written as ``"word word word "``, each word followed by
one space, so every compiled word ends with a space.
"""

from __future__ import annotations

import re

from callsim.errors import CallsimError

_GAP = re.compile(r"^\.\.\.(\d*)$")
_TOKEN = re.compile(r"\([^()]*\)\??|\S+")


def split(source: str) -> list[str]:
    """Pattern tokens: words, and ``(several words|others)`` groups kept whole."""
    return _TOKEN.findall(source)


class Compiler:
    """Turns pattern strings into regular expressions, resolving ``{class}`` word lists."""

    def __init__(self, classes: dict[str, list[str]], stop_words: set[str]):
        self.classes = classes
        stop = "|".join(re.escape(w) for w in sorted(stop_words)) + r"|\S*n't"
        self.gap_word = rf"(?!(?:{stop}) )\S+ "

    def compile(self, source: str) -> re.Pattern:
        """Compile one pattern; ``^`` first anchors it to the start of the line."""
        tokens = split(source)
        anchor = r"\A" if tokens[:1] == ["^"] else r"(?<!\S)"
        body = self.sequence(tokens[1:] if anchor == r"\A" else tokens)
        try:
            return re.compile(anchor + body)
        except re.error as err:
            raise CallsimError(f"phrase pattern {source!r} is broken ({err})") from None

    def sequence(self, tokens: list[str], depth: int = 0) -> str:
        """Regular expression for a list of pattern tokens."""
        return "".join(self.element(t, depth) for t in tokens)

    def element(self, token: str, depth: int) -> str:
        """Regular expression for one token, each word followed by a space."""
        gap = _GAP.match(token)
        if gap:
            return f"(?:{self.gap_word}){{0,{int(gap.group(1) or 3)}}}"
        optional = token.endswith("?") and len(token) > 1
        token = token[:-1] if optional else token
        if token.startswith("{") and token.endswith("}"):
            body = self.word_class(token[1:-1], depth)
        elif token.startswith("(") and token.endswith(")"):
            body = "(?:" + "|".join(self.sequence(split(p), depth) for p in token[1:-1].split("|")) + ")"
        else:
            body = "(?:" + "|".join(self.alternative(w, depth) for w in token.split("|")) + ")"
        return f"(?:{body})?" if optional else body

    def alternative(self, word: str, depth: int) -> str:
        """One ``|`` alternative: a word (with its space) or a ``{class}``."""
        if word.startswith("{") and word.endswith("}"):
            return self.word_class(word[1:-1], depth)
        return _word(word) + " "

    def word_class(self, name: str, depth: int) -> str:
        """Alternation of every entry of a ``[words]`` list."""
        if name not in self.classes or depth > 4:
            raise CallsimError(f"phrase book: unknown or circular word list {{{name}}}")
        entries = [self.sequence(split(entry), depth + 1) for entry in self.classes[name]]
        return "(?:" + "|".join(entries) + ")"


def _word(word: str) -> str:
    if word == "_":
        return r"\S+"
    if word == "#":
        return r"\d[\d:.]*"
    if word.endswith("*") and len(word) > 1:
        return re.escape(word[:-1]) + r"\S*"
    return re.escape(word)
