"""``callsim purge``: delete a trainee's data, or sessions older than some days (rows and recordings).

It says what it will remove and asks first (``--yes`` skips the question; with
no terminal to ask, nothing is removed without ``--yes``). A trainee's purge also
removes their saved baseline profile and the HTML reports the review screen wrote
to the data folder's ``reports/`` (``NAME-YYYYmmdd-HHMM-SCENARIO-ID8.html``, or
``NAME-YYYYmmdd-HHMM-SCENARIO.html`` as older versions named them); a report
whose name another trainee's could also produce ("anna" and a trainee called
"anna-20260301-0930-x") is kept and listed instead.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from pathlib import Path

from callsim.errors import CallsimError

def register(sub) -> None:
    """Add the ``purge`` subcommand."""
    p = sub.add_parser("purge", help="delete a trainee's data or old sessions (rows and recordings)",
                       description="Delete a trainee's data, or the sessions older than DAYS, with their recordings. "
                                   "It lists what goes and asks first; without a terminal to answer on, add --yes.")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--trainee", metavar="NAME",
                       help="the trainee with all their sessions, baselines and HTML reports in the data folder")
    which.add_argument("--older-than", type=float, metavar="DAYS", help="sessions started more than DAYS ago")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Show the plan, confirm, purge, and print what was removed."""
    from callsim.store import Store

    if args.older_than is not None:
        check_days(args.older_than)
    with Store.open() as store:
        sessions, extra, what = _plan(store, args)
        files = recordings(store, [s.uuid for s in sessions], extra)
        reports, kept = _reports(store, args.trainee)
        size = sum(f.stat().st_size for f in files + reports)
        if not (args.trainee or sessions or files):  # a trainee's own row always goes, even with no sessions
            print(f"nothing to remove: no {what}")
            return 0
        if plan := listing(sessions) + report_listing(reports, kept, args.trainee):
            print("\n".join(plan))
        if not args.yes and not confirm(f"remove {_describe(what, len(sessions), files, reports, size)}?"):
            print("nothing removed")
            return 1
        removed = store.purge_trainee(args.trainee) if args.trainee else store.purge_older_than(args.older_than)
        for path in (named_baseline(args.trainee) if args.trainee else []) + reports:
            path.unlink(missing_ok=True)
    print(f"removed {_describe(what, removed, files, reports, size)}")
    return 0


#: The most days ``--older-than`` takes (100 years): more would reach back before any session could be.
MAX_DAYS = 36500


def check_days(days: float) -> None:
    """CallsimError naming the allowed range unless ``days`` is a number from 0 to ``MAX_DAYS``."""
    if not (math.isfinite(days) and 0 <= days <= MAX_DAYS):
        raise CallsimError(f"--older-than needs a number of days from 0 to {MAX_DAYS} (100 years), not {days:g}")


def _describe(what: str, sessions: int, files: list[Path], reports: list[Path], size: int) -> str:
    """'WHAT: N session(s), N recording(s)[, N saved baseline profile(s)][, N HTML report(s)] (SIZE)'."""
    shown = f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.0f} kB"
    profiles = sum(1 for f in files if f.suffix == ".json")
    extra = f", {profiles} saved baseline profile(s)" if profiles else ""
    extra += f", {len(reports)} HTML report(s)" if reports else ""
    return f"{what}: {sessions} session(s), {len(files) - profiles} recording(s){extra} ({shown})"


def listing(sessions: list, limit: int = 20) -> list[str]:
    """One line per session to be removed (the first ``limit``, then how many more), started when in local time."""
    from callsim.report_view import local_minute

    lines = [f"  {local_minute(s.started)}  {s.trainee}  {s.scenario_title}  {s.uuid}" for s in sessions[:limit]]
    return lines + ([f"  ... and {len(sessions) - limit} more"] if len(sessions) > limit else [])


def report_listing(reports: list[Path], kept: list[tuple[Path, list[str]]], trainee: str | None,
                   limit: int = 20) -> list[str]:
    """One line per HTML report to be removed (the first ``limit``), then one per report kept and why."""
    lines = [f"  report  {p.name}" for p in reports[:limit]]
    lines += [f"  ... and {len(reports) - limit} more report(s)"] if len(reports) > limit else []
    return lines + [f"  kept    {p}: its name could also be a report of {', '.join(map(repr, names))}; "
                    f"remove it by hand if it is {trainee}'s" for p, names in kept]


