"""The fields a ``scenario.toml`` may hold, and a checker that reports bad ones.

Each table has a spec: field name -> (accepted types, required). ``Checker.take``
reports unknown fields, missing required ones and wrong types, each at its line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from callsim.errors import did_you_mean
from callsim.scenario_lines import Locator
from callsim.scenario_model import Problem

NUMBER = (int, float)

TOP = {
    "id": (str, True), "title": (str, True), "briefing": (str, True),
    "difficulty": (str, True), "tags": (list, False), "persona": (dict, True), "turns": (list, True),
}
PERSONA = {"name": (str, True), "mood": (str, True), "voice": (str, True)}
TURN = {
    "id": (str, True), "caller": (str, True), "audio": (str, False), "emotion": (str, False),
    "tone": (str, False), "moves": (list, False), "banned": (list, False),
    "time_limit": (NUMBER, False), "coach": (str, False), "example": (str, False), "purpose": (str, False),
    "next": ((dict, str), False),
    "end": (bool, False),
}

_TYPE_NAMES = {str: "a string", list: "a list", dict: "a table", bool: "true or false",
               int: "a number", float: "a number"}


@dataclass
class Checker:
    """Collects Problems for one pack file, placing each at the right line."""

    path: Path
    locator: Locator
    problems: list[Problem] = field(default_factory=list)

    def report(self, section: tuple, key: str | None, message: str) -> None:
        """Record a problem about ``key`` in ``section`` (or the section itself)."""
        self.problems.append(Problem(self.path, self.locator.line(section, key), message))

    def warn(self, section: tuple, key: str | None, message: str) -> None:
        """Record a warning: the pack still loads, but this is probably not what its author meant."""
        self.problems.append(Problem(self.path, self.locator.line(section, key), message, level="warning"))

    @property
    def failed(self) -> bool:
        """True once an error (not a warning) has been reported."""
        return any(p.is_error for p in self.problems)

    def take(self, table: dict, spec: dict, section: tuple, where: str) -> dict:
        """The fields of ``table`` that have the right type; reports everything else."""
        good = {}
        for key, value in table.items():
            if key not in spec:
                known = ", ".join(spec)
                self.report(section, key, f"unknown field {key!r} in {where} (known: {known}){did_you_mean(key, spec)}")
                continue
            types = spec[key][0] if isinstance(spec[key][0], tuple) else (spec[key][0],)
            if isinstance(value, bool) and bool not in types or not isinstance(value, types):
                wanted = " or ".join(dict.fromkeys(_TYPE_NAMES[t] for t in types))
                self.report(section, key, f"{where}: {key!r} must be {wanted}{_unquote_hint(key, value, types)}")
                continue
            good[key] = value
        for key, (_, required) in spec.items():
            if required and key not in table:
                self.report(section, None, f"{where}: missing required field {key!r}")
        return good

    def names(self, values: list, allowed: tuple, section: tuple, key: str, what: str) -> tuple:
        """The entries of a list of names that are in ``allowed``, each once; reports the others, warns of repeats."""
        good = []
        for value in values:
            if not isinstance(value, str):
                self.report(section, key, f"{key} must be a list of {what} names in quotes, not {value!r}")
            elif value in good:
                self.warn(section, key, f"{what} {value!r} is listed twice in {key}: once is enough")
            elif value in allowed:
                good.append(value)
            else:
                self.report(section, key, f"unknown {what} {value!r} (known: {', '.join(allowed)})"
                                          f"{did_you_mean(value, allowed)}")
        return tuple(good)

    def choice(self, value: str | None, allowed: tuple, section: tuple, key: str, what: str):
        """``value`` when it is one of ``allowed`` (or None); reports anything else."""
        if value is None or value in allowed:
            return value
        hint = did_you_mean(value, allowed)
        self.report(section, key, f"unknown {what} {value!r} (known: {', '.join(allowed)}){hint}")
        return None


def _unquote_hint(key: str, value, types: tuple) -> str:
    """How to write a true/false or a number that was given in quotes (``end = "yes"``)."""
    if not isinstance(value, str):
        return ""
    text = value.strip().lower()
    if bool in types and text in ("yes", "true", "no", "false"):
        return f" (write {key} = {'true' if text in ('yes', 'true') else 'false'}, without quotes)"
    if int in types:
        try:
            return f" (write {key} = {float(text):g}, without quotes)"
        except ValueError:
            return ""
    return ""
