"""``callsim export``: a report of stored sessions as HTML, CSV or JSON.

Files written with ``-o`` get mode 0600 (they hold trainee data); without ``-o``
the report goes to standard output.
"""

from __future__ import annotations

import argparse
import sys

from callsim.errors import CallsimError


def register(sub) -> None:
    """Add the ``export`` subcommand."""
    p = sub.add_parser("export", help="export sessions as an HTML report, CSV or JSON",
                       description="Export stored sessions. Pick them with --session, --trainee and/or "
                                   "--since/--until (dates included), or --all. Files are written mode 0600.")
    p.add_argument("--session", metavar="UUID", help="one session")
    p.add_argument("--trainee", metavar="NAME", help="every session of a trainee (HTML adds their progress)")
    p.add_argument("--since", metavar="DATE", help="sessions started on or after DATE (YYYY-MM-DD)")
    p.add_argument("--until", metavar="DATE", help="sessions started on or before DATE (YYYY-MM-DD)")
    p.add_argument("--all", action="store_true", help="every session in the store")
    p.add_argument("--format", choices=("html", "csv", "json"), help="default: from -o's suffix, else json")
    p.add_argument("-o", "--output", metavar="FILE", help="write here (mode 0600) instead of standard output")
    p.add_argument("--audio", action="store_true", help="embed the reply recordings (HTML and JSON)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Select the sessions, render them and write the report."""
    from callsim import report
    from callsim.store import Store

    check_selection(args)
    fmt = report.choose_format(args.format, args.output)
    since = report.parse_day(args.since) if args.since else None
    until = report.parse_day(args.until, end=True) if args.until else None
    with Store.open() as store:
        sessions = report.select_sessions(store, session=args.session, trainee=args.trainee, since=since, until=until)
        text = report.render(store, sessions, fmt, audio=args.audio, progress_for=[args.trainee] if args.trainee else [])
    deliver(text, args.output, len(sessions), fmt)
    return 0


def check_selection(args: argparse.Namespace) -> None:
    """CallsimError unless the options pick sessions in one clear way."""
    if not (args.session or args.trainee or args.since or args.until or args.all):
        raise CallsimError("say what to export: --session UUID, --trainee NAME, --since/--until DATE or --all")
    if args.session and (args.trainee or args.since or args.until):
        raise CallsimError("--session picks one session: leave out --trainee, --since and --until")


def deliver(text: str, output: str | None, count: int, fmt: str) -> None:
    """Write the report to ``output`` (mode 0600) or standard output, and say so on stderr."""
    from callsim.report import write_private

    if not count:
        print("callsim: no sessions matched; the report is empty", file=sys.stderr)
    if output:
        write_private(output, text)
        print(f"wrote {count} session(s) as {fmt} to {output} (mode 0600)", file=sys.stderr)
    else:
        sys.stdout.write(text)
