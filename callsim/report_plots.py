"""Small inline SVG plots for the HTML report, drawn by hand (no plotting library).

API::

    line_plot([("03-01", 50.0), ("03-04", 75.0)], title="Score")   # score over time
    deviation_bars([Bar("pitch", +2.1, "st", 6.0, band=(-4.0, 1.0))])  # reply vs usual voice
    contour_plot(times, semitones, [("sorry", 0.4)], title="Pitch")     # pitch over the reply

All return an ``<svg>`` element as text (no ``xmlns`` needed inline in HTML5),
every label escaped, with a ``<title>`` on each mark for hovering.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

PAD = 30  # px around the plotting area


@dataclass(frozen=True)
class Bar:
    """One measure of a reply as its difference from the trainee's usual value (``delta``, in ``unit``).

    ``band`` is the wanted range of that difference (None when unknown); ``scale``
    is the difference a full half-width bar stands for; ``tip`` is the hover text.
    """

    label: str
    delta: float
    unit: str = ""
    scale: float = 1.0
    band: tuple[float, float] | None = None
    tip: str = ""


def line_plot(points: list[tuple[str, float]], *, title: str = "", ymin: float = 0.0, ymax: float = 100.0,
              width: int = 480, height: int = 170) -> str:
    """A line through ``points`` (label, y), evenly spaced left to right; empty text for no points."""
    if not points:
        return ""
    xs = _spread(len(points), PAD, width - PAD)
    ys = [_y(v, ymin, ymax, height) for _, v in points]
    parts = [_frame(width, height, title), _grid(ymin, ymax, width, height)]
    parts.append(f'<polyline fill="none" stroke="#2b6cb0" stroke-width="2" points="{_pairs(xs, ys)}"/>')
    for (label, value), x, y in zip(points, xs, ys):
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="#2b6cb0">'
                     f'<title>{escape(label)}: {value:g}</title></circle>')
    parts.append(_xlabels(points, xs, height))
    return "".join(parts) + "</svg>"


def deviation_bars(bars: list[Bar], *, width: int = 520, row: int = 22) -> str:
    """One row per measure: the wanted band shaded, and a bar left (below usual) or right (above usual)
    of the centre line, green inside the band and red outside it."""
    if not bars:
        return ""
    height, mid, half = row * len(bars) + 8, width * 0.68, width * 0.3  # labels ("pitch +2.1 st vs usual") left
    parts = [f'<svg class="bars" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img">'
             f'<title>measures against the usual voice</title>']
    for i, bar in enumerate(bars):
        parts.append(_bar_row(bar, 4 + i * row, row, mid, half))
    parts.append(f'<line x1="{mid}" y1="0" x2="{mid}" y2="{height}" stroke="#555"/>')
    return "".join(parts) + "</svg>"


def _bar_row(bar: Bar, top: float, row: int, mid: float, half: float) -> str:
    at = lambda d: mid + max(-1.0, min(d / (bar.scale or 1.0), 1.0)) * half  # noqa: E731
    end, parts = at(bar.delta), [f'<text x="4" y="{top + row * 0.65:.1f}" font-size="12">'
                                 f'{escape(f"{bar.label} {bar.delta:+.1f} {bar.unit}".strip())}</text>']
    if bar.band is not None:
        lo, hi = at(bar.band[0]), at(bar.band[1])
        parts.append(f'<rect class="band" x="{lo:.1f}" y="{top + 1:.1f}" width="{max(hi - lo, 1):.1f}" '
                     f'height="{row - 4}" fill="#c6f6d5"><title>wanted: {bar.band[0]:+.1f} to '
                     f'{bar.band[1]:+.1f} {escape(bar.unit)}</title></rect>')
    inside = bar.band is None or bar.band[0] <= bar.delta <= bar.band[1]
    colour = "#2b6cb0" if bar.band is None else "#2f855a" if inside else "#c53030"
    parts.append(f'<rect x="{min(mid, end):.1f}" y="{top + 5:.1f}" width="{max(abs(end - mid), 1):.1f}" '
                 f'height="{row - 12}" fill="{colour}"><title>{escape(bar.tip or bar.label)}</title></rect>')
    return "".join(parts)


def contour_plot(times, semitones, words: list[tuple[str, float]], *, title: str = "", span: float = 8.0,
                 width: int = 560, height: int = 150) -> str:
    """Pitch over time (semitones around 0 = the usual pitch), broken where unvoiced, words under their start."""
    duration = max(max((float(t) for t in times), default=0.0), max((s for _, s in words), default=0.0), 0.1)
    x = lambda t: PAD + float(t) / duration * (width - 2 * PAD)  # noqa: E731
    parts = [_frame(width, height, title).replace('class="plot"', 'class="plot contour"'),
             _grid(-span, span, width, height),
             f'<line x1="{PAD}" y1="{_y(0, -span, span, height):.1f}" x2="{width - PAD}" y2="{_y(0, -span, span, height):.1f}" '
             f'stroke="#888" stroke-dasharray="4 3"/>']
    for run in _voiced_runs(times, semitones):
        points = _pairs([x(t) for t, _ in run], [_y(v, -span, span, height) for _, v in run])
        parts.append(f'<polyline fill="none" stroke="#2b6cb0" stroke-width="2" points="{points}"/>')
    parts += [f'<text x="{x(start):.1f}" y="{height - 6}" font-size="10">{escape(word)}</text>' for word, start in words]
    return "".join(parts) + "</svg>"


def _voiced_runs(times, values) -> list[list[tuple[float, float]]]:
    """Consecutive finite (time, value) pairs: one run per stretch of voicing."""
    runs, run = [], []
    for t, v in zip(times, values):
        if v == v and abs(v) != float("inf"):
            run.append((float(t), float(v)))
        elif run:
            runs, run = runs + [run], []
    return runs + [run] if run else runs


def _frame(width: int, height: int, title: str) -> str:
    return (f'<svg class="plot" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img">'
            f'<title>{escape(title)}</title>'
            f'<text x="{PAD}" y="14" font-size="12" font-weight="bold">{escape(title)}</text>')


def _grid(ymin: float, ymax: float, width: int, height: int) -> str:
    lines = []
    for frac in (0.0, 0.5, 1.0):
        value = ymin + frac * (ymax - ymin)
        y = _y(value, ymin, ymax, height)
        lines.append(f'<line x1="{PAD}" y1="{y:.1f}" x2="{width - PAD}" y2="{y:.1f}" stroke="#ddd"/>'
                     f'<text x="2" y="{y + 4:.1f}" font-size="10">{value:g}</text>')
    return "".join(lines)


def _xlabels(points: list[tuple[str, float]], xs: list[float], height: int) -> str:
    shown = {0, len(points) - 1} | ({len(points) // 2} if len(points) > 4 else set(range(len(points))))
    return "".join(f'<text x="{xs[i]:.1f}" y="{height - 6}" font-size="10" text-anchor="middle">'
                   f'{escape(points[i][0])}</text>' for i in sorted(shown))


def _spread(n: int, left: float, right: float) -> list[float]:
    if n == 1:
        return [(left + right) / 2]
    return [left + i * (right - left) / (n - 1) for i in range(n)]


def _y(value: float, ymin: float, ymax: float, height: int) -> float:
    frac = (min(max(value, ymin), ymax) - ymin) / ((ymax - ymin) or 1.0)
    return height - PAD - frac * (height - 2 * PAD)


def _pairs(xs: list[float], ys: list[float]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys))
