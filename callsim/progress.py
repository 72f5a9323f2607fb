"""A trainee's progress for people: score over time, success rates, frequent misses, improvement.

API::

    s = summary(store, "anna", window=3)   # Summary; CallsimError for an unknown trainee
    s.to_dict()                            # JSON-ready (``callsim progress --json``)
    text_lines(s)                          # the plain-text view

People read moves and banned phrases by their labels (``vocab.MOVE_LABELS`` /
``BANNED_LABELS``: "offered more help"); the JSON keeps their ids beside the words.
Counts come from ``Store.progress`` (the last try of each turn, trainer overrides
applied). Scores are those in force (``overridden``: the verdicts the trainer's
overrides leave), each with the stored one beside it when they differ. A tone
counts as a success when it *suits*; a move when it was made.
Improvement compares the mean score of the first ``window`` scored sessions with
the latest ``window`` (fewer when there are not enough sessions for both).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime
from statistics import mean

from callsim import overridden
from callsim.overridden import score_text
from callsim.report_view import banned_label, local_minute, move_label
from callsim.store_rows import time_text

SUCCESS = "suits"


@dataclass(frozen=True)
class Rate:
    """How often something went right: ``success`` of ``total`` turns."""

    name: str
    success: int
    total: int

    @property
    def rate(self) -> float:
        """The success share (0..1)."""
        return self.success / self.total if self.total else 0.0


@dataclass(frozen=True)
class Miss:
    """Something that went wrong ``count`` times: a target ``tone`` not met, a ``move`` not heard, a ``banned``
    phrase said; ``name`` is the tone, or the move's or phrase's id."""

    kind: str
    name: str
    count: int

    @property
    def what(self) -> str:
        """The miss in words: 'tone somber not met', 'move not heard: offered more help',
        'banned phrase: "calm down"'."""
        if self.kind == "tone":
            return f"tone {self.name} not met"
        if self.kind == "move":
            return f"move not heard: {move_label(self.name)}"
        return f"banned phrase: {banned_label(self.name)}"


@dataclass(frozen=True)
class ScorePoint:
    """One scored session on the score-over-time plot: its score in force and the stored ``original``."""

    started: datetime
    score: float
    uuid: str
    scenario: str
    original: float | None = None

    @property
    def overridden(self) -> bool:
        """True when the trainer's overrides changed the score."""
        return self.original is not None and self.original != self.score


@dataclass
class Summary:
    """Everything the progress view shows for one trainee."""

    trainee: str
    sessions: int
    scores: list[ScorePoint] = field(default_factory=list)
    tones: list[Rate] = field(default_factory=list)
    moves: list[Rate] = field(default_factory=list)
    misses: list[Miss] = field(default_factory=list)
    window: int = 0
    first_mean: float | None = None
    latest_mean: float | None = None

    @property
    def improvement(self) -> float | None:
        """Latest mean score minus first mean score (None with fewer than two scored sessions)."""
        return None if self.first_mean is None else self.latest_mean - self.first_mean

    def to_dict(self) -> dict:
        """JSON-ready form."""
        rates = lambda items: [asdict(r) | {"rate": round(r.rate, 3)} for r in items]  # noqa: E731
        return {"trainee": self.trainee, "sessions": self.sessions,
                "scores": [asdict(p) | {"started": time_text(p.started)} for p in self.scores],
                "tones": rates(self.tones), "moves": rates(self.moves),
                "misses": [asdict(m) | {"what": m.what} for m in self.misses],
                "improvement": {"window": self.window, "first_mean": self.first_mean,
                                "latest_mean": self.latest_mean, "change": self.improvement}}


def summary(store, trainee: str, *, window: int = 3, top: int = 5) -> Summary:
    """The progress of ``trainee`` (CallsimError when the store does not know them)."""
    store.load_trainee(trainee)
    progress = store.progress(trainee)
    scored = [s for s in progress.sessions if s.score is not None]
    scores = [score_point(s, overridden.session_score(s.score, *progress.history[s.uuid])) for s in scored]
    result = Summary(trainee, len(progress.sessions), scores,
                     [Rate(t, c[SUCCESS], sum(c.values())) for t, c in sorted(progress.tones.items()) if t],
                     [Rate(m, c["made"], sum(c.values())) for m, c in sorted(progress.moves.items())],
                     [Miss(*key, n) for key, n in misses(progress).most_common(top)])
    return _with_improvement(result, [p.score for p in scores], window)


def score_point(session, score: overridden.Score) -> ScorePoint:
    """A scored session's point: its score in force (``overridden.session_score``) and the stored one."""
    return ScorePoint(session.started, score.value, session.uuid, session.scenario_title, score.original)


def misses(progress) -> Counter:
    """What went wrong how often, by (kind, name): tones not suiting, moves missed, banned phrases said."""
    counts = Counter()
    for target, c in progress.tones.items():
        if target:  # a turn with no target tone cannot miss it
            counts["tone", target] += sum(c.values()) - c[SUCCESS]
    for move, c in progress.moves.items():
        counts["move", move] += c["missed"]
    for name, n in progress.banned.items():
        counts["banned", name] += n
    return Counter({k: n for k, n in counts.items() if n})


def _with_improvement(result: Summary, scores: list[float], window: int) -> Summary:
    n = min(window, len(scores) // 2)
    if n:
        result.window, result.first_mean, result.latest_mean = n, mean(scores[:n]), mean(scores[-n:])
    return result


def text_lines(s: Summary) -> list[str]:
    """The plain-text progress view."""
    lines = [f"{s.trainee}: {s.sessions} session(s), {len(s.scores)} scored"]
    lines += [f"  {local_minute(p.started)}  {score_text(p.score):>4}  {p.scenario}" +  # local time and score as
              (f" (was {score_text(p.original)}, overridden)" if p.overridden else "") for p in s.scores]  # the review
    lines.append(f"improvement: {improvement_text(s)}")
    lines += _rate_lines("tone suits, by target", s.tones, str) + _rate_lines("moves made", s.moves, move_label)
    if s.misses:
        lines += ["most frequent misses:"] + [f"  {m.count:3d}  {m.what}" for m in s.misses]
    return lines


def improvement_text(s: Summary) -> str:
    """The improvement in words: 'first session 50 -> latest session 75 (+25)', 'mean of the first 3 sessions
    75 -> of the latest 3 95 (+20)', or why there is nothing to compare yet."""
    if s.improvement is None:
        if not s.scores:
            return "no scored session yet"
        return "one scored session so far, nothing to compare yet"
    change = "no change" if round(s.improvement, 1) == 0 else ("+" * (s.improvement > 0)) + score_text(s.improvement)
    if s.window == 1:
        return f"first session {score_text(s.first_mean)} -> latest session {score_text(s.latest_mean)} ({change})"
    return (f"mean of the first {s.window} sessions {score_text(s.first_mean)} -> of the latest {s.window} "
            f"{score_text(s.latest_mean)} ({change})")


#: The name column of the rate lines: as wide as the longest move label ("acknowledged the feeling").
NAME_WIDTH = 24


def _rate_lines(title: str, rates: list[Rate], label) -> list[str]:
    if not rates:
        return []
    return [f"{title}:"] + [f"  {label(r.name):<{NAME_WIDTH}} {r.success}/{r.total} ({r.rate:.0%})" for r in rates]
