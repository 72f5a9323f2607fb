"""The review filter: a short query typed in one line, turned into ``Store.list_sessions`` arguments.

Words: ``trainee:anna``, ``scenario:missed-technician`` (an id), ``since:2026-11-01``,
``until:2026-11-30``, ``score>=50``, ``score<80``, ``notes`` (has trainer notes),
``status:incomplete`` (one of ``records.STATUSES``), ``graded`` / ``ungraded`` (a trainer's grade given or
not yet: the sessions still to grade), ``grade:B`` (that grade, in any case). A bare word is a trainee name.
Quotes keep a name with spaces whole (``trainee:"Anna Smith"``). Trainee names and
scenario ids match whatever their case, trainee names whatever their accents too (``zoe``
finds "Zoë"), and a trainee's first, middle or last name alone finds them when no one has
exactly that name (``anna`` finds "Anna Smith"). Each filter takes one value: two different ones
(``zoe ben``) are a ``FilterError``, never the last one silently. Spaces typed inside a word
(``score >= 50``, ``trainee: anna``) are read as meant.

``parse_filter`` raises ``FilterError`` (a ``ValueError``) naming a word it cannot
read: an unknown word, a bad date, a score without a number, an unknown status.
``list_matching`` lists the sessions, and raises ``FilterError`` for a trainee or
scenario the store does not know, naming the known ones.
"""

from __future__ import annotations

import operator
import re
import shlex

from callsim.names import folded, names_matching
from callsim.records import STATUSES
from callsim.report import parse_day

SCORE = re.compile(r"^score(>=|<=|>|<)(\d+(?:\.\d+)?)$")
#: The placeholder of the filter field (fits it at 80 columns); dates are YYYY-MM-DD.
HINT = "trainee:NAME scenario:ID since:DATE until:DATE score>=N notes status:S"
#: How many known names an error lists before "…".
KNOWN_SHOWN = 8


class FilterError(ValueError):
    """A filter word that cannot be used, said in one line for the status line."""


def parse_filter(text: str) -> dict:
    """Keyword arguments for ``list_sessions`` from the filter line."""
    args: dict = {}
    try:
        words = _split(_joined(text))
    except ValueError:
        raise FilterError("a quote is not closed: write trainee:\"Anna Smith\"") from None
    for word in words:
        for key, value in _word(word).items():
            if key in args and _same(args[key]) != _same(value):
                raise FilterError(_twice(key, args[key], value))
            args[key] = value
    return args


#: Spaces typed inside a filter word ("score >= 50", "trainee: anna"), which would split it.
LOOSE = re.compile(r"\b(score)\s*(>=|<=|>|<)\s*|\b(trainee|scenario|since|until|status|grade):\s+")


def _joined(text: str) -> str:
    """``text`` with the spaces typed inside a filter word taken out: ``score >= 50`` is ``score>=50``."""
    return LOOSE.sub(lambda m: f"{m.group(1)}{m.group(2)}" if m.group(1) else f"{m.group(3)}:", text)


def _same(value):
    """A filter value as compared for "given twice": names whatever their case and accents (``names.folded``)."""
    return folded(value) if isinstance(value, str) else value


def _twice(key: str, first, second) -> str:
    """The error for a filter given two different values (each filter takes one)."""
    if key == "trainee":
        return f"two trainees ({first!r}, {second!r}): one at a time; quote a full name: trainee:\"Anna Smith\""
    if key in SCORE_WORDS:
        return f"{SCORE_WORDS[key]} given twice ({first:g} and {second:g}): one at a time"
    if key == "graded":
        return "graded and ungraded: one at a time"
    return f"{key}: given twice: one at a time"


def _split(text: str) -> list[str]:
    """Words split at spaces; double quotes keep a name whole ("Anna Smith"), while apostrophes and backslashes
    are plain letters (O'Brien). ValueError when a quote is not closed."""
    lexer = shlex.shlex(text, posix=True)
    lexer.quotes, lexer.escape, lexer.whitespace_split, lexer.commenters = '"', "", True, ""
    lexer.wordchars += "'\\"
    return list(lexer)


#: What each score comparison becomes: ``score>=50`` keeps 50, ``score>50`` does not.
SCORE_KEYS = {">=": "min_score", ">": "over_score", "<=": "max_score", "<": "under_score"}
#: Each score bound's word as typed (``min_score`` is ``score>=``), for errors.
SCORE_WORDS = {key: f"score{op}" for op, key in SCORE_KEYS.items()}
COMPARE = {"min_score": operator.ge, "over_score": operator.gt, "max_score": operator.le, "under_score": operator.lt}


