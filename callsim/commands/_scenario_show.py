"""``callsim scenarios show ID``: a scenario in full, or a draft pack without its audio yet (an action of
``commands/scenarios``; the underscore keeps it from being registered as a command)."""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path

from callsim import scenarios
from callsim.errors import CallsimError


def show_scenario(args: argparse.Namespace) -> int:
    """Print a scenario in full: briefing, persona and every turn with its branches.

    A pack in the data dir (or ``--scenarios``) that does not load is named with its first
    problem; a draft whose only problem is audio not made yet is shown, its missing files marked.
    """
    library = scenarios.load_library(args.scenarios)
    s = library.scenarios.get(args.id) or draft(library, args.id)
    missing = [t for t in s.turns if not t.audio_path.is_file()]
    print(f"{s.title}  ({', '.join((s.id, s.difficulty))}{'; ' + ', '.join(s.tags) if s.tags else ''})")
    print(f"caller: {s.persona.name}, {s.persona.mood} ({_voice(s, missing)})")
    briefing = "\n\n".join(textwrap.fill(p, 88) for p in s.briefing.split("\n\n"))
    print(f"folder: {s.folder}")
    if s.turns and s.turns[0].phrases:
        print(f"own wording: {s.turns[0].phrases.name} adds to the phrase book for these turns")
    if missing:
        print(f"draft: {len(missing)} of {len(s.turns)} audio files missing, so it cannot be played yet "
              f"(callsim scenarios validate {s.folder})")
    print(f"\n{briefing}\n")
    for turn in s.turns:
        _show_turn(turn, s.folder)
    return 0


def _show_turn(turn, folder) -> None:
    print(textwrap.fill(f"[{turn.id}] ({turn.emotion}) \"{turn.caller}\"", 88, subsequent_indent="    "))
    print(f"    audio: {_in_pack(turn.audio_path, folder)}{'' if turn.audio_path.is_file() else ' (missing)'}")
    if turn.expects_reply:
        purpose = f" ({turn.purpose})" if turn.purpose else ""
        print(f"    reply: tone {turn.tone}{purpose}, {turn.time_limit:g} s; moves: {', '.join(turn.moves) or '-'}; "
              f"banned: {', '.join(turn.banned) or '-'}")
    for label, text in (("coach", turn.coach), ("example", turn.example)):
        if text:
            print(textwrap.fill(f"{label}: {text}", 88, initial_indent="    ", subsequent_indent="      "))
    targets = set(turn.next.values())
    branches = ", ".join(f"{v} -> {t}" for v, t in turn.next.items()) if len(targets) > 1 else "".join(targets)
    print(f"    {'end of call' if turn.is_end else 'next: ' + branches}")


def _voice(s, missing: list) -> str:
    """Who speaks the lines, as far as the files tell: the synthetic voice only for lines make_voices rendered."""
    from callsim.scenario_audio import is_rendered

    present = [t for t in s.turns if t not in missing]
    rendered = sum(is_rendered(t.audio_path) for t in present)
    if present and rendered == len(present):
        return f"lines spoken by the {s.persona.voice!r} synthetic voice"
    recorded = len(present) - rendered
    if not rendered:
        return "lines from the pack's own audio files" if present else "no audio yet"
    voice = f"the {s.persona.voice!r} synthetic voice"
    return f"{rendered} lines spoken by {voice}, {recorded} from the pack's own audio files"


def draft(library, scenario_id: str):
    """A pack with this id that did not load: a draft without its audio yet, or a one-line error."""
    from callsim.scenario_parse import read_pack

    folder = _broken_pack(library, scenario_id)
    if folder is None:
        return library.get(scenario_id)  # raises: no scenario 'x' (known: ...)
    scenario, problems = read_pack(folder, decode_audio=False, need_audio=False)
    if scenario is None:
        first = scenarios.errors(problems)[0]
        raise CallsimError(f"scenario {scenario_id!r} exists but is broken: {first} "
                           f"(callsim scenarios validate {folder} lists every problem)")
    return scenario


def _broken_pack(library, scenario_id: str) -> Path | None:
    """The folder of a pack that failed to load whose folder name or ``id`` is ``scenario_id``."""
    import re

    folders = dict.fromkeys(p.path.parent if p.path.suffix else p.path for p in library.problems)  # a file's pack
    wanted = re.compile(rf"""^\s*id\s*=\s*["']{re.escape(scenario_id)}["']""", re.MULTILINE)
    for folder in folders:
        if folder.name == scenario_id:
            return folder
    for folder in folders:
        try:
            if wanted.search((folder / "scenario.toml").read_text(encoding="utf-8-sig", errors="replace")):
                return folder
        except OSError:
            continue
    return None


def _in_pack(path, folder) -> str:
    """The audio file as the pack names it (``takes/opening.wav`` beside scenario.toml), or whole when elsewhere."""
    try:
        return str(path.relative_to(folder))
    except ValueError:
        return str(path)
