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
(``nothing_heard``, ``hung_up``, ``ended_before_judging``, ``recording_failed``,
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
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any, Iterable

from callsim import __version__, overridden
from callsim.json_text import dumps
from callsim.records import BaselineRecord, Note, Override, Session, TurnRecord, utcnow
from callsim.report_unjudged import live_words, unjudged_error
from callsim.report_view import certainty, tone
from callsim.store_rows import time_text

FORMAT = "callsim-export"
VERSION = 1


def export_document(store, sessions: Iterable[Session], *, audio: bool = False) -> dict[str, Any]:
    """The export of ``sessions`` (with their trainees and baselines) as a JSON-able dict."""
    sessions = list(sessions)
    names = sorted({s.trainee for s in sessions})
    return {
        "format": FORMAT, "version": VERSION, "exported": time_text(utcnow()), "app_version": __version__,
        "trainees": [{"name": t.name, "created": time_text(t.created)} for t in map(store.load_trainee, names)],
        "baselines": [baseline_entry(b, audio=audio) for name in names for b in store.load_baselines(name)],
        "sessions": [session_entry(store.session_detail(s.uuid), audio=audio) for s in sessions],
    }


def export_json(store, sessions: Iterable[Session], *, audio: bool = False) -> str:
    """``export_document`` as indented JSON text."""
    return dumps(export_document(store, sessions, audio=audio), indent=1, ensure_ascii=False) + "\n"


def session_entry(detail, *, audio: bool = False) -> dict[str, Any]:
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


def turn_entry(turn: TurnRecord, *, audio: bool = False) -> dict[str, Any]:
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


def baseline_entry(b: BaselineRecord, *, audio: bool = False) -> dict[str, Any]:
    """A stored baseline profile (and its reading, with ``audio``)."""
    entry = {"trainee": b.trainee, "profile": b.profile, "created": time_text(b.created)}
    return entry | audio_fields(b.audio_path, audio)


def audio_fields(path: Path | None, embed: bool) -> dict[str, Any]:
    """``audio_file`` (the name, when the file exists) and, when ``embed``, ``audio_data`` in base64."""
    if path is None or not Path(path).is_file():
        return {"audio_file": None}
    fields = {"audio_file": Path(path).name}
    if embed:
        fields["audio_data"] = base64.b64encode(Path(path).read_bytes()).decode("ascii")
    return fields
