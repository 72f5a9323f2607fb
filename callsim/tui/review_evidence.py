"""The Evidence tab of the session review, as Rich renderables built from a stored try (no Textual): caller line,
reply, tone verdict with the trainer's overrides, reasons, word findings, and pitch and energy plots measured from
the stored reply."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from rich.console import Group
from rich.text import Text

from callsim import overridden
from callsim import report_view as view
from callsim.asr import Word
from callsim.report_unjudged import (ERROR_LABEL, LIVE_LABEL, LIVE_NOTE, live_words, unjudged, unjudged_error,
                                     unjudged_why)
from callsim.tone_rules import reason_status
from callsim.tui.evidence import band_text, reason_lines
from callsim.tui.review_render import KIND_LABEL
from callsim.tui.widgets import VERDICT_STYLE, contour_lines, pitch_rows


def evidence(turn, overrides, *, plots=None, counted: bool = True) -> Group:
    """Caller line, transcript (under it, a flag when the trainee was already speaking as the recording began), tone
    verdict with this try's overrides, reasons, word findings, (measured) plots; for an unjudged try, why, the error
    behind a failure and the words shown live.

    ``counted`` is False for a try the score does not count (not the turn's last judged try)."""
    parts = [Text.assemble(("Caller: ", "bold"), (turn.caller_text, "yellow"))]
    if unjudged(turn):  # kept audio only, and why: nothing heard, hung up mid-reply, analysis failed...
        return Group(*parts, *_unjudged_reply(turn), *(plots or ()))
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


def _unjudged_reply(turn) -> list[Text]:
    """An unjudged try's reply: not judged and why (and that r plays it), the error behind a failure, the words
    shown live."""
    plays = " (r plays it)" if turn.audio_path is not None else ""
    parts = [Text.assemble(("Reply: ", "bold"), (f"not judged: {unjudged_why(turn)}{plays}", "italic"))]
    if error := unjudged_error(turn):  # what the trainee was shown when the recording or analysis failed
        parts.append(Text.assemble((f"{ERROR_LABEL.capitalize()}: ", "bold"), (error, "red")))
    if live := live_words(turn):
        parts.append(Text.assemble((f"{LIVE_LABEL.capitalize()}: ", "bold"), f"“{live}” ",
                                   (f"({LIVE_NOTE})", "dim")))
    return parts


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


def plots(turn, *, width: int):
    """Pitch and energy contours over the reply, measured from its audio (None without audio)."""
    from callsim import prosody
    from callsim.clip import load

    if not turn.audio_path or not Path(turn.audio_path).exists():
        return None
    track = prosody.extract(load(turn.audio_path)).track
    words = [Word(str(w.get("text", w.get("word", ""))), w["start"], w["end"], w.get("conf") or 0.0)
             for w in view.words(turn) if isinstance(w.get("end"), (int, float))]
    voiced = np.any(np.isfinite(np.asarray(track.f0, dtype=float)))
    pitch = pitch_rows(track, words, width=width) if voiced else [Text("no voiced speech to trace", "grey62")]
    energy = contour_lines(track.times, np.asarray(track.db, dtype=float), [], width=width, height=2)[:-1]
    return [Text("Pitch", "bold")] + pitch + [Text("Energy", "bold")] + energy
