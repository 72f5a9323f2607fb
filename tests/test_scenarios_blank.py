"""Empty text fields: an empty title, briefing or persona name stops the pack; an empty coach or example warns."""

from __future__ import annotations

import pytest

from callsim import scenarios
from callsim.cli import main
from test_scenarios import MINI, line_of, write_pack

#: Ways to write nothing: an empty string, only spaces, a triple-quoted block of blank lines.
EMPTIES = ['""', '"  "', '"""\n\n"""']

#: (what MINI has, what replaces it (``{}`` is the empty text), the message at that line).
ERRORS = [
    ('title = "Mini call"', "title = {}", "title is empty: write the one line the scenario list shows"),
    ('briefing = "You are on the desk. The order is late."', "briefing = {}",
     "briefing is empty: write what the trainee reads before the call: who they are, what they know"),
    ('name = "Ann"', "name = {}",
     "[persona]: name is empty: write the caller's name (the call screen and the reports show it)"),
]
WARNINGS = [
    ("time_limit = 20", "time_limit = 20\ncoach = {}",
     "turn 'opening': coach is empty: write what this moment needs, or remove the line"),
    ('moves = ["apologize"]', 'moves = ["apologize"]\nexample = {}',
     "turn 'again': example is empty: write a reply that suits this moment, or remove the line"),
    ("time_limit = 20", "time_limit = 20\npurpose = {}",  # QA: it was taken silently
     "turn 'opening': purpose is empty: write what the tone is for here, or remove the line (the tone target's own "
     "words are used)"),
]


def pack_with(tmp_path, old, new, empty):
    """A copy of MINI with ``old`` replaced by ``new`` holding ``empty``; (its text, its scenario.toml)."""
    text = MINI.replace(old, new.format(empty))
    assert text != MINI
    return text, write_pack(tmp_path / "pack", text) / "scenario.toml"


def key_line(text, new, empty):
    """The line the replaced key is on (the first line of a triple-quoted value)."""
    return line_of(text, new.splitlines()[-1].format(empty).splitlines()[0])


@pytest.mark.parametrize("empty", EMPTIES)
@pytest.mark.parametrize("old, new, message", ERRORS)
def test_an_empty_title_briefing_or_persona_name_is_an_error_at_its_line(tmp_path, old, new, message, empty):
    text, toml = pack_with(tmp_path, old, new, empty)
    problems = scenarios.validate(toml.parent)
    assert [str(p) for p in problems] == [f"{toml}:{key_line(text, new, empty)}: {message}"]
    with pytest.raises(scenarios.ScenarioError):
        scenarios.load_pack(toml.parent)


@pytest.mark.parametrize("empty", EMPTIES)
@pytest.mark.parametrize("old, new, message", WARNINGS)
def test_an_empty_coach_or_example_is_a_warning_and_the_pack_loads(tmp_path, old, new, message, empty):
    text, toml = pack_with(tmp_path, old, new, empty)
    problems = scenarios.validate(toml.parent)
    assert [str(p) for p in problems] == [f"{toml}:{key_line(text, new, empty)}: warning: {message}"]
    turn = scenarios.load_pack(toml.parent).turn(message.split("'")[1])
    assert turn.coach == "" and turn.example == "" and turn.purpose == ""


def test_a_closing_line_with_an_empty_coach_is_warned_of_once_as_ignored(tmp_path):
    text, toml = pack_with(tmp_path, "end = true", "end = true\ncoach = {}", '""')
    problem, = scenarios.validate(toml.parent)
    assert problem.level == "warning" and "takes no reply" in problem.message and "coach is ignored" in problem.message


def test_the_app_skips_a_pack_with_an_empty_title_and_says_where(tmp_path):
    """The library (the app's home notice, ``scenarios list``) drops the pack with the same path:line problem;
    a pack that only warns loads, as warnings are for ``validate``."""
    text, toml = pack_with(tmp_path / "packs", 'title = "Mini call"', "title = {}", '" "')
    warned = MINI.replace('id = "mini"', 'id = "mini-two"').replace("time_limit = 20", 'time_limit = 20\ncoach = ""')
    write_pack(tmp_path / "packs" / "two", warned)
    library = scenarios.load_library([tmp_path / "packs"])
    assert "mini" not in library.scenarios and library.scenarios["mini-two"].turn("opening").coach == ""
    assert [str(p) for p in library.problems] == [
        f"{toml}:{line_of(text, 'title =')}: title is empty: write the one line the scenario list shows"]


def test_validate_exits_1_for_an_empty_briefing_and_0_for_an_empty_example(tmp_path, capsys):
    text, toml = pack_with(tmp_path / "a", 'briefing = "You are on the desk. The order is late."', "briefing = {}",
                           '"""\n\n"""')
    assert main(["scenarios", "validate", str(toml.parent)]) == 1
    out = capsys.readouterr()
    assert out.out.startswith(f"{toml}:{line_of(text, 'briefing =')}: briefing is empty: ")
    assert "0 pack(s) OK, 1 with problems" in out.err
    _, toml = pack_with(tmp_path / "b", 'moves = ["apologize"]', 'moves = ["apologize"]\nexample = {}', '""')
    assert main(["scenarios", "validate", str(toml.parent)]) == 0
    assert "1 pack(s) OK, 0 with problems; 1 warning(s)" in capsys.readouterr().err
