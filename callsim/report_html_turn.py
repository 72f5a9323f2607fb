"""One turn of the HTML report: the caller line, the verdict and the evidence under it (tone: ``report_html_tone``;
words: ``report_html_words``; the trainer's notes and overrides: ``report_html_notes``).

Every piece of text that came from a person or the analysis goes through
``html.escape``; numbers are formatted here.
"""

from __future__ import annotations

import base64
from html import escape
from pathlib import Path

from callsim import overridden
from callsim import report_view as view
from callsim.records import Note, Override, TurnRecord, shown_try
from callsim.report_html_notes import notes_block, overrides_table
from callsim.report_html_tone import LEVEL_CSS, tone_block
from callsim.report_html_words import early_flag, unjudged_rows, words_block, words_line
from callsim.report_unjudged import unjudged, unjudged_text

MIME = {".flac": "audio/flac", ".wav": "audio/wav"}


def turn_article(tries: list[TurnRecord], notes: list[Note], overrides: list[Override], *,
                 baseline: dict | None = None, audio: bool = False) -> str:
    """The try of a turn that counted (``records.shown_try``) in full (headed "Turn 1, try 3" when there were
    several) with its notes and overrides, the other tries in brief with theirs.

    ``notes`` and ``overrides`` are those of every try of the turn; each is shown with its own try."""
    turn = shown_try(tries)
    mine = view.for_try(overrides, turn)
    which = f"Turn {turn.index + 1}" + (f", try {turn.retry + 1}" if len(tries) > 1 else "")
    parts = [f'<article class="turn"><h4>{which}: <q>{escape(turn.caller_text)}</q></h4>',
             verdict_line(turn, mine), tone_block(turn, baseline, words=words_line(turn)), words_block(turn), tips_block(turn),
             notes_block(view.for_try(notes, turn)), overrides_table(mine)]
    if audio:
        parts.append(audio_tag(turn.audio_path))
    parts.append(other_tries([t for t in tries if t is not turn], notes, overrides, audio=audio))
    return "".join(parts) + "</article>"


def verdict_line(turn: TurnRecord, overrides: list[Override]) -> str:
    """Target tone, perceived tone ('calm?' for a hint) with confidence, tone verdict, words verdict and turn verdict
    (overrides beside them: the turn verdict in force is the worse of the tone and words verdicts in force)."""
    if unjudged(turn) and not overrides:  # kept audio only (report_unjudged.unjudged_text says why)
        return f'<p class="verdict"><span><b>turn verdict:</b> {escape(unjudged_text(turn))}</span></p>'
    tone, forced = view.tone(turn), view.in_force(overrides)
    conf, certainty = view.confidence(turn), view.certainty(tone)
    why = {"hint": ", a hint", "unclear": ", too little to tell"}.get(certainty, "")
    sure = "" if conf is None else f" ({conf:.0%} sure{why})"
    tone_level = overridden.tone_original(turn) or "?"
    items = [("target tone", turn.target_tone or "none"), ("perceived", f"{view.heard(tone)}{sure}"),
             ("tone verdict", _with_override(tone_level, forced.get("tone"))),
             ("words", _with_override(overridden.words_original(turn) or "?", forced.get("content"))),
             ("turn verdict", _turn_verdict(turn, overrides))]
    cells = "".join(f"<span><b>{escape(k)}:</b> {v}</span> " for k, v in items)
    return f'<p class="verdict {_css(overridden.verdict_in_force(turn, overrides))}">{cells}</p>'


def _with_override(level: str, override: Override | None) -> str:
    if override is None:
        return escape(str(level))
    return _changed(level, view.value_text(override.new_value), "trainer")


def _turn_verdict(turn: TurnRecord, overrides: list[Override]) -> str:
    """The turn verdict in force, the original struck out beside it when the overrides changed it."""
    level = overridden.verdict_in_force(turn, overrides)
    return escape(level or "?") if level == turn.verdict else _changed(turn.verdict, level, "after overrides")


def _changed(was: str, now: str, why: str) -> str:
    return f"<s>{escape(str(was))}</s> → <b>{escape(str(now))}</b> <small>({why})</small>"


def tips_block(turn: TurnRecord) -> str:
    """The tips stored with the verdict."""
    tips = view.combined(turn).get("tips") or ()
    return "".join(f'<p class="tip">Tip: {escape(str(t))}</p>' for t in tips)


def audio_tag(path: Path | None) -> str:
    """The recording as an ``<audio>`` element with a base64 data URI (empty when there is none)."""
    if path is None or not Path(path).is_file() or Path(path).suffix.lower() not in MIME:
        return ""
    data = base64.b64encode(Path(path).read_bytes()).decode("ascii")
    return f'<audio controls preload="none" src="data:{MIME[Path(path).suffix.lower()]};base64,{data}"></audio>'


def other_tries(tries: list[TurnRecord], notes: list[Note] = (), overrides: list[Override] = (), *,
                  audio: bool = False) -> str:
    """The other tries of the turn (before or after the one shown in full) in one line each, with the notes and overrides on that try (and, with ``audio``,
    its recording: a trainer compares the tries by ear)."""
    items = "".join(f"<li>try {t.retry + 1}: {_try_line(t, view.for_try(overrides, t))}"
                    f"{notes_block(view.for_try(notes, t))}{overrides_table(view.for_try(overrides, t))}"
                    f"{audio_tag(t.audio_path) if audio else ''}</li>"
                    for t in tries)
    return f'<ul class="tries">{items}</ul>' if items else ""


def _try_line(turn: TurnRecord, overrides: list[Override]) -> str:
    """An earlier try in brief: its verdict in force and its words ('does not suit — “uh yes”', flagged when the
    trainee was already speaking as it began), or that it was not judged, why, the error behind a failure and the
    words shown live (``report_unjudged.unjudged_text``)."""
    if unjudged(turn) and not overrides:
        rows = unjudged_rows(turn)  # (label, HTML)
        return " — ".join([escape(unjudged_text(turn))] + [f"{label}: {html}" for label, html in rows])
    said = view.transcript(turn)
    verdict = _turn_verdict(turn, overrides)
    return (f"{verdict} — <q>{escape(said)}</q>" if said else verdict) + early_flag(turn)


def _css(verdict: str) -> str:
    return LEVEL_CSS.get(verdict, "")
