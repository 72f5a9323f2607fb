"""``callsim import FILE.json``: merge sessions exported on other machines (no duplicates, idempotent)."""

from __future__ import annotations

import argparse
from contextlib import ExitStack


def register(sub) -> None:
    """Add the ``import`` subcommand (this module can't be called ``import``)."""
    p = sub.add_parser("import", help="merge a JSON export from another machine into this store",
                       description="Merge callsim JSON exports into this store. Sessions are identified by "
                                   "their uuid; importing the same file twice changes nothing.")
    p.add_argument("files", nargs="+", metavar="FILE.json", help="files made by 'callsim export --format json'")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Check every file first, then merge them one by one and say what was added."""
    from callsim.exchange import read_export
    from callsim.exchange_merge import merge
    from callsim.store import Store

    with ExitStack() as held:  # each file's decoded recordings wait in a temp folder until merged
        bundles = [(path, held.enter_context(read_export(path))) for path in args.files]
        with Store.open() as store:
            for path, bundle in bundles:
                result = merge(store, bundle)
                print(f"{path}: " + "; ".join(result.lines()))
    return 0
