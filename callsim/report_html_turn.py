"""One turn of the HTML report: the caller line, the verdict and the evidence under it.

Every piece of text that came from a person or the analysis goes through
``html.escape``; numbers are formatted here.
"""

from __future__ import annotations

import base64
from html import escape
from pathlib import Path

from callsim import overridden
from callsim import report_view as view
from callsim.report_unjudged import (ERROR_LABEL, LIVE_LABEL, LIVE_NOTE, live_words, unjudged, unjudged_error,
                                     unjudged_text)
from callsim.report_view import local_text
from callsim.records import Note, Override, TurnRecord
from callsim.report_html_tone import LEVEL_CSS, tone_block

MIME = {".flac": "audio/flac", ".wav": "audio/wav"}


def turn_article(tries: list[TurnRecord], notes: list[Note], overrides: list[Override], *,
                 baseline: dict | None = None, audio: bool = False) -> str:
    """The last try of a turn in full (headed "Turn 1, try 3" when there were several) with its notes and
    overrides, earlier tries in brief with theirs.

    ``notes`` and ``overrides`` are those of every try of the turn; each is shown with its own try."""
    turn = tries[-1]
    mine = view.for_try(overrides, turn)
    which = f"Turn {turn.index + 1}" + (f", try {turn.retry + 1}" if len(tries) > 1 else "")
    parts = [f'<article class="turn"><h4>{which}: <q>{escape(turn.caller_text)}</q></h4>',
             verdict_line(turn, mine), tone_block(turn, baseline, words=words_line(turn)), words_block(turn), tips_block(turn),
             notes_block(view.for_try(notes, turn)), overrides_table(mine)]
    if audio:
        parts.append(audio_tag(turn.audio_path))
    parts.append(earlier_tries(tries[:-1], notes, overrides, audio=audio))
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


def words_line(turn: TurnRecord) -> str:
    """The words part in one line beside the tone summary: its verdict and what made it ("words: does not suit —
    2 of 3 required moves not heard; said "calm down"")."""
    level = overridden.words_original(turn)
    if not level:
        return ""
    missing, banned = view.missing(turn), [view.banned_label(f["name"]) for f in view.findings(turn, "banned")]
    required = view.combined(turn).get("required")
    of = f" of {len(required)}" if isinstance(required, list) and required else ""
    why = ([f"{len(missing)}{of} required move(s) not heard ({', '.join(map(view.move_label, missing))})"]
           if missing else []) + ([f"said {', '.join(banned)}"] if banned else [])
    if not why and not view.transcript(turn):
        why = ["no words heard"]
    reason = "; ".join(why) or "every required move made"
    return f'<p class="summary {_css(level)}"><b>words: {escape(level)}</b> — {escape(reason)}</p>'


def words_block(turn: TurnRecord) -> str:
    """The transcript (flagged when the trainee was already speaking as the recording began), the moves made (with
    their words and time), moves missing, banned phrases found (each named in words, ``vocab.MOVE_LABELS`` /
    ``BANNED_LABELS``)."""
    said = view.transcript(turn)
    heard = f"<q>{escape(said)}</q>" if said else f"<i>{escape(_nothing_heard(turn))}</i>"
    rows = [("heard", heard + early_flag(turn)), *_error_row(turn), *_live_row(turn)]
    if not unjudged(turn):  # an unjudged try's words were never checked: no "none" that reads as a finding
        made = [_finding(view.move_label(f["name"]), f) for f in view.findings(turn, "moves")]
        banned = [_finding(view.banned_label(f["name"]), f) for f in view.findings(turn, "banned")]
        rows += [("moves made", "; ".join(made) or "none"),
                 ("moves missing", escape(", ".join(map(view.move_label, view.missing(turn)))) or "none"),
                 ("banned phrases", "; ".join(banned) or "none")]
    return '<dl class="words">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"


def _nothing_heard(turn: TurnRecord) -> str:
    """What the heard row says without a transcript: that the try was not judged and why, or that it held no
    words."""
    return unjudged_text(turn) if unjudged(turn) else "no words heard"


