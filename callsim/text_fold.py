"""Accent folding shared by the word checks and trainee names: one table, so "Zoë", "café" and "Øyvind" fold the
same way everywhere."""

from __future__ import annotations

import unicodedata

#: Latin letters that no accent folding splits into a plain one (the mark is part of the letter).
LETTERS = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th",
                         "ı": "i"})


def fold_accents(text: str) -> str:
    """Lower-case ``text`` with accented Latin letters as plain ones ("café" -> "cafe", "straße" -> "strasse"):
    stripping what is not a-z would cut them out of the word ("caf"). Upper-case letters are left to the caller's
    lower-casing first."""
    decomposed = unicodedata.normalize("NFKD", text.translate(LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_word(text: str) -> str:
    """``text`` as the word checks compare words: lower case, curly apostrophes straight, accents folded
    ("I’m" -> "i'm", "Café" -> "cafe")."""
    return fold_accents(text.lower().replace("\u2019", "'").replace("\u2018", "'"))