def _reports(store, trainee: str | None) -> tuple[list[Path], list[tuple[Path, list[str]]]]:
    """The trainee's HTML reports (none for ``--older-than``) and those kept as other trainees' names fit too."""
    if not trainee:
        return [], []
    from callsim.report import reports_dir

    names = [t.name for t in store.list_trainees()]
    scenarios = [r["scenario_id"] for r in store.query("SELECT DISTINCT scenario_id FROM sessions")]
    return trainee_reports(reports_dir(), trainee, names, scenarios)


def trainee_reports(folder: Path, trainee: str, trainees: list[str], scenario_ids: tuple | list = ()
                    ) -> tuple[list[Path], list[tuple[Path, list[str]]]]:
    """(``trainee``'s reports in ``folder``, [(report, other trainees whose names fit it too)]).

    A report is a regular file named exactly as the review screen names it for ``trainee``
    (``review_files.export_session``); one that another of ``trainees`` could have written
    under the same name is not counted as ``trainee``'s but returned as kept."""
    if not folder.is_dir():
        return [], []
    mine, kept = [], []
    for path in sorted(folder.iterdir()):
        if path.is_symlink() or not path.is_file() or not _is_report_of(path.name, trainee, scenario_ids):
            continue
        others = [n for n in trainees if n != trainee and _is_report_of(path.name, n, scenario_ids)]
        if others:
            kept.append((path, others))
        else:
            mine.append(path)
    return mine, kept


def _is_report_of(filename: str, trainee: str, scenario_ids) -> bool:
    """True when ``filename`` is what the review screen names a report of ``trainee`` (or its temp file,
    left by a write that was cut short)."""
    from callsim.report import SHORT_ID, safe_name
    from callsim.scenario_parse import ID_PATTERN
    from callsim.store_files import TMP_PREFIX

    scenario = "|".join([ID_PATTERN, *(re.escape(s) for s in scenario_ids)])
    short_id = rf"(?:-[\w-]{{1,{SHORT_ID}}})?"  # absent from the names older versions wrote
    name = rf"{re.escape(safe_name(trainee))}-\d{{8}}-\d{{4}}-(?:{scenario}){short_id}\.html"
    temp = rf"{re.escape(TMP_PREFIX)}{name}(?:\.[a-z0-9_]{{8}})?"  # report.write_private's (older: no random end)
    return re.fullmatch(f"{name}|{temp}", filename) is not None


def _plan(store, args) -> tuple[list, list[Path], str]:
    if args.trainee:
        check_trainee(store, args.trainee)
        extra = [b.audio_path for b in store.load_baselines(args.trainee) if b.audio_path] + named_baseline(args.trainee)
        return store.list_sessions(trainee=args.trainee), extra, f"trainee {args.trainee} with their baselines"
    from datetime import timedelta

    from callsim.records import utcnow

    old = store.list_sessions(until=utcnow() - timedelta(days=args.older_than))
    days = f"{args.older_than:g} day{'' if args.older_than == 1 else 's'}"
    return [s for s in old if not store.is_live(s.uuid)], [], f"sessions older than {days}"


def check_trainee(store, name: str) -> None:
    """CallsimError unless the store has a trainee called exactly ``name``: purge deletes, so it takes no partial
    name, but names the trainee(s) ``export`` and ``progress`` would find for it (any case or accents, or one name
    alone)."""
    from callsim.names import names_matching

    try:
        store.load_trainee(name)
    except CallsimError:
        found = names_matching(name, [t.name for t in store.list_trainees()])
        if not found:
            raise
        names = " or ".join(f'"{n}"' for n in found)
        raise CallsimError(f"no trainee called {name!r}: did you mean {names}? purge needs the full name") from None


def named_baseline(trainee: str) -> list[Path]:
    """The trainee's saved profile and kept readings in the baselines folder (``callsim calibrate``)."""
    from callsim.baseline import MAX_READINGS, named_baseline_path, reading_path

    return [named_baseline_path(trainee)] + [reading_path(trainee, n) for n in range(1, MAX_READINGS + 1)]


def recordings(store, uuids: list[str], extra: list[Path]) -> list[Path]:
    """The files that purging these sessions (and ``extra`` files) deletes: recordings and saved profiles."""
    found = [f for u in uuids if store.session_dir(u).is_dir() for f in store.session_dir(u).iterdir() if f.is_file()]
    return found + [Path(p) for p in extra if Path(p).is_file()]


def confirm(question: str) -> bool:
    """Ask yes/no on the terminal; False when there is no terminal or no clear yes."""
    if not sys.stdin.isatty():
        print(f"{question} -- not confirmed (no terminal); use --yes", file=sys.stderr)
        return False
    try:
        return input(f"{question} [y/N] ").strip().lower() in ("y", "yes")
    except EOFError:
        return False
