"""The ``callsim`` command: subcommands live in ``callsim/commands/``, one module each.

Each command module defines ``register(subparsers)``, which adds its parser and
sets ``func(args) -> int``. Problems the user can fix are raised as
``CallsimError`` and printed as one line, never as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys

from callsim import __version__, paths
from callsim.errors import CallsimError


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every discovered subcommand."""
    parser = argparse.ArgumentParser(
        prog="callsim",
        description="Offline voice call simulator for phone-tone practice.",
        epilog=f"With no COMMAND, opens the practice app (its options work here too: callsim --trainee NAME). "
               f"Data directory: {paths.data_dir()}",
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
    args = parser.parse_args(_practice_by_default(sys.argv[1:] if argv is None else list(argv)))
    func = getattr(args, "func", None) or _default_action
    try:
        code = int(func(args) or 0)
        sys.stdout.flush()  # a closed pipe shows up here for short output
        return code
    except CallsimError as err:
        print(f"callsim: error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("callsim: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `callsim ... | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as err:  # a folder that is a file, a full disk: one line, not a traceback
        print(f"callsim: error: {os_error_text(err)}", file=sys.stderr)
        return 1


def _practice_by_default(argv: list[str]) -> list[str]:
    """Plain ``callsim --trainee anna`` is ``callsim practice --trainee anna`` (options before any command)."""
    if argv and argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version"):
        return ["practice", *argv]
    return argv


def os_error_text(err: OSError) -> str:
    """'PATH: what went wrong' for an operating-system error."""
    what = err.strerror or str(err)
    return f"{err.filename}: {what.lower()}" if err.filename else what


def _default_action(args: argparse.Namespace) -> int:
    from callsim.commands import practice

    return practice.run(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
