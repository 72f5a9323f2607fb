"""One ``[[turns]]`` table into a ``Turn``, reporting its problems and warning of what reads badly.

Errors leave the pack unusable (a bad time limit, id or audio name, a turn that is not an end without a tone);
warnings let it load (a time limit too short to judge, reply rules on a closing line, a caller line or purpose
too long to read well).
"""

from __future__ import annotations

from pathlib import Path

from callsim import vocab
from callsim.scenario_audio import audio_key, find_audio
from callsim.scenario_blank import check_blank
from callsim.scenario_fields import TURN, Checker
from callsim.scenario_graph import parse_next
from callsim.scenario_model import DEFAULT_TIME_LIMIT, EMOTIONS, MAX_TIME_LIMIT, Persona, Turn
from callsim.scenario_values import id_problem, unwrap

#: Turn fields that only matter when the trainee replies (the turn has a tone).
REPLY_FIELDS = ("moves", "banned", "time_limit", "coach", "example", "purpose")
MAX_PURPOSE = 60  # characters of a turn's purpose that still read well inside a tip
MAX_CALLER = 400  # characters of a caller line: about 5 lines at 80 columns (the call screen shows 6, then scrolls)
REPLY_START_S = 1.0  # about how long a reply takes to begin once the caller's line ends (for the time-limit warning)


def read_turn(index: int, table, folder: Path, check: Checker, persona: Persona | None) -> Turn | None:
    """The ``index``-th ``[[turns]]`` table as a Turn, or None once its problems are reported."""
    section = ("turns", index)
    if not isinstance(table, dict):
        check.report((), "turns", "every turn must be a [[turns]] table")
        return None
    where = f"turn {table.get('id', index + 1)!r}"
    f = check.take(table, TURN, section, where)
    tone, emotion, moves, banned = _choices(f, section, where, check)
    limit = _time_limit(f, section, where, check)
    if "id" in f and (problem := id_problem(f["id"])):
        check.report(section, "id", f"turn id {f['id']!r} {problem}")
    audio = _audio(f, index, folder, section, where, check)
    _ignored_reply_fields(f, section, where, check)
    _long_caller(f, section, where, check)
    nxt, is_end = _next(table, f, section, where, check)
    if "id" not in f or "caller" not in f or audio is None:
        return None
    return Turn(f["id"], unwrap(f["caller"]), audio, emotion or (persona.mood if persona else "neutral"),
                tone, moves, banned, limit, unwrap(f.get("coach", "")), unwrap(f.get("example", "")),
                nxt, is_end, purpose=_purpose(f, section, where, check))


def _choices(f: dict, section: tuple, where: str, check: Checker) -> tuple:
    """Check the turn's texts for blanks; its (tone, emotion, moves, banned), each checked against what callsim
    knows."""
    check_blank(f, ("caller",) if _takes_no_reply(f) else ("caller", "coach", "example", "purpose"), check,
                section, where)
    tone = check.choice(f.get("tone"), vocab.TONE_TARGETS, section, "tone", "tone target")
    emotion = check.choice(f.get("emotion"), EMOTIONS, section, "emotion", "emotion")
    moves = check.names(f.get("moves", []), vocab.MOVES, section, "moves", "move")
    banned = check.names(f.get("banned", []), vocab.BANNED, section, "banned", "banned phrase")
    return tone, emotion, moves, banned


def _time_limit(f: dict, section: tuple, where: str, check: Checker) -> float:
    """The turn's reply time limit (seconds), reported when out of bounds and warned of when too short."""
    limit = float(f.get("time_limit", DEFAULT_TIME_LIMIT))
    if not 0 < limit <= MAX_TIME_LIMIT:
        check.report(section, "time_limit", f"{where}: time_limit must be more than 0 and at most "
                                            f"{MAX_TIME_LIMIT:.0f} seconds (it is {limit:g})")
    elif "tone" in f:
        _short_limit(limit, section, where, check)
    return limit


def _audio(f: dict, index: int, folder: Path, section: tuple, where: str, check: Checker) -> Path | None:
    """The turn's audio file (``find_audio``; whether it is there is checked later), or None after reporting why
    its name cannot be used."""
    audio, reason = find_audio(folder, f.get("audio", f"{f.get('id', index)}.ogg"))
    if reason:
        check.report(section, audio_key(check, section), f"{where}: {reason}")
    return audio


def _next(table: dict, f: dict, section: tuple, where: str, check: Checker) -> tuple[dict, bool]:
    """The turn's branches and whether it ends the call; a turn that is not an end needs a tone."""
    rejected = set(table) - set(f)  # present but reported already (wrong type, unknown)
    if rejected & {"end", "next"}:  # end = "yes": its own problem is the root; no knock-ons
        return {}, False
    nxt, is_end = parse_next(f, check, section, where)
    if not is_end and "tone" not in f and "tone" not in rejected:
        check.report(section, None, f"{where}: a turn that is not an end needs a tone to judge the reply")
    return nxt, is_end


def _long_caller(f: dict, section: tuple, where: str, check: Checker) -> None:
    """Warn of a caller line longer than ``MAX_CALLER``: the call screen shows it in a box that scrolls."""
    size = len(" ".join(f.get("caller", "").split()))
    if size > MAX_CALLER:
        check.warn(section, "caller", f"{where}: caller is {size} characters; the call screen shows about {MAX_CALLER} "
                                      f"before the trainee must scroll, and a caller rarely says that much at once: "
                                      f"split it over turns")


def _short_limit(limit: float, section: tuple, where: str, check: Checker) -> None:
    """Warn of a reply time limit too short for a sure tone judgement: under the speech it needs (the bands file's
    ``short_speech_s``, below which confidence is lowered for "little speech") once the reply has begun."""
    from callsim.tone_bands import load_bands

    need = load_bands()["confidence"]["short_speech_s"]
    if limit < need + REPLY_START_S:
        check.warn(section, "time_limit", f"{where}: time_limit {limit:g} s is too short to judge the tone of a reply: "
                                          f"it needs {need:g} s of speech, and a reply takes about {REPLY_START_S:g} s "
                                          f"to begin (give it at least {need + REPLY_START_S:g} s)")


def _purpose(f: dict, section: tuple, where: str, check: Checker) -> str:
    """The turn's own words for what its tone is for (``tone.judge``'s ``purpose``), warned of when too long to
    read inside a tip."""
    purpose = " ".join(f.get("purpose", "").split())
    if len(purpose) > MAX_PURPOSE:
        check.warn(section, "purpose", f"{where}: purpose is {len(purpose)} characters; tips read best with at most "
                                       f"{MAX_PURPOSE} (e.g. \"for an apology\")")
    return purpose


def _ignored_reply_fields(f: dict, section: tuple, where: str, check: Checker) -> None:
    """Warn of reply rules on a turn that takes no reply (an end turn with no tone): nothing reads them."""
    if not _takes_no_reply(f):
        return
    ignored = [k for k in REPLY_FIELDS if k in f]
    if ignored:
        one = len(ignored) == 1
        check.warn(section, ignored[0], f"{where} takes no reply (an end turn with no tone), so its "
                                        f"{', '.join(ignored)} {'is' if one else 'are'} ignored: "
                                        f"give it a tone for a last reply, or remove {'it' if one else 'them'}")


def _takes_no_reply(f: dict) -> bool:
    """True for an end turn with no tone (a closing line): its reply rules are ignored, and warned of as such."""
    return "tone" not in f and f.get("end") is True
