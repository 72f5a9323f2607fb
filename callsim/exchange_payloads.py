"""Shape checks for the JSON payloads of an imported try (transcript, prosody, tone, content) and of an override.

The shapes are those callsim writes: ``practice.TurnOutcome.payloads()``, that is
``asr.Transcript.to_dict``, ``prosody_summary.Features.to_dict``, ``tone.ToneResult.to_dict`` (with
``tone_rules.Reason`` and ``tone_problems.Problem``) and ``content_result.ContentResult.to_dict`` with
``verdict.Verdict.to_dict`` under ``verdict``. A key may be absent or null (the readers in ``report_view`` and
``store_progress`` take that as empty) and keys callsim does not know are kept; a key that is present must hold
what the readers iterate or compute on, so a wrong type is refused at import, never met later in the review,
an export or ``callsim progress``. A number must be finite: NaN or infinity is refused, as in a session's score.

API::

    check_payload(entry, "transcript", TRANSCRIPT)
    # ExportError "session 1, turn entry 1: 'transcript.words' is not a list (1.5)"
"""

from __future__ import annotations

from typing import Any, Callable

from callsim.exchange_fields import Entry, ExportError, finite_number

#: What a ``Wrong`` says of a required key that is absent or null.
MISSING = "missing"
#: A check takes a value and its path in the payload (``transcript.words[2].start``) and raises ``Wrong``; it
#: passes null (an absent key) and says what it wants in its ``what`` attribute (``named``).
Check = Callable[[Any, str], None]


class Wrong(Exception):
    """The value at ``path`` is not ``what``."""

    def __init__(self, path: str, what: str, value: Any):
        super().__init__(path)
        self.path, self.what, self.value = path, what, value


def check_payload(entry: Entry, key: str, check: Check) -> None:
    """ExportError naming the entry and the field path when ``entry``'s ``key`` does not have the shape ``check``."""
    try:
        check(entry.data.get(key), key)
    except Wrong as err:
        if err.what == MISSING:
            raise ExportError(f"{entry.label}: '{err.path}' is missing") from None
        raise entry.wrong(err.path, err.what, err.value) from None


def named(what: str, check: Check) -> Check:
    """``check`` with ``what`` it wants, for a list to name when one of its items is null."""
    check.what = what
    return check


def scalar(what: str, test: Callable[[Any], bool]) -> Check:
    """A check that the value is null or passes ``test`` (``what`` names it in the message)."""

    def check(value: Any, path: str) -> None:
        if value is not None and not test(value):
            raise Wrong(path, what, value)

    return named(what, check)


def _is_number(value: Any) -> bool:
    """True for a JSON number the store can keep and the readers compute on (``exchange_fields.finite_number``):
    not true or false, and not NaN or infinity, which Python's json reads without a word and which would be stored
    as the text ``NaN``, shown as "nan" and written back into exports as a bare ``NaN`` that is not JSON."""
    return finite_number(value)


NUMBER = scalar("a number", _is_number)
TEXT = scalar("text", lambda v: isinstance(v, str))
FLAG = scalar("true or false", lambda v: isinstance(v, bool))
WHOLE = scalar("a whole number", lambda v: isinstance(v, int) and not isinstance(v, bool))


def list_of(item: Check) -> Check:
    """A check that the value is null or a list whose every item passes ``item``."""

    def check(value: Any, path: str) -> None:
        if value is None:
            return
        if not isinstance(value, list):
            raise Wrong(path, "a list", value)
        for n, part in enumerate(value):
            if part is None:
                raise Wrong(f"{path}[{n}]", item.what, part)
            item(part, f"{path}[{n}]")

    return named("a list", check)


def obj(fields: dict[str, Check], *, required: tuple[str, ...] = ()) -> Check:
    """A check that the value is null or a JSON object whose known ``fields`` pass their checks and which has
    every ``required`` key (with a value that is not null)."""

    def check(value: Any, path: str) -> None:
        if value is None:
            return
        if not isinstance(value, dict):
            raise Wrong(path, "a JSON object", value)
        for key in required:
            if value.get(key) is None:
                raise Wrong(f"{path}.{key}", MISSING, None)
        for key, field in fields.items():
            field(value.get(key), f"{path}.{key}")

    return named("a JSON object", check)


