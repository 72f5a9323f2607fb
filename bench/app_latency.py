"""How fast the practice app answers: feedback after a reply, and the first frame at launch.

* feedback: the app's own flow (Pilot, in-memory device, real model and
  analysis, real store in a temp folder) answers a 20 s reply (and 5 s, 60 s);
  time from the end of the reply (the recorder's ``ReplyRecorded``) to the
  feedback screen being mounted. Goal: <= 150 ms median for 20 s.
* first frame: a fresh ``python`` process builds the real services and runs
  the app headless; time from process start to the first screen refresh.
  Goal: <= 1 s.

Run: ``python bench/app_latency.py [--quick]`` (needs ../shared).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
SHARED = Path(os.environ.get("CALLSIM_SHARED", HERE.parents[1] / "shared"))
MODEL = Path(os.environ.get("CALLSIM_VOSK_MODEL", SHARED / "models/vosk-model-small-en-us-0.15"))


def reply_of(seconds: float):
    """A reply of about ``seconds`` of real speech (an accent-archive reading) with a 1.5 s trailing pause."""
    from callsim.clip import Clip, load

    speech = load(SHARED / "data/asr/speech_accent_archive/english10.mp3")
    reps = int(np.ceil(seconds / speech.duration))
    y = np.tile(speech.y, reps)[: int(seconds * speech.sr)]
    return Clip(np.concatenate([y, np.zeros(int(1.5 * speech.sr), np.float32)]), speech.sr)


async def one_feedback(transcriber, seconds: float, folder: Path) -> float:
    """Milliseconds from the end of one reply to the feedback screen."""
    from app_helpers import app_for, open_scenario, services, wait_for, write_pack

    packs = write_pack(folder / "packs")
    svc = services(folder, transcriber, [reply_of(seconds)], extra_dirs=[packs])
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "apology-check")
        call = app.screen
        await pilot.press("enter")
        await wait_for(pilot, lambda: hasattr(app.screen, "shown_at"), seconds=180)
        return (app.screen.shown_at - call.reply_ended_at) * 1000


def feedback_figures(lengths, runs: int) -> None:
    """Median and worst feedback latency per reply length."""
    from callsim.asr import Transcriber

    transcriber = Transcriber(MODEL)
    for seconds in lengths:
        times = []
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as tmp:
                times.append(asyncio.run(one_feedback(transcriber, seconds, Path(tmp))))
        print(f"feedback after a {seconds:>2.0f} s reply: median {statistics.median(times):6.1f} ms, "
              f"worst {max(times):6.1f} ms over {runs} runs")


FIRST_FRAME = """
import time; t0 = time.perf_counter()
from callsim.tui.app import make_app
from callsim.tui.services import Settings, build_services
app = make_app(build_services(Settings()))
def shown():
    print(f"{(time.perf_counter() - t0) * 1000:.0f}"); app.exit()
app.call_after_refresh(shown)
app.run(headless=True, size=(80, 24))
"""


def first_frame(runs: int) -> None:
    """Launch-to-first-frame in fresh processes (interpreter start-up excluded, imports included)."""
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            env = os.environ | {"CALLSIM_DATA_DIR": tmp}
            out = subprocess.run([sys.executable, "-c", FIRST_FRAME], env=env, capture_output=True, text=True)
            times.append(float(out.stdout.strip().splitlines()[-1]))
    print(f"first frame: median {statistics.median(times):.0f} ms, worst {max(times):.0f} ms over {runs} launches")


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one 20 s run and one launch")
    args = parser.parse_args()
    first_frame(1 if args.quick else 5)
    feedback_figures([20] if args.quick else [5, 20, 60], 1 if args.quick else 5)


if __name__ == "__main__":
    main()
