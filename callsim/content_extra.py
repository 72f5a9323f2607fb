"""Checks of ``callsim content`` that are more than a phrase: restating the caller's
problem, hearing the caller's no, "i understand" said again and again, fillers.
"""

from __future__ import annotations

import re

from callsim.content_match import Tokens, find_item, normalise
from callsim.content_phrases import Item, Phrasebook

_SENTENCE_END = re.compile(r"(?<=[.?!;])\s+")
_SUFFIXES = ("ation", "ment", "ing", "ed", "es", "en", "s", "e", "ly")


def stem(word: str) -> str:
    """A crude stem so "charged"/"charge" and "cancelled"/"cancel" meet."""
    word = word.removesuffix("'s")
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiou":
        word = word[:-1]
    return word


def context_words(context: str | None) -> list[str]:
    """The caller's line as normalised words."""
    return [w for w in (normalise(t) for t in (context or "").split()) if w]


def caller_said_no(book: Phrasebook, context: str | None) -> bool:
    """True when the caller's line declines something ("no thanks", "i don't want it")."""
    words = context_words(context)
    toks = Tokens.build(words, book.fillers)
    return any(toks.spans(p) for p in book.caller_said_no)


def sentences(context: str | None) -> list[str]:
    """The caller's line cut into sentences after ``.``, ``?``, ``!`` or ``;`` (a transcript is one sentence)."""
    return [s for s in _SENTENCE_END.split(context or "") if s.strip()]


def key_stems(item: Item, book: Phrasebook, context: str | None) -> set[str]:
    """Stems of the caller's key words, from the sentences that state a problem.

    Each sentence is judged on its own: one that starts with a question word
    ("are you even listening?") is a request, not a problem, and gives no key words.
    """
    questions = set(item.options.get("questions", []))
    ignore = set(item.options.get("ignore", [])) | set(book.words.get("feeling", []))
    keys: set[str] = set()
    for sentence in sentences(context):
        words = context_words(sentence)
        if words and words[0] not in questions:
            keys |= {stem(w) for w in words if len(w) >= 3 and w not in ignore and not w[0].isdigit()}
    return keys


def restate_span(item: Item, book: Phrasebook, toks: Tokens, context: str | None) -> tuple[int, int] | None:
    """The shortest stretch of the reply holding ``min_keys`` distinct caller key words."""
    keys = key_stems(item, book, context)
    need = min(int(item.options.get("min_keys", 2)), len(keys))
    hits = [(k, stem(w)) for k, w in enumerate(toks.kept) if stem(w) in keys]
    if need == 1:  # one key word only counts said to the caller: "you were overcharged"
        frame = set(item.options.get("single_key_frame", []))
        hits = [(k, key) for k, key in hits if frame & set(toks.kept[max(0, k - 3):k])]
    best = None
    for i, (first, _) in enumerate(hits):
        seen = set()
        for last, key in hits[i:]:
            seen.add(key)
            if len(seen) >= need:
                if best is None or last - first < best[1] - best[0]:
                    best = (first, last + 1)
                break
    span_limit = int(item.options.get("max_span", 14))
    return best if best and best[1] - best[0] <= span_limit else None


def parroting_span(item: Item, book: Phrasebook, toks: Tokens) -> tuple[int, int] | None:
    """From the first to the last "i understand" when it is said ``min_count`` times or more."""
    spans = find_item(item, book, toks, caller_no=False, join=False)
    if len(spans) < int(item.options.get("min_count", 2)):
        return None
    return spans[0][0], spans[-1][1]


def filler_spans(book: Phrasebook, words: list[str]) -> list[tuple[str, int, int]]:
    """(filler, start_index, end_index) for each filler among the original words."""
    found = [(w, i, i + 1) for i, w in enumerate(words) if w in book.fillers]
    real = [i for i, w in enumerate(words) if w and w not in book.fillers]
    for rule in book.filler_phrases:
        phrase = rule["words"].split()
        for pos, i in enumerate(real):
            if [words[j] for j in real[pos:pos + len(phrase)]] != phrase:
                continue
            before = words[real[pos - 1]] if pos > 0 else ""
            after = words[real[pos + len(phrase)]] if pos + len(phrase) < len(real) else ""
            end = real[pos + len(phrase) - 1] + 1
            hesitates = end < len(words) and words[end] in book.fillers and after not in rule.get("always_not_before", [])
            if before in rule.get("not_after", []) or (after in rule.get("not_before", []) and not hesitates) \
                    or (not after and rule.get("not_last")):
                continue
            found.append((rule["words"], i, end))
    return sorted(found, key=lambda f: f[1])
