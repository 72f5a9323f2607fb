"""What a trainer's overrides make of a try's verdict and of a session's score.

A turn's verdict is the worse of its tone and words verdicts (``verdict.combine``).
When a trainer overrules either half, the verdict *in force* is the worse of the
two halves in force: the newest override of a half, else that half as stored. The
stored tone verdict already holds the live app's rule (a hint costs at most one
step, an unclear tone nothing), so recombining it keeps that rule. A try with no
override keeps its stored verdict as is.

The session score in force is the stored score's rule (``POINTS``, which the practice app scores with: the
mean over the judged turns of suits 100, partly 50, does not suit 0) applied to
the verdicts in force of each turn's last judged try; a session with no override
on such a try, or no stored score, keeps its stored score. The stored verdict and
score are never changed: screens and exports show both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from callsim import report_view as view
from callsim.records import Override, TurnRecord, final_tries
from callsim.vocab import VERDICTS

#: Points per verdict: the practice app scores a call with these (``tui.turns``), and so do overrides.
POINTS = {"suits": 100, "partly": 50, "does not suit": 0}


def tone_original(turn: TurnRecord) -> str:
    """The tone verdict as judged ("" when none is stored)."""
    return str(view.tone(turn).get("verdict") or view.combined(turn).get("tone_level") or "")


def words_original(turn: TurnRecord) -> str:
    """The words verdict as judged ("" when none is stored)."""
    return str(view.combined(turn).get("words_level") or "")


def half_in_force(turn: TurnRecord, overrides: list[Override], kind: str) -> str:
    """The ``tone`` or ``content`` (words) verdict in force: the newest override of it on this try, else the
    original."""
    newest = view.in_force(view.for_try(overrides, turn)).get(kind)
    if newest is not None:
        return view.value_text(newest.new_value)
    return tone_original(turn) if kind == "tone" else words_original(turn)


def verdict_in_force(turn: TurnRecord, overrides: list[Override]) -> str:
    """The try's verdict after the trainer's overrides: the worse of tone and words in force (see the module)."""
    if not view.for_try(overrides, turn):
        return turn.verdict
    # A half not stored (an older try) stands as the stored turn verdict: overruling the other half alone can
    # then never lift the turn above what was judged for the half nobody overruled.
    halves = [half_in_force(turn, overrides, k) or turn.verdict for k in ("tone", "content")]
    known = [h for h in halves if h in VERDICTS]
    return max(known, key=VERDICTS.index) if known else turn.verdict


def score_text(value: float) -> str:
    """A score as every screen and report shows it: to one decimal, as the app stores it ("16.7"), a whole score
    without its ".0" ("50")."""
    return f"{value:.1f}".removesuffix(".0")


@dataclass(frozen=True)
class Score:
    """A session's score in force and as stored (``original``); ``changed`` when overrides moved it."""

    value: float | None
    original: float | None

    @property
    def changed(self) -> bool:
        """True when the overrides give another score than the stored one."""
        return self.value != self.original

    def text(self) -> str:
        """'50', '16.7' (``score_text``), '—' without a score, or '50 (was 16.7, overridden)'."""
        if self.value is None:
            return "—"
        shown = score_text(self.value)
        return f"{shown} (was {score_text(self.original)}, overridden)" if self.changed else shown


def counted_tries(turns: Iterable[TurnRecord]) -> list[TurnRecord]:
    """The try that counted for each turn: its last judged try (turns with none are left out), by turn."""
    return sorted(final_tries(t for t in turns if t.verdict in POINTS), key=lambda t: t.index)


def stored_score(turns: Iterable[TurnRecord]) -> float | None:
    """The score the practice app stores for a session with these tries (``tui.turns.CallState.score``): the mean
    ``POINTS`` of each turn's last judged try, to one decimal; None when no try was judged."""
    counted = counted_tries(turns)
    return round(sum(POINTS[t.verdict] for t in counted) / len(counted), 1) if counted else None


def session_score(stored: float | None, turns: Iterable[TurnRecord], overrides: list[Override]) -> Score:
    """The score in force of a session stored with ``stored``, from its turns and overrides (see the module)."""
    counted = counted_tries(turns)
    if stored is None or not counted or not any(view.for_try(overrides, t) for t in counted):
        return Score(stored, stored)
    value = round(sum(POINTS.get(verdict_in_force(t, overrides), 0) for t in counted) / len(counted), 1)
    return Score(stored if value == round(stored, 1) else value, stored)


def detail_score(detail) -> Score:
    """``session_score`` of a ``SessionDetail``."""
    return session_score(detail.session.score, detail.turns, detail.overrides)


def scores_in_force(store, sessions) -> dict[str, Score]:
    """Each session's ``Score`` by uuid; only sessions with overrides are read in full."""
    marked = {r["session"] for r in store.query("SELECT DISTINCT session FROM overrides")}
    return {s.uuid: detail_score(store.session_detail(s.uuid)) if s.uuid in marked else Score(s.score, s.score)
            for s in sessions}
