"""Read a JSON export (``report_json.py``) back into records, checking it fully before anything is stored.

API::

    bundle = read_export(path)            # CallsimError (one line) for anything else
    result = exchange_merge.merge(store, bundle)

Everything is parsed and every embedded recording decoded here, so a broken
file is refused before the store is touched. The file is read a session at a time
(``exchange_stream``) and each recording, once decoded and checked, waits in a private
temp folder (``exchange_spool``) until the merge stores it: what is held in memory is
about one session, not the file. ``Bundle.close`` (or ``with``) removes that folder.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from callsim.exchange_fields import EARLIEST_NOTE, Entry, ExportError
from callsim.exchange_payloads import CONTENT, OVERRIDE_VALUES, PROSODY, TONE, TRANSCRIPT, check_payload
from callsim.exchange_spool import Audio, Spool  # Audio: what exchange_rows and exchange_files take from here
from callsim.exchange_stream import read_object
from callsim.errors import CallsimError
from callsim.names import trainee_name_problem
from callsim.records import OVERRIDE_KINDS, STATUSES, BaselineRecord, Note, Override, Session, Trainee, TurnRecord
from callsim.report_json import FORMAT, VERSION
from callsim.vocab import UNJUDGED_REASONS

#: The shape of each payload of a try.
PAYLOADS = {"transcript": TRANSCRIPT, "prosody": PROSODY, "tone": TONE, "content": CONTENT}
#: Recording types an import restores (others are refused).
AUDIO_SUFFIXES = (".flac", ".wav")
#: The lists of the root object, read an entry at a time, and what each entry is called in messages.
LISTS = {"trainees": "trainee", "baselines": "baseline", "sessions": "session"}


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
    """Everything in one export file; its recordings wait in ``spool`` until ``close``."""

    trainees: list[Trainee]
    baselines: list[tuple[BaselineRecord, Audio | None]]
    sessions: list[SessionBundle]
    spool: Spool | None = field(default=None, repr=False, compare=False)

    def close(self) -> None:
        """Remove the recordings decoded from the file (those merged are in the store by now)."""
        if self.spool is not None:
            self.spool.close()

    def __enter__(self) -> "Bundle":
        """The bundle, to be closed at the end of the ``with``."""
        return self

    def __exit__(self, *exc) -> None:
        """``close``."""
        self.close()


def read_export(path: Path | str) -> Bundle:
    """Parse and check the export at ``path``, a session at a time; CallsimError naming the part that is wrong when
    it is not usable (then nothing is kept)."""
    parts = _Parts(Spool())
    try:
        head = _scan(Path(path), parts.add)
        _check_head(path, head)
        return parts.bundle(head)
    except ExportError as err:
        parts.spool.close()
        raise CallsimError(f"{path}: {err}") from None
    except BaseException:
        parts.spool.close()
        raise


def _scan(path: Path, on_entry) -> Any:
    """The file's root object, each entry of its lists handed to ``on_entry`` as it is read."""
    try:
        with open(path, encoding="utf-8") as f:
            return read_object(f, on_entry, tuple(LISTS))
    except OSError as err:
        raise CallsimError(f"{path}: cannot read it ({err.strerror or err})") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise CallsimError(f"{path}: not a callsim export (not JSON)") from None
    except RecursionError:  # lists in lists, thousands deep: no export is
        raise CallsimError(f"{path}: not a callsim export (nested too deep)") from None


def _check_head(path: Path | str, head: Any) -> None:
    """CallsimError unless the file says it is a callsim export of the version this callsim reads."""
    if not isinstance(head, dict) or head.get("format") != FORMAT:
        raise CallsimError(f"{path}: not a callsim export (no \"format\": \"{FORMAT}\")")
    if head.get("version") != VERSION:
        raise CallsimError(f"{path}: callsim export version {head.get('version')!r}; this callsim reads version {VERSION}")


def parse(doc: dict[str, Any]) -> Bundle:
    """A checked export document as records; ExportError saying where and what when it is malformed."""
    return _Parts(Spool()).bundle(doc)


class _Parts:
    """The records of an export, read an entry of its lists at a time; the first thing wrong is kept to be told
    once the file is known to be an export (``bundle``)."""

    def __init__(self, spool: Spool):
        """No entry read yet; recordings go to ``spool``."""
        self.spool, self.records = spool, {key: [] for key in LISTS}
        self.counts, self.error = dict.fromkeys(LISTS, 0), None

    def add(self, key: str, item: Any) -> None:
        """Read entry ``item`` of the list at ``key`` (nothing more once one was wrong)."""
        self.counts[key] += 1
        if self.error is None:
            try:
                self.records[key].append(self._read(key, Entry(item, f"{LISTS[key]} {self.counts[key]}")))
            except ExportError as err:
                self.error = err

    def _read(self, key: str, entry: Entry):
        """The record(s) of one entry of the list at ``key``."""
        if key == "trainees":
            return Trainee(entry.text("name"), entry.time("created"))
        if key == "baselines":
            return _baseline(entry), _audio(entry, self.spool)
        return _session(entry, self.spool)

    def bundle(self, doc: dict[str, Any]) -> Bundle:
        """The checked records, those of the lists still in ``doc`` read now (none were streamed, or ``doc`` lacks
        them: ExportError); ExportError for the first thing wrong."""
        if self.error is not None:
            raise self.error
        root = Entry(doc, Entry.ROOT)
        for key, noun in LISTS.items():
            for entry in root.entries(key, noun):
                self.records[key].append(self._read(key, entry))
        bundle = Bundle(self.records["trainees"], self.records["baselines"], self.records["sessions"], self.spool)
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


def _session(s: Entry, spool: Spool) -> SessionBundle:
    session = Session(s.uuid(), s.text("trainee"), s.text("scenario_id"), s.text("scenario_title"),
                      s.time("started"), s.maybe_time("ended"), s.choice("status", STATUSES),
                      s.score("score"), s.maybe_text("grade"), s.text("app_version"))
    turns, audio, left_out = [], {}, set()
    for t in s.entries("turns", "turn entry"):
        turn = _checked_turn(session.uuid, t)
        turns.append(turn)
        if (a := _audio(t, spool)) is not None:
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


def _audio(entry: Entry, spool: Spool) -> Audio | None:
    """The embedded recording (``audio_data``, a FLAC or WAV named by ``audio_file``), or None; its suffix is the
    one its bytes show (``clip_files.container_suffix``), not the name's: a FLAC named ``.wav`` is stored as
    ``.flac``. Its bytes wait in ``spool``, checked there."""
    if entry.data.get("audio_data") is None:
        return None
    name = entry.text("audio_file")
    if Path(name).suffix.lower() not in AUDIO_SUFFIXES:
        raise entry.wrong("audio_file", f"a {' or '.join(AUDIO_SUFFIXES)} recording")
    data = entry.base64("audio_data")
    audio = spool.keep(data, _content_suffix(entry, data))
    if not _readable_audio(audio.path):
        raise entry.wrong("audio_data", "a readable recording (damaged?)")
    return audio


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


def _readable_audio(path: Path) -> bool:
    """True when the file at ``path`` decodes whole as a sound file, as replay will read it: bytes that do not
    (garbage, a recording cut short) would be stored, to fail only on replay."""
    from callsim.clip_files import check_header, read_samples

    try:
        check_header(path, max_seconds=float("inf"))
        read_samples(path)
    except CallsimError:
        return False
    return True
