"""The JSON export: complete, versioned, and readable by ``callsim import`` on another machine.

Layout (version 1)::

    {"format": "callsim-export", "version": 1, "exported": "2026-...Z", "app_version": "...",
     "trainees": [{"name", "created"}],
     "baselines": [{"trainee", "profile", "created", "audio_file", "audio_data"?}],
     "sessions": [{"uuid", "trainee", "scenario_id", "scenario_title", "started", "ended",
                   "status", "score", "score_in_force", "grade", "app_version",
                   "turns": [{"index", "retry", "caller_turn_id", "caller_text", "target_tone",
                              "transcript", "prosody", "tone", "tone_certainty", "content", "verdict",
                              "verdict_in_force", "unjudged_reason", "live_transcript", "early_start",
                              "unjudged_error", "recorded_at", "audio_file", "audio_data"?}],   # every try
                   "notes": [{"turn_index", "retry", "at_seconds", "text", "author", "created"}],
                   "overrides": [{"turn_index", "retry", "kind", "original", "new_value", "reason",
                                  "author", "created"}]}]}

``index`` and ``retry`` count from 0 (the screens and the CSV say "turn 1, try 1");
moves and banned phrases keep their ids. ``tone_certainty`` is ``sure``, ``hint``
(a low-confidence guess) or ``unclear`` ("" without a tone), read from the stored
``tone`` (files from before ``is_unclear`` existed lack that key there); an import
ignores it. ``score`` and ``verdict`` are as the app stored them (an import reads
those); ``score_in_force`` and ``verdict_in_force`` are what the trainer's overrides
make of them (``overridden``: the worse of the tone and words verdicts in force),
equal to the stored ones when nothing was overridden; an import ignores both. A try kept without a verdict
(``verdict`` "") says why in ``unjudged_reason``, an id of ``vocab.UNJUDGED_REASONS``
(``nothing_heard``, ``hung_up``, ``ended_before_judging``, ``recording_failed``, ``save_failed``,
``analysis_failed``, or ``unknown`` for one kept before callsim stored it; "" for a judged
try), and ``live_transcript`` holds the words shown live while it was spoken (the
recogniser's running guess, never judged; "" when none). Files written before they
existed lack both: an import reads such an unjudged try as ``unknown``, with no live words.
``early_start`` is the time in seconds from which speech was heard when the trainee was
already speaking as the microphone recording began (the reply's first words may be missing
from its transcript: ``early_start.flag``), null when not; an import carries it, and reads a
file without it as not flagged. ``unjudged_error`` is the one-line error the trainee was
shown when a try was kept without a verdict because the recording or the analysis failed
(null otherwise); an import carries it, and reads a file without it as having none.
Times are the store's UTC text (``2026-03-01T09:30:15.123456Z``). ``audio_file`` is
the recording's file name (or null); ``audio_data`` (base64 of the file's bytes)
is only there when exported with ``audio=True``. Database ids are left out: a
note or override is identified by its content and creation time. Its ``retry``
is the try it belongs to (files written before it existed lack it: an import
puts such a note on the turn's latest try).

``json_pieces`` writes the text a trainee, baseline or session at a time, each recording's base64 read and
encoded in pieces, so an export with every recording holds about one session, never the file; its text is byte
for byte that of ``json.dumps(export_document(...), indent=1, ensure_ascii=False)`` (``export_json``).
"""

from __future__ import annotations

import base64
import re
import uuid as uuidlib
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Union

from callsim import __version__, overridden
from callsim.errors import CallsimError
from callsim.json_text import dumps
from callsim.records import BaselineRecord, Note, Override, Session, TurnRecord, utcnow
from callsim.report_unjudged import live_words, unjudged_error
from callsim.report_view import certainty, tone
from callsim.store_rows import time_text

FORMAT = "callsim-export"
VERSION = 1
#: Bytes of a recording per piece of base64 text ``json_pieces`` makes (a multiple of 3, so the pieces' base64
#: joins into the file's): 192 KiB, 256 KiB of text.
PIECE = 3 * 2**16

#: How a recording's ``audio_data`` is had: not at all (False), its base64 now (True), or a text standing in for
#: it (``AudioSlots.hold``).
Embed = Union[bool, Callable[[Path], str]]


