"""A scenario pack's own wording: ``phrases.toml`` beside ``scenario.toml`` adds to the phrase book for its turns.

See ``callsim.content_additions`` for the layout; a file that does not load makes the pack broken
(``path:line: what is wrong``), so a typo never silently drops the trainer's phrases.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from callsim.errors import CallsimError
from callsim.scenario_model import Problem, Scenario


def with_phrases(scenario: Scenario | None, folder: Path) -> tuple[Scenario | None, list[Problem]]:
    """``scenario`` with its turns pointing at the pack's ``phrases.toml`` (when there is one), or a problem."""
    from callsim.content_additions import FILE_NAME, phrasebook_for

    path = folder / FILE_NAME
    if scenario is None or not path.is_file():
        return scenario, []
    try:
        phrasebook_for(path)
    except CallsimError as err:
        return None, [Problem(path, _line(str(err)), _message(str(err), path))]
    return replace(scenario, turns=tuple(replace(t, phrases=path) for t in scenario.turns)), []


def _line(text: str) -> int | None:
    """The line a TOML error names ("... (at line 3, column 7)")."""
    found = re.search(r"at line (\d+)", text)
    return int(found.group(1)) if found else None


def _message(text: str, path: Path) -> str:
    """The error without the path, which ``Problem`` prints first."""
    return text.replace(f"{path}: ", "").replace(f"cannot read the phrase book {path} ", "cannot read it ")
