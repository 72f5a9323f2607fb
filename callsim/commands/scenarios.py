"""``callsim scenarios list|show|play|new|validate|guide``: browse and author scenario packs."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from callsim import paths, scenarios
from callsim.commands._scenario_play import register_action
from callsim.commands._scenario_show import show_scenario
from callsim.errors import CallsimError
from callsim.scenario_model import PACK_FILE


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
    if args.dir:  # the app and show/play look in the data folder, bundled packs and --scenarios folders only
        print(f"      (it is outside the data folder: show, play and the app find it with --scenarios {folder})")
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
    from callsim.content_additions import user_additions_problem

    taken = dict(scenarios.load_library().scenarios)
    good = bad = warnings = 0
    seen: set[Path] = set()  # a pack named twice (its folder and the folder of packs holding it) is checked once
    if user_problem := user_additions_problem():  # every pack's examples are then checked without it
        print(f"{user_problem} (your own wording, in the data folder: the examples are checked without it)")
    for arg in args.paths:
        path = Path(arg)
        if not path.exists():
            print(f"{path}: no such file or folder")
            bad += 1
            continue
        for pack in [path] if path.is_file() else scenarios.find_packs(path) or [path]:
            if _once(pack, seen):
                continue
            problems = scenarios.validate(pack, taken)
            failed = bool(scenarios.errors(problems))
            bad, good = bad + failed, good + (not failed)
            warnings += sum(p.level == "warning" for p in problems)
            for problem in sorted(problems, key=lambda p: (str(p.path), p.line or 0)):  # in file order
                print(problem)
    more = f"; {warnings} warning(s)" if warnings else ""
    print(f"{good} pack(s) OK, {bad} with problems{more}", file=sys.stderr)
    return 1 if bad or user_problem else 0


def _once(pack: Path, seen: set[Path]) -> bool:
    """True when ``pack`` (a folder or its scenario.toml) was checked already; else remember it."""
    folder = (pack.parent if pack.name == PACK_FILE else pack).resolve()
    if folder in seen:
        return True
    seen.add(folder)
    return False
