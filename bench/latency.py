"""Speed of the tone analysis: end of reply -> verdict, whole-file cost, first call in a fresh process.

    python bench/latency.py [--quick]

1. Streaming: a reply (real RAVDESS sentences joined with pauses) is fed in
   0.1 s chunks to ``IncrementalProsody`` as a microphone would; the timer
   starts after the last chunk and stops when ``tone.judge`` has a verdict.
   Medians over repeats for 5, 20 and 60 s replies. (Vosk's own final flush
   runs in parallel in the app and is not included.)
2. Whole file: ``analyze --no-transcribe`` work (load + extract + judge) per audio second.
3. First call in a fresh process: import + ``prosody.warm_up()`` with the numba
   cache warm, and (not with --quick) with an empty cache, i.e. a first install.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

from _common import ROOT, data_folder

CHUNK = 1600  # 0.1 s at 16 kHz


def reply(seconds: float) -> np.ndarray:
    """RAVDESS sentences of actor 01 with 0.4 s pauses, cut to ``seconds``."""
    from callsim.clip import load

    folder = data_folder("tone") / "ravdess" / "actor01"
    parts, total = [], 0
    for path in sorted(folder.glob("*.flac")):
        y = load(path).y
        parts += [y, np.zeros(6400, np.float32)]
        total += len(y) + 6400
        if total >= seconds * 16000:
            break
    return np.concatenate(parts)[: int(seconds * 16000)]


def end_to_verdict(y: np.ndarray) -> float:
    """Seconds from the last chunk to the verdict, with chunks analysed while 'recording'."""
    from callsim import prosody, tone

    inc = prosody.IncrementalProsody()
    for start in range(0, len(y), CHUNK):
        inc.feed(y[start : start + CHUNK])
    start = time.perf_counter()
    tone.judge(inc.finish(), None, target="calm")
    return time.perf_counter() - start


def whole_file(y: np.ndarray) -> float:
    """Seconds of analyze --no-transcribe work (extract + judge) for one clip written to disk and read back."""
    import soundfile as sf

    from callsim.clip import load
    from callsim.commands.analyze import analyze_clip

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "reply.wav")
        sf.write(path, y, 16000)
        start = time.perf_counter()
        analyze_clip(load(path), None, None, "calm")
        return time.perf_counter() - start


def fresh_process(cache_dir: str | None) -> float:
    """Import + warm_up in a new interpreter; ``cache_dir`` replaces the numba cache when given."""
    env = dict(os.environ)
    if cache_dir:
        env["NUMBA_CACHE_DIR"] = cache_dir
    code = ("import time; t = time.perf_counter(); from callsim import prosody, tone; prosody.warm_up(); "
            "print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    """Print every timing."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5 s replies only, no cold-cache run (CI smoke)")
    args = parser.parse_args()
    from callsim import prosody

    print(f"warm-up in this process: {prosody.warm_up():.2f} s")
    lengths = (5,) if args.quick else (5, 20, 60)
    for seconds in lengths:
        y = reply(seconds)
        times = [end_to_verdict(y) for _ in range(3 if args.quick or seconds == 60 else 7)]
        print(f"end of {seconds:>2} s reply -> verdict: median {1000 * statistics.median(times):6.1f} ms "
              f"(min {1000 * min(times):.1f}, max {1000 * max(times):.1f}, {len(times)} runs)")
    y = reply(lengths[-1])
    spent = statistics.median(whole_file(y) for _ in range(3))
    print(f"whole-file analyze --no-transcribe: {spent:.2f} s for {len(y) / 16000:.0f} s "
          f"= {1000 * spent / (len(y) / 16000):.0f} ms per audio second")
    print(f"fresh process, numba cache warm: import + warm_up {fresh_process(None):.2f} s")
    if not args.quick:
        with tempfile.TemporaryDirectory() as tmp:
            print(f"fresh process, EMPTY numba cache (first install): {fresh_process(tmp):.1f} s")


if __name__ == "__main__":
    main()
