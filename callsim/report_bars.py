"""A stored try's measures as bars against the trainee's usual voice, for the HTML report's deviation chart
(``report_plots.deviation_bars``): the tone reasons' numbers, else pitch, energy and pace from the prosody payload
(layouts in ``report_view``)."""

from __future__ import annotations

from typing import Any

from callsim.records import TurnRecord
from callsim.report_plots import Bar
from callsim.report_view import reasons

#: Full-bar differences for the prosody measures drawn when no tone reasons are stored.
SCALES = {"pitch_median_st": 6.0, "energy_db": 10.0, "syllable_rate": 2.0}
#: Measures drawn from the prosody payload when the tone reasons carry no numbers.
FALLBACK = (("pitch_median_st", "pitch", "st"), ("energy_db", "energy", "dB"), ("syllable_rate", "pace", "syl/s"))


def bars(turn: TurnRecord, baseline: dict[str, Any] | None) -> list[Bar]:
    """Measures against the usual voice: the tone reasons' numbers, else pitch/energy/pace from prosody."""
    found = [b for b in map(reason_bar, reasons(turn)) if b is not None]
    if found or not baseline:
        return found
    prosody = turn.prosody or {}
    return [Bar(label, float(prosody[key]) - float(baseline[key]), f"{unit} vs usual", SCALES.get(key, 1.0),
                tip=f"{label}: {prosody[key]:.1f} {unit} (usual {baseline[key]:.1f})")
            for key, label, unit in FALLBACK if _num(prosody.get(key)) and _num(baseline.get(key))]


def reason_bar(reason: dict[str, Any]) -> Bar | None:
    """A tone reason as a bar: its difference from the usual value and the wanted band of that difference.

    Units ending in ``vs usual`` are already differences; other values are
    absolute and have the usual value (``baseline``) taken off, band included.
    """
    value, base, band = reason.get("value"), reason.get("baseline"), reason.get("band")
    unit = str(reason.get("unit") or "")
    relative = unit.endswith("vs usual")
    if not _num(value) or not (relative or _num(base)):
        return None
    offset = 0.0 if relative else float(base)
    wanted = (band[0] - offset, band[1] - offset) if is_range(band) else None
    delta = float(value) - offset
    scale = max(abs(delta), *(abs(w) for w in wanted or ()), 1.0) * 1.1
    feature = str(reason.get("feature", ""))
    return Bar(feature, delta, f"{unit.removesuffix('vs usual').strip()} vs usual".strip(), scale, wanted,
               str(reason.get("evidence") or feature))


def is_range(band: Any) -> bool:
    """True for a numeric ``[low, high]`` band."""
    return isinstance(band, (list, tuple)) and len(band) == 2 and all(_num(b) for b in band)


def _num(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
