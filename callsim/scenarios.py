"""Scenario packs: load the library of practice calls, one pack, or check a pack.

A pack is a folder holding ``scenario.toml`` and the caller's audio, one file
per turn (``<turn-id>.ogg`` unless the turn names another file in the folder; the
same name with another audio extension, such as ``opening.flac``, does too).
The bundled library is ``callsim.paths.voices_dir()``; packs in
``callsim.paths.user_scenarios_dir()`` and any extra folders load beside it.

API::

    lib = load_library(extra_dirs=())   # Library: .scenarios {id: Scenario}, .problems [Problem]
    lib.get("missed-technician")        # Scenario, or CallsimError naming the known ids
    sc = load_pack(path)                # one pack folder (or its scenario.toml); ScenarioError if bad
    problems = validate(path)           # [Problem]; str(p) == "path:line: message"; also checks each
                                        # turn's example reply against its moves and banned phrases
    validate(path, lib.scenarios)       # ... and an id another pack already uses is a problem too

    sc.first_turn                       # Turn that opens the call
    sc.next_turn(turn.id, "partly")     # next Turn for a verdict in vocab.VERDICTS, None at the end
    turn.caller, turn.audio_path        # the line's text and its audio (absolute Path)
    turn.tone, turn.moves, turn.banned  # target tone (None for a closing line), required/banned names
    turn.time_limit, turn.coach         # seconds to reply; what this moment needs, for feedback
    turn.example                        # a reply that suits this moment ("" when none)
    turn.is_end, turn.expects_reply     # the call ends after this turn; the trainee answers it

The file (``callsim scenarios new`` writes a commented template)::

    id, title, briefing, difficulty ("easy" | "medium" | "hard"), tags = [...]
    [persona]  name, mood (an emotion: scenario_model.EMOTIONS), voice (make_voices voice)
    [[turns]]   id, caller (the line), audio (default "<id>.ogg"), emotion (default: mood),
               tone (vocab.TONE_TARGETS), moves (vocab.MOVES), banned (vocab.BANNED),
               time_limit (s, default 30), coach (what this moment needs),
               example (a reply that suits it), then either
               next = "turn-id" | [turns.next] suits/partly/"does not suit" = "turn-id",
               or end = true (with no tone: a closing line that takes no reply)

A bad pack never stops the others: ``load_library`` records its problems and
goes on. ``load_pack`` (and so the library) checks that audio files exist and that
their headers show readable audio (cheap: nothing is decoded), so a pack with a
damaged or cut-short file is broken everywhere, as ``validate`` says; ``validate``
also decodes them (corrupt data, silence). Turns, persona and the branch rules are documented in ``scenario_model``
and ``scenario_graph``; ``callsim scenarios new`` writes a commented template.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from callsim import paths
from callsim.errors import CallsimError
from callsim.scenario_lines import Locator
from callsim.scenario_model import PACK_FILE, Persona, Problem, Scenario, ScenarioError, Turn, errors
from callsim.scenario_parse import read_pack
from callsim.scenario_syntax import OTHER_FORMATS

__all__ = ["Library", "Persona", "Problem", "Scenario", "ScenarioError", "Turn",
           "errors", "find_packs", "id_clash", "is_installed", "load_library", "load_pack", "validate"]


@dataclass
class Library:
    """Every scenario that loaded, by id, and the problems of the packs that did not."""

    scenarios: dict[str, Scenario] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    unread: list[Problem] = field(default_factory=list)  # folders given that could not be read (also in problems)

    def get(self, scenario_id: str) -> Scenario:
        """The scenario called ``scenario_id``; CallsimError listing the known ids if none, and naming a folder
        given that could not be read (a mistyped ``--scenarios DIR`` is the likely reason)."""
        try:
            return self.scenarios[scenario_id]
        except KeyError:
            known = ", ".join(sorted(self.scenarios)) or "none"
            unread = "".join(f"; not read: {p}" for p in self.unread)
            raise CallsimError(f"no scenario {scenario_id!r}{self.suggest(scenario_id)} (known: {known})"
                               f"{unread}") from None

    def suggest(self, scenario_id: str) -> str:
        """'; did you mean lost-file-deadline?' when ids come close to ``scenario_id`` ("" when none do): the loaded
        packs' ids and the folder names of packs that did not load (the user's drafts among them)."""
        folders = {p.path.parent.name if p.path.suffix else p.path.name for p in self.problems}
        close = difflib.get_close_matches(scenario_id, sorted(set(self.scenarios) | folders), n=3)
        return f"; did you mean {' or '.join(close)}?" if close else ""


def load_library(extra_dirs=()) -> Library:
    """Bundled packs, then the user's scenarios folder, then each of ``extra_dirs``.

    A later pack whose id is already taken is skipped and reported. A missing
    extra folder is reported; a missing user folder is normal and is not.
    """
    library = Library()
    sources = [(paths.voices_dir(), True), (paths.user_scenarios_dir(), False)]
    sources += [(_pack_folder(d), True) for d in extra_dirs]  # a pack's scenario.toml stands for its folder
    for folder, must_exist in sources:
        if not folder.is_dir():
            if must_exist:
                why = "not a folder: give the folder of a pack, or of packs" if folder.exists() else \
                    "no such scenarios folder"
                _unread(library, Problem(folder, None, why))
            continue
        try:
            packs = find_packs(folder)
        except OSError as err:
            _unread(library, Problem(folder, None, f"cannot read the folder ({err.strerror})"))
            continue
        for pack in packs:
            _add(library, pack)
    return library


def _unread(library: Library, problem: Problem) -> None:
    library.problems.append(problem)
    library.unread.append(problem)


def _add(library: Library, pack: Path) -> None:
    scenario, problems = read_pack(pack, decode_audio=False)
    if scenario is None:
        library.problems.extend(errors(problems))
    elif clash := id_clash(pack, scenario, library.scenarios):
        library.problems.append(clash)
    else:
        library.scenarios[scenario.id] = scenario


def id_clash(pack: Path, scenario: Scenario, taken: dict[str, Scenario], *,
             installed_ok: bool = False) -> Problem | None:
    """The problem of a pack whose id another pack (in ``taken``, by id) already uses, at its ``id`` line.

    With ``installed_ok``, a clash with the user's installed copy (a pack in
    ``paths.user_scenarios_dir()``) is only a note: the pack being checked is a working copy of it,
    unless it is installed too (two packs there with one id: the app skips one).
    """
    first = taken.get(scenario.id)
    if first is None or first.folder == scenario.folder:
        return None
    path = pack / PACK_FILE
    line = Locator(path.read_text(encoding="utf-8-sig")).line((), "id")
    working_copy = Path(pack).resolve().parent != paths.user_scenarios_dir().resolve()
    if installed_ok and is_installed(first) and working_copy:
        return Problem(path, line, f"replaces the installed copy at {first.folder} once copied there "
                                   f"(until then the app plays the installed copy)", level="note")
    return Problem(path, line, f"id {scenario.id!r} is already used by {first.folder}")


def is_installed(scenario: Scenario) -> bool:
    """True for a pack in the user's scenarios folder (not a bundled pack, nor one from ``--scenarios``)."""
    return scenario.folder.parent == paths.user_scenarios_dir().resolve()


