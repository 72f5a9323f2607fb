"""Empathy-language checks on a reply transcript (``callsim content``).

``check(reply, context=caller_line)`` finds the empathy *moves* a reply makes
(acknowledge, apologize, own_mistake, action, time_frame, restate, offer_help,
accept_no) and the *banned* or weak language it uses (know_how_you_feel,
calm_down, parroting, as_i_said, blame_caller, hard_sell), each pointing at the
words it matched, plus filler words per minute when word times are known.
Phrases live in ``phrases.toml`` (data a trainer can extend), not in code.
"""

from __future__ import annotations

from typing import Sequence

from callsim import content_extra as extra
from callsim.content_match import Tokens, find_item, normalise
from callsim.content_phrases import Phrasebook
from callsim.content_result import ContentResult, Finding
from callsim.vocab import BANNED, MOVES

__all__ = ["ContentResult", "Finding", "NEEDS_CONTEXT", "banned_used", "check", "default_phrasebook", "missing_moves"]

#: Items that need the caller's line and are never found without it.
NEEDS_CONTEXT = ("restate", "hard_sell")


def default_phrasebook() -> Phrasebook:
    """The packaged phrase book with the user's additions (``content_additions``), compiled once per version."""
    from callsim.content_additions import phrasebook_for

    return phrasebook_for()


def check(text_or_words, *, context: str | None = None, duration: float | None = None,
          phrasebook: Phrasebook | None = None) -> ContentResult:
    """Check one reply: a string, or a sequence of ``callsim.asr.Word`` (or a ``Transcript``).

    ``context`` is the caller's line (needed for restate, accept_no after a no, and
    hard_sell). ``duration`` in seconds gives fillers per minute for plain text; with
    words it defaults to the time from the first word's start to the last word's end.
    """
    book = phrasebook or default_phrasebook()
    words, times = _words(text_or_words)
    filler_spans = extra.filler_spans(book, words)
    toks = Tokens.build(words, book.fillers, skip_at={i for _, a, b in filler_spans for i in range(a, b)},
                        slips=book.slips)
    found = _find_all(book, toks, context)
    if "hard_sell" in found:
        found.pop("accept_no", None)  # a "no problem" followed by another pitch is not respect

    def finding(name: str, first: int, past: int, original: bool = False) -> Finding:
        start, end = (first, past) if original else toks.original(first, past)
        t0, t1 = (times[start][0], times[end - 1][1]) if times else (None, None)
        return Finding(name, " ".join(w for w in words[start:end] if w), start, end, t0, t1)

    def listed(names):
        return sorted((finding(n, *s) for n in names for s in found.get(n, [])), key=lambda f: f.start_index)

    fillers = [finding(n, a, b, original=True) for n, a, b in filler_spans]
    return ContentResult(" ".join(w for w in words if w), listed(MOVES), listed(BANNED),
                         _per_minute(len(fillers), duration, times), fillers)


def _find_all(book: Phrasebook, toks: Tokens, context: str | None) -> dict[str, list[tuple[int, int]]]:
    said_no = extra.caller_said_no(book, context)
    found = {}
    ordered = sorted(book.items.items(), key=lambda kv: kv[1].weak_after is not None)  # anchors first
    for name, item in ordered:
        if name == "restate":
            span = extra.restate_span(item, book, toks, context)
            spans = [span] if span else []
        elif name == "parroting":
            span = extra.parroting_span(item, book, toks)
            spans = [span] if span else []
        else:
            anchors = found.get(item.weak_after, []) if item.weak_after else []
            spans = find_item(item, book, toks, caller_no=said_no, anchors=anchors)
        if spans:
            found[name] = spans
    return found


def _words(text_or_words) -> tuple[list[str], list[tuple[float, float]] | None]:
    if isinstance(text_or_words, str):
        return [w for w in (normalise(t) for t in text_or_words.replace("-", " ").split()) if w], None
    items = list(getattr(text_or_words, "words", text_or_words))
    return [normalise(w.text) for w in items], [(float(w.start), float(w.end)) for w in items]


def _per_minute(count: int, duration: float | None, times) -> float | None:
    if duration is None and times:
        duration = times[-1][1] - times[0][0]
    if not duration or duration <= 0:
        return None
    return count * 60.0 / duration


def missing_moves(result: ContentResult, required: Sequence[str]) -> list[str]:
    """The required moves (a scenario turn's ``required moves``) the reply did not make."""
    _known(required, MOVES, "move")
    return [m for m in required if m not in result.move_names]


def banned_used(result: ContentResult, banned: Sequence[str]) -> list[str]:
    """The listed banned items (a scenario turn's ``banned phrases``) the reply used."""
    _known(banned, BANNED, "banned item")
    return [b for b in banned if b in result.banned_names]


def _known(names: Sequence[str], vocabulary: tuple[str, ...], what: str) -> None:
    unknown = [n for n in names if n not in vocabulary]
    if unknown:
        raise ValueError(f"unknown {what}(s) {unknown}; known: {', '.join(vocabulary)}")
