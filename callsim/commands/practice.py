"""``callsim practice`` (also plain ``callsim``): the practice app."""

from __future__ import annotations

import argparse
import sys

from callsim.errors import CallsimError


def register(sub) -> None:
    """Add the ``practice`` subcommand."""
    p = sub.add_parser("practice", help="open the practice app (the default when no command is given)")
    add_options(p)
    p.set_defaults(func=run)


def add_options(p: argparse.ArgumentParser) -> None:
    """The app's options (shared with plain ``callsim``)."""
    p.add_argument("--trainee", metavar="NAME", help="who is practising")
    p.add_argument("--scenarios", metavar="DIR", action="append", help="extra scenario packs (repeatable)")
    p.add_argument("--model", metavar="PATH", help="Vosk model folder (overrides CALLSIM_VOSK_MODEL)")
    p.add_argument("--input-device", metavar="NAME|INDEX", help="microphone (see `callsim devices`)")
    p.add_argument("--output-device", metavar="NAME|INDEX", help="speaker (see `callsim devices`)")
    p.add_argument("--hide-caller-text", action="store_true", help="hear the caller without reading along")


def run(args: argparse.Namespace) -> int:
    """Open the app."""
    from callsim.tui import run_app

    need_terminal()
    return run_app(args)


def need_terminal() -> None:
    """The app draws on a terminal and reads its keys there: without one (``callsim > log``, a pipe, cron) it drew
    escape codes into the file and waited for keys forever, so it is refused in one line."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise CallsimError("the app needs a terminal to draw on and read keys from (standard input and output are "
                           "not one here); run it in a terminal, or use callsim analyze, transcribe or export")
