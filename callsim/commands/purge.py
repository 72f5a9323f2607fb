"""``callsim purge``: delete a trainee's data, or sessions older than some days (rows and recordings).

It says what it will remove and asks first (``--yes`` skips the question; with
no terminal to ask, nothing is removed without ``--yes``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from callsim.errors import CallsimError


def register(sub) -> None:
    """Add the ``purge`` subcommand."""
    p = sub.add_parser("purge", help="delete a trainee's data or old sessions (rows and recordings)")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--trainee", metavar="NAME", help="the trainee with all their sessions and baselines")
    which.add_argument("--older-than", type=float, metavar="DAYS", help="sessions started more than DAYS ago")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Show the plan, confirm, purge, and print what was removed."""
    from callsim.store import Store

    if args.older_than is not None and args.older_than < 0:
        raise CallsimError("--older-than needs a number of days >= 0")
    with Store.open() as store:
        sessions, extra, what = _plan(store, args)
        files = recordings(store, [s.uuid for s in sessions], extra)
        size = sum(f.stat().st_size for f in files)
        print("\n".join(listing(sessions)))
        if not args.yes and not confirm(f"remove {_describe(what, len(sessions), len(files), size)}?"):
            print("nothing removed")
            return 1
        removed = store.purge_trainee(args.trainee) if args.trainee else store.purge_older_than(args.older_than)
        for path in named_baseline(args.trainee) if args.trainee else []:
            path.unlink(missing_ok=True)
    print(f"removed {_describe(what, removed, len(files), size)}")
    return 0


def _describe(what: str, sessions: int, files: int, size: int) -> str:
    shown = f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.0f} kB"
    return f"{what}: {sessions} session(s), {files} recording(s) ({shown})"


def listing(sessions: list, limit: int = 20) -> list[str]:
    """One line per session to be removed (the first ``limit``, then how many more)."""
    lines = [f"  {s.started:%Y-%m-%d %H:%M}  {s.trainee}  {s.scenario_title}  {s.uuid}" for s in sessions[:limit]]
    return lines + ([f"  ... and {len(sessions) - limit} more"] if len(sessions) > limit else [])


def _plan(store, args) -> tuple[list, list[Path], str]:
    if args.trainee:
        store.load_trainee(args.trainee)
        extra = [b.audio_path for b in store.load_baselines(args.trainee) if b.audio_path] + named_baseline(args.trainee)
        return store.list_sessions(trainee=args.trainee), extra, f"trainee {args.trainee} with their baselines"
    from datetime import timedelta

    from callsim.records import utcnow

    old = store.list_sessions(until=utcnow() - timedelta(days=args.older_than))
    return [s for s in old if not store.is_live(s.uuid)], [], f"sessions older than {args.older_than:g} days"


def named_baseline(trainee: str) -> list[Path]:
    """The trainee's saved profile and kept reading in the baselines folder (``callsim calibrate``)."""
    from callsim.baseline import named_baseline_path, reading_path

    return [named_baseline_path(trainee), reading_path(trainee)]


def recordings(store, uuids: list[str], extra: list[Path]) -> list[Path]:
    """The audio files that purging these sessions (and ``extra`` files) deletes."""
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
