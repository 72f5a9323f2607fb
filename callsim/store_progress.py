"""Per-trainee progress: scores over time and success counts per tone and per move.

``turn_outcome`` is the one place that reads the analysis payloads stored in a
turn (``tone["verdict"]``, ``content["moves"]`` / ``content["banned"]`` as lists
of dicts with a ``name``, and the combined verdict practice.py adds as
``content["verdict"]`` with ``missing`` moves, ``tone_level`` and ``required``, the
moves the turn asked for); adapt it when those modules change their output.

A move counts only on turns that required it: a reply that happens to make a move
its turn did not ask for is neither a success nor a miss. Turns stored before
``required`` was kept count the moves found and the moves missing, as before.
A turn whose words verdict a trainer overruled counts for no move: the override
says whether the words did the work, not which moves the checker missed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable

from callsim.records import Override, Session, TurnRecord

#: Keys a move dict may use to say whether the reply made the move (first one present wins).
MADE_KEYS = ("made", "found", "present", "ok")


@dataclass(frozen=True)
class TurnOutcome:
    """What one turn counts for in the progress view."""

    target_tone: str
    tone_verdict: str | None
    moves: tuple[tuple[str, bool], ...]
    banned: tuple[str, ...]


@dataclass
class Progress:
    """A trainee's history: sessions oldest first, and counts over the tries that counted (unjudged turns left out).

    ``tones[target][verdict]``, ``moves[name]["made" | "missed"]`` and
    ``banned[name]`` count turns, with trainer overrides applied.
    """

    trainee: str
    sessions: list[Session]
    tones: dict[str, Counter] = field(default_factory=dict)
    moves: dict[str, Counter] = field(default_factory=dict)
    banned: Counter = field(default_factory=Counter)
    #: each session's tries and overrides as read, by uuid (the score in force is worked out from them)
    history: dict[str, tuple[list[TurnRecord], list[Override]]] = field(default_factory=dict)


def turn_outcome(turn: TurnRecord, overrides: Iterable[Override] = ()) -> TurnOutcome:
    """Read a turn's tone verdict, moves and banned phrases, newest overrides applied."""
    content = turn.content or {}
    tone_verdict, overruled = _tone_level(turn.tone or {}, content), False
    for o in overrides:
        if o.kind == "tone":
            tone_verdict = _tone_level(o.new_value, {}) if isinstance(o.new_value, dict) else o.new_value
        elif o.kind == "content" and isinstance(o.new_value, dict):
            content = o.new_value
        elif o.kind == "content":
            overruled = True  # a new words verdict names no moves: this turn counts for none
    moves = [] if overruled else _moves(content)
    banned = tuple(b["name"] for b in _named(content.get("banned")))
    return TurnOutcome(turn.target_tone, tone_verdict, tuple(moves), banned)


def _moves(content: dict) -> list[tuple[str, bool]]:
    """(move, made) for each move the turn required; without a stored ``required``, every move found or missing."""
    made = {m["name"] for m in _named(content.get("moves")) if _made(m)}
    combined = content.get("verdict") if isinstance(content.get("verdict"), dict) else {}
    required = combined.get("required")
    if isinstance(required, (list, tuple)):
        return [(str(name), str(name) in made) for name in required]
    moves = [(m["name"], _made(m)) for m in _named(content.get("moves"))]
    return moves + [(name, False) for name in _missing(content) if name not in {n for n, _ in moves}]


def _tone_level(tone: dict, content: dict) -> str | None:
    """``tone["verdict"]`` (or ``level``), else the combined verdict's ``tone_level``."""
    combined = content.get("verdict") if isinstance(content.get("verdict"), dict) else {}
    return tone.get("verdict") or tone.get("level") or combined.get("tone_level")


def _missing(content: dict) -> list[str]:
    """Required moves the reply lacked: ``content["verdict"]["missing"]`` (practice.py's layout)."""
    combined = content.get("verdict") if isinstance(content.get("verdict"), dict) else {}
    return [str(name) for name in combined.get("missing", content.get("missing", ())) or ()]


def _named(items: Any) -> list[dict]:
    return [i for i in items or () if isinstance(i, dict) and "name" in i]


def _made(move: dict) -> bool:
    for key in MADE_KEYS:
        if key in move:
            return bool(move[key])
    return True


def tally(progress: Progress, outcomes: Iterable[TurnOutcome]) -> Progress:
    """Add turn outcomes to ``progress``'s counters; returns it."""
    for out in outcomes:
        progress.tones.setdefault(out.target_tone, Counter())[out.tone_verdict or "unknown"] += 1
        for name, made in out.moves:
            progress.moves.setdefault(name, Counter())["made" if made else "missed"] += 1
        progress.banned.update(out.banned)
    return progress
