"""The ``callsim`` command: subcommands live in ``callsim/commands/``, one module each.

Each command module defines ``register(subparsers)``, which adds its parser and
sets ``func(args) -> int``. Problems the user can fix are raised as
``CallsimError`` and printed as one line, never as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from callsim import __version__, paths
from callsim.errors import CallsimError


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every discovered subcommand."""
    parser = argparse.ArgumentParser(
        prog="callsim",
        description="Offline voice call simulator for phone-tone practice.",
        epilog=f"Data directory: {paths.data_dir()}",
    )
    parser.add_argument("--version", action="version", version=f"callsim {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _command_modules():
        module.register(sub)
    return parser


def _command_modules():
    import callsim.commands as package

    names = sorted(m.name for m in pkgutil.iter_modules(package.__path__) if not m.name.startswith("_"))
    return [importlib.import_module(f"callsim.commands.{name}") for name in names]


def main(argv: list[str] | None = None) -> int:
    """Entry point: parse ``argv`` and run the chosen command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None) or _default_action
    try:
        return int(func(args) or 0)
    except CallsimError as err:
        print(f"callsim: error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("callsim: interrupted", file=sys.stderr)
        return 130


def _default_action(args: argparse.Namespace) -> int:
    from callsim.commands import practice

    return practice.run(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