def find_packs(folder: Path) -> list[Path]:
    """``folder`` itself when it is a pack, else its sub-folders that hold a scenario.toml.

    A sub-folder whose pack file is named in another case (``Scenario.toml``) or written in another format
    (``scenario.yaml``) is listed too, so that it is reported (with what to do) instead of silently skipped.
    """
    folder = Path(folder)
    if (folder / PACK_FILE).is_file():
        return [folder]
    return sorted(p for p in folder.iterdir() if p.is_dir() and _has_pack_file(p))


def _has_pack_file(folder: Path) -> bool:
    if (folder / PACK_FILE).is_file():
        return True
    names = {PACK_FILE, *(Path(PACK_FILE).stem + ext for ext in OTHER_FORMATS)}  # reported as misnamed
    try:
        return any(p.name.lower() in names and p.is_file() for p in folder.iterdir())
    except OSError:
        return False


def load_pack(path) -> Scenario:
    """Load one pack (its folder or its scenario.toml); ScenarioError lists what is wrong."""
    scenario, problems = read_pack(_pack_folder(path), decode_audio=False)
    if scenario is None:
        raise ScenarioError(errors(problems))
    return scenario


def validate(path, taken: dict[str, Scenario] | None = None) -> list[Problem]:
    """Every problem of one pack, decoding its audio; an empty list means it is good.

    With ``taken`` (scenarios by id, e.g. ``load_library().scenarios``), an id another pack
    already uses is a problem, as when loading; a good pack is then added to ``taken``. When
    the other pack is the user's installed copy, the pack checked is taken for a working
    copy of it: that is a note, not an error. Warnings and notes (``Problem.level``) are
    returned too; the pack is good when none of the problems ``is_error``."""
    path = Path(path)
    if path.is_file() and path.name != PACK_FILE:
        return [Problem(path, None, f"not a scenario pack: name its folder or its {PACK_FILE}")]
    folder = _pack_folder(path)
    scenario, problems = read_pack(folder, decode_audio=True)
    if scenario is None:
        return problems
    problems = problems + _example_problems(folder, scenario)
    if taken is None:
        return problems
    clash = id_clash(folder, scenario, taken, installed_ok=True)
    problems += [clash] if clash else []
    if not errors(problems):
        taken.setdefault(scenario.id, scenario)
    return problems


def _example_problems(folder: Path, scenario: Scenario) -> list[Problem]:
    """Each example reply that misses a move its turn requires, or uses a phrase it bans."""
    from callsim.scenario_examples import example_problems

    path = folder / PACK_FILE
    return example_problems(scenario, path, Locator(path.read_text(encoding="utf-8-sig")))


def _pack_folder(path) -> Path:
    path = Path(path)
    return path.parent if path.name == PACK_FILE else path
