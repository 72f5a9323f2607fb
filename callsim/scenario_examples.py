"""A turn's ``example`` reply checked with the word checker against the turn's own rules.

The app quotes the example as "One reply that works", so it should make every move
the turn requires and use none of its banned phrases. ``callsim scenarios validate``
warns when it does not (the pack still loads: the phrase book may simply not know the
author's wording yet, which the pack's own ``phrases.toml`` can add).
"""

from __future__ import annotations

from pathlib import Path

from callsim.scenario_lines import Locator
from callsim.scenario_model import Problem, Scenario

HINT = " (if it does in your words, add them to the pack's phrases.toml: callsim scenarios guide)"


def example_problems(scenario: Scenario, path: Path, locator: Locator) -> list[Problem]:
    """A warning, at the turn's ``example`` line, for each required move its example misses or banned phrase it uses
    (turns that take a reply only: a closing line's example is ignored, and ``validate`` says so)."""
    from callsim.content import banned_used, check, missing_moves
    from callsim.content_additions import phrasebook_for

    problems = []
    for index, turn in enumerate(scenario.turns):
        if not turn.example or not turn.expects_reply or not (turn.moves or turn.banned):
            continue
        book = phrasebook_for(turn.phrases, lenient=True)  # a broken phrases.toml is a problem of its own
        result = check(turn.example, context=turn.caller, phrasebook=book)
        line = locator.line(("turns", index), "example")
        for move in missing_moves(result, turn.moves):
            problems.append(Problem(path, line, f"turn {turn.id!r}: the example reply does not make the move "
                                                f"{move!r} it requires{HINT}", level="warning"))
        for name in banned_used(result, turn.banned):
            words = ", ".join(f'"{f.words}"' for f in result.banned if f.name == name)
            problems.append(Problem(path, line, f"turn {turn.id!r}: the example reply uses the banned phrase "
                                                f"{name!r} ({words})", level="warning"))
    return problems
