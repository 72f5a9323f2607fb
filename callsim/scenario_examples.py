"""A turn's ``example`` reply checked with the word checker against the turn's own rules.

The app quotes the example as "One reply that works", so it must make every move
the turn requires and use none of its banned phrases (``callsim scenarios validate``).
"""

from __future__ import annotations

from pathlib import Path

from callsim.scenario_lines import Locator
from callsim.scenario_model import Problem, Scenario


def example_problems(scenario: Scenario, path: Path, locator: Locator) -> list[Problem]:
    """A problem, at the turn's ``example`` line, for each required move its example misses or banned phrase it uses."""
    from callsim.content import banned_used, check, missing_moves
    from callsim.content_additions import phrasebook_for

    problems = []
    for index, turn in enumerate(scenario.turns):
        if not turn.example or not (turn.moves or turn.banned):
            continue
        result = check(turn.example, context=turn.caller, phrasebook=phrasebook_for(turn.phrases))
        line = locator.line(("turns", index), "example")
        for move in missing_moves(result, turn.moves):
            problems.append(Problem(path, line, f"turn {turn.id!r}: the example reply does not make the move "
                                                f"{move!r} it requires"))
        for name in banned_used(result, turn.banned):
            words = ", ".join(f'"{f.words}"' for f in result.banned if f.name == name)
            problems.append(Problem(path, line, f"turn {turn.id!r}: the example reply uses the banned phrase "
                                                f"{name!r} ({words})"))
    return problems
