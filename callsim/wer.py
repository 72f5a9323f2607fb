"""Word error rate with the normalisation of ../shared/README.md.

Lower case, punctuation dropped, hyphens split, single digits spelled out.
"""

from __future__ import annotations

import re

DIGITS = "zero one two three four five six seven eight nine".split()


def normalize(text: str) -> list[str]:
    """Reference or hypothesis text as a list of comparable words."""
    text = text.lower().replace("-", " ")
    text = re.sub(r"\b(\d)\b", lambda m: DIGITS[int(m.group(1))], text)
    text = re.sub(r"[^a-z0-9' ]+", " ", text)
    return [w.strip("'") for w in text.split() if w.strip("'")]


def edit_distance(ref: list[str], hyp: list[str]) -> int:
    """Levenshtein distance between two word lists."""
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1]


def wer(reference: str, hypothesis: str) -> float:
    """Word error rate of one hypothesis (0.0 = perfect)."""
    ref = normalize(reference)
    return edit_distance(ref, normalize(hypothesis)) / max(len(ref), 1)
