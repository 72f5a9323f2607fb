"""``callsim doctor``: check the installation, one line per item with the fix."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict


def register(sub) -> None:
    """Add the ``doctor`` subcommand."""
    p = sub.add_parser("doctor", help="check Python, packages, audio, model and folders")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run every check; exit 1 when any failed."""
    from callsim.doctor import print_report, run_checks

    checks = run_checks()
    if args.json:
        print(json.dumps([asdict(c) for c in checks]))
        return 0 if all(c.ok for c in checks) else 1
    return 0 if print_report(checks) else 1
