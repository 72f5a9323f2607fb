"""What the review screens show, as Rich renderables built from stored turns (no Textual)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from rich.console import Group
from rich.text import Text

from callsim import paths
from callsim import report_view as view
from callsim.asr import Word
from callsim.tui.evidence import band_text, reason_lines
from callsim.tui.widgets import VERDICT_STYLE, contour_lines, pitch_rows


def session_line(detail) -> Text:
    """Trainee · scenario · date · status · score · grade."""
    s = detail.session
    score = "—" if s.score is None else f"{s.score:.0f}"
    return Text.assemble((f"{s.trainee} ", "bold"), f"· {s.scenario_title} · {s.started.astimezone():%Y-%m-%d %H:%M}"
                         f" · {s.status} · score {score} · grade ", (s.grade or "none", "bold"))


def turn_row(turn, overrides) -> tuple:
    """The cells of one turn in the turns table (an override shows as original → new)."""
    tone = view.tone(turn)
    verdict = Text(turn.verdict, style=VERDICT_STYLE.get(turn.verdict, ""))
    forced = view.in_force(overrides)
    if forced:
        verdict.append(" ✎ " + ", ".join(f"{k}→{view.value_text(o.new_value)}" for k, o in forced.items()), "italic")
    caller = turn.caller_text if len(turn.caller_text) <= 26 else turn.caller_text[:25] + "…"
    return str(turn.index + 1), caller, turn.target_tone, str(tone.get("perceived", "")), verdict, str(turn.retry + 1)


def evidence(turn, overrides, *, plots=None) -> Group:
    """Caller line, transcript, tone reasons, word findings, overrides and (when measured) plots."""
    parts = [Text.assemble(("Caller: ", "bold"), (turn.caller_text, "yellow")),
             Text.assemble(("Reply: ", "bold"), view.transcript(turn) or "(no words heard)")]
    parts.append(_tone_line(turn))
    parts.append(_reasons(turn))
    parts.append(_findings(turn))
    parts += [_override_line(o) for o in overrides]
    if plots is not None:
        parts += plots
    return Group(*parts)


def _tone_line(turn) -> Text:
    tone = view.tone(turn)
    conf = view.confidence(turn)
    sure = "" if conf is None else f" ({conf:.0%} sure{', a hint only' if tone.get('is_hint') else ''})"
    return Text(f"Tone: heard {tone.get('perceived', '?')}{sure}, wanted {turn.target_tone or '—'}: "
                f"{tone.get('verdict') or '—'}")


def _reasons(turn) -> Text:
    rows = ((r.get("ok"), r.get("feature", ""), r.get("evidence") or _num(r.get("value")),
             band_text(r.get("band"), str(r.get("unit") or ""))) for r in view.reasons(turn))
    return reason_lines(rows)


def _findings(turn) -> Text:
    text = Text("Words: ", style="bold")
    for f in view.findings(turn, "moves"):
        text.append(f"✓ {f['name']} “{f.get('words', '')}”  ", "green")
    for name in view.missing(turn):
        text.append(f"✗ {name} missing  ", "red")
    for f in view.findings(turn, "banned"):
        text.append(f"✗ {f['name']} “{f.get('words', '')}”  ", "bold red")
    return text


def _override_line(o) -> Text:
    return Text(f"✎ {o.kind} verdict overridden by {o.author}: {view.value_text(o.original)} → "
                f"{view.value_text(o.new_value)} — “{o.reason}”", style="italic magenta")


def _num(value) -> str:
    return f"{value:.1f}" if isinstance(value, (int, float)) and not isinstance(value, bool) else ""


def notes(items) -> Text:
    """The trainer's notes, by time in the reply."""
    if not items:
        return Text("No notes yet: press n (on the Words tab a note takes the highlighted word's time).")
    text = Text()
    for n in sorted(items, key=lambda n: (n.at_seconds is None, n.at_seconds or 0)):
        at = "whole turn" if n.at_seconds is None else f"{n.at_seconds:5.2f} s"
        text.append(f"[{at}] ", "bold").append(f"{n.author}: ").append(n.text + "\n")
    return text


def plots(turn, *, width: int):
    """Pitch and energy contours over the reply, measured from its audio (None without audio)."""
    from callsim import prosody
    from callsim.clip import load

    if not turn.audio_path or not Path(turn.audio_path).exists():
        return None
    track = prosody.extract(load(turn.audio_path)).track
    words = [Word(w["text"], w["start"], w["end"], w["conf"]) for w in (turn.transcript or {}).get("words") or []]
    pitch = pitch_rows(track, words, width=width)
    energy = contour_lines(track.times, np.asarray(track.db, dtype=float), [], width=width, height=2)[:-1]
    return [Text("Pitch", "bold")] + pitch + [Text("Energy", "bold")] + energy


def original_verdict(turn, kind: str) -> str:
    """The verdict an override replaces: the tone verdict or the words verdict."""
    if kind == "tone":
        return str(view.tone(turn).get("verdict") or view.combined(turn).get("tone_level") or turn.verdict)
    return str(view.combined(turn).get("words_level") or turn.verdict)


def export_session(store, session) -> Path:
    """Write one session's HTML report (audio embedded) under the data folder; return its path."""
    from callsim.report import render, write_private

    folder = paths.data_dir() / "reports"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / f"{session.trainee}-{session.started.astimezone():%Y%m%d-%H%M}-{session.scenario_id}.html"
    write_private(path, render(store, [session], "html", audio=True))
    return path
