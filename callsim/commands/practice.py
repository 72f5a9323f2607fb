"""``callsim practice`` (also plain ``callsim``): the practice app."""

from __future__ import annotations

import argparse


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

    return run_app(args)
