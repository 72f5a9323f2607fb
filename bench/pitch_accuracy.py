"""Pitch-tracker accuracy on the FDA sentences, callsim next to Praat, in one run.

    python bench/pitch_accuracy.py [--quick]

Reference: ``.f0ref`` laryngograph f0, frame i centred at i x 15 ms, 0 = unvoiced.
callsim's frames are centred at the same times (15 ms hop at 16 kHz), so frames
are compared one to one. Praat (parselmouth, autocorrelation) runs twice, with its default
75-600 Hz range (the reference the goal names) and with callsim's 60-500 Hz, each sampled at
the nearest frame.

* GPE: share of frames voiced in both where the estimate is off by more than 20 %.
* VDE: share of all frames where the voiced/unvoiced decision differs.
* fine error: mean absolute error in cents over voiced-in-both frames without gross error.

Printed for all files, then for each speaker.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from _common import data_folder, pct, read_manifest

REF_STEP = 0.015


def callsim_track(path) -> np.ndarray:
    """callsim's f0 per 15 ms frame (0 = unvoiced)."""
    from callsim import prosody
    from callsim.clip import load

    from callsim.prosody_voicing import pitch_track

    return np.nan_to_num(pitch_track(prosody.extract(load(path)).track))


def praat_track(path, n: int, *, floor: float, ceiling: float) -> np.ndarray:
    """Praat's f0 at the reference frame times (0 = unvoiced)."""
    import parselmouth

    pitch = parselmouth.Sound(str(path)).to_pitch(pitch_floor=floor, pitch_ceiling=ceiling)
    xs, f0 = pitch.xs(), pitch.selected_array["frequency"]
    out = np.zeros(n)
    for i in range(n):
        j = int(np.argmin(np.abs(xs - i * REF_STEP)))
        if abs(xs[j] - i * REF_STEP) <= REF_STEP / 2:
            out[i] = f0[j]
    return out


def errors(ref: np.ndarray, est: np.ndarray) -> dict:
    """Counts for GPE, VDE and fine error over the common frames."""
    n = min(len(ref), len(est))
    ref, est = ref[:n], est[:n]
    both = (ref > 0) & (est > 0)
    ratio = est[both] / ref[both]
    gross = np.abs(ratio - 1) > 0.2
    cents = np.abs(1200 * np.log2(ratio[~gross]))
    return {"frames": n, "vd_err": int(np.sum((ref > 0) != (est > 0))), "both": int(both.sum()),
            "gross": int(gross.sum()), "cents_sum": float(cents.sum()), "fine_n": int(len(cents))}


def summary(counts: list[dict]) -> str:
    """One line of GPE / VDE / fine error from per-file counts."""
    total = {k: sum(c[k] for c in counts) for k in counts[0]}
    gpe = total["gross"] / max(total["both"], 1)
    vde = total["vd_err"] / total["frames"]
    fine = total["cents_sum"] / max(total["fine_n"], 1)
    return f"GPE {pct(gpe):>7}   VDE {pct(vde):>7}   fine {fine:5.1f} cents"


def main() -> None:
    """Run both trackers on every FDA file (or 6 with --quick) and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="six files only (CI smoke run)")
    args = parser.parse_args()
    folder = data_folder("pitch")
    rows = read_manifest(folder)
    rows = rows[:3] + rows[-3:] if args.quick else rows
    from callsim import prosody

    prosody.warm_up()
    results = {"callsim (pyin)": [], "praat default (75-600 Hz)": [], "praat 60-500 Hz": []}
    seconds = {k: 0.0 for k in results}
    for row in rows:
        ref = np.loadtxt(folder / row["f0ref"])
        path = folder / row["file"]
        for name, fn in _trackers(len(ref)).items():
            start = time.perf_counter()
            results[name].append(errors(ref, fn(path)))
            seconds[name] += time.perf_counter() - start
    print(f"FDA pitch accuracy: {len(rows)} files, {sum(c['frames'] for c in results['praat 60-500 Hz'])} frames")
    for name, counts in results.items():
        print(f"  {name:<28} {summary(counts)}   ({seconds[name]:.1f} s)")
    for speaker in sorted({row["speaker"] for row in rows}):
        print(f"speaker {speaker}:")
        for name, counts in results.items():
            print(f"  {name:<28} {summary([c for c, row in zip(counts, rows) if row['speaker'] == speaker])}")


def _trackers(n: int) -> dict:
    return {
        "callsim (pyin)": callsim_track,
        "praat default (75-600 Hz)": lambda p: praat_track(p, n, floor=75.0, ceiling=600.0),
        "praat 60-500 Hz": lambda p: praat_track(p, n, floor=60.0, ceiling=500.0),
    }


if __name__ == "__main__":
    main()
