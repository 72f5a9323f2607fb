"""How much memory the practice app holds, and whether a long practice session makes it grow.

    python bench/memory.py [--quick] [--calls N] [--seconds S]

* reference: a fresh process loads the bare Vosk model (``vosk.Model`` on the unmodified folder) and decodes the
  same replies, each with a new ``KaldiRecognizer``: the memory any Vosk-based tool pays.
* callsim: a fresh process runs the practice app's own flow (Pilot, in-memory device, real model, analysis and
  store in a temp folder) through N one-turn calls in one app, home -> call -> feedback -> summary -> home, with an
  S-second reply each (real speech, an accent-archive reading). Resident memory (``VmRSS``) is read after each call.

Printed: resident memory once ready and after the calls, the peak (``VmHWM``), each against the reference, and the
growth per call over the second half of the calls, callsim's beside bare Vosk's (a leak shows here: a trainee
practises for an hour in one app; the allocator's own growth over the first calls shows in both).
Needs ../shared (the model and the speech).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent


def memory_mb() -> dict[str, float]:
    """This process's resident memory now and at its peak, in MB (Linux ``/proc/self/status``)."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
    return {"rss": int(fields["VmRSS"].split()[0]) / 1024, "peak": int(fields["VmHWM"].split()[0]) / 1024}


def reference(calls: int, seconds: float) -> dict:
    """Bare Vosk: model loaded, then ``calls`` replies decoded; memory after loading and after decoding."""
    import vosk

    from app_latency import MODEL, reply_of

    vosk.SetLogLevel(-1)
    model = vosk.Model(str(MODEL))
    ready = memory_mb()
    pcm = (np.clip(reply_of(seconds).y, -1, 1) * 32767).astype("<i2").tobytes()
    per_call = []
    for _ in range(calls):
        recognizer = vosk.KaldiRecognizer(model, 16000)
        for start in range(0, len(pcm), 6400):
            recognizer.AcceptWaveform(pcm[start : start + 6400])
        recognizer.FinalResult()
        per_call.append(memory_mb()["rss"])
    return {"ready": ready, "after": memory_mb(), "per_call": per_call}


def callsim(calls: int, seconds: float) -> dict:
    """The app's flow through ``calls`` one-turn calls; memory once ready and after each call."""
    import asyncio
    import tempfile

    from app_latency import MODEL, reply_of
    from callsim.asr import Transcriber

    transcriber = Transcriber(MODEL)
    with tempfile.TemporaryDirectory() as tmp:
        return asyncio.run(_calls(transcriber, reply_of(seconds), calls, Path(tmp)))


async def _calls(transcriber, reply, calls: int, folder: Path) -> dict:
    """Run one app through ``calls`` calls answered with ``reply``; memory once ready and after each call."""
    import gc

    from app_helpers import answer_from_mic, app_for, services, wait_for, write_pack

    app = app_for(services(folder, transcriber, [], extra_dirs=[write_pack(folder / "packs")]))
    device, per_call = app.services.device, []
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.ready and app.warmed, seconds=120)
        ready = memory_mb()
        for _ in range(calls):
            device.replies.append(reply)
            await answer_from_mic(pilot)
            await pilot.press("enter")
            await wait_for(pilot, lambda: type(app.screen).__name__ == "SummaryScreen", seconds=120)
            await pilot.press("enter")
            await wait_for(pilot, lambda: type(app.screen).__name__ == "HomeScreen", seconds=60)
            assert app.saves.wait(timeout=60)
            _forget(device)
            gc.collect()
            per_call.append(memory_mb()["rss"])
    return {"ready": ready, "after": memory_mb(), "per_call": per_call}


def _forget(device) -> None:
    """Drop what the test device keeps for tests to inspect (every clip played and reply recorded), which the real
    device does not keep."""
    device.played.clear()
    del device.playbacks[:-1], device.recordings[:]


def measured(kind: str, calls: int, seconds: float) -> dict:
    """Run ``kind`` (reference or callsim) in a fresh interpreter and return its figures."""
    code = (f"import sys, json; sys.path[:0] = [{str(HERE)!r}, {str(HERE.parent / 'tests')!r}]; import memory; "
            f"print(json.dumps(memory.{kind}({calls}, {seconds})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"{kind} run failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def growth_per_call(per_call: list[float]) -> float:
    """MB per call: the least-squares slope of resident memory over the second half of the calls."""
    half = per_call[len(per_call) // 2 :]
    if len(half) < 2:
        return float("nan")
    return float(np.polyfit(np.arange(len(half)), half, 1)[0])


def report(ref: dict, ours: dict, calls: int, seconds: float) -> None:
    """Print the figures, callsim against the bare-Vosk reference."""
    for label, key, sub in (("ready", "ready", "rss"), ("after the calls", "after", "rss"), ("peak", "after", "peak")):
        mine, theirs = ours[key][sub], ref[key][sub]
        print(f"resident memory, {label:<15}: callsim {mine:6.0f} MB, bare Vosk {theirs:6.0f} MB "
              f"({mine / theirs:.2f} x)")
    print(f"growth over {calls} calls of {seconds:.0f} s replies, per call over the second half: "
          f"callsim {growth_per_call(ours['per_call']):+.2f} MB, bare Vosk {growth_per_call(ref['per_call']):+.2f} MB")
    for name, figures in (("callsim", ours), ("bare Vosk", ref)):
        print(f"  {name} resident after each call (MB): {' '.join(f'{v:.0f}' for v in figures['per_call'])}")


def main() -> None:
    """Print the memory figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 calls of 5 s replies (CI smoke)")
    parser.add_argument("--calls", type=int, default=30, help="calls in one app (default 30)")
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each reply (default 20 s)")
    args = parser.parse_args()
    calls, seconds = (3, 5.0) if args.quick else (args.calls, args.seconds)
    report(measured("reference", calls, seconds), measured("callsim", calls, seconds), calls, seconds)


if __name__ == "__main__":
    main()
