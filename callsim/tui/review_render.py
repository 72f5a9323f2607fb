"""What the review screens show, as Rich renderables built from stored turns (no Textual)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
from rich.console import Group
from rich.text import Text

from callsim import overridden
from callsim import report_view as view
from callsim.asr import Word
from callsim.records import OVERRIDE_KINDS
from callsim.report import SHORT_ID
from callsim.tone_rules import reason_status
from callsim.vocab import UNKNOWN_REASON
from callsim.tui.evidence import band_text, reason_lines
from callsim.tui.widgets import VERDICT_STYLE, contour_lines, pitch_rows


def session_head(detail) -> Text:
    """Trainee · scenario · short id, then date · status · score · grade (each line fits 80 columns), then the
    path the call took with a mark per verdict (``report_view.call_path``; cut with … past one line).

    The score is the one in force after the trainer's overrides, with the stored one beside it when they differ
    (``score 50 (was 0, overridden)``). The short id is what ``callsim export --session`` takes."""
    s = detail.session
    score = overridden.detail_score(detail).text()
    grade = ("grade ", (s.grade, "bold")) if s.grade else ("not graded",)
    return Text.assemble((s.trainee, "bold"), f" · {s.scenario_title} · ", (f"id {s.uuid[:SHORT_ID]}", "grey62"),
                         f"\n{view.local_minute(s.started)} · {s.status} · score {score} · ", *grade,
                         *((f"\npath: {path}", "grey62"),) if (path := view.call_path(detail.turns, marks=True)) else ())


#: How the turns table names the verdict an override changes.
KIND_LABEL = {"tone": "tone", "content": "words"}


#: The turns table's mark after the try number of a try the trainee was already speaking into as it began.
EARLY_MARK = "⚠"
#: Why a try was not judged, as the turns table's verdict cell says it ('not judged: hung up'; the Evidence tab says
#: it in full). Each fits 13 characters, so the cell is no wider than 'does not suit ✎tone+words'.
UNJUDGED_SHORT = {"nothing_heard": "nothing heard", "hung_up": "hung up", "ended_before_judging": "call ended",
                  "recording_failed": "mic failed", "analysis_failed": "app error", UNKNOWN_REASON: "why unknown"}


def turn_row(turn, overrides) -> tuple:
    """The cells of one try in the turns table: #, try (``EARLY_MARK`` after it when the trainee was already
    speaking as it began), caller, wanted, heard, verdict.

    The verdict is the one in force (``overridden.verdict_in_force``), or 'not judged' and why in short
    (``UNJUDGED_SHORT``). An overridden half is marked ``✎tone``, ``✎words`` or ``✎tone+words`` (what it became, and
    the original turn verdict, are the first things under the tone line of the evidence), so the row fits 80
    columns."""
    tone = view.tone(turn)
    level = overridden.verdict_in_force(turn, overrides)
    verdict = Text(level, style=VERDICT_STYLE.get(level, "")) if level else unjudged_cell(turn)
    if forced := view.in_force(overrides):
        verdict.append(" ✎" + "+".join(KIND_LABEL.get(k, k) for k in sorted(forced, key=OVERRIDE_KINDS.index)),
                       "italic")
    caller = turn.caller_text if len(turn.caller_text) <= 20 else turn.caller_text[:19] + "…"
    return str(turn.index + 1), try_cell(turn), caller, turn.target_tone, view.heard(tone), verdict


def try_cell(turn) -> str | Text:
    """The try number counted from 1, with ``EARLY_MARK`` after it when the trainee was already speaking as the try
    began (``report_view.started_early``)."""
    number = str(turn.retry + 1)
    return Text.assemble(number, (f" {EARLY_MARK}", "yellow")) if view.started_early(turn) else number


def unjudged_cell(turn) -> Text:
    """'not judged: hung up': an unjudged try's verdict cell (a reason this callsim does not know, cut to fit)."""
    reason = turn.unjudged_reason
    return Text(f"not judged: {UNJUDGED_SHORT.get(reason, reason.replace('_', ' ')[:13])}", style="dim")


def evidence(turn, overrides, *, plots=None, counted: bool = True) -> Group:
    """Caller line, transcript (under it, a flag when the trainee was already speaking as the recording began), tone
    verdict with this try's overrides, reasons, word findings, (measured) plots; for an unjudged try, why, the error
    behind a failure and the words shown live.

    ``counted`` is False for a try the score does not count (not the turn's last judged try)."""
    parts = [Text.assemble(("Caller: ", "bold"), (turn.caller_text, "yellow"))]
    if view.unjudged(turn):  # kept audio only, and why: nothing heard, hung up mid-reply, analysis failed...
        plays = " (r plays it)" if turn.audio_path is not None else ""
        parts.append(Text.assemble(("Reply: ", "bold"), (f"not judged: {view.unjudged_why(turn)}{plays}", "italic")))
        if error := view.unjudged_error(turn):  # what the trainee was shown when the recording or analysis failed
            parts.append(Text.assemble((f"{view.ERROR_LABEL.capitalize()}: ", "bold"), (error, "red")))
        if live := view.live_words(turn):
            parts.append(Text.assemble((f"{view.LIVE_LABEL.capitalize()}: ", "bold"), f"“{live}” ",
                                       (f"({view.LIVE_NOTE})", "dim")))
        return Group(*parts, *(plots or ()))
    parts.append(Text.assemble(("Reply: ", "bold"), view.transcript(turn) or "(no words heard)"))
    if early := view.started_early(turn):  # its first words are missing from the reply above
        parts.append(Text(f"⚠ {early[:1].upper()}{early[1:]}", "yellow"))
    parts.append(_tone_line(turn))
    parts += [_override_line(o) for o in overrides]
    if overrides:
        parts.append(_in_force_line(turn, overrides, counted=counted))
    parts.append(_reasons(turn))
    parts.append(_findings(turn))
    if plots is not None:
        parts += plots
    return Group(*parts)


