"""Text fields left empty: ``title = ""``, ``coach = "  "``, a ``briefing`` of blank lines.

An empty ``title``, ``briefing``, persona ``name`` or turn ``caller`` leaves the pack unusable (the scenario
list, the briefing, the call screen and the reports would show nothing in its place): an error, so the pack
does not load. An empty ``coach``, ``example`` or ``purpose`` is optional text begun and not written: the app
leaves it out as if the line were not there, so it is a warning.
"""

from __future__ import annotations

from callsim.scenario_fields import Checker

#: Text fields whose empty value is an error, with what to write instead.
REQUIRED_TEXT = {
    "title": "write the one line the scenario list shows",
    "briefing": "write what the trainee reads before the call: who they are, what they know",
    "name": "write the caller's name (the call screen and the reports show it)",
    "caller": "write what the caller says",
}

#: Optional text fields whose empty value is a warning, with what to do about it.
OPTIONAL_TEXT = {
    "coach": "write what this moment needs, or remove the line",
    "example": "write a reply that suits this moment, or remove the line",
    "purpose": "write what the tone is for here, or remove the line (the tone target's own words are used)",
}


def check_blank(fields: dict, keys: tuple, check: Checker, section: tuple, where: str = "") -> None:
    """Report each of ``keys`` whose text in ``fields`` is empty or only white space, at its line: an error
    for the fields of ``REQUIRED_TEXT``, a warning for those of ``OPTIONAL_TEXT``."""
    for key in keys:
        value = fields.get(key)
        if not isinstance(value, str) or value.strip():
            continue
        message = f"{where + ': ' if where else ''}{key} is empty: "
        if key in OPTIONAL_TEXT:
            check.warn(section, key, message + OPTIONAL_TEXT[key])
        else:
            check.report(section, key, message + REQUIRED_TEXT[key])
