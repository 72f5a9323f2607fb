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
from callsim.cli_parser import Parser, commands_of
from callsim.errors import CallsimError


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every discovered subcommand."""
    parser = Parser(
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
    argv = sys.argv[1:] if argv is None else list(argv)
    args = parser.parse_args(_practice_by_default(options_after_command(argv, parser)))
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


def options_after_command(argv: list[str], parser: argparse.ArgumentParser) -> list[str]:
    """``argv`` with the options typed before the command moved behind it (and behind its action, for a command
    that has actions), where argparse looks for them: ``callsim --scenarios DIR scenarios list`` is ``callsim
    scenarios list --scenarios DIR``, ``callsim --json progress --trainee anna`` is ``callsim progress --json
    --trainee anna``, ``callsim scenarios --scenarios DIR list`` is ``callsim scenarios list --scenarios DIR``.

    Only options in front of a command name move. An option's first value is its value even when it is a command's
    name (``callsim --trainee review`` opens the app for a trainee called "review"). Nothing moves past ``-h``,
    ``--version`` or ``--``; an option the command does not take is refused by argparse as before."""
    commands = commands_of(parser)
    at = _command_at(argv, commands, _options(parser))
    if at is None:
        return argv
    sub = commands[argv[at]]
    rest = options_after_command(argv[at + 1:], sub)
    action = rest[:1] if rest and rest[0] in commands_of(sub) else []
    return [argv[at], *action, *argv[:at], *rest[len(action):]]


def _command_at(argv: list[str], commands: dict, options: dict[str, bool]) -> int | None:
    """The index of the command name that ``argv``'s leading options (and their values) come before (0 when it comes
    first), or None when there is none."""
    i, in_values = 0, False
    while i < len(argv) and argv[i] not in commands:
        if argv[i] in ("--", "-h", "--help", "--version") or not (argv[i].startswith("-") or in_values):
            return None
        if argv[i].startswith("-"):  # an option's first value is its value, whatever it says
            in_values = _takes_value(argv[i], options)
            i += in_values
        i += 1
    return i if i < len(argv) else None



def _options(parser: argparse.ArgumentParser) -> dict[str, bool]:
    """Every option string of ``parser`` and of any command or action under it, and whether it takes a value
    (anywhere it is used)."""
    found = {o: a.nargs != 0 for a in parser._actions for o in a.option_strings}
    for sub in commands_of(parser).values():
        for option, takes in _options(sub).items():
            found[option] = found.get(option, False) or takes
    return found


def _takes_value(option: str, options: dict[str, bool]) -> bool:
    """True when ``option`` takes a value: as spelled, or shortened as argparse allows (``--train`` for
    ``--trainee``) when every option it could stand for takes one."""
    if option in options:
        return options[option]
    meant = [takes for name, takes in options.items() if option.startswith("--") and name.startswith(option)]
    return bool(meant) and all(meant)


def os_error_text(err: OSError) -> str:
    """'PATH: what went wrong' for an operating-system error."""
    what = err.strerror or str(err)
    return f"{err.filename}: {what.lower()}" if err.filename else what


def _default_action(args: argparse.Namespace) -> int:
    from callsim.commands import practice

    return practice.run(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
