"""What plain ``callsim`` does: open the practice app on its defaults."""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    """Start the practice UI with default options."""
    from callsim.tui import run_app

    return run_app(args)
