"""``callsim review``: the trainer's view of stored sessions (also `v` on the practice home screen)."""

from __future__ import annotations

import argparse


def register(sub) -> None:
    """Add the ``review`` subcommand."""
    p = sub.add_parser("review", help="review stored sessions: replay, annotate, override, grade",
                       description="The trainer's view of stored sessions: a table to filter (trainee:NAME, "
                                   "since:DATE, score>=N, notes ...) and sort; open a session to replay the caller "
                                   "and the reply, add notes, overrule a verdict, grade it or export it.")
    add_options(p)
    p.set_defaults(func=run)


def add_options(p: argparse.ArgumentParser) -> None:
    """The review app's options: where scenarios and the model are, and the sound device to play on."""
    p.add_argument("--scenarios", metavar="DIR", action="append",
                   help="extra scenario packs the sessions came from (repeatable)")
    p.add_argument("--model", metavar="PATH", help="Vosk model folder (overrides CALLSIM_VOSK_MODEL)")
    p.add_argument("--output-device", metavar="NAME|INDEX", help="speaker to replay on (see `callsim devices`)")
    p.add_argument("--input-device", metavar="NAME|INDEX",
                   help="microphone opened with the speaker; nothing is recorded (see `callsim devices`)")


def run(args: argparse.Namespace) -> int:
    """Open the app on the sessions table."""
    from callsim.commands.practice import need_terminal
    from callsim.tui import run_app

    need_terminal()
    return run_app(args, start="review")
