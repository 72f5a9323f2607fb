"""What the session store keeps: one small dataclass per stored thing.

Dict payloads (baseline profile, transcript, prosody, tone, content findings,
override values) stay plain JSON-able values so the analysis modules can
change their shape without a schema migration. Times are aware UTC datetimes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

#: Session states: running, finished normally, cut off by a crash, quit by the trainee.
STATUSES = ("in_progress", "complete", "incomplete", "abandoned")

#: What a trainer override can change.
OVERRIDE_KINDS = ("tone", "content")


def utcnow() -> datetime:
    """The current time as an aware UTC datetime."""
    return datetime.now(timezone.utc)


@dataclass
class Trainee:
    """A person who practises; ``name`` is unique."""

    name: str
    created: datetime = field(default_factory=utcnow)


@dataclass
class BaselineRecord:
    """A trainee's prosody baseline ``profile`` (JSON dict), newest one wins."""

    trainee: str
    profile: dict[str, Any]
    created: datetime = field(default_factory=utcnow)
    audio_path: Path | None = None
    id: int | None = None


@dataclass
class Session:
    """One practice call: a trainee working through one scenario."""

    uuid: str
    trainee: str
    scenario_id: str
    scenario_title: str
    started: datetime = field(default_factory=utcnow)
    ended: datetime | None = None
    status: str = "in_progress"
    score: float | None = None
    grade: str | None = None
    app_version: str = ""


@dataclass
class TurnRecord:
    """One spoken reply to one caller line; ``retry`` is 0 for the first try.

    Every try is kept: (session, index, retry) is unique, and the audio lives in
    ``recordings/<session>/turn-<index>-try-<retry>.flac``. A try kept without a verdict
    (``verdict`` "") says why in ``unjudged_reason`` (a ``vocab.UNJUDGED_REASONS`` id; the store
    keeps ``unknown`` when it was saved without one, and "" for a judged try:
    ``store_rows.unjudged_reason``) and keeps the words shown live while it was spoken in
    ``live_transcript`` (the recogniser's running guess, never judged). One kept because
    the recording or the analysis failed keeps the error the trainee was shown in ``unjudged_error``
    (one line of at most ``errors.MAX_ERROR`` characters as stored; None when there was none, or for
    a try stored before callsim kept it). ``early_start``
    is the time (s) from which speech was heard when the trainee was already speaking as the
    microphone recording began (``early_start.speech_at_start``: its first words are missing),
    None when not (or for a reply file, or a try stored before callsim kept it).
    """

    session: str
    index: int
    caller_turn_id: str
    caller_text: str
    target_tone: str
    transcript: dict[str, Any] = field(default_factory=dict)
    prosody: dict[str, Any] = field(default_factory=dict)
    tone: dict[str, Any] = field(default_factory=dict)
    content: dict[str, Any] = field(default_factory=dict)
    verdict: str = ""
    retry: int = 0
    recorded_at: datetime = field(default_factory=utcnow)
    audio_path: Path | None = None
    unjudged_reason: str = ""
    live_transcript: str = ""
    early_start: float | None = None
    unjudged_error: str | None = None


@dataclass
class Note:
    """A trainer's remark on one try of a turn, optionally at ``at_seconds`` into that reply.

    ``retry`` is the try it belongs to (``TurnRecord.retry``); None when saving means the
    turn's latest try (what notes written before tries were told apart belong to).
    """

    session: str
    turn_index: int
    text: str
    author: str
    at_seconds: float | None = None
    created: datetime = field(default_factory=utcnow)
    id: int | None = None
    retry: int | None = None


@dataclass
class Override:
    """A trainer's correction of the tone or content verdict of one try; the original is kept.

    ``retry`` is the try it overrules, as for ``Note`` (None when saving: the latest try).
    """

    session: str
    turn_index: int
    kind: str
    original: Any
    new_value: Any
    reason: str
    author: str
    created: datetime = field(default_factory=utcnow)
    id: int | None = None
    retry: int | None = None


@dataclass
class SessionDetail:
    """A session with everything recorded about it, for the review screen."""

    session: Session
    turns: list[TurnRecord]
    notes: list[Note]
    overrides: list[Override]

    def final_turns(self) -> list[TurnRecord]:
        """The last try of each turn, in turn order."""
        return sorted(final_tries(self.turns), key=lambda t: t.index)


def final_tries(turns: Iterable[TurnRecord]) -> list[TurnRecord]:
    """The last try of each (session, turn), in order of first appearance."""
    last: dict[tuple[str, int], TurnRecord] = {}
    for turn in turns:
        key = (turn.session, turn.index)
        if key not in last or turn.retry > last[key].retry:
            last[key] = turn
    return list(last.values())


def shown_try(tries: list[TurnRecord]) -> TurnRecord:
    """The try to show in full for one turn's ``tries`` (oldest first): the one that counted (the last judged one),
    else the last; a retry left unjudged (hung up, nothing heard) never stands in for the scored try."""
    return next((t for t in reversed(tries) if t.verdict), tries[-1])


def shown_tries(turns: Iterable[TurnRecord]) -> list[TurnRecord]:
    """``shown_try`` of each (session, turn), in order of first appearance."""
    tries: dict[tuple[str, int], list[TurnRecord]] = {}
    for turn in turns:
        tries.setdefault((turn.session, turn.index), []).append(turn)
    return [shown_try(sorted(group, key=lambda t: t.retry)) for group in tries.values()]
