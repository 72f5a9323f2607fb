"""Turn an outcome into what the feedback screen shows: measures, transcript, checklist.

Plain functions returning Rich renderables, so they can be tested without a screen.
"""

from __future__ import annotations

from rich.text import Text

from callsim.report_view import move_label, problem_label, tone_band_text
from callsim.tone import CLIPPED_NOTE
from callsim.tone_rules import STATUS_MARKS, reason_status


LOW_CONFIDENCE = 0.6

#: What a confident verdict on clipped audio adds: the gain, not the voice, may be what it heard.
CLIPPED_ADVICE = ("Your recording clipped: turn the microphone's input level down (clipping sounds louder and harsher "
                  "than you were).")


STYLES = {"ok": "green", "miss": "red", "near": "yellow", "hint": "grey62"}


def headline(outcome, target: str | None) -> str:
    """'You sounded calm (80 % sure); this moment needs somber.'"""
    tone = outcome.tone
    sure = f"{tone.confidence:.0%} sure"
    if tone.perceived is None:
        heard = "No speech heard in your reply, so no tone to judge"
    elif getattr(tone, "is_unclear", False):
        heard = f"Too little to tell your tone ({sure}); judged on the measures only"
    elif tone.is_hint:
        heard = f"You may have sounded {tone.perceived} (a hint: {sure})"
    else:
        heard = f"You sounded {tone.perceived} ({sure})"
    return f"{heard}; this moment needs {target}." if target else f"{heard}."


def measures_table(outcome) -> Text:
    """One line per reason: ✓/✗/~/?, the measure, what was heard against the usual voice, what is wanted."""
    return reason_lines((reason_status(r.to_dict()), r.feature, r.evidence, band_text(r.band, r.unit))
                        for r in outcome.tone.reasons)


def reason_lines(rows) -> Text:
    """Lines of (status, feature, evidence, wanted) that wrap cleanly at any width.

    ``status`` is a ``reason_status`` word, or True/False for ok/miss.
    """
    text = Text()
    for status, feature, heard, wanted in rows:
        status = status if isinstance(status, str) else "ok" if status else "miss"
        text.append(STATUS_MARKS[status] + " ", STYLES[status]).append(f"{feature}: ", "bold")
        text.append(str(heard)).append(f"  (wanted: {wanted})\n" if wanted else "\n", "grey62")
    return text


def problems_text(outcome) -> Text:
    """Delivery problems named whatever the target (rushed, monotone, too quiet...), one per line."""
    text = Text()
    for p in getattr(outcome.tone, "problems", ()):
        text.append("⚠ ", "yellow").append(f"{problem_label(p.name)}: ", "bold").append(f"{p.text}\n")
    return text


def band_text(band, unit: str = "") -> str:
    """A target band in words: 'somber; calm partly fits', '95–145 wpm', '-4 to +1 st vs usual'."""
    if band is None:
        return ""
    if len(band) and all(isinstance(b, str) for b in band):  # the target tone, then tones that partly fit
        return tone_band_text(band)
    low, high = band
    if "vs usual" in unit or (isinstance(low, (int, float)) and low < 0):
        return f"{low:+g} to {high:+g} {unit}".strip()
    return f"{low:g}–{high:g} {unit}".strip()


def transcript_text(outcome) -> Text:
    """The words: moves green, banned phrases red, low-confidence words dimmed (never blamed)."""
    words = list(outcome.transcript.words)
    if not words:
        return Text("(no words heard)", style="italic")
    styles = [""] * len(words)
    for finding in outcome.content.moves:
        _paint(styles, finding, "bold green")
    for finding in outcome.content.banned:
        _paint(styles, finding, "bold red underline")
    text = Text()
    for word, style in zip(words, styles):
        dim = " dim" if word.conf < LOW_CONFIDENCE and not style else ""
        text.append(word.text, style=(style + dim).strip())
        text.append(" ")
    return text


def _paint(styles: list[str], finding, style: str) -> None:
    for i in range(finding.start_index, min(finding.end_index, len(styles))):  # end_index is exclusive
        styles[i] = style


def checklist(outcome, turn) -> Text:
    """✓/✗ for every required move, ✗ for every banned phrase used, with the time it was said."""
    made = {f.name: f for f in outcome.content.moves}
    text = Text("The words this moment needs\n", "bold") if (turn.moves or outcome.content.banned) else Text()
    for move in turn.moves:
        f = made.get(move)
        label = move_label(move)
        if f:
            text.append("✓ ", "green").append(f"{label}: “{f.words}”{_at(f)}\n")
        else:
            text.append("✗ ", "red").append(f"{label}: not heard\n")
    for f in outcome.content.banned:
        text.append("✗ ", "bold red").append(f"avoid {f.name.replace('_', ' ')}: “{f.words}”{_at(f)}\n")
    return text


def _at(finding) -> str:
    return f" at {finding.start:.1f} s" if getattr(finding, "start", None) is not None else ""


def verdict_detail(outcome, turn) -> str:
    """The one line beside the banner: tone and words parts."""
    v = outcome.verdict
    parts = [f"Tone: {v.tone_level}.", headline(outcome, turn.tone), *measures_off(outcome, turn.tone),
             *certainty_notes(outcome.tone)]
    if turn.moves or v.banned:
        missing = f" ({len(v.missing)} of {len(turn.moves)} moves not heard)" if v.missing else ""
        parts.append(f"Words: {v.words_level}{missing}.")
    if not getattr(outcome.tone, "personal_baseline", True):
        parts.append("Not calibrated: \"usual\" means a typical voice until you calibrate (b on the home screen).")
    return " ".join(parts)


def measures_off(outcome, target: str | None) -> list[str]:
    """When the tone heard is the one wanted but the verdict is worse, the sentence that says why (the measures
    off their bands), so the banner does not read as contradicting itself."""
    tone = outcome.tone
    if not target or tone.perceived != target or tone.is_hint or outcome.verdict.tone_level == "suits":
        return []
    off = [r.feature for r in getattr(tone, "reasons", ()) if r.feature != "tone"
           and reason_status(r.to_dict()) == "miss"]
    return [f"The tone fits, but your {_listed(off)} {'was' if len(off) == 1 else 'were'} off."] if off else []


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def certainty_notes(tone) -> list[str]:
    """Why the tone judgement is unsure, as ``callsim analyze`` says it ("Less certain because: little speech
    (0.3 s)."); a confident verdict on clipped audio gets its own advice. The missing calibration has its own sentence
    (``verdict_detail``), and a reply with no speech says so in the headline."""
    why = [n for n in getattr(tone, "notes", ()) if not n.startswith("no personal baseline")]
    if not why or tone.perceived is None:
        return []
    if tone.is_hint:
        return [f"Unsure because: {'; '.join(why)}."]
    rest = [n for n in why if n != CLIPPED_NOTE]
    notes = [f"Less certain because: {'; '.join(rest)}."] if rest else []
    return notes + ([CLIPPED_ADVICE] if CLIPPED_NOTE in why else [])


def coaching(turn) -> Text:
    """The scenario's advice for this moment and an example reply (empty when the pack has neither)."""
    out = Text()
    if turn.coach:
        out.append("This moment\n", "bold").append(turn.coach.strip())
    if turn.example:
        out.append("\n" if out else "").append("One reply that works\n", "bold")
        out.append(f"“{' '.join(turn.example.split())}”", "italic")
    return out
