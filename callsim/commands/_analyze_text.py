"""How ``callsim analyze`` prints a judged file for a reader: the tone and why, the verdict and its reasons, the
problems, and one line of numbers (``--json`` prints the record itself)."""

from __future__ import annotations

from callsim.tone_rules import reason_status

#: One word per reason line, by ``tone_rules.reason_status``.
MARKS = {"ok": "ok  ", "miss": "fix ", "near": "near", "hint": "hint"}


#: Plain words for the signal checks prosody reports as codes (``--json`` keeps the codes).
CHECK_WORDS = {"too_quiet": "the recording is very quiet",
               "clipping": "the recording is too loud (clipped)"}


def describe(record: dict) -> list[str]:
    """Human-readable lines for one analysed file."""
    t, p = record["tone"], record["prosody"]
    if t["perceived"] is None:  # no voiced speech to measure: the words Vosk heard and the verdict still show
        others = [CHECK_WORDS.get(c, c.replace("_", " ")) for c in p["checks"] if c != "no_speech"]
        words = record.get("transcript", {}).get("text")
        what = "too little voiced speech to measure the tone" if words else "no speech heard"
        lines = [f"{record['file']}: {what}" + (f" ({'; '.join(others)})" if others else "")]
        if words:
            lines.append(f"  heard: {words}")
        if t["verdict"]:
            lines.append(f"  for a {t['target']} moment: {t['verdict'].upper()} - {t['summary']}")
        return lines
    heard = "too little to tell the tone" if t.get("is_unclear") else f"sounds {t['perceived']}"
    lines = [f"{record['file']}: {heard} (confidence {t['confidence']:.2f}){_why(t)}"]
    if "transcript" in record:
        lines.append(f"  heard: {record['transcript']['text'] or '(no words)'}")
    if t["verdict"]:
        lines.append(f"  for a {t['target']} moment: {t['verdict'].upper()} - {t['summary']}")
        lines += [f"    {MARKS[reason_status(r)]} {r['feature']}: {r['evidence']}; {r['tip']}" for r in t["reasons"]]
    lines += [f"  problem: {q['name'].replace('_', ' ')} - {q['text']}" for q in t["problems"]]
    lines.append("  " + _numbers(p))
    return lines


def _why(t: dict) -> str:
    """Why the confidence is what it is: not judged, a hint, or a verdict that is less certain."""
    lead = (" - not judged" if t.get("is_unclear") else " - only a hint" if t["is_hint"]
            else " - less certain" if t["notes"] else "")
    return lead + (": " + "; ".join(t["notes"]) if t["notes"] else "")


def _numbers(p: dict) -> str:
    parts = [f"pitch {p['pitch_median_hz']:.0f} Hz (spread {p['pitch_sd_st']:.1f} st)",
             f"level {p['energy_db']:.0f} dBFS", _pace(p),
             f"pauses {p['pause_count']} (longest {p['longest_pause']:.1f} s)", f"starts after {p['latency']:.1f} s"]
    if p["final_contour"]:
        parts.append(f"ends {p['final_contour']}")
    return " | ".join(parts)


def _pace(p: dict) -> str:
    """The pace as judged, or "-" with why there is none (``tone_problems.no_pace_reason``: no words heard, or a
    word or two in less speech than ``pace_min_speech_s``)."""
    from callsim.prosody_features import Features
    from callsim.tone_bands import load_bands
    from callsim.tone_problems import no_pace_reason

    why = no_pace_reason(Features.from_dict(p), load_bands()["problems"])
    if not why:
        return f"pace {p['pace_wpm']:.0f} wpm ({p['pace_source']})"
    return f"pace - ({why})" if p.get("pace_wpm") else "pace -"