def map_of(item: Check) -> Check:
    """A check that the value is null or a JSON object whose every value passes ``item``."""

    def check(value: Any, path: str) -> None:
        if value is None:
            return
        if not isinstance(value, dict):
            raise Wrong(path, "a JSON object", value)
        for key, part in value.items():
            item(part, f"{path}.{key}")

    return named("a JSON object", check)


def either(what: str, *checks: Check) -> Check:
    """A check that the value passes one of ``checks`` (``what`` names them together in the message)."""

    def check(value: Any, path: str) -> None:
        for one in checks:
            try:
                return one(value, path)
            except Wrong:
                continue
        raise Wrong(path, what, value)

    return named(what, check)


def _band(value: Any, path: str) -> None:
    """A reason's wanted band: null, ``[low, high]`` numbers, or the tone names (target first) of a tone reason."""
    if value is None or (isinstance(value, list) and len(value) == 2 and all(map(_is_number, value))):
        return
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return
    raise Wrong(path, BAND_WANTED, value)


BAND_WANTED = "null, two numbers or a list of tone names"
BAND = named(BAND_WANTED, _band)


WORD = obj({"text": TEXT, "word": TEXT, "start": NUMBER, "end": NUMBER, "conf": NUMBER}, required=("start", "end"))
TRANSCRIPT = obj({"text": TEXT, "words": list_of(WORD)})
PROSODY = obj({"final_contour": TEXT, "pace_source": TEXT, "checks": list_of(TEXT), "voice": map_of(NUMBER)}
              | {name: NUMBER for name in ("duration", "speech_seconds", "voiced_fraction", "pitch_median_hz",
                                           "pitch_median_st", "pitch_sd_st", "pitch_range_st", "final_change_st",
                                           "energy_db", "energy_sd_db", "energy_trend_db", "pause_count",
                                           "longest_pause", "pause_share", "latency", "word_count", "wpm",
                                           "syllable_rate", "pace_wpm", "alpha_ratio", "hammarberg", "spectral_tilt",
                                           "clipped_share")})
REASON = obj({"feature": TEXT, "value": either("a number or text", NUMBER, TEXT), "baseline": NUMBER, "band": BAND,
              "unit": TEXT, "ok": FLAG, "evidence": TEXT, "tip": TEXT, "hint": FLAG})
PROBLEM = obj({"name": TEXT, "feature": TEXT, "value": NUMBER, "limit": NUMBER, "text": TEXT})
TONE = obj({"perceived": TEXT, "scores": map_of(NUMBER), "confidence": NUMBER, "is_hint": FLAG, "is_unclear": FLAG,
            "problems": list_of(PROBLEM), "target": TEXT, "verdict": TEXT, "level": TEXT, "reasons": list_of(REASON),
            "summary": TEXT, "baseline": TEXT, "personal_baseline": FLAG, "notes": list_of(TEXT)})
FINDING = obj({"name": TEXT, "words": TEXT, "start_index": WHOLE, "end_index": WHOLE, "start": NUMBER,
               "end": NUMBER}, required=("name",))
VERDICT = obj({"level": TEXT, "tone_level": TEXT, "words_level": TEXT, "missing": list_of(TEXT),
               "banned": list_of(TEXT), "tips": list_of(TEXT), "tone_is_hint": FLAG, "required": list_of(TEXT)})
CONTENT = obj({"text": TEXT, "moves": list_of(FINDING), "banned": list_of(FINDING), "fillers": list_of(FINDING),
               "fillers_per_minute": NUMBER, "missing": list_of(TEXT), "verdict": VERDICT})
#: An override's original or new value: a verdict (as the review writes it), or a payload (older layouts).
OVERRIDE_VALUES = {"tone": either("a verdict or a tone payload", TEXT, TONE),
                   "content": either("a verdict or a content payload", TEXT, CONTENT)}
