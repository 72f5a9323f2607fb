"""callsim's argument parser: a mistyped command line is refused in one line, naming the command it was for.

argparse's own refusal is two lines (the usage, then the error) and pins an unknown option on ``callsim`` itself,
however deep the command it was typed after: ``callsim export --trainees anna`` said "usage: callsim [-h] ..." and
"unrecognized arguments". Here it is one ``callsim: error:`` line that names ``callsim export``, offers the closest
option or command, and points at that command's ``--help``; the exit code stays argparse's 2.
"""

from __future__ import annotations

import argparse

from callsim.errors import did_you_mean


class Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose errors are one line; its commands and actions are of the same kind."""

    def error(self, message: str):
        """Print ``callsim: error: COMMAND: MESSAGE (see 'PROG --help')`` and exit with status 2."""
        where = self.prog.split(" ", 1)[1] + ": " if " " in self.prog else ""
        self.exit(2, f"callsim: error: {where}{message}{self._hint(message)} (see '{self.prog} --help')\n")

    def __init__(self, *args, **kwargs):
        """As argparse's; an option that keeps one value (the "store" action, also in groups) is ``Once``."""
        super().__init__(*args, **kwargs)
        self.register("action", None, Once)
        self.register("action", "store", Once)

    def parse_args(self, args=None, namespace=None):
        """As argparse's, but an unknown argument is refused by the deepest command it was typed after."""
        parsed, extra = self.parse_known_args(args, namespace)
        if extra:
            owner(self, parsed).error(f"unrecognized arguments: {' '.join(extra)}")
        parsed.__dict__.pop(GIVEN, None)
        return parsed

    def _hint(self, message: str) -> str:
        """'; did you mean ...?' for an unknown option or command the parser has a close spelling of; the actions
        to choose from when none was given."""
        if message.startswith("unrecognized arguments: "):
            typed = message.split(": ", 1)[1].split()[0].split("=")[0]
            return did_you_mean(typed, [o for a in self._actions for o in a.option_strings]) if typed[:1] == "-" else ""
        if "invalid choice: " in message:
            typed = message.split("invalid choice: ", 1)[1].split(" (")[0].strip("'")
            return did_you_mean(typed, commands_of(self))
        if message.startswith("the following arguments are required: ") and commands_of(self):
            return f" (one of: {', '.join(commands_of(self))})"
        return ""


#: Where ``Once`` notes the values given on this command line (taken out of the parsed arguments).
GIVEN = "_given_once"


class Once(argparse._StoreAction):
    """An option's value, given once: ``--trainee anna --trainee ben`` is refused instead of meaning ben alone (the
    same value twice is fine: it is still one)."""

    def __call__(self, parser, namespace, values, option_string=None):
        """Store ``values``, unless this option already had a different one on this command line."""
        given = namespace.__dict__.setdefault(GIVEN, {})
        if self.dest in given and given[self.dest] != values:
            first, option = _shown(given[self.dest]), "/".join(self.option_strings)
            parser.error(f"{option} was given twice ({first} and {_shown(values)}): give it once")
        given[self.dest] = values
        super().__call__(parser, namespace, values, option_string)


def _shown(values) -> str:
    """An option's value(s) as typed, quoted: ``'a.wav b.wav'``."""
    return repr(" ".join(map(str, values)) if isinstance(values, list) else str(values))


def owner(parser: argparse.ArgumentParser, parsed: argparse.Namespace) -> argparse.ArgumentParser:
    """The deepest command (or action) parser ``parsed`` went through: ``callsim scenarios list`` for
    ``callsim scenarios list --bogus``."""
    for dest in ("command", "action"):
        sub = commands_of(parser).get(getattr(parsed, dest, None) or "")
        if sub is not None:
            parser = sub
    return parser


def commands_of(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The commands (or a command's actions) of ``parser``, by name; empty when it has none."""
    found = [a.choices for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(found[0]) if found else {}
