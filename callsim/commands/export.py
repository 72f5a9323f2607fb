"""``callsim export``: a report of stored sessions as HTML, CSV or JSON.

Files written with ``-o`` get mode 0600 (they hold trainee data); without ``-o``
(or with ``-o -``) the report goes to standard output. A selection that matches no
session is an error (one line, exit 1) and writes nothing, as an unknown trainee or session is:
an empty report never replaces an earlier one. Nor does any report unless
``--force`` is given: a file already at ``-o`` is kept, and said so (checked
before the work, and again as the report is moved into place).

JSON is written as it is made, a session at a time (``report.render_pieces``), so an
export with ``--audio`` holds about one session's recordings, not the file's. A file
at ``-o`` is still whole or absent (a temp file renamed into place); on standard output
or a FIFO a failure part-way (a recording that cannot be read) leaves the text cut short,
which ``callsim import`` refuses as not JSON, and the exit status is 1.
"""

from __future__ import annotations

import argparse
import sys
from typing import Iterable

from callsim.errors import CallsimError

#: The formats that can embed recordings (``--audio``).
AUDIO_FORMATS = ("html", "json")


def register(sub) -> None:
    """Add the ``export`` subcommand."""
    p = sub.add_parser("export", help="export sessions as an HTML report, CSV or JSON",
                       description="Export stored sessions. Pick them with --session, --trainee and/or "
                                   "--since/--until (dates included), or --all. Files are written mode 0600.")
    p.add_argument("--session", metavar="UUID", action="append",
                   help="a session, by its id or the id's first 8 characters (repeatable)")
    p.add_argument("--trainee", metavar="NAME", action="append",
                   help="every session of a trainee (repeatable; any case or accents, or one of their names alone; "
                        "HTML adds their progress)")
    p.add_argument("--since", metavar="DATE", help="sessions started on or after DATE (YYYY-MM-DD)")
    p.add_argument("--until", metavar="DATE", help="sessions started on or before DATE (YYYY-MM-DD)")
    p.add_argument("--all", action="store_true", help="every session in the store")
    p.add_argument("--format", choices=("html", "csv", "json"), help="default: from -o's suffix (.html, .csv or .json); "
                                                                        "json on standard output")
    p.add_argument("-o", "--output", metavar="FILE", type=_output,
                   help="write here (mode 0600) instead of standard output (- is standard output)")
    p.add_argument("--force", action="store_true", help="replace FILE when it exists (else nothing is written)")
    p.add_argument("--audio", action="store_true", help="embed the reply recordings (HTML and JSON only, not CSV)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Select the sessions, render them and write the report."""
    from callsim import report
    from callsim.store import Store

    fmt, dates = _checked_format(args), _dates(args)  # before the store opens: a mistake touches nothing
    with Store.open() as store:
        trainees = list(dict.fromkeys(store.find_trainee(t).name for t in args.trainee or []))  # "anna": "Anna Smith"
        sessions = _sessions(store, args, trainees, *dates)
        check_output(args.output, args.force)  # before the work of rendering (--audio can take a while)
        pieces = report.render_pieces(store, sessions, fmt, audio=args.audio, progress_for=trainees)
        deliver(pieces, args.output, len(sessions), fmt, note=_audio_note(fmt, args.audio), replace=args.force)
    return 0


def _checked_format(args: argparse.Namespace) -> str:
    """The report's format, once the selection and ``--audio`` are known to make sense with it."""
    from callsim import report

    check_selection(args)
    fmt = report.choose_format(args.format, args.output)
    if args.audio and fmt not in AUDIO_FORMATS:
        raise CallsimError(f"--audio embeds recordings in HTML or JSON only; a {fmt.upper()} report cannot hold "
                           "them (leave out --audio, or use --format html or json)")
    return fmt


def _dates(args: argparse.Namespace) -> tuple:
    """``--since`` and ``--until`` as datetimes (None when not given), checked to make a range."""
    from callsim import report

    since = report.parse_day(args.since) if args.since else None
    until = report.parse_day(args.until, end=True) if args.until else None
    check_range(since, until, args)
    return since, until


def _sessions(store, args: argparse.Namespace, trainees: list[str], since, until) -> list:
    """The sessions the selection picks (each once, oldest first); none is an error, as nothing would be written."""
    from callsim import report

    picks = [{"session": s} for s in args.session or []] or [{"trainee": t} for t in trainees] or [{}]
    found = {s.uuid: s for pick in picks for s in report.select_sessions(store, since=since, until=until, **pick)}
    sessions = sorted(found.values(), key=lambda s: s.started)
    if not sessions:
        picked = _selection(args)
        raise CallsimError(f"no sessions match {picked}; nothing written" if picked else
                           "the store has no sessions yet; nothing written")
    return sessions


def _output(value: str) -> str | None:
    """``-o``'s value: ``-`` is standard output, as without ``-o`` (not a file named "-" in the current folder)."""
    return None if value == "-" else value


def _selection(args: argparse.Namespace) -> str:
    """The options that picked the sessions, as typed (``--trainee ann --since 2027-01-01``)."""
    given = [("trainee", name) for name in args.trainee or []] + [("since", args.since), ("until", args.until)]
    return " ".join(f"--{option} {value}" for option, value in given if value)


def _audio_note(fmt: str, audio: bool) -> str:
    """What the written line adds when the recordings could have been embedded but were not."""
    return ", without the recordings (add --audio to include them)" if fmt in AUDIO_FORMATS and not audio else ""


def check_range(since, until, args: argparse.Namespace) -> None:
    """CallsimError when ``--since`` comes after ``--until`` (nothing could ever match)."""
    if since is not None and until is not None and _comparable(since) > _comparable(until):
        raise CallsimError(f"--since {args.since} is after --until {args.until}: the range is backwards")


def _comparable(moment):
    """Naive local times and aware ISO times side by side (naive ones are read as local time)."""
    return moment.astimezone() if moment.tzinfo is None else moment


def check_selection(args: argparse.Namespace) -> None:
    """CallsimError unless the options pick sessions in one clear way."""
    if not (args.session or args.trainee or args.since or args.until or args.all):
        raise CallsimError("say what to export: --session UUID, --trainee NAME, --since/--until DATE or --all")
    if args.session and (args.trainee or args.since or args.until):
        raise CallsimError("--session picks one session: leave out --trainee, --since and --until")


def check_output(output: str | None, force: bool) -> None:
    """CallsimError when ``output`` names a file that is there and ``--force`` was not given (a FIFO or
    ``/dev/stdout`` is written into, never replaced: always fine)."""
    from callsim.store_files import replaces_a_file

    if output and not force and replaces_a_file(output):
        raise CallsimError(_exists(output))


def _exists(output: str) -> str:
    """The one line refusing to replace ``output``."""
    return f"{output} already exists; nothing written (add --force to replace it)"


def deliver(text: str | Iterable[str], output: str | None, count: int, fmt: str, *, note: str = "",
            replace: bool = True) -> None:
    """Write the report (its text, or pieces of it made as they are written: ``report.render_pieces``) to
    ``output`` (mode 0600, whole or not at all; a file there is replaced only with ``replace``) or standard output
    (a piece at a time), and say so on stderr (``note`` added)."""
    from callsim.report import write_private
    from callsim.store_files import replaced_whole

    if output:
        try:
            write_private(output, text, replace=replace)
        except FileExistsError:  # made while the report was rendered
            raise CallsimError(_exists(output)) from None
        private = " (mode 0600)" if replaced_whole(output) else ""  # not said of a FIFO or /dev/stdout
        print(f"wrote {count} session(s) as {fmt} to {output}{private}{note}", file=sys.stderr)
    else:
        for piece in [text] if isinstance(text, str) else text:
            sys.stdout.write(piece)
