"""The HTML report: one self-contained page (inline CSS, inline SVG, optional data-URI audio).

API::

    export_html(store, sessions, audio=False, progress_for=["anna"])   # -> str

Nothing is loaded from elsewhere (no scripts, links or remote images), and a
Content-Security-Policy forbids it, so a note holding ``<script>`` shows as text.
"""

from __future__ import annotations

from html import escape
from itertools import groupby
from typing import Iterable

from callsim import overridden
from callsim import progress as progress_mod
from callsim.records import Session, utcnow
from callsim.report_html_notes import notes_block, overrides_table
from callsim.report_html_turn import turn_article
from callsim.report_plots import line_plot
from callsim.report_view import baseline_at, call_path, for_turn, local_text, move_label

CSP = "default-src 'none'; style-src 'unsafe-inline'; media-src data:; img-src data:"
CSS = """body{font:14px/1.45 system-ui,sans-serif;max-width:960px;margin:1em auto;padding:0 1em;color:#222}
h1,h2,h3{margin:.8em 0 .3em}section.session{border-top:2px solid #888;margin-top:2em}
article.turn{border:1px solid #ccc;border-radius:6px;padding:.4em .8em;margin:.8em 0}
table{border-collapse:collapse;margin:.4em 0}td,th{border:1px solid #ddd;padding:2px 6px;text-align:left}
.verdict span{margin-right:1em}.good{border-left:6px solid #2f855a}.mid{border-left:6px solid #d69e2e}
.bad{border-left:6px solid #c53030}p.verdict{padding-left:.5em}.muted{color:#777}
dl.words dt{font-weight:bold;float:left;clear:left;width:9em}dl.words dd{margin-left:9.5em}
.tip{color:#2b6cb0;margin:.2em 0}svg{display:block;margin:.4em 0}audio{display:block;margin:.4em 0}
.early{color:#975a16}"""


def export_html(store, sessions: Iterable[Session], *, audio: bool = False, progress_for: Iterable[str] = (),
                title: str = "callsim report") -> str:
    """The report page for ``sessions`` (oldest first), with a progress part per name in ``progress_for``."""
    sessions = sorted(sessions, key=lambda s: s.started)
    body = [f"<h1>{escape(title)}</h1><p class=\"muted\">Exported {local_text(utcnow())}; "
            f"{len(sessions)} session(s).</p>"]
    body += [progress_section(progress_mod.summary(store, name)) for name in progress_for]
    details = {s.uuid: store.session_detail(s.uuid) for s in sessions}
    if len(sessions) > 1:
        scores = {uuid: overridden.detail_score(d) for uuid, d in details.items()}
        body.append(overview(sessions, plot=not progress_for, scores=scores))
    body += [session_section(store, s, audio=audio, detail=details[s.uuid]) for s in sessions]
    return page(title, "".join(body))


def page(title: str, body: str) -> str:
    """A complete HTML document around ``body``."""
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            f"<title>{escape(title)}</title><style>{CSS}</style></head><body>{body}</body></html>\n")


def overview(sessions: list[Session], *, plot: bool = True, scores: dict | None = None) -> str:
    """A table of the sessions (and their scores over time); ``scores`` maps a session's uuid to its score in force
    (``overridden.Score``; the stored score when absent)."""
    scores = scores or {}
    shown = {s.uuid: scores.get(s.uuid, overridden.Score(s.score, s.score)) for s in sessions}
    head = "".join(f"<th>{h}</th>" for h in ("date", "trainee", "scenario", "status", "score", "grade"))
    rows = "".join(f"<tr><td>{local_text(s.started)}</td><td>{escape(s.trainee)}</td>"
                   f"<td>{escape(s.scenario_title)}</td><td>{escape(s.status)}</td><td>{escape(shown[s.uuid].text())}</td>"
                   f"<td>{escape(s.grade or '')}</td></tr>" for s in sessions)
    points = [(f"{s.started.astimezone():%m-%d}", shown[s.uuid].value)  # the local day, as the date column
              for s in sessions if shown[s.uuid].value is not None]
    one_trainee = len({s.trainee for s in sessions}) == 1  # one line across several trainees reads as one's progress
    svg = line_plot(points, title="Score over time") if plot and one_trainee else ""
    return f"<section><h2>Sessions</h2>{svg}<table><tr>{head}</tr>{rows}</table></section>"


def progress_section(summary) -> str:
    """A trainee's progress: the score plot, success rates, frequent misses, improvement (moves in words)."""
    points = [(f"{p.started.astimezone():%m-%d}", p.score) for p in summary.scores]
    parts = [f"<section><h2>Progress of {escape(summary.trainee)}</h2>",
             line_plot(points, title=f"Score over time ({len(points)} scored sessions)")]
    parts.append(f"<p>Improvement: {escape(progress_mod.improvement_text(summary))}.</p>")
    parts += [_rates("Tone suits, by target tone", summary.tones, str),
              _rates("Empathy moves made", summary.moves, move_label)]
    if summary.misses:
        items = "".join(f"<li>{escape(m.what)} ({m.count}×)</li>" for m in summary.misses)
        parts.append(f"<h3>Most frequent misses</h3><ol>{items}</ol>")
    return "".join(parts) + "</section>"


def _rates(title: str, rates, label) -> str:
    if not rates:
        return ""
    rows = "".join(f"<tr><td>{escape(label(r.name))}</td><td>{r.success}/{r.total}</td><td>{r.rate:.0%}</td></tr>"
                   for r in rates)
    return f"<h3>{escape(title)}</h3><table>{rows}</table>"


def session_section(store, session: Session, *, audio: bool = False, detail=None) -> str:
    """One session: its facts, then each turn with its evidence, notes and overrides (``detail``: the session's
    ``store.session_detail``, read here when not given)."""
    detail = detail or store.session_detail(session.uuid)
    baseline = baseline_at(store.load_baselines(session.trainee), session.started)
    facts = [("trainee", session.trainee), ("scenario", f"{session.scenario_title} ({session.scenario_id})"),
             ("date", local_text(session.started)), ("status", session.status),
             ("score", overridden.detail_score(detail).text()), ("grade", session.grade or "not graded"),
             ("path", call_path(detail.turns) or "no reply recorded")]
    dl = "".join(f"<dt>{k}</dt><dd>{escape(v)}</dd>" for k, v in facts)
    turns = [turn_article(list(tries), for_turn(detail.notes, index), for_turn(detail.overrides, index),
                          baseline=baseline, audio=audio)
             for index, tries in groupby(detail.turns, key=lambda t: t.index)]
    return (f'<section class="session"><h2>{escape(session.scenario_title)} — {escape(session.trainee)}</h2>'
            f'<dl class="words">{dl}</dl>{"".join(turns) or "<p>No turns recorded.</p>"}'
            f"{stray_notes(detail)}</section>")


def stray_notes(detail) -> str:
    """Notes and overrides on turns with no recorded reply (so none is lost from the report)."""
    indices = {t.index for t in detail.turns}
    notes = [n for n in detail.notes if n.turn_index not in indices]
    overrides = [o for o in detail.overrides if o.turn_index not in indices]
    if not (notes or overrides):
        return ""
    return f"<h3>On turns without a recorded reply</h3>{notes_block(notes)}{overrides_table(overrides)}"
