"""Read a JSON export (``report_json.py``) back into records, checking it fully before anything is stored.

API::

    bundle = read_export(path)            # CallsimError (one line) for anything else
    result = exchange_merge.merge(store, bundle)

Everything is parsed and every embedded recording decoded here, so a broken
file is refused before the store is touched.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from callsim.exchange_fields import EARLIEST_NOTE, Entry, ExportError
from callsim.exchange_payloads import CONTENT, OVERRIDE_VALUES, PROSODY, TONE, TRANSCRIPT, check_payload
from callsim.errors import CallsimError
from callsim.names import trainee_name_problem
from callsim.records import OVERRIDE_KINDS, STATUSES, BaselineRecord, Note, Override, Session, Trainee, TurnRecord
from callsim.report_json import FORMAT, VERSION
from callsim.vocab import UNJUDGED_REASONS

#: The shape of each payload of a try.
PAYLOADS = {"transcript": TRANSCRIPT, "prosody": PROSODY, "tone": TONE, "content": CONTENT}
#: Recording types an import restores (others are refused).
AUDIO_SUFFIXES = (".flac", ".wav")


@dataclass
class Audio:
    """An embedded recording: its file suffix and bytes."""

    suffix: str
    data: bytes


@dataclass
class SessionBundle:
    """One imported session with every try, notes and overrides; ``audio`` by (index, retry).

    ``left_out`` holds the tries whose recording the other machine had but did not embed
    (exported without ``--audio``); a try in neither had no recording there either."""

    session: Session
    turns: list[TurnRecord]
    notes: list[Note]
    overrides: list[Override]
    audio: dict[tuple[int, int], Audio] = field(default_factory=dict)
    left_out: set[tuple[int, int]] = field(default_factory=set)


@dataclass
class Bundle:
    """Everything in one export file."""

    trainees: list[Trainee]
    baselines: list[tuple[BaselineRecord, Audio | None]]
    sessions: list[SessionBundle]


def read_export(path: Path | str) -> Bundle:
    """Parse and check the export at ``path``; CallsimError naming the part that is wrong when it is not usable."""
    doc = _load(Path(path))
    try:
        return parse(doc)
    except ExportError as err:
        raise CallsimError(f"{path}: {err}") from None


def _load(path: Path) -> dict:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise CallsimError(f"{path}: cannot read it ({err.strerror or err})") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise CallsimError(f"{path}: not a callsim export (not JSON)") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise CallsimError(f"{path}: not a callsim export (no \"format\": \"{FORMAT}\")")
    if doc.get("version") != VERSION:
        raise CallsimError(f"{path}: callsim export version {doc.get('version')!r}; this callsim reads version {VERSION}")
    return doc


def parse(doc: dict[str, Any]) -> Bundle:
    """A checked export document as records; ExportError saying where and what when it is malformed."""
    root = Entry(doc, Entry.ROOT)
    trainees = [Trainee(t.text("name"), t.time("created")) for t in root.entries("trainees", "trainee")]
    baselines = [(_baseline(b), _audio(b)) for b in root.entries("baselines", "baseline")]
    bundle = Bundle(trainees, baselines, [_session(s) for s in root.entries("sessions", "session")])
    _check_links(bundle)
    return bundle


def _check_links(bundle: Bundle) -> None:
    """ExportError unless every baseline and session names a trainee of the file, and no session or try is twice."""
    names = {t.name for t in bundle.trainees}
    for n, trainee in enumerate(bundle.trainees, 1):  # names become file names (baselines/NAME.json)
        if problem := trainee_name_problem(trainee.name):
            raise ExportError(f"trainee {n}: name {trainee.name!r} is not usable ({problem})")
    owners = [(f"baseline {n}", b.trainee) for n, (b, _) in enumerate(bundle.baselines, 1)]
    owners += [(f"session {n}", part.session.trainee) for n, part in enumerate(bundle.sessions, 1)]
    for label, name in owners:
        if name not in names:
            raise ExportError(f"{label}: trainee '{name}' is not among the file's trainees")
    first: dict[str, int] = {}
    for n, part in enumerate(bundle.sessions, 1):
        if (seen := first.setdefault(part.session.uuid, n)) != n:
            raise ExportError(f"session {n} has the same uuid as session {seen} ({part.session.uuid})")
        tries = [(t.index, t.retry) for t in part.turns]
        if twice := next((k for k in tries if tries.count(k) > 1), None):
            raise ExportError(f"session {n}: turn {twice[0] + 1}, try {twice[1] + 1} appears twice")


def _session(s: Entry) -> SessionBundle:
    session = Session(s.uuid(), s.text("trainee"), s.text("scenario_id"), s.text("scenario_title"),
                      s.time("started"), s.maybe_time("ended"), s.choice("status", STATUSES),
                      s.score("score"), s.maybe_text("grade"), s.text("app_version"))
    turns, audio, left_out = [], {}, set()
    for t in s.entries("turns", "turn entry"):
        turn = _checked_turn(session.uuid, t)
        turns.append(turn)
        if (a := _audio(t)) is not None:
            audio[(turn.index, turn.retry)] = a
        if _left_out(t):
            left_out.add((turn.index, turn.retry))
    notes = [_note(session.uuid, n) for n in s.entries("notes", "note")]
    overrides = [_override(session.uuid, o) for o in s.entries("overrides", "override")]
    return SessionBundle(session, turns, notes, overrides, audio, left_out)


def _note(uuid: str, n: Entry) -> Note:
    """One note; its time may lie before the reply's start (``EARLIEST_NOTE``): an old note's, kept as written."""
    return Note(uuid, n.whole("turn_index"), n.text("text"), n.text("author"),
                n.maybe_seconds("at_seconds", low=EARLIEST_NOTE), n.time("created"), retry=n.maybe_whole("retry"))


def _checked_turn(uuid: str, t: Entry) -> TurnRecord:
    """``_turn``, its payloads' shapes checked first (``exchange_payloads``)."""
    for key, shape in PAYLOADS.items():
        check_payload(t, key, shape)
    return _turn(uuid, t)


