"""Read one pack folder into a Scenario, collecting every Problem on the way.

``read_pack(folder)`` returns ``(scenario or None, problems)``: it never raises
for a bad pack. Branch checks are in ``scenario_graph``, audio in ``scenario_audio``.
"""

from __future__ import annotations

import re
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from callsim import vocab
from callsim.errors import did_you_mean
from callsim.scenario_audio import audio_key, check_audio, find_audio
from callsim.scenario_blank import check_blank
from callsim.scenario_fields import PERSONA, TOP, TURN, Checker
from callsim.scenario_graph import check_graph, parse_next
from callsim.scenario_lines import Locator
from callsim.scenario_phrases import with_phrases
from callsim.scenario_syntax import decode_problem, misnamed_pack_file, table_problems
from callsim.scenario_template import PLACEHOLDERS
from callsim.scenario_model import (
    DEFAULT_TIME_LIMIT, DIFFICULTIES, EMOTIONS, MAX_TIME_LIMIT, PACK_FILE, VOICES, Persona, Problem, Scenario, Turn,
)

#: Turn fields that only matter when the trainee replies (the turn has a tone).
REPLY_FIELDS = ("moves", "banned", "time_limit", "coach", "example", "purpose")
ID_PATTERN = r"[a-z0-9][a-z0-9_-]{0,63}"  # a scenario id (also how report file names spell one)
ID = re.compile(f"^{ID_PATTERN}$")
MAX_ID = 64  # characters of an id (ID_PATTERN's bound)
MAX_PURPOSE = 60  # characters of a turn's purpose that still read well inside a tip
MAX_CALLER = 400  # characters of a caller line: about 5 lines at 80 columns (the call screen shows 6, then scrolls)
REPLY_START_S = 1.0  # about how long a reply takes to begin once the caller's line ends (for the time-limit warning)


def read_pack(folder: Path, *, decode_audio: bool = True,
              need_audio: bool = True) -> tuple[Scenario | None, list[Problem]]:
    """Parse and check ``folder/scenario.toml``; audio is decoded when ``decode_audio``.

    ``need_audio=False`` reads a draft: audio files that do not exist yet are no problem
    (their turns keep the path they will have), so an author can read it with ``scenarios show``.
    """
    path = folder / PACK_FILE
    try:
        text = path.read_text(encoding="utf-8-sig")  # a byte-order mark some editors write is fine
    except FileNotFoundError:
        return None, [Problem(folder, None, f"no {PACK_FILE} in this folder{misnamed_pack_file(folder, PACK_FILE)}")]
    except UnicodeDecodeError as err:
        return None, [not_utf8(path, err)]
    except OSError as err:
        return None, [Problem(path, None, f"cannot read the file ({err})")]
    if not text.strip():
        return None, [Problem(path, None, "the file is empty (callsim scenarios new ID writes a commented template)")]
    locator = Locator(text)
    tables = table_problems(path, locator)
    if tables:  # a misspelt [[turns]] makes every later error a knock-on: report the root only
        return None, tables
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        return None, [decode_problem(path, text, locator, err)]
    check = Checker(path, locator)
    scenario = _build(data, folder, check, decode_audio if need_audio else None)
    scenario, phrase_problems = with_phrases(scenario if not check.failed else None, folder)
    return scenario, check.problems + phrase_problems


def not_utf8(path: Path, err: UnicodeDecodeError) -> Problem:
    """The problem of a pack file that is not UTF-8, at the line of its first bad byte (``path:3: not UTF-8 text
    (byte 0xe9: save the file as UTF-8)``)."""
    line = err.object[:err.start].count(b"\n") + 1
    byte = err.object[err.start:err.start + 1].hex()
    return Problem(path, line, f"not UTF-8 text (byte 0x{byte}: save the file as UTF-8)")


def id_problem(text: str) -> str | None:
    """Why ``text`` is not a usable id, in words ("is 65 characters long: at most 64"), or None when it is one."""
    if ID.match(text):
        return None
    if len(text) > MAX_ID:
        return f"is {len(text)} characters long: at most {MAX_ID}"
    if not text or not re.match(r"[A-Za-z0-9]", text):
        return "must start with a lower-case letter or digit"
    return "must be lower-case letters, digits, '-' or '_'"


