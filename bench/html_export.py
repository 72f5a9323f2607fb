"""How long the HTML export of a trainee's history takes: it draws every stored reply's pitch again.

    python bench/html_export.py [--quick] [--sessions N]

A temporary store gets N three-turn sessions whose replies are RAVDESS sentences (about 3.5 s each, as the store
keeps them: FLAC). Printed: the cost per try of the contour as the export draws it (``prosody.report_track``, the
pitch decode alone) beside the whole analysis it used before (``prosody.extract``), then ``callsim export``'s HTML
of all N sessions, in seconds and per try. Needs ../shared (the recordings).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from _common import data_folder, read_manifest


def replies(count: int) -> list:
    """``count`` RAVDESS sentences as 16 kHz clips, several actors and emotions."""
    from callsim.clip import load

    folder = data_folder("tone")
    rows = [r for r in read_manifest(folder) if r["file"].startswith("ravdess/")]
    return [load(folder / r["file"]) for r in rows[:: max(1, len(rows) // count)][:count]]


def per_try(clips: list) -> dict[str, float]:
    """Median ms per reply: the pitch decode alone, and the whole analysis."""
    from callsim import prosody

    prosody.warm_up()
    out = {}
    for name, run in (("report_track", prosody.report_track), ("extract", prosody.extract)):
        times = []
        for clip in clips:
            start = time.perf_counter()
            run(clip)
            times.append(time.perf_counter() - start)
        out[name] = 1000 * statistics.median(times)
    return out


def store_of(root: Path, clips: list, sessions: int):
    """A store with ``sessions`` sessions of three judged tries each (the replies from ``clips``, in turn)."""
    from callsim.records import Session, TurnRecord
    from callsim.store import Store

    store = Store.open(root)
    for n in range(sessions):
        session = store.save_session(Session(f"00000000-0000-4000-8000-{n:012d}", "anna", "missed-technician",
                                             "The technician never came", status="complete", score=50.0))
        for index in range(3):
            clip = clips[(3 * n + index) % len(clips)]
            store.save_turn(TurnRecord(session.uuid, index, f"t{index}", "Caller line.", "somber",
                                       verdict="partly"), clip)
    return store


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 sessions (CI smoke)")
    parser.add_argument("--sessions", type=int, default=50)
    args = parser.parse_args()
    sessions = 10 if args.quick else args.sessions
    clips = replies(30)
    costs = per_try(clips[:10])
    print(f"contour per try (median of 10): pitch decode alone {costs['report_track']:.0f} ms, "
          f"whole analysis {costs['extract']:.0f} ms ({costs['extract'] / costs['report_track']:.1f} x)")
    from callsim.report import render

    with tempfile.TemporaryDirectory() as tmp:
        store = store_of(Path(tmp), clips, sessions)
        start = time.perf_counter()
        page = render(store, store.list_sessions(), "html")
        took = time.perf_counter() - start
        store.close()
    print(f"HTML export of {sessions} sessions ({3 * sessions} tries, {len(page) / 1e6:.1f} MB): {took:.1f} s, "
          f"{1000 * took / (3 * sessions):.0f} ms per try")


if __name__ == "__main__":
    main()