def export_document(store, sessions: Iterable[Session], *, audio: bool = False) -> dict[str, Any]:
    """The export of ``sessions`` (with their trainees and baselines) as a JSON-able dict (every recording in it,
    with ``audio``: ``json_pieces`` writes the same without holding them)."""
    sessions = list(sessions)
    names = trainee_names(sessions)
    return _head() | {
        "trainees": list(trainee_entries(store, names)),
        "baselines": list(baseline_entries(store, names, audio)),
        "sessions": [session_entry(store.session_detail(s.uuid), audio=audio) for s in sessions],
    }


def export_json(store, sessions: Iterable[Session], *, audio: bool = False) -> str:
    """``export_document`` as indented JSON text (the pieces of ``json_pieces``, joined)."""
    return "".join(json_pieces(store, sessions, audio=audio))


def json_pieces(store, sessions: Iterable[Session], *, audio: bool = False) -> Iterator[str]:
    """The text of ``export_json`` in pieces made as they are asked for: one trainee, baseline or session (with
    every try) at a time, each embedded recording read and encoded ``PIECE`` bytes at a time; what it holds is
    about one session, not the file. CallsimError when a recording cannot be read."""
    sessions, slots = list(sessions), AudioSlots()
    names, embed = trainee_names(sessions), slots.hold if audio else False
    lists = {"trainees": trainee_entries(store, names),
             "baselines": baseline_entries(store, names, embed),
             "sessions": (session_entry(store.session_detail(s.uuid), audio=embed) for s in sessions)}
    return document_pieces(_head(), lists, slots)


def _head() -> dict[str, Any]:
    """The document's first keys: what it is, and when and by which callsim it was written."""
    return {"format": FORMAT, "version": VERSION, "exported": time_text(utcnow()), "app_version": __version__}


def trainee_names(sessions: list[Session]) -> list[str]:
    """The trainees of ``sessions``, each once, in name order."""
    return sorted({s.trainee for s in sessions})


def trainee_entries(store, names: list[str]) -> Iterator[dict[str, Any]]:
    """Each trainee of ``names``: name and creation time."""
    return ({"name": t.name, "created": time_text(t.created)} for t in map(store.load_trainee, names))


def baseline_entries(store, names: list[str], audio: Embed) -> Iterator[dict[str, Any]]:
    """Every stored baseline of the trainees ``names``."""
    return (baseline_entry(b, audio=audio) for name in names for b in store.load_baselines(name))


def document_pieces(head: dict[str, Any], lists: dict[str, Iterable[dict]], slots: "AudioSlots") -> Iterator[str]:
    """The text ``json.dumps(head | lists, indent=1, ensure_ascii=False)`` and a newline, a list entry at a time
    (each entry made as it is needed, its held recordings put in by ``slots``)."""
    yield "{" + "".join(f"\n {_text(key)}: {_text(value)}," for key, value in head.items())
    for n, (key, entries) in enumerate(lists.items(), 1):
        yield f"\n {_text(key)}: "
        yield from list_pieces(entries, slots)
        yield "," if n < len(lists) else "\n}\n"


def list_pieces(entries: Iterable[dict], slots: "AudioSlots") -> Iterator[str]:
    """A list of the document (two levels in: the lists of the root object) as ``json.dumps(indent=1)`` writes it,
    an entry at a time."""
    count = 0
    for count, entry in enumerate(entries, 1):
        yield ("[" if count == 1 else ",") + "\n  "
        yield from slots.filled(dumps(entry, indent=1, ensure_ascii=False).replace("\n", "\n  "))
    yield "\n ]" if count else "[]"


def _text(value: Any) -> str:
    """A key or a value of the root object as JSON text (NaN as null)."""
    return dumps(value, ensure_ascii=False)


