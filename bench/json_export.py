"""How much memory the JSON export with recordings (``callsim export --format json --audio``) and its import take.

    python bench/json_export.py [--quick] [--sessions N] [--tries T] [--seconds S]

A temporary store gets N sessions of T tries, each with an S-second 16 kHz recording (a tone in noise, as the store
keeps it: FLAC) and report-fixture payloads. Each figure is measured in a fresh interpreter: the peak resident
memory (``VmHWM``, reset first through ``/proc/self/clear_refs``) above what the process held just before, over
the export file's size.

* export, reference: the whole document built with every recording's base64 in it, then ``json.dumps``'d and
  written (``report_json.export_document``: what ``callsim export`` did before it wrote JSON a session at a time);
* export, callsim: ``report.render_pieces`` written by ``report.write_private``, as ``callsim export`` does;
* import, reference: the file read whole (``json.loads``) and every recording decoded and kept, as the import
  checked a file before (a lower bound of what it held);
* import, callsim: ``exchange.read_export`` (the file checked, recordings decoded), then the whole import into an
  empty store (``read_export`` + ``exchange_merge.merge``).

Also printed: the wall time of each. Needs no shared data.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent / "tests"
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))  # report_helpers: the report fixture's payloads


def memory_mb(key: str) -> float:
    """This process's ``VmRSS`` or ``VmHWM`` now, in MB (Linux ``/proc/self/status``)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    raise KeyError(key)


def peak_above(run) -> dict[str, float]:
    """Run ``run()``; its peak resident memory above the memory held before it (MB) and its time (s)."""
    Path("/proc/self/clear_refs").write_text("5")  # the peak (VmHWM) starts again from now
    before, start = memory_mb("VmRSS"), time.perf_counter()
    run()
    return {"peak_mb": memory_mb("VmHWM") - before, "seconds": time.perf_counter() - start}


def recording(seconds: float, seed: int):
    """An S-second 16 kHz clip: a tone in noise (FLAC keeps it at about two thirds of its 16-bit size)."""
    from callsim.clip import Clip

    t = np.arange(int(16000 * seconds)) / 16000
    noise = np.random.default_rng(seed).normal(0, 0.05, t.size)
    return Clip((0.3 * np.sin(2 * np.pi * (180 + seed % 40) * t) + noise).astype(np.float32), 16000)


def fill(root: Path, sessions: int, tries: int, seconds: float) -> None:
    """A store at ``root`` with ``sessions`` sessions of ``tries`` recorded tries each."""
    from callsim.records import TurnRecord
    from callsim.store import Store
    from report_helpers import T0, payloads, session

    p = payloads("i'm sorry about the parcel", target="somber", perceived="somber", tone_level="suits",
                 moves=["apologize"])
    with Store.open(root) as store:
        for n in range(sessions):
            uuid = f"00000000-0000-4000-8000-{n:012d}"
            session(store, uuid, "anna", n % 30, 50.0)
            for index in range(tries):
                turn = TurnRecord(uuid, index, f"line{index}", "Caller line: where is my parcel?", "somber",
                                  p["transcript"], p["prosody"], p["tone"], p["content"], "suits", 0, T0)
                store.save_turn(turn, recording(seconds, n * tries + index))


def export_reference(root: Path, out: Path) -> None:
    """The export as it was: the whole document in memory, dumped, written."""
    from callsim.json_text import dumps
    from callsim.report import write_private
    from callsim.report_json import export_document
    from callsim.store import Store

    with Store.open(root) as store:
        doc = export_document(store, store.list_sessions(descending=False), audio=True)
        write_private(out, dumps(doc, indent=1, ensure_ascii=False) + "\n")


def export_callsim(root: Path, out: Path) -> None:
    """The export as ``callsim export --all --format json --audio -o OUT`` writes it."""
    from callsim.report import render_pieces, write_private
    from callsim.store import Store

    with Store.open(root) as store:
        write_private(out, render_pieces(store, store.list_sessions(descending=False), "json", audio=True))


def import_reference(root: Path, out: Path) -> None:
    """The file read whole and every recording decoded and kept (what the import's check held before)."""
    import base64

    doc = json.loads(out.read_text(encoding="utf-8"))
    kept = [base64.b64decode(entry["audio_data"]) for s in doc["sessions"] for entry in s["turns"]]
    kept += [base64.b64decode(b["audio_data"]) for b in doc["baselines"] if b.get("audio_data")]


def import_check(root: Path, out: Path) -> None:
    """``exchange.read_export``: the file read and checked, every recording decoded."""
    from callsim.exchange import read_export

    read_export(out)


def import_callsim(root: Path, out: Path) -> None:
    """The whole import into an empty store beside ``root``."""
    from callsim.exchange import read_export
    from callsim.exchange_merge import merge
    from callsim.store import Store

    with Store.open(root.parent / "target") as store:
        merge(store, read_export(out))


def measured(kind: str, root: Path, out: Path) -> dict:
    """Run ``kind`` (a function of this module) in a fresh interpreter, everything imported first; its figures."""
    code = (f"import sys, json; sys.path[:0] = [{str(HERE)!r}, {str(TESTS)!r}]; import json_export as b; "
            "import callsim.exchange, callsim.exchange_merge, callsim.report, callsim.report_json, callsim.store; "
            f"from pathlib import Path; print(json.dumps(b.peak_above(lambda: b.{kind}(Path({str(root)!r}), "
            f"Path({str(out)!r})))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{kind} run failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def line(label: str, figures: dict, size_mb: float) -> str:
    """One printed figure: peak MB, times the file's size, seconds."""
    return (f"  {label:<38} peak {figures['peak_mb']:7.1f} MB ({figures['peak_mb'] / size_mb:5.2f} x the file), "
            f"{figures['seconds']:5.1f} s")


def run(folder: Path, sessions: int, tries: int, seconds: float) -> None:
    """Fill a store in ``folder``, export and import it, print the figures."""
    root, out = folder / "source", folder / "team.json"
    fill(root, sessions, tries, seconds)
    ref = measured("export_reference", root, out)
    ours = measured("export_callsim", root, out)
    size = out.stat().st_size / 2**20
    audio = sum(p.stat().st_size for p in (root / "recordings").rglob("*.flac")) / 2**20
    print(f"{sessions} sessions of {tries} tries, {seconds:.0f} s each: recordings {audio:.1f} MB (FLAC), "
          f"JSON with --audio {size:.1f} MB")
    print("export --format json --audio:")
    print(line("reference (whole document, dumps)", ref, size))
    print(line("callsim (a session at a time)", ours, size))
    print("import:")
    print(line("reference (json.loads, all decoded)", measured("import_reference", root, out), size))
    print(line("callsim read_export (the check)", measured("import_check", root, out), size))
    print(line("callsim read_export + merge", measured("import_callsim", root, out), size))


def main() -> None:
    """Print the figures."""
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="4 sessions of 2 tries of 5 s (CI smoke)")
    parser.add_argument("--sessions", type=int, default=40, help="sessions (default 40)")
    parser.add_argument("--tries", type=int, default=5, help="recorded tries per session (default 5)")
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each recording (default 20 s)")
    args = parser.parse_args()
    sizes = (4, 2, 5.0) if args.quick else (args.sessions, args.tries, args.seconds)
    with tempfile.TemporaryDirectory(prefix="callsim-bench-") as tmp:
        run(Path(tmp), *sizes)


if __name__ == "__main__":
    main()