def early_flag(turn: TurnRecord) -> str:
    """' ⚠ started speaking before "Your turn" (speech from 0.0 s): ...' after a try's words when the trainee was
    already speaking as its recording began (``report_view.started_early``); "" otherwise."""
    early = view.started_early(turn)
    return f' <span class="early">⚠ {escape(early)}</span>' if early else ""


def _error_row(turn: TurnRecord) -> list[tuple[str, str]]:
    """The error behind an unjudged try's failed recording or analysis, as the trainee saw it (none without)."""
    error = unjudged_error(turn)
    return [(ERROR_LABEL, escape(error))] if error else []


def _live_row(turn: TurnRecord) -> list[tuple[str, str]]:
    """The words shown live while an unjudged try was spoken, labelled as such (none for a judged try)."""
    live = live_words(turn)
    return [(LIVE_LABEL, _live(live))] if live else []


def _live(words: str) -> str:
    return f"<q>{escape(words)}</q> <small>({escape(LIVE_NOTE)})</small>"


def tips_block(turn: TurnRecord) -> str:
    """The tips stored with the verdict."""
    tips = view.combined(turn).get("tips") or ()
    return "".join(f'<p class="tip">Tip: {escape(str(t))}</p>' for t in tips)


def notes_block(notes: list[Note]) -> str:
    """Trainer notes at their time in the reply."""
    if not notes:
        return ""
    items = "".join(f"<li>{_note_time(n)}<b>{escape(n.author)}</b>: {escape(n.text)} "
                    f"<small>{local_text(n.created)}</small></li>" for n in notes)
    return f'<ul class="notes">{items}</ul>'


def overrides_table(overrides: list[Override]) -> str:
    """Every override, oldest first: what it changed, from what to what, why, by whom."""
    if not overrides:
        return ""
    head = "".join(f"<th>{h}</th>" for h in ("override", "original", "new", "reason", "by", "when"))
    body = "".join(f"<tr><td>{escape(o.kind)}</td><td>{escape(view.value_text(o.original))}</td>"
                   f"<td>{escape(view.value_text(o.new_value))}</td><td>{escape(o.reason)}</td>"
                   f"<td>{escape(o.author)}</td><td>{local_text(o.created)}</td></tr>" for o in overrides)
    return f'<table class="overrides"><tr>{head}</tr>{body}</table>'


def audio_tag(path: Path | None) -> str:
    """The recording as an ``<audio>`` element with a base64 data URI (empty when there is none)."""
    if path is None or not Path(path).is_file() or Path(path).suffix.lower() not in MIME:
        return ""
    data = base64.b64encode(Path(path).read_bytes()).decode("ascii")
    return f'<audio controls preload="none" src="data:{MIME[Path(path).suffix.lower()]};base64,{data}"></audio>'


def earlier_tries(tries: list[TurnRecord], notes: list[Note] = (), overrides: list[Override] = (), *,
                  audio: bool = False) -> str:
    """Earlier tries of the turn in one line each, with the notes and overrides on that try (and, with ``audio``,
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
        rows = [*_error_row(turn), *_live_row(turn)]  # (label, HTML)
        return " — ".join([escape(unjudged_text(turn))] + [f"{label}: {html}" for label, html in rows])
    said = view.transcript(turn)
    verdict = _turn_verdict(turn, overrides)
    return (f"{verdict} — <q>{escape(said)}</q>" if said else verdict) + early_flag(turn)


def _note_time(note: Note) -> str:
    return "" if note.at_seconds is None else f"at {note.at_seconds:.1f} s — "


def _finding(label: str, finding: dict) -> str:
    return f"{escape(label)}: “{escape(str(finding.get('words', '')))}”{_at(finding)}"


def _at(finding: dict) -> str:
    start = finding.get("start")
    return f" at {start:.1f} s" if isinstance(start, (int, float)) else ""


def _css(verdict: str) -> str:
    return LEVEL_CSS.get(verdict, "")
