"""Read one pack folder into a Scenario, collecting every Problem on the way.

``read_pack(folder)`` returns ``(scenario or None, problems)``: it never raises
for a bad pack. Each turn is read by ``scenario_turn``, ids and text are checked by
``scenario_values``; branch checks are in ``scenario_graph``, audio in ``scenario_audio``.
"""

from __future__ import annotations

from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from callsim.errors import did_you_mean, not_utf8 as utf8_problem
from callsim.scenario_audio import check_audio
from callsim.scenario_blank import check_blank
from callsim.scenario_fields import PERSONA, TOP, Checker
from callsim.scenario_graph import check_graph
from callsim.scenario_lines import Locator
from callsim.scenario_phrases import with_phrases
from callsim.scenario_syntax import decode_problem, misnamed_pack_file, table_problems
from callsim.scenario_template import PLACEHOLDERS
from callsim.scenario_model import DIFFICULTIES, EMOTIONS, PACK_FILE, VOICES, Persona, Problem, Scenario, Turn
from callsim.scenario_turn import read_turn
from callsim.scenario_values import ID_PATTERN, id_problem, unwrap

__all__ = ["ID_PATTERN", "id_problem", "not_utf8", "read_pack"]


def read_pack(folder: Path, *, decode_audio: bool = True,
              need_audio: bool = True) -> tuple[Scenario | None, list[Problem]]:
    """Parse and check ``folder/scenario.toml``; audio is decoded when ``decode_audio``.

    ``need_audio=False`` reads a draft: audio files that do not exist yet are no problem
    (their turns keep the path they will have), so an author can read it with ``scenarios show``.
    """
    path = folder / PACK_FILE
    text, problem = _pack_text(folder, path)
    if problem is not None:
        return None, [problem]
    locator = Locator(text)
    tables = table_problems(path, locator)
    if tables:  # a misspelt [[turns]] makes every later error a knock-on: report the root only
        return None, tables
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        return None, [decode_problem(path, text, locator, err)]
    check = Checker(path, locator)
    scenario = _build(data, folder, check, decode_audio if need_audio else None)
    scenario, phrase_problems = with_phrases(scenario if not check.failed else None, folder)
    return scenario, check.problems + phrase_problems


def _pack_text(folder: Path, path: Path) -> tuple[str, Problem | None]:
    """(the text of ``path``, ``folder``'s pack file, None), or ("", the problem) when it is missing, unreadable
    or empty."""
    try:
        text = path.read_text(encoding="utf-8-sig")  # a byte-order mark some editors write is fine
    except FileNotFoundError:
        return "", Problem(folder, None, f"no {PACK_FILE} in this folder{misnamed_pack_file(folder, PACK_FILE)}")
    except UnicodeDecodeError as err:
        return "", not_utf8(path, err)
    except OSError as err:
        return "", Problem(path, None, f"cannot read the file ({err.strerror or err})")
    if not text.strip():
        return "", Problem(path, None, "the file is empty (callsim scenarios new ID writes a commented template)")
    return text, None


def not_utf8(path: Path, err: UnicodeDecodeError) -> Problem:
    """The problem of a pack file that is not UTF-8, at the line of its first bad byte (``path:3: not UTF-8 text
    (byte 0xe9: save the file as UTF-8)``)."""
    why = utf8_problem(path, err)
    return Problem(path, why.line, why.message)


def _build(data: dict, folder: Path, check: Checker, decode_audio: bool | None) -> Scenario | None:
    """The Scenario, or None after reporting; ``decode_audio=None`` leaves audio files unchecked."""
    top = check.take(data, TOP, (), "the scenario")
    check_blank(top, ("title", "briefing"), check, ())
    if "id" in top and (problem := id_problem(top["id"])):
        check.report((), "id", f"id {top['id']!r} {problem}")
    persona = _persona(top["persona"], check) if "persona" in top else None
    turns = _turns(top, folder, check, persona)
    difficulty = check.choice(top.get("difficulty"), DIFFICULTIES, (), "difficulty", "difficulty")
    _placeholders(top, check)
    tags = _tags(top, check)
    if check.failed:
        return None
    _check_turns(turns, check, decode_audio)
    if check.failed:
        return None
    return Scenario(top["id"], top["title"], unwrap(top["briefing"]), persona, difficulty,
                    tags, tuple(turns), folder.resolve())


def _turns(top: dict, folder: Path, check: Checker, persona: Persona | None) -> list[Turn]:
    """The turns that read without problems (the others' are reported), and a problem when there are none."""
    turns = [read_turn(i, t, folder, check, persona) for i, t in enumerate(top.get("turns", []))]
    if "turns" in top and not turns:
        check.report((), "turns", "the scenario has no [[turns]]")
    return [t for t in turns if t is not None]


def _check_turns(turns: list[Turn], check: Checker, decode_audio: bool | None) -> None:
    """Report a first turn that takes no reply, bad branches and (unless ``decode_audio`` is None) bad audio."""
    if not turns[0].expects_reply:
        check.report(("turns", 0), "id", "the first turn must take a reply: give it a tone")
    check_graph(turns, check)
    for index, turn in enumerate(turns if decode_audio is not None else ()):
        check_audio(turn.audio_path, check, ("turns", index), decode=decode_audio)


def _tags(top: dict, check: Checker) -> tuple[str, ...]:
    """The scenario's tags, reported when one is not a string."""
    tags = tuple(t for t in top.get("tags", []) if isinstance(t, str))
    if len(tags) != len(top.get("tags", [])):
        check.report((), "tags", "tags must be strings")
    return tags


def _persona(table: dict, check: Checker) -> Persona | None:
    """The ``[persona]`` table as a Persona, or None once its problems are reported."""
    section = ("persona",)
    fields = check.take(table, PERSONA, section, "[persona]")
    check_blank(fields, ("name",), check, section, "[persona]")
    mood = check.choice(fields.get("mood"), EMOTIONS, section, "mood", "mood")
    voice = fields.get("voice")
    if voice is not None and voice not in VOICES:
        check.warn(section, "voice", f"voice {voice!r} is not one scripts/make_voices.py knows ({', '.join(VOICES)}); "
                                     f"it only matters for rendering{did_you_mean(voice, VOICES)}")
    if len(fields) < 3 or mood is None:
        return None
    return Persona(fields["name"], mood, voice)


def _placeholders(top: dict, check: Checker) -> None:
    """Warn of the template's placeholder title and briefing left as they were."""
    for key, placeholder in PLACEHOLDERS.items():
        if isinstance(top.get(key), str) and " ".join(top[key].split()) == placeholder:
            check.warn((), key, f"{key} is still the template's placeholder text: write your own")
