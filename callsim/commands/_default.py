"""What plain ``callsim`` does: open the practice app when it exists, else a health check."""

from __future__ import annotations

import argparse
import importlib.util


def run(args: argparse.Namespace) -> int:
    """Start the practice UI if installed; otherwise print the doctor report and next steps."""
    if importlib.util.find_spec("callsim.tui") is not None:
        from callsim.tui import run_app

        return run_app(args)
    from callsim.doctor import print_report, run_checks

    ok = print_report(run_checks())
    print("\nTry: callsim transcribe FILE.wav   (see callsim --help for every command)")
    return 0 if ok else 1
