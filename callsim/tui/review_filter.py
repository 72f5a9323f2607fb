"""The review filter: a short query typed in one line, turned into ``Store.list_sessions`` arguments.

Words: ``trainee:anna``, ``scenario:missed`` (an id), ``since:2026-11-01``, ``until:2026-11-30``,
``score>=50``, ``score<80``, ``notes`` (has trainer notes), ``status:incomplete``. A bare word is a
trainee name. Unknown words raise ``ValueError`` naming the word.
"""

from __future__ import annotations

import re

from callsim.report import parse_day

SCORE = re.compile(r"^score(>=|<=|>|<)(\d+(?:\.\d+)?)$")
HINT = "trainee:NAME scenario:ID since:YYYY-MM-DD until:YYYY-MM-DD score>=N notes status:S"


def parse_filter(text: str) -> dict:
    """Keyword arguments for ``list_sessions`` from the filter line."""
    args: dict = {}
    for word in text.split():
        args.update(_word(word))
    return args


def _word(word: str) -> dict:
    if word == "notes":
        return {"has_notes": True}
    if m := SCORE.match(word):
        return {("min_score" if m.group(1).startswith(">") else "max_score"): float(m.group(2))}
    key, sep, value = word.partition(":")
    if not sep:
        return {"trainee": word}
    if key in ("trainee", "scenario", "status") and value:
        return {key: value}
    if key in ("since", "until") and value:
        return {key: _day(value, end=key == "until")}
    raise ValueError(f"unknown filter {word!r}; try: {HINT}")


def _day(value: str, *, end: bool):
    try:
        return parse_day(value, end=end)
    except Exception as err:
        raise ValueError(str(err)) from None
