"""``callsim scenarios list|show|play|new|validate|guide``: browse and author scenario packs."""

from __future__ import annotations

import argparse
import shlex
import sys
import textwrap
from pathlib import Path

from callsim import paths, scenarios
from callsim.commands._scenario_play import register_action
from callsim.errors import CallsimError


def register(sub) -> None:
    """Add the ``scenarios`` subcommand group."""
    p = sub.add_parser("scenarios", help="list, show, create or check scenario packs")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    extra = {"metavar": "DIR", "action": "append", "default": [],
             "help": "also load the packs in DIR (repeatable)"}
    ls = actions.add_parser("list", help="every scenario: id, difficulty, tones, title, tags")
    ls.add_argument("--scenarios", **extra)
    ls.set_defaults(func=list_scenarios)
    show = actions.add_parser("show", help="a scenario's briefing, persona and turns")
    show.add_argument("id")
    show.add_argument("--scenarios", **extra)
    show.set_defaults(func=show_scenario)
    register_action(actions, extra)
    new = actions.add_parser("new", help="write a commented template pack")
    new.add_argument("id")
    new.add_argument("--dir", metavar="DIR", help=f"parent folder (default: {paths.user_scenarios_dir()})")
    new.set_defaults(func=new_scenario)
    check = actions.add_parser("validate", help="check packs (also that no other pack uses the id); "
                                                "prints path:line: message, exit 1 if wrong")
    check.add_argument("paths", nargs="+", metavar="PATH",
                       help="a pack folder, its scenario.toml, or a folder of packs")
    check.set_defaults(func=validate_packs)
    guide = actions.add_parser("guide", help="print the guide to writing a pack (every key, with a worked example)")
    guide.add_argument("--path", action="store_true", help="print where the guide is instead (to open it elsewhere)")
    guide.set_defaults(func=print_guide)


def print_guide(args: argparse.Namespace) -> int:
    """Print the scenario guide (Markdown) or, with ``--path``, where it is."""
    guide = paths.scenarios_guide()
    if not guide.is_file():
        raise CallsimError(f"the scenario guide is missing from this install ({guide}); reinstall callsim")
    if args.path:
        print(guide)
    else:
        sys.stdout.write(guide.read_text(encoding="utf-8"))
    return 0


def list_scenarios(args: argparse.Namespace) -> int:
    """Print one line per scenario, then one per problem of a broken pack."""
    library = scenarios.load_library(args.scenarios)
    rows = [(s.id, s.difficulty, ",".join(s.tones), s.title, ", ".join(s.tags))
            for s in sorted(library.scenarios.values(), key=lambda s: s.id)]
    widths = [max([len(r[i]) for r in rows] + [len(h)]) for i, h in enumerate(("ID", "LEVEL", "TONES"))]
    print(f"{'ID':<{widths[0]}}  {'LEVEL':<{widths[1]}}  {'TONES':<{widths[2]}}  TITLE [TAGS]")
    for sid, level, tones, title, tags in rows:
        print(f"{sid:<{widths[0]}}  {level:<{widths[1]}}  {tones:<{widths[2]}}  {title} [{tags}]")
    by_file: dict[Path, list] = {}
    for problem in library.problems:
        by_file.setdefault(problem.path, []).append(problem)
    for path, found in by_file.items():
        pack = path.parent if path.suffix else path  # scenario.toml or an audio file names its pack's folder
        more = f" (+{len(found) - 1} more: callsim scenarios validate {shlex.quote(str(pack))})" if len(found) > 1 else ""
        print(f"broken: {found[0]}{more}")
    _own_wording_problem()
    return 0


def _own_wording_problem() -> None:
    """One line when the data folder's phrases.toml does not load (it affects every pack's word checks)."""
    from callsim.content_additions import user_additions_problem

    why = user_additions_problem()
    if why is not None:
        print(f"broken: {why} (your own wording: replies are judged without it until it is fixed)")


def show_scenario(args: argparse.Namespace) -> int:
    """Print a scenario in full: briefing, persona and every turn with its branches.

    A pack in the data dir (or ``--scenarios``) that does not load is named with its first
    problem; a draft whose only problem is audio not made yet is shown, its missing files marked.
    """
    library = scenarios.load_library(args.scenarios)
    s = library.scenarios.get(args.id) or _draft(library, args.id)
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
        _show_turn(turn)
    return 0


def _show_turn(turn) -> None:
    print(textwrap.fill(f"[{turn.id}] ({turn.emotion}) \"{turn.caller}\"", 88, subsequent_indent="    "))
    print(f"    audio: {turn.audio_path.name}{'' if turn.audio_path.is_file() else ' (missing)'}")
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


def _draft(library, scenario_id: str):
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


def new_scenario(args: argparse.Namespace) -> int:
    """Write ``DIR/ID/scenario.toml`` from the template; refuse to overwrite."""
    from callsim.scenario_parse import id_problem
    from callsim.scenario_template import template

    if problem := id_problem(args.id):
        raise CallsimError(f"scenario id {args.id!r} {problem}")
    folder = Path(args.dir).expanduser() if args.dir else paths.user_scenarios_dir()
    pack = folder / args.id
    if pack.exists():
        raise CallsimError(f"{pack} already exists")
    _refuse_taken_id(args.id)
    if not args.dir:  # the first thing written to a new data folder: it is private like the rest of it
        from callsim.store_files import private_dir

        private_dir(paths.data_dir())
    pack.mkdir(parents=True)
    (pack / "scenario.toml").write_text(template(args.id, str(pack)), encoding="utf-8")
    print(f"wrote {pack / 'scenario.toml'}")
    print("next: edit it, then add one audio file per turn, named after the turn's id: opening.ogg for the")
    print("      first (opening.wav, .flac, .mp3, .opus or .oga work too). Record them, or from a source checkout")
    print("      render them with scripts/make_voices.py; then run:")
    print(f"      callsim scenarios validate {pack}")
    return 0


def _refuse_taken_id(scenario_id: str) -> None:
    """A pack with an id already in the library would be skipped when loading: refuse it now."""
    from callsim.scenarios import load_library

    taken = load_library().scenarios.get(scenario_id)
    if taken is not None:
        raise CallsimError(f"scenario id {scenario_id!r} is already used by {taken.folder}; pick another id")


def validate_packs(args: argparse.Namespace) -> int:
    """Check every pack named; print each problem as ``path:line: message``.

    An id already used by a bundled pack, or by a pack checked before it, is a problem, as
    ``scenarios list`` and the app would skip the pack; the same id as the user's installed
    copy is a note (the pack checked is taken for its working copy). Warnings and notes
    are printed but do not make the exit status 1."""
    taken = dict(scenarios.load_library().scenarios)
    good = bad = warnings = 0
    for arg in args.paths:
        path = Path(arg)
        if not path.exists():
            print(f"{path}: no such file or folder")
            bad += 1
            continue
        for pack in [path] if path.is_file() else scenarios.find_packs(path) or [path]:
            problems = scenarios.validate(pack, taken)
            failed = bool(scenarios.errors(problems))
            bad, good = bad + failed, good + (not failed)
            warnings += sum(p.level == "warning" for p in problems)
            for problem in problems:
                print(problem)
    more = f"; {warnings} warning(s)" if warnings else ""
    print(f"{good} pack(s) OK, {bad} with problems{more}", file=sys.stderr)
    return 1 if bad else 0
