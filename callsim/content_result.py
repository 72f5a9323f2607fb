"""Results of ``callsim content``: findings (words, indices, times) and the per-reply summary."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from callsim.vocab import BANNED, MOVES


@dataclass(frozen=True)
class Finding:
    """One move, banned phrase or filler: the words matched, their indices (end exclusive) and times."""

    name: str
    words: str
    start_index: int
    end_index: int
    start: float | None = None
    end: float | None = None

    def to_dict(self) -> dict:
        """JSON-ready form."""
        return asdict(self)


@dataclass(frozen=True)
class ContentResult:
    """What a reply said: moves made, banned language used, fillers."""

    text: str
    moves: list[Finding] = field(default_factory=list)
    banned: list[Finding] = field(default_factory=list)
    fillers_per_minute: float | None = None
    fillers: list[Finding] = field(default_factory=list)

    @property
    def move_names(self) -> list[str]:
        """Names of the moves found, in vocabulary order, each once."""
        return [m for m in MOVES if any(f.name == m for f in self.moves)]

    @property
    def banned_names(self) -> list[str]:
        """Names of the banned items found, in vocabulary order, each once."""
        return [b for b in BANNED if any(f.name == b for f in self.banned)]

    def to_dict(self) -> dict:
        """JSON-ready form (``fillers_per_minute`` is null when times are unknown)."""
        rate = None if self.fillers_per_minute is None else round(self.fillers_per_minute, 2)
        return {"text": self.text, "moves": [f.to_dict() for f in self.moves],
                "banned": [f.to_dict() for f in self.banned], "fillers_per_minute": rate,
                "fillers": [f.to_dict() for f in self.fillers]}
