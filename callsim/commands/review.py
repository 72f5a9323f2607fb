"""``callsim review``: the trainer's view of stored sessions (also `v` on the practice home screen)."""

from __future__ import annotations

import argparse

from callsim.commands.practice import add_options


def register(sub) -> None:
    """Add the ``review`` subcommand."""
    p = sub.add_parser("review", help="review stored sessions: replay, annotate, override, grade")
    add_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Open the app on the sessions table."""
    from callsim.tui import run_app

    return run_app(args, start="review")