def _word(word: str) -> dict:
    if word == "notes":
        return {"has_notes": True}
    if word in ("graded", "ungraded"):
        return {"graded": word == "graded"}
    if m := SCORE.match(word):
        return {SCORE_KEYS[m.group(1)]: float(m.group(2))}
    if re.match(r"score\s*[<>=]", word):
        raise FilterError(f"{word!r}: a score needs a number, e.g. score>=50 or score<80")
    key, sep, value = word.partition(":")
    if not sep:
        return {"trainee": word}
    if key == "status" and value not in STATUSES:
        raise FilterError(f"unknown status {value!r}; one of: {', '.join(STATUSES)}")
    if key in ("trainee", "scenario", "status", "grade") and value:
        return {key: value}
    if key in ("since", "until") and value:
        return {key: _day(value, end=key == "until")}
    raise FilterError(f"unknown filter {word!r}; try: {HINT} graded ungraded grade:G (dates YYYY-MM-DD)")


def _day(value: str, *, end: bool):
    try:
        return parse_day(value, end=end)
    except Exception as err:
        raise FilterError(str(err)) from None


def list_matching(store, filters: dict, **order) -> list:
    """``store.list_sessions(**filters, **order)``, the trainee and scenario matched whatever their case (and the
    trainee whatever their accents).

    Raises ``FilterError`` ("no trainee called 'zed' (known: anna, ben)") for a name the store does not know.
    """
    filters = dict(filters)
    wanted = {key: filters.pop(key) for key in ("trainee", "scenario") if key in filters}
    graded = {key: filters.pop(key) for key in ("graded", "grade") if key in filters}
    sessions = [s for s in store.list_sessions(**filters, **order) if _graded_as(s.grade, graded)]
    if not wanted:
        return sessions
    known = {"trainee": {t.name for t in store.list_trainees()},
             "scenario": {s.scenario_id for s in store.list_sessions()} if "scenario" in wanted else set()}
    names = {key: _named(key, value, known[key]) for key, value in wanted.items()}
    field = {"trainee": "trainee", "scenario": "scenario_id"}
    return [s for s in sessions if all(getattr(s, field[key]) in found for key, found in names.items())]


def _graded_as(grade: str | None, wanted: dict) -> bool:
    """True when a session's ``grade`` passes the grade filters in ``wanted``: ``graded`` (given, or not yet) and
    ``grade`` (that grade, whatever its case and accents)."""
    if "graded" in wanted and bool(grade) != wanted["graded"]:
        return False
    return "grade" not in wanted or (grade is not None and folded(grade) == folded(wanted["grade"]))


def _named(what: str, name: str, known: set[str]) -> set[str]:
    """The known names equal to ``name`` but for case (then accents), else those with ``name`` as one of their words;
    FilterError naming the known ones when there is none."""
    found = set(names_matching(name, known))
    if found:
        return found
    listed = sorted(known, key=lambda k: (folded(k), k))
    shown = ", ".join(listed[:KNOWN_SHOWN]) + (", …" if len(listed) > KNOWN_SHOWN else "")
    raise FilterError(f"no {what} called {name!r} (known: {shown or 'none yet'})")


def scored_matching(store, filters: dict, *, sort: str = "started", descending: bool = True) -> tuple[list, dict]:
    """``list_matching`` with each session's score in force (``overridden.Score`` by uuid): ``score>=``/``score<``
    and sorting by score use the score after the trainer's overrides, as the table shows it."""
    from callsim.overridden import scores_in_force

    filters = dict(filters)
    bounds = {key: filters.pop(key) for key in SCORE_KEYS.values() if key in filters}
    sessions = list_matching(store, filters, sort=sort, descending=descending)
    scores = scores_in_force(store, sessions)
    value = {uuid: score.value for uuid, score in scores.items()}
    sessions = [s for s in sessions if _within(value[s.uuid], bounds)]
    if sort == "score":  # unscored last, whichever the direction; ties by start time (as the store sorts)
        sign = -1 if descending else 1
        sessions.sort(key=lambda s: (value[s.uuid] is None, sign * (value[s.uuid] or 0), sign * s.started.timestamp()))
    return sessions, scores


def _within(score: float | None, bounds: dict) -> bool:
    """True when ``score`` meets every bound (none: any score, or none, passes)."""
    if not bounds:
        return True
    return score is not None and all(COMPARE[key](score, limit) for key, limit in bounds.items())
