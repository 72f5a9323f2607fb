"""Trainee names: what a name may be (it names the baseline file) and how a search finds one in any case or accents."""

from __future__ import annotations

from callsim.text_fold import fold_accents

MAX_NAME = 64
#: The most bytes a name may take in UTF-8: it names files (``NAME.json``, ``NAME-reading-5.wav``, the review's
#: ``NAME-YYYYmmdd-HHMM-SCENARIO-ID8.html`` and their ``.tmp-`` files while written), and a file name ends at 255
#: bytes. 64 emoji are 256 bytes; 64 accented letters fit.
MAX_NAME_BYTES = 128
#: What a trainee's name may be, in words: the app, ``calibrate --name`` and ``analyze --baseline`` agree.
NAME_RULES = (f"1 to {MAX_NAME} characters and at most {MAX_NAME_BYTES} bytes in UTF-8, no / or \\, "
              "not starting with '.', no spaces at either end")


def trainee_name_problem(name: str) -> str:
    """Why ``name`` cannot be a trainee's baseline name (it names files under ``baselines/``), or "" when it can.

    The one rule for the practice app's trainee names, ``calibrate --name`` and ``analyze --baseline``:
    any words ("Anna Smith", "José"), as long as they make one safe file name."""
    if not name:
        return "it is empty"
    if len(name) > MAX_NAME:
        return f"it is longer than {MAX_NAME} characters"
    if (size := len(name.encode("utf-8", "surrogatepass"))) > MAX_NAME_BYTES:
        return (f"it is too long to name a file ({size} bytes in UTF-8, more than {MAX_NAME_BYTES}: accented letters, "
                "other scripts and emoji take 2 to 4 bytes each)")
    if any(c in name for c in "/\\"):
        return "it contains / or \\"
    if name.startswith("."):
        return "it starts with '.'"
    if name != name.strip():
        return "it starts or ends with a space"
    if any(not c.isprintable() for c in name):
        return "it contains a control character"
    return ""


def folded(name: str) -> str:
    """``name`` as a search compares it: any case, accents dropped as the word checks drop them
    (``text_fold.fold_accents``: "Zoë" and "ZOE" both give "zoe")."""
    return fold_accents(name.casefold())


def names_matching(name: str, known) -> list[str]:
    """The ``known`` names equal to ``name`` but for case, else but for case and accents ("zoe" finds "Zoë"), else
    those with ``name`` as one of their words ("anna" finds "Anna Smith", "jose" finds "José Ruiz"), sorted; the
    review filter and ``--trainee`` options both find names this way."""
    known, lower, key = list(known), name.casefold(), folded(name)
    found = sorted(k for k in known if k.casefold() == lower)
    found = found or sorted(k for k in known if folded(k) == key)
    return found or sorted(k for k in known if key in folded(k).split())