class AudioSlots:
    """Recordings held out of an entry's JSON text, a placeholder standing in for each until the text is written:
    then the file's base64 goes in, ``PIECE`` bytes at a time (``base64_pieces``)."""

    def __init__(self):
        """No recording held yet; placeholders get a random mark, which no text in a store would hold."""
        self._mark, self._paths = f"callsim-audio-{uuidlib.uuid4().hex}-", {}

    def hold(self, path: Path) -> str:
        """The placeholder for the base64 of the file at ``path`` (read only when the text is written)."""
        key = f"{self._mark}{len(self._paths)}"
        self._paths[key] = Path(path)
        return key

    def filled(self, text: str) -> Iterator[str]:
        """``text`` with each placeholder (a JSON string) replaced by its recording's base64, in pieces."""
        parts = re.split(f'"({re.escape(self._mark)}\\d+)"', text)
        yield parts[0]
        for key, after in zip(parts[1::2], parts[2::2]):
            yield '"'
            yield from base64_pieces(self._paths[key])
            yield '"' + after


def base64_pieces(path: Path, size: int = PIECE) -> Iterator[str]:
    """The base64 of the file at ``path``, ``size`` bytes (a multiple of 3) at a time; CallsimError (one line) when
    it cannot be read."""
    try:
        with open(path, "rb") as f:
            while block := f.read(size):  # a regular file gives whole blocks until its end
                yield base64.b64encode(block).decode("ascii")
    except OSError as err:
        raise CallsimError(f"{path}: cannot read the recording to embed it ({err.strerror or err})") from None


def session_entry(detail, *, audio: Embed = False) -> dict[str, Any]:
    """One session with every try of every turn, its notes and overrides."""
    s = detail.session
    return {
        "uuid": s.uuid, "trainee": s.trainee, "scenario_id": s.scenario_id, "scenario_title": s.scenario_title,
        "started": time_text(s.started), "ended": time_text(s.ended), "status": s.status, "score": s.score,
        "score_in_force": overridden.detail_score(detail).value, "grade": s.grade, "app_version": s.app_version,
        "turns": [turn_entry(t, audio=audio) | {"verdict_in_force": overridden.verdict_in_force(t, detail.overrides)}
                  for t in detail.turns],
        "notes": [note_entry(n) for n in detail.notes],
        "overrides": [override_entry(o) for o in detail.overrides],
    }


def turn_entry(turn: TurnRecord, *, audio: Embed = False) -> dict[str, Any]:
    """One try of one turn, its analysis payloads as stored, and how sure the tone model was."""
    entry = {
        "index": turn.index, "retry": turn.retry, "caller_turn_id": turn.caller_turn_id,
        "caller_text": turn.caller_text, "target_tone": turn.target_tone, "transcript": turn.transcript,
        "prosody": turn.prosody, "tone": turn.tone, "tone_certainty": certainty(tone(turn)),
        "content": turn.content, "verdict": turn.verdict, "unjudged_reason": turn.unjudged_reason,
        "live_transcript": live_words(turn), "early_start": turn.early_start,
        "unjudged_error": unjudged_error(turn) or None,
        "recorded_at": time_text(turn.recorded_at),
    }
    return entry | audio_fields(turn.audio_path, audio)


def note_entry(note: Note) -> dict[str, Any]:
    """A trainer note without its database id."""
    return {"turn_index": note.turn_index, "retry": note.retry, "at_seconds": note.at_seconds, "text": note.text,
            "author": note.author, "created": time_text(note.created)}


def override_entry(o: Override) -> dict[str, Any]:
    """An override (original and new value) without its database id."""
    return {"turn_index": o.turn_index, "retry": o.retry, "kind": o.kind, "original": o.original, "new_value": o.new_value,
            "reason": o.reason, "author": o.author, "created": time_text(o.created)}


def baseline_entry(b: BaselineRecord, *, audio: Embed = False) -> dict[str, Any]:
    """A stored baseline profile (and its reading, with ``audio``)."""
    entry = {"trainee": b.trainee, "profile": b.profile, "created": time_text(b.created)}
    return entry | audio_fields(b.audio_path, audio)


def audio_fields(path: Path | None, embed: Embed) -> dict[str, Any]:
    """``audio_file`` (the name, when the file exists) and, when ``embed``, ``audio_data``: the file's base64, or
    what ``embed`` (a function of the path: ``AudioSlots.hold``) gives in its place."""
    if path is None or not Path(path).is_file():
        return {"audio_file": None}
    fields = {"audio_file": Path(path).name}
    if callable(embed):
        fields["audio_data"] = embed(Path(path))
    elif embed:
        fields["audio_data"] = "".join(base64_pieces(Path(path)))
    return fields
