"""Pattern matching for ``callsim content``: words, negation scope and spans.

Fillers ("um", "uh", filler "like" and "you know") are skipped while matching, so
a pattern sees "let me check that" in "let me uh check that"; every span is
mapped back to the indices of the original words.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from callsim.content_phrases import Item, Phrasebook
from callsim.text_fold import fold_word

_KEEP = re.compile(r"[^a-z0-9':]")


def normalise(word: str) -> str:
    """Lower case, accents folded, straight apostrophes, no punctuation ("I'm," -> "i'm", "Zoë" -> "zoe");
    "[unk]" -> ""."""
    if word[:1] in "[<" and word[-1:] in "]>":
        return ""
    return _KEEP.sub("", fold_word(word)).strip("':")


@dataclass(frozen=True)
class Tokens:
    """The reply's words, and the matching view of them without hesitation sounds."""

    words: tuple[str, ...]
    keep: tuple[int, ...]
    kept: tuple[str, ...]
    text: str
    offsets: tuple[int, ...]

    @classmethod
    def build(cls, words: list[str], skip: frozenset[str], skip_at: set[int] = frozenset(),
              slips: dict = None) -> "Tokens":
        """Index the words; those in ``skip``, at ``skip_at`` (fillers) or empty are left out.

        ``slips`` maps heard word tuples to meant ones of the same length ("the understand").
        """
        keep = tuple(i for i, w in enumerate(words) if w and w not in skip and i not in skip_at)
        kept = _repair([words[i] for i in keep], slips or {})
        offsets, pos = [], 0
        for word in kept:
            offsets.append(pos)
            pos += len(word) + 1
        return cls(tuple(words), keep, tuple(kept), "".join(w + " " for w in kept), tuple(offsets))

    def spans(self, pattern: re.Pattern, text: str | None = None) -> list[tuple[int, int]]:
        """Every match of ``pattern`` as (first, past-last) positions in ``kept``."""
        found = []
        for m in pattern.finditer(self.text if text is None else text):
            if m.end() > m.start():
                found.append((self._position(m.start()), self._position(m.end())))
        return found

    def _position(self, offset: int) -> int:
        return bisect_left(self.offsets, offset)

    def original(self, first: int, past: int) -> tuple[int, int]:
        """Map kept positions to (start_index, end_index) of the original words, end exclusive."""
        return self.keep[first], self.keep[past - 1] + 1


def _repair(kept: list[str], slips: dict) -> list[str]:
    for heard, meant in slips.items():
        n = len(heard)
        for k in range(len(kept) - n + 1):
            if tuple(kept[k:k + n]) == heard:
                kept[k:k + n] = meant
    return kept


def find_item(item: Item, book: Phrasebook, toks: Tokens, *, caller_no: bool,
              anchors: list[tuple[int, int]] = (), join: bool = True) -> list[tuple[int, int]]:
    """Spans (kept positions) where ``item`` is said, after exceptions and negation.

    ``anchors`` are the spans of the item named by ``weak_after``: a weak match
    also counts when one of them ends shortly before it. ``join=False`` keeps
    touching matches apart (to count them).
    """
    blocked = [s for p in item.excepts for s in toks.spans(p)]
    patterns = item.patterns + (item.caller_no if caller_no else ())
    found = [s for p in patterns for s in toks.spans(p)]
    found = [s for s in found if not _overlaps(s, blocked) and not negated(item, book, toks.kept, s[0])]
    for p in item.weak:
        for s in toks.spans(p):
            if _overlaps(s, blocked) or negated(item, book, toks.kept, s[0]) or _negated_after(book, toks.kept, s[1]):
                continue
            if _committed(item, toks, s[0], anchors):
                found.append(s)
    return merge(found) if join else sorted(set(found))


def negated(item: Item, book: Phrasebook, kept: list[str], first: int) -> bool:
    """True when a negation (or, for hedged items, a hedge) opens the clause before ``first``.

    Looking back, the clause ends at a clause break, at the start of a new clause
    (``subjects`` such as "i'm" or "that was", ``offers`` such as "let me"), also
    when the match itself begins with one, or after ``window`` words.
    """
    if not item.negatable or (first < len(kept) and kept[first] in book.breaks):
        return False
    if _clause_starts(book, kept, first):
        return False
    window = item.window or book.window
    for k in range(first - 1, max(-1, first - 1 - window), -1):
        word = kept[k]
        if _closes(book, kept, k, first):  # "don't worry i'll ...", "not at all, i'll ..."
            return False
        if word in book.negators or word in item.negators or word.endswith("n't"):
            return True
        if item.hedged and word in book.hedges:
            return True
        if word in book.breaks or _clause_starts(book, kept, k):
            return False
    return False


def _clause_starts(book: Phrasebook, kept: list[str], k: int) -> bool:
    """True when a new clause (a ``subjects`` entry) starts at ``k`` that a negation before it cannot reach.

    Transcripts have no punctuation, so "i don't know what happened i'm so sorry"
    is two clauses only by its words. A clause right after a reporting verb
    ("i can't promise i'll send it", "i don't think that it was ours") is what
    that verb is about, and its negation still reaches it; an offer ("let me")
    never is.
    """
    if _starts(kept, k, book.offers):
        return True
    if not _starts(kept, k, book.subjects):
        return False
    before = k - 1
    if before >= 0 and kept[before] in book.complementizers:
        before -= 1
    return before < 0 or kept[before] not in book.reported_by


def _starts(kept: list[str], k: int, phrases: frozenset[tuple[str, ...]]) -> bool:
    """True when one of ``phrases`` starts at position ``k``."""
    return any(tuple(kept[k:k + len(p)]) == p for p in phrases)


def _closes(book: Phrasebook, kept: list[str], k: int, first: int) -> bool:
    """True when a closed negation (a set phrase such as "not at all") starts at ``k`` and ends before ``first``."""
    return any(k + len(phrase) <= first and tuple(kept[k:k + len(phrase)]) == phrase for phrase in book.closed)


def _negated_after(book: Phrasebook, kept: list[str], past: int) -> bool:
    """'today isn't possible': a negation right after a weak time word."""
    for word in kept[past:past + 2]:
        if word in book.breaks:
            return False
        if word in book.negators or word.endswith("n't"):
            return True
    return False


def _committed(item: Item, toks: Tokens, first: int, anchors) -> bool:
    """A weak match counts only after an action or a commitment word ("will") close before it."""
    if any(first - item.weak_window <= end <= first + 1 for _, end in anchors):
        return True
    if item.weak_needs is None:
        return not item.weak_after
    kept = toks.kept
    window = "".join(w + " " for w in kept[max(0, first - item.weak_window):first])
    return item.weak_needs.search(window) is not None


def _overlaps(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    return any(span[0] < b and a < span[1] for a, b in others)


def merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join overlapping or touching spans ("are you sure" + "it's only"), in order of position."""
    joined: list[tuple[int, int]] = []
    for first, past in sorted(spans):
        if joined and first <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(past, joined[-1][1]))
        else:
            joined.append((first, past))
    return joined
