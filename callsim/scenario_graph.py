"""Branches between turns: reading ``next``/``end`` and checking the call can finish.

A turn either ends the call (``end = true``) or names, for every verdict, the
turn that follows (``next = "id"`` for all verdicts, or a ``[turns.next]`` table
with ``suits``, ``partly`` and ``"does not suit"``).

The call graph must be finishable: starting from the first turn, every turn a
trainee can reach by some sequence of verdicts must itself have at least one
path (some sequence of verdicts) to an end turn. A turn from which every path
loops forever is refused; so is a turn no path reaches, and a branch to a turn
that does not exist.
"""

from __future__ import annotations

from callsim.errors import did_you_mean
from callsim.scenario_fields import TURN, Checker
from callsim.scenario_model import Turn
from callsim.vocab import VERDICTS


def parse_next(fields: dict, check: Checker, section: tuple, where: str) -> tuple[dict[str, str], bool]:
    """``(verdict -> turn id, is_end)`` from a turn's ``next`` and ``end`` fields."""
    is_end = bool(fields.get("end", False))
    nxt = fields.get("next")
    if is_end and nxt is not None:
        check.report(section, "next", f"{where}: an end turn (end = true) cannot also have next")
        return {}, True
    if is_end:
        return {}, True
    if nxt is None:
        check.report(section, None, f"{where}: needs next = \"turn-id\" (or a [turns.next] table) or end = true")
        return {}, False
    if isinstance(nxt, str):
        return {verdict: nxt for verdict in VERDICTS}, False
    return _next_table(nxt, check, section + ("next",), where), False


def _next_table(table: dict, check: Checker, section: tuple, where: str) -> dict[str, str]:
    branches = {}
    for key, value in table.items():
        if key in TURN:
            check.report(section, key, f"{where}: {key!r} is read as a verdict of [turns.next], because keys after "
                                       f"a [turns.next] header belong to that table: move {key} above [turns.next]")
        elif key not in VERDICTS:
            check.report(section, key, f"{where}: unknown verdict {key!r} in next (known: {', '.join(VERDICTS)})"
                                       f"{did_you_mean(key, VERDICTS)}")
        elif not isinstance(value, str):
            check.report(section, key, f"{where}: next.{key} must be a turn id (a string)")
        else:
            branches[key] = value
    if set(table) <= set(VERDICTS):  # else a misspelt verdict is the root problem: no knock-ons
        for verdict in VERDICTS:
            if verdict not in table:
                check.report(section, None, f"{where}: next has no branch for the verdict {verdict!r}")
    return branches


def check_graph(turns: list[Turn], check: Checker) -> None:
    """Report duplicate ids, branches to missing turns, unreachable turns and endless loops."""
    index = {}
    for i, turn in enumerate(turns):
        if turn.id in index:
            first = check.locator.line(("turns", index[turn.id]), "id")
            at = f" (first at line {first})" if first else ""
            check.report(("turns", i), "id", f"turn id {turn.id!r} is used twice{at}: give each turn its own id")
        index.setdefault(turn.id, i)
    for i, turn in enumerate(turns):
        _missing_targets(turn, _next_section(check, i), index, check)
    if check.failed or not turns:
        return
    reachable = _walk([turns[0].id], lambda t: turns[index[t]].next.values())
    finishing = _walk([t.id for t in turns if t.is_end], lambda t: _sources(turns, t))
    if not any(t.is_end for t in turns):
        check.report((), "turns", "no turn ends the call: mark the last turn with end = true")
    for i, turn in enumerate(turns):
        if turn.id not in reachable:
            check.report(("turns", i), "id", f"turn {turn.id!r} is never reached from the first turn")
        elif turn.id not in finishing and any(t.is_end for t in turns):
            check.report(("turns", i), "id",
                         f"turn {turn.id!r} loops with no end: no sequence of replies from it reaches an end turn")


def _missing_targets(turn: Turn, section: tuple, index: dict, check: Checker) -> None:
    """Report each branch of ``turn`` to a turn that does not exist, once per line: a ``[turns.next]`` table
    per verdict; ``next = "id"`` (one target for every verdict) once."""
    missing: dict[tuple[str, str], list[str]] = {}
    for verdict, target in turn.next.items():
        if target not in index:
            key = verdict if len(section) == 3 else "next"
            missing.setdefault((key, target), []).append(verdict)
    for (key, target), verdicts in missing.items():
        check.report(section, key, f"turn {turn.id!r}: {_branches(verdicts)} missing turn {target!r}"
                                   f"{did_you_mean(target, index)}")


def _branches(verdicts: list[str]) -> str:
    """``next goes to`` for every verdict, else ``branch 'x' goes to`` / ``branches 'x' and 'y' go to``."""
    if len(verdicts) == len(VERDICTS):
        return "next goes to"
    if len(verdicts) == 1:
        return f"branch {verdicts[0]!r} goes to"
    return f"branches {verdicts[0]!r} and {verdicts[1]!r} go to"


def _next_section(check: Checker, i: int) -> tuple:
    section = ("turns", i, "next")
    return section if section in check.locator.keys else ("turns", i)


def _sources(turns: list[Turn], target: str) -> list[str]:
    return [t.id for t in turns if target in t.next.values()]


def _walk(start: list[str], neighbours) -> set[str]:
    """Every id reachable from ``start`` by following ``neighbours``."""
    seen, todo = set(start), list(start)
    while todo:
        for other in neighbours(todo.pop()):
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return seen
