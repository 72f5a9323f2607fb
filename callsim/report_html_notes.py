"""A try's trainer notes and verdict overrides in the HTML report, each with its time; text from people goes
through ``html.escape``."""

from __future__ import annotations

from html import escape

from callsim import report_view as view
from callsim.records import Note, Override
from callsim.report_view import local_text


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


def _note_time(note: Note) -> str:
    return "" if note.at_seconds is None else f"at {note.at_seconds:.1f} s — "
