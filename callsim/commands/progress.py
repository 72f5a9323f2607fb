"""``callsim progress --trainee NAME``: a trainee's scores over time, success rates and frequent misses."""

from __future__ import annotations

import argparse
import json

from callsim.errors import CallsimError


def register(sub) -> None:
    """Add the ``progress`` subcommand."""
    p = sub.add_parser("progress", help="show a trainee's progress",
                       description="A trainee's scores over time, success rates and most frequent misses.")
    p.add_argument("--trainee", metavar="NAME", required=True, help="the trainee: their name in the practice app, in any case "
                        "or accents, or one of their names alone")
    p.add_argument("--window", type=int, default=3, metavar="N",
                   help="compare the first N scored sessions with the latest N (default 3)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the summary."""
    from callsim import progress
    from callsim.store import Store

    if args.window < 1:
        raise CallsimError(f"--window needs a number of sessions >= 1 (got {args.window})")
    with Store.open() as store:
        summary = progress.summary(store, store.find_trainee(args.trainee).name, window=args.window)
    if args.json:
        print(json.dumps(summary.to_dict(), indent=1, ensure_ascii=False))
    else:
        print("\n".join(progress.text_lines(summary)))
    return 0