def _build(data: dict, folder: Path, check: Checker, decode_audio: bool | None) -> Scenario | None:
    """The Scenario, or None after reporting; ``decode_audio=None`` leaves audio files unchecked."""
    top = check.take(data, TOP, (), "the scenario")
    check_blank(top, ("title", "briefing"), check, ())
    if "id" in top and (problem := id_problem(top["id"])):
        check.report((), "id", f"id {top['id']!r} {problem}")
    persona = _persona(top["persona"], check) if "persona" in top else None
    turns = [_turn(i, t, folder, check, persona) for i, t in enumerate(top.get("turns", []))]
    if "turns" in top and not turns:
        check.report((), "turns", "the scenario has no [[turns]]")
    difficulty = check.choice(top.get("difficulty"), DIFFICULTIES, (), "difficulty", "difficulty")
    _placeholders(top, check)
    tags = tuple(t for t in top.get("tags", []) if isinstance(t, str))
    if len(tags) != len(top.get("tags", [])):
        check.report((), "tags", "tags must be strings")
    turns = [t for t in turns if t is not None]
    if check.failed:
        return None
    if not turns[0].expects_reply:
        check.report(("turns", 0), "id", "the first turn must take a reply: give it a tone")
    check_graph(turns, check)
    for index, turn in enumerate(turns if decode_audio is not None else ()):
        check_audio(turn.audio_path, check, ("turns", index), decode=decode_audio)
    if check.failed:
        return None
    return Scenario(top["id"], top["title"], unwrap(top["briefing"]), persona, difficulty,
                    tags, tuple(turns), folder.resolve())


def _persona(table: dict, check: Checker) -> Persona | None:
    section = ("persona",)
    fields = check.take(table, PERSONA, section, "[persona]")
    check_blank(fields, ("name",), check, section, "[persona]")
    mood = check.choice(fields.get("mood"), EMOTIONS, section, "mood", "mood")
    voice = fields.get("voice")
    if voice is not None and voice not in VOICES:
        check.warn(section, "voice", f"voice {voice!r} is not one scripts/make_voices.py knows ({', '.join(VOICES)}); "
                                     f"it only matters for rendering{did_you_mean(voice, VOICES)}")
    if len(fields) < 3 or mood is None:
        return None
    return Persona(fields["name"], mood, voice)


def _turn(index: int, table, folder: Path, check: Checker, persona: Persona | None) -> Turn | None:
    section = ("turns", index)
    if not isinstance(table, dict):
        check.report((), "turns", "every turn must be a [[turns]] table")
        return None
    where = f"turn {table.get('id', index + 1)!r}"
    f = check.take(table, TURN, section, where)
    check_blank(f, ("caller",) if _takes_no_reply(f) else ("caller", "coach", "example", "purpose"), check,
                section, where)
    tone = check.choice(f.get("tone"), vocab.TONE_TARGETS, section, "tone", "tone target")
    emotion = check.choice(f.get("emotion"), EMOTIONS, section, "emotion", "emotion")
    moves = check.names(f.get("moves", []), vocab.MOVES, section, "moves", "move")
    banned = check.names(f.get("banned", []), vocab.BANNED, section, "banned", "banned phrase")
    limit = float(f.get("time_limit", DEFAULT_TIME_LIMIT))
    if not 0 < limit <= MAX_TIME_LIMIT:
        check.report(section, "time_limit", f"{where}: time_limit must be more than 0 and at most "
                                            f"{MAX_TIME_LIMIT:.0f} seconds (it is {limit:g})")
    elif "tone" in f:
        _short_limit(limit, section, where, check)
    if "id" in f and not ID.match(f["id"]):
        check.report(section, "id", f"turn id {f['id']!r} must be lower-case letters, digits, '-' or '_'")
    audio, reason = find_audio(folder, f.get("audio", f"{f.get('id', index)}.ogg"))
    if reason:
        check.report(section, audio_key(check, section), f"{where}: {reason}")
    _ignored_reply_fields(f, section, where, check)
    _long_caller(f, section, where, check)
    rejected = set(table) - set(f)  # present but reported already (wrong type, unknown)
    if rejected & {"end", "next"}:  # end = "yes": its own problem is the root; no knock-ons
        nxt, is_end = {}, False
    else:
        nxt, is_end = parse_next(f, check, section, where)
        if not is_end and "tone" not in f and "tone" not in rejected:
            check.report(section, None, f"{where}: a turn that is not an end needs a tone to judge the reply")
    if "id" not in f or "caller" not in f or audio is None:
        return None
    return Turn(f["id"], unwrap(f["caller"]), audio, emotion or (persona.mood if persona else "neutral"),
                tone, moves, banned, limit, unwrap(f.get("coach", "")), unwrap(f.get("example", "")),
                nxt, is_end, purpose=_purpose(f, section, where, check))


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


def _placeholders(top: dict, check: Checker) -> None:
    """Warn of the template's placeholder title and briefing left as they were."""
    for key, placeholder in PLACEHOLDERS.items():
        if isinstance(top.get(key), str) and " ".join(top[key].split()) == placeholder:
            check.warn((), key, f"{key} is still the template's placeholder text: write your own")


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


def unwrap(text: str) -> str:
    """Hard-wrapped TOML text as flowing paragraphs (blank lines still separate them)."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())

