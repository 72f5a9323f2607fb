"""Reports of stored sessions: pick the sessions, render HTML, CSV or JSON, write the file privately.

API (used by ``callsim export`` and the review screens)::

    sessions = select_sessions(store, trainee="anna", since=parse_day("2026-03-01"))
    text = render(store, sessions, "html", audio=True, progress_for=["anna"])
    write_private(Path("anna.html"), text)          # mode 0600: it holds trainee data
    write_private(Path("all.json"), render_pieces(store, sessions, "json", audio=True))  # made as written

The pieces behind it: ``report_html.export_html`` (and ``session_section``,
``progress_section``), ``report_csv.export_csv`` (``COLUMNS``, ``session_rows``),
``report_json.export_json`` / ``json_pieces`` / ``export_document``, the SVG helpers in
``report_plots`` (``line_plot``, ``deviation_bars``), ``report_view`` for
reading a turn's payloads (tone, reasons, findings, overrides in force),
``report_bars`` for the bars drawn from them and ``report_unjudged`` for what a
try kept without a verdict says.
Reading an export back: ``exchange.read_export`` + ``exchange_merge.merge``.

Exported files hold trainee names, transcripts, notes and (with ``audio``) voice
recordings, so they are written mode 0600, like the store itself; a report sent
to standard output is left to the shell's redirection.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Iterable

from callsim.errors import CallsimError
from callsim.records import Session
from callsim.store_files import write_bytes

FORMATS = ("html", "csv", "json")


def select_sessions(store, *, session: str | None = None, trainee: str | None = None,
                    since: datetime | None = None, until: datetime | None = None) -> list[Session]:
    """The sessions to report, oldest first: one by uuid, else every match of trainee and time range."""
    if session:
        return [session_by_id(store, session)]
    if trainee:
        trainee = store.find_trainee(trainee).name
    return store.list_sessions(trainee=trainee, since=since, until=until, descending=False)


def session_by_id(store, text: str) -> Session:
    """The session whose uuid is ``text``, or the only one starting with it (8 characters are plenty, as the
    review shows them); CallsimError naming the candidates when several start with it."""
    try:
        return store.load_session(text)
    except CallsimError:
        if len(text) < 4:
            raise
        like = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        found = [r["uuid"] for r in store.query("SELECT uuid FROM sessions WHERE uuid LIKE ? ESCAPE '\\' "
                                                 "ORDER BY uuid", (like,))]
        if len(found) > 1:
            raise CallsimError(f"several sessions start with {text}: {', '.join(u[:12] for u in found[:5])}"
                               f"{' …' if len(found) > 5 else ''}; give more of the id") from None
        if not found:
            raise
        return store.load_session(found[0])


def reports_dir() -> Path:
    """Where the review screen writes session reports: ``reports/`` in the data folder."""
    from callsim import paths

    return paths.data_dir() / "reports"


#: How many characters of a session's id a report's file name ends with (as the review shows the id).
SHORT_ID = 8


def report_stem(session: Session) -> str:
    """The file name (without ``.html``) of a session's report from the review screen:
    ``trainee-YYYYmmdd-HHMM-scenario-ID8`` (local start time; ``ID8`` the session id's first 8 characters, as the
    review shows it and ``callsim export --session`` takes it), each part made file-safe by ``safe_name``. One name
    per session: exporting it again replaces its own report, and two sessions of the same call started in the same
    minute never share one."""
    started = f"{session.started.astimezone():%Y%m%d-%H%M}"
    short_id = safe_name(session.uuid[:SHORT_ID])
    return f"{safe_name(session.trainee)}-{started}-{safe_name(session.scenario_id)}-{short_id}"


def safe_name(part: str) -> str:
    """``part`` with anything but letters, digits, ``-`` and ``_`` turned into ``_`` (so ``a/b`` stays one file)."""
    return re.sub(r"[^\w-]", "_", part) or "_"


#: The earliest and latest moments a date range is held to, so ``0001-01-01`` means "from the start" and
#: ``9999-12-31`` "to the end": a day's margin either side leaves room for any time zone, and the store's
#: time text keeps its four-digit years (which it compares as text).
EARLIEST, LATEST = datetime(1000, 1, 2), datetime(9999, 12, 30)


def parse_day(text: str, *, end: bool = False) -> datetime:
    """``YYYY-MM-DD`` (local midnight; the next midnight when ``end``, so the day is included) or an ISO time,
    held within ``EARLIEST``..``LATEST`` (``clamp_moment``)."""
    try:
        return clamp_moment(_read_day(text, end))
    except ValueError:
        raise CallsimError(f"not a date: {text!r} (use YYYY-MM-DD)") from None


def _read_day(text: str, end: bool) -> datetime:
    """``text`` as a datetime (ValueError when it is none); a day's end is the next midnight, but for the last day."""
    if len(text) == 10:
        day = datetime.combine(datetime.strptime(text, "%Y-%m-%d").date(), time())
        return day + timedelta(days=1) if end and day < LATEST else day
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def clamp_moment(moment: datetime) -> datetime:
    """``moment`` held within ``EARLIEST``..``LATEST`` (in its own time zone, or none)."""
    low, high = (bound.replace(tzinfo=moment.tzinfo) for bound in (EARLIEST, LATEST))
    return min(max(moment, low), high)


def choose_format(fmt: str | None, output: str | Path | None) -> str:
    """The format asked for, else the output file's suffix, else JSON."""
    if fmt:
        return fmt
    suffix = Path(output).suffix.lower().lstrip(".") if output else ""
    if output and suffix not in FORMATS:
        raise CallsimError(f"cannot tell the format from {output}: use --format {'|'.join(FORMATS)}")
    return suffix or "json"


def render(store, sessions: Iterable[Session], fmt: str, *, audio: bool = False,
           progress_for: Iterable[str] = ()) -> str:
    """The report text in ``fmt`` (html, csv or json)."""
    if fmt == "html":
        from callsim.report_html import export_html
        return export_html(store, sessions, audio=audio, progress_for=progress_for)
    if fmt == "csv":
        from callsim.report_csv import export_csv
        return export_csv(store, sessions)
    if fmt == "json":
        from callsim.report_json import export_json
        return export_json(store, sessions, audio=audio)
    raise CallsimError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")


def render_pieces(store, sessions: Iterable[Session], fmt: str, *, audio: bool = False,
                  progress_for: Iterable[str] = ()) -> Iterable[str]:
    """The report in ``fmt`` as pieces of text made while they are written (the store must stay open until then):
    JSON a session at a time, each recording in pieces (``report_json.json_pieces``); HTML and CSV whole."""
    if fmt == "json":
        from callsim.report_json import json_pieces
        return json_pieces(store, sessions, audio=audio)
    return [render(store, sessions, fmt, audio=audio, progress_for=progress_for)]


def write_private(path: Path, text: str | Iterable[str], *, replace: bool = True) -> None:
    """Write ``text`` (or its pieces, made as they are written: ``render_pieces``) to ``path`` as a mode 0600 file,
    replacing it whole, never half-written (when making a piece fails, nothing is), and never through
    a file or symlink planted at its temp name; a symlink ``path`` has its target replaced, and a FIFO or device
    (``/dev/stdout``) is written into (``store_files.write_bytes``). Without ``replace`` a file already there is
    kept: FileExistsError."""
    path = Path(path)
    try:
        pieces = [text] if isinstance(text, str) else text
        write_bytes(path, (piece.encode("utf-8") for piece in pieces), replace=replace)
    except FileExistsError:
        raise
    except OSError as err:
        raise CallsimError(f"{path}: cannot write the report ({err.strerror or err})") from None
