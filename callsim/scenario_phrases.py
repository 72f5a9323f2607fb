"""A scenario pack's own wording: ``phrases.toml`` beside ``scenario.toml`` adds to the phrase book for its turns.

See ``callsim.content_additions`` for the layout; a file that does not load makes the pack broken
(``path:line: what is wrong``), so a typo never silently drops the trainer's phrases; a file named nearly so
(``Phrases.toml``) is a warning: the pack loads without it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from callsim.errors import FileProblem
from callsim.scenario_model import Problem, Scenario


def with_phrases(scenario: Scenario | None, folder: Path) -> tuple[Scenario | None, list[Problem]]:
    """``scenario`` with its turns pointing at the pack's ``phrases.toml`` (when there is one), or a problem.

    Only the pack's own file is judged here: a broken ``phrases.toml`` in the data folder is the user's, not
    this pack's (the app and the commands say so on their own)."""
    from callsim.content_additions import FILE_NAME, misnamed, problem

    path = folder / FILE_NAME
    if scenario is None:
        return scenario, []
    if not path.is_file():  # none, or one under a name that is not read: the pack loads without it, said
        odd = misnamed(folder)
        return scenario, [] if odd is None else [Problem(odd.path, None, odd.message, "warning")]
    why = problem(path)
    if isinstance(why, FileProblem):
        return None, [Problem(path, why.line, why.message)]
    if why is not None:
        return None, [Problem(path, None, str(why))]
    return replace(scenario, turns=tuple(replace(t, phrases=path) for t in scenario.turns)), []