def _tone_line(turn) -> Text:
    tone = view.tone(turn)
    conf = view.confidence(turn)
    hint = {"hint": ", a hint only", "unclear": ", too little to tell"}.get(view.certainty(tone), "")
    sure = "" if conf is None else f" ({conf:.0%} sure{hint})"
    return Text(f"Tone: heard {tone.get('perceived', '?')}{sure}, wanted {turn.target_tone or '—'}: "
                f"{tone.get('verdict') or '—'}")


def _reasons(turn) -> Text:
    rows = ((reason_status(r), r.get("feature", ""), r.get("evidence") or _num(r.get("value")),
             band_text(r.get("band"), str(r.get("unit") or ""))) for r in view.reasons(turn))
    return reason_lines(rows)


def _findings(turn) -> Text:
    """Moves made, moves not heard and banned phrases said, named in words like the feedback checklist."""
    text = Text("Words: ", style="bold")
    for f in view.findings(turn, "moves"):
        text.append(f"✓ {view.move_label(f['name'])} “{f.get('words', '')}”  ", "green")
    for name in view.missing(turn):
        text.append(f"✗ {view.move_label(name)}: not heard  ", "red")
    for f in view.findings(turn, "banned"):
        text.append(f"✗ avoid {view.banned_label(f['name'])}: “{f.get('words', '')}”  ", "bold red")
    return text


def _override_line(o) -> Text:
    was, now = view.value_text(o.original), view.value_text(o.new_value)
    return Text(f"✎ {KIND_LABEL.get(o.kind, o.kind)} verdict overridden by {o.author}: {was} → {now} — “{o.reason}”",
                style="italic magenta")


def _in_force_line(turn, overrides, *, counted: bool = True) -> Text:
    """The turn verdict the overrides leave in force (the worse of tone and words), and the original beside it;
    for a try that is not the turn's counted one (an earlier try), that the score does not follow it."""
    level = overridden.verdict_in_force(turn, overrides)
    was = f" (was {turn.verdict})" if level != turn.verdict else " (unchanged)"
    why = "" if counted else f" (try {turn.retry + 1} is not the counted try: the score is unchanged)"
    return Text.assemble(("✎ turn verdict now: ", "italic magenta"), (level, VERDICT_STYLE.get(level, "")),
                         (was + " — the worse of tone and words" + why, "italic magenta"))


def _num(value) -> str:
    return f"{value:.1f}" if isinstance(value, (int, float)) and not isinstance(value, bool) else ""


def notes_in_order(items) -> list:
    """A try's notes as the Notes tab lists them: by time in the reply, notes on the whole reply last."""
    return sorted(items, key=lambda n: (n.at_seconds is None, n.at_seconds or 0))


def notes_hint(count: int, *, elsewhere: int = 0) -> Text:
    """The line above the try's notes: notes on its other tries, then the keys (or how to add the first note)."""
    text = Text()
    if elsewhere:
        text.append(f"{elsewhere} note(s) on another try of this turn: highlight that try to see them.\n", "italic")
    if not count:
        return text.append("No notes on this try yet: press n (on the Words tab a note takes the highlighted "
                           "word's time).")
    return text.append("Tab to the notes, ↑ ↓ to pick one: Enter edits it, d deletes it.", "grey62")


def note_cells(note) -> tuple[str, str, str]:
    """One note's cells in the Notes tab: when in the reply, who wrote it, what it says."""
    return "whole reply" if note.at_seconds is None else f"{note.at_seconds:5.2f} s", note.author, note.text


def note_label(note) -> str:
    """A note named in one line, for the question before deleting it."""
    at = "on the whole reply" if note.at_seconds is None else f"at {note.at_seconds:.2f} s"
    text = note.text if len(note.text) <= 80 else note.text[:79] + "…"
    return f"The note {at}: “{text}”"


def plots(turn, *, width: int):
    """Pitch and energy contours over the reply, measured from its audio (None without audio)."""
    from callsim import prosody
    from callsim.clip import load

    if not turn.audio_path or not Path(turn.audio_path).exists():
        return None
    track = prosody.extract(load(turn.audio_path)).track
    words = [Word(str(w.get("text", w.get("word", ""))), w["start"], w["end"], w.get("conf") or 0.0)
             for w in view.words(turn) if isinstance(w.get("end"), (int, float))]
    pitch = pitch_rows(track, words, width=width)
    energy = contour_lines(track.times, np.asarray(track.db, dtype=float), [], width=width, height=2)[:-1]
    return [Text("Pitch", "bold")] + pitch + [Text("Energy", "bold")] + energy


def word_cells(word: dict) -> tuple[str, str, str]:
    """A transcript word's row on the Words tab: its text, start (s) and confidence (blank when not known)."""
    text = word.get("text", word.get("word", ""))
    return str(text), _two_places(word.get("start")), _two_places(word.get("conf"))


def _two_places(value) -> str:
    """A number to two places ("" when it is none)."""
    return f"{value:.2f}" if isinstance(value, (int, float)) and not isinstance(value, bool) else ""


def original_verdict(turn, kind: str) -> str:
    """The verdict an override replaces: the tone verdict or the words verdict."""
    judged = overridden.tone_original(turn) if kind == "tone" else overridden.words_original(turn)
    return judged or str(turn.verdict)


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
