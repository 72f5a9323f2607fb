"""The stored things of a scenario pack: Problem, Persona, Turn, Scenario.

Parsing and checking live in ``scenario_parse`` and ``scenario_graph``; the
public entry points are in ``callsim.scenarios``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from callsim.errors import CallsimError
from callsim.vocab import VERDICTS

#: How a caller sounds: the persona's mood and each line's emotion (drives rendering).
EMOTIONS = ("neutral", "frantic", "angry", "upset", "sad", "cheerful", "cool", "anxious")

#: The persona voices scripts/make_voices.py renders lines with (the keys of its VOICES; a test keeps them in step).
VOICES = ("slt", "slt-low", "rms", "rms-low", "awb", "slt-flite", "joe")

#: How hard a scenario is for a trainee.
DIFFICULTIES = ("easy", "medium", "hard")

#: Reply time limit when a turn names none, and the largest one allowed (seconds).
DEFAULT_TIME_LIMIT = 30.0
MAX_TIME_LIMIT = 300.0

PACK_FILE = "scenario.toml"


#: How much a Problem matters: an error stops the pack loading; a warning or a note does not.
LEVELS = ("error", "warning", "note")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a pack; ``str()`` gives ``path:line: message``.

    ``level`` is ``"error"`` (the pack does not load), ``"warning"`` (it loads, but
    something is probably not what the author meant) or ``"note"`` (worth knowing);
    the last two are printed as ``path:line: warning: message``.
    """

    path: Path
    line: int | None
    message: str
    level: str = "error"

    @property
    def is_error(self) -> bool:
        """True when the pack cannot load because of this problem."""
        return self.level == "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.message}" if self.is_error else f"{where}: {self.level}: {self.message}"


def errors(problems: list[Problem]) -> list[Problem]:
    """The problems that stop a pack from loading."""
    return [p for p in problems if p.is_error]


def pack_names(problems: list[Problem]) -> list[str]:
    """The packs ``problems`` are about, each once in order of appearance: a file's folder name, or the folder's."""
    return list(dict.fromkeys(p.path.parent.name if p.path.suffix else p.path.name for p in problems))


class ScenarioError(CallsimError):
    """A pack that could not be loaded; ``problems`` says why, one Problem each."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{more}" if problems else "invalid scenario pack")


@dataclass(frozen=True)
class Persona:
    """Who is calling: a name, their mood and the voice their lines are rendered with."""

    name: str
    mood: str
    voice: str


@dataclass(frozen=True)
class Turn:
    """One caller line and what the trainee's reply to it should do.

    ``tone`` is None for a closing caller line that needs no reply. ``coach`` says
    what this moment needs; ``example`` is a reply that suits it (both for feedback); ``purpose`` completes the
    tone summary's "... - {purpose}, bring your pitch down".
    ``next`` maps each verdict to the following turn's id; it is empty for an end turn.
    """

    id: str
    caller: str
    audio_path: Path
    emotion: str
    tone: str | None = None
    moves: tuple[str, ...] = ()
    banned: tuple[str, ...] = ()
    time_limit: float = DEFAULT_TIME_LIMIT
    coach: str = ""
    example: str = ""
    next: dict[str, str] = field(default_factory=dict, hash=False)
    is_end: bool = False
    phrases: Path | None = None  # the pack's phrase book additions (``content_additions``), if it has them
    purpose: str = ""  # what the tone is for at this moment ("for an apology"); "" = the target's own wording

    @property
    def expects_reply(self) -> bool:
        """True when the trainee answers this line (every turn but a closing line)."""
        return self.tone is not None


@dataclass(frozen=True)
class Scenario:
    """A whole call: briefing, persona and turns (the first turn opens the call)."""

    id: str
    title: str
    briefing: str
    persona: Persona
    difficulty: str
    tags: tuple[str, ...]
    turns: tuple[Turn, ...]
    folder: Path

    @property
    def first_turn(self) -> Turn:
        """The caller's opening line."""
        return self.turns[0]

    @property
    def tones(self) -> tuple[str, ...]:
        """The target tones this call asks for, in order of first use."""
        return tuple(dict.fromkeys(t.tone for t in self.turns if t.tone))

    def turn(self, turn_id: str) -> Turn:
        """The turn called ``turn_id`` (KeyError when there is none)."""
        for turn in self.turns:
            if turn.id == turn_id:
                return turn
        raise KeyError(f"scenario {self.id!r} has no turn {turn_id!r}")

    def next_turn(self, turn_id: str, verdict: str) -> Turn | None:
        """The turn that follows ``turn_id`` after a reply judged ``verdict``; None at the end."""
        if verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {verdict!r}; expected one of {', '.join(VERDICTS)}")
        turn = self.turn(turn_id)
        if turn.is_end:
            return None
        return self.turn(turn.next[verdict])
