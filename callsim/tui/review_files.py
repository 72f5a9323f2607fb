"""What the session review reads and writes besides the store: the clips it plays (the trainee's reply, the
caller's line) and the HTML report it exports, with where that report went."""

from __future__ import annotations

import re
from pathlib import Path


def export_session(store, session) -> Path:
    """Write one session's HTML report (audio embedded) under the data folder; return its path.

    The name is ``report.report_stem``'s, ``trainee-YYYYmmdd-HHMM-scenario-ID8.html``: one per session, so
    exporting another session never replaces this one. Anything but letters, digits, ``-`` and ``_`` in the
    trainee's name or the scenario id is turned into ``_`` (a name holding ``/`` stays in the folder)."""
    from callsim.report import render, report_stem, reports_dir, write_private

    folder = reports_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / f"{report_stem(session)}.html"
    write_private(path, render(store, [session], "html", audio=True))
    return path


def saved_message(path: Path, *, width: int) -> str:
    """Where a report went, for a notice ``width`` columns wide: the file name, then ``in`` and its folder
    (``~`` for the home folder), each broken only after a ``-`` or ``/`` so no line ends inside a name."""
    folder = str(path.parent)
    if path.parent.is_relative_to(Path.home()):
        folder = str(Path("~") / path.parent.relative_to(Path.home()))
    return "\n".join(_broken(path.name, "-", width) + _broken(f"in {folder}", "/", width))


def _broken(text: str, after: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` (a piece longer than that keeps its own line), broken after ``after``."""
    lines = [""]
    for piece in re.split(f"(?<={re.escape(after)})", text):
        if lines[-1] and len(lines[-1]) + len(piece) > width:
            lines.append("")
        lines[-1] += piece
    return lines


def reply_clip(turn, from_seconds: float = 0.0):
    """The stored reply from ``from_seconds`` (a moment earlier, so the word is heard whole)."""
    from callsim.clip import load

    if turn is None or not turn.audio_path or not Path(turn.audio_path).exists():
        raise FileNotFoundError("this try has no recording")
    clip = load(turn.audio_path)
    return clip.slice(max(from_seconds - 0.1, 0.0), clip.duration)


def caller_clip(library, session, turn):
    """The caller's line of ``turn``, from its scenario when that is installed here."""
    from callsim.clip import load

    return load(library.get(session.scenario_id).turn(turn.caller_turn_id).audio_path)
