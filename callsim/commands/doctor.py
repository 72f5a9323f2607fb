"""``callsim doctor``: check the installation, one line per item with the fix."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict


def register(sub) -> None:
    """Add the ``doctor`` subcommand."""
    p = sub.add_parser("doctor", help="check Python, packages, audio, model, folders and the session store",
                       description="Check the installation: one line per item, with the fix for anything wrong. "
                                   "Exits 1 when something callsim needs is broken; a missing sound device is "
                                   "only a warning (replies can come from audio files). Nothing is recorded: "
                                   "callsim devices --test checks the microphone's level.")
    p.add_argument("--json", action="store_true",
                   help="print the checks as a JSON list (name, ok, required, detail, fix)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run every check; exit 1 when a required one failed (warnings keep exit 0)."""
    from callsim.doctor import healthy, print_report, run_checks

    checks = run_checks()
    if args.json:
        print(json.dumps([asdict(c) for c in checks]))
    else:
        print_report(checks)
    return 0 if healthy(checks) else 1
