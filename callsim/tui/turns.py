"""Where a call stands: the current turn, attempts, judged outcomes and the stored session.

Plain Python (no Textual), so the call logic is testable without a screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from callsim.overridden import POINTS  # the one points table, also for review and exports
from callsim.vocab import VERDICTS


@dataclass
class TurnResult:
    """The last judged attempt at one caller turn."""

    turn: object
    outcome: object
    attempts: int


@dataclass
class CallState:
    """A call in progress through ``scenario`` for ``trainee``."""

    scenario: object
    trainee: str
    turn: object = None
    attempt: int = 0
    index: int = 0
    results: list[TurnResult] = field(default_factory=list)
    session: object = None
    baseline: object = None
    unsaved: int = 0  # judged tries the store failed to write (disk full, store locked)
    partial_kept: bool = False  # hung up mid-reply: what was said so far is kept unjudged

    def __post_init__(self):
        self.turn = self.turn or self.scenario.first_turn

    def open_session(self, store) -> None:
        """Start the stored session and load the trainee's baseline."""
        from callsim.tui.trainee import baseline_for

        if store is not None:
            self.session = store.start_session(self.trainee, self.scenario.id, self.scenario.title)
            self.baseline = baseline_for(store, self.trainee)

    def record(self, outcome) -> None:
        """Keep the judged attempt (a retry replaces the earlier attempt in the summary)."""
        if self.results and self.results[-1].turn.id == self.turn.id and self.attempt:
            self.results[-1] = TurnResult(self.turn, outcome, self.attempt + 1)
        else:
            self.results.append(TurnResult(self.turn, outcome, self.attempt + 1))

    def save(self, store, outcome) -> object:
        """Keep the attempt and write it to the store (audio first, then the row), with whether the trainee was
        already speaking as it began (``TurnOutcome.early_start``)."""
        from callsim.records import TurnRecord

        self.record(outcome)
        if store is None or self.session is None:
            return None
        p = outcome.payloads()
        rec = TurnRecord(self.session.uuid, self.index, self.turn.id, self.turn.caller, self.turn.tone or "",
                         p["transcript"], p["prosody"], p["tone"], p["content"], outcome.level, self.attempt,
                         early_start=outcome.early_start)
        return store.save_turn(rec, outcome.clip)

    def save_unjudged(self, store, clip, reason: str, live: str = "", error: str | None = None) -> None:
        """Keep the audio of a reply that could not be judged (verdict left empty), why (a
        ``vocab.UNJUDGED_REASONS`` id), the words shown ``live`` while it was spoken and the ``error`` the trainee
        was shown when the recording or the analysis failed; next try is a retry."""
        from callsim.records import TurnRecord

        try:
            if store is not None and self.session is not None:
                store.save_turn(TurnRecord(self.session.uuid, self.index, self.turn.id, self.turn.caller,
                                           self.turn.tone or "", retry=self.attempt, unjudged_reason=reason,
                                           live_transcript=live, unjudged_error=error), clip)
        finally:  # saved or not, the next reply is another try: a reply left in its spool keeps its number
            self.attempt += 1

    def retry(self) -> None:
        """Answer the same caller line again."""
        self.attempt += 1

    def advance(self) -> bool:
        """Follow the branch the last verdict picked; False when the call is over."""
        level = self.results[-1].outcome.level if self.results else VERDICTS[0]
        nxt = self.scenario.next_turn(self.turn.id, level)
        if nxt is None:
            return False
        self.turn, self.attempt, self.index = nxt, 0, self.index + 1
        return True

    @property
    def score(self) -> float | None:
        """Mean points over judged turns (suits 100, partly 50, does not suit 0)."""
        if not self.results:
            return None
        return round(sum(POINTS[r.outcome.level] for r in self.results) / len(self.results), 1)  # as exported

    def top_tips(self, n: int = 3) -> list[str]:
        """The most useful tips of the call: the most repeated first (then the earliest).

        A tip given on every judged turn stands alone; one given on some turns only names them ("Turn 2: bring
        your pitch down"), so tips that differ by turn, such as pitch up on one and down on another, never read
        as contradicting each other. Turns count from 1, as in the summary table; each tip starts with a capital."""
        where: dict[str, list[int]] = {}
        for number, r in enumerate(self.results, 1):
            for tip in dict.fromkeys(r.outcome.verdict.tips):
                where.setdefault(tip, []).append(number)
        ranked = sorted(where.items(), key=lambda item: (-len(item[1]), item[1][0]))[:n]
        return [upper_first(tip if len(turns) == len(self.results) else f"{turns_label(turns)}: {_lower_first(tip)}")
                for tip, turns in ranked]

    def close_session(self, store, status: str) -> None:
        """Mark the stored session finished (complete or abandoned) with its score; an abandoned one without
        a saved turn is removed."""
        if store is None or self.session is None or self.session.status != "in_progress":
            return
        if status == "abandoned" and store.discard_empty_session(self.session.uuid):
            self.session = None  # left at the briefing: nothing to review, nothing kept
        else:
            self.session = store.finish_session(self.session.uuid, status, score=self.score)

    def kept_note(self, *, hung_up: bool) -> str:
        """What of this call is on disk, in one sentence for the summary ("" when all of it is)."""
        if not self.results:
            rest = "no reply to keep." if hung_up else ""
        elif self.session is None:
            rest = "nothing was saved: the session store is not open."
        elif self.unsaved >= len(self.results):
            rest = "none of your tries could be saved (see the notices)."
        elif self.unsaved:
            rest = f"{self.unsaved} of your tries could not be saved (see the notices); the rest are kept."
        elif hung_up:
            left = ", and anything you said in the reply you left is kept" if self.partial_kept else ""
            rest = f"the turns you answered are saved{left}."
        else:
            rest = ""
        sentence = f"You hung up; {rest}" if hung_up else rest
        return sentence[:1].upper() + sentence[1:]


def turns_label(numbers: list[int]) -> str:
    """'turn 2', 'turns 1 and 3', 'turns 1, 2 and 4'."""
    if len(numbers) == 1:
        return f"turn {numbers[0]}"
    return f"turns {', '.join(map(str, numbers[:-1]))} and {numbers[-1]}"


def upper_first(tip: str) -> str:
    """A tip shown on its own starts with a capital, whether it came from the words ("Say sorry plainly") or the
    tone ("aim for a warm delivery", written to follow a comma elsewhere)."""
    return tip[:1].upper() + tip[1:]


def _lower_first(tip: str) -> str:
    """'Say sorry plainly' -> 'say sorry plainly' after a turn label; 'I'm…' and quotes stay as they are."""
    return tip[:1].lower() + tip[1:] if tip[1:2].islower() else tip