def _turn(uuid: str, t: Entry) -> TurnRecord:
    """One try; ``unjudged_reason``, ``live_transcript``, ``early_start`` and ``unjudged_error`` may be absent (files
    from before they existed: such a try reads as not started early, with no error kept). The store keeps an error
    as one bounded line (``store_rows.unjudged_error``)."""
    return TurnRecord(uuid, t.whole("index"), t.text("caller_turn_id"), t.text("caller_text"),
                      t.text("target_tone"), t.mapping("transcript"), t.mapping("prosody"), t.mapping("tone"),
                      t.mapping("content"), t.text("verdict"), t.whole("retry"), t.time("recorded_at"),
                      unjudged_reason=_unjudged_reason(t),
                      live_transcript=t.maybe_text("live_transcript") or "",
                      early_start=t.maybe_seconds("early_start"), unjudged_error=t.maybe_text("unjudged_error"))


def _unjudged_reason(t: Entry) -> str:
    """The try's reason id for having no verdict (one of ``UNJUDGED_REASONS``), or "" when it has none."""
    if not t.maybe_text("unjudged_reason"):
        return ""
    return t.choice("unjudged_reason", tuple(UNJUDGED_REASONS))


def _override(uuid: str, o: Entry) -> Override:
    """One override; its original and new values a verdict or the payload of its kind (``OVERRIDE_VALUES``)."""
    kind = o.choice("kind", OVERRIDE_KINDS)
    for key in ("original", "new_value"):
        check_payload(o, key, OVERRIDE_VALUES[kind])
    return Override(uuid, o.whole("turn_index"), o.choice("kind", OVERRIDE_KINDS), o.value("original"),
                    o.value("new_value"), o.text("reason"), o.text("author"), o.time("created"),
                    retry=o.maybe_whole("retry"))


def _baseline(b: Entry) -> BaselineRecord:
    """A stored calibration whose profile the app and ``--baseline NAME`` can use (else refused now, not when a call
    starts)."""
    from callsim.baseline_files import profile_problem

    record = BaselineRecord(b.text("trainee"), b.mapping("profile"), b.time("created"))
    if problem := profile_problem(record.profile):  # whole: cut to 40 characters it would lose the band
        raise ExportError(f"{b.label}: 'profile' is not a baseline profile ({problem})")
    return record


def _left_out(entry: Entry) -> bool:
    """True when the entry names a recording (``audio_file``) without its bytes (``audio_data``)."""
    return entry.data.get("audio_file") is not None and entry.data.get("audio_data") is None


def _audio(entry: Entry) -> Audio | None:
    """The embedded recording (``audio_data``, a FLAC or WAV named by ``audio_file``), or None; its suffix is the
    one its bytes show (``clip_files.container_suffix``), not the name's: a FLAC named ``.wav`` is stored as
    ``.flac``."""
    if entry.data.get("audio_data") is None:
        return None
    name = entry.text("audio_file")
    if Path(name).suffix.lower() not in AUDIO_SUFFIXES:
        raise entry.wrong("audio_file", f"a {' or '.join(AUDIO_SUFFIXES)} recording")
    data = entry.base64("audio_data")
    suffix = _content_suffix(entry, data)
    if not _readable_audio(data, suffix):
        raise entry.wrong("audio_data", "a readable recording (damaged?)")
    return Audio(suffix, data)


def _content_suffix(entry: Entry, data: bytes) -> str:
    """The suffix of the container ``data`` is (one of ``AUDIO_SUFFIXES``); ExportError for other audio (an Ogg
    file) or bytes that show no container."""
    from callsim.clip_files import container_suffix

    suffix = container_suffix(data[:16])
    if suffix in AUDIO_SUFFIXES:
        return suffix
    if suffix:
        raise ExportError(f"{entry.label}: 'audio_data' is an {suffix[1:].upper()} recording, not FLAC or WAV")
    raise entry.wrong("audio_data", "a readable recording (damaged?)")


def _readable_audio(data: bytes, suffix: str) -> bool:
    """True when ``data`` decodes whole as a sound file, as replay will read it: bytes that do not (garbage, a
    recording cut short) would be stored, to fail only on replay."""
    import tempfile

    from callsim.clip_files import check_header, read_samples

    with tempfile.TemporaryDirectory(prefix="callsim-import-") as folder:
        path = Path(folder) / f"check{suffix}"
        path.write_bytes(data)
        try:
            check_header(path, max_seconds=float("inf"))
            read_samples(path)
        except CallsimError:
            return False
    return True
