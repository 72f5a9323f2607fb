"""Word error rate and speed of callsim's transcription next to a plain Vosk decode.

For every subset of ../shared/data/asr, each file is loaded once (callsim.clip:
soundfile + soxr to 16 kHz) and decoded twice:

* reference: the whole clip fed to one KaldiRecognizer of the unmodified model
  in a single AcceptWaveform call (how ../shared/README.md measured it);
* callsim: ``Transcriber.transcribe``, fed in 0.2 s chunks as a microphone
  delivers them.

Both decodes start from the same dither seed (``callsim.asr.seed_dither``): Kaldi
adds random dither noise before its features, so unseeded decodes of the same file
differ by a word here and there from run to run (a digit file's 72.33 % moved to
73.00 % for callsim alone). With one seed, both see the same noise and the gap
measures what the goal is about, chunking and resampling.

WER is corpus-level per subset (errors / reference words). Decode time excludes
file reading, which both share, and is the fastest of ``--repeat`` runs. Run: ``python bench/wer.py [--quick]``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import time
from collections import defaultdict
from pathlib import Path

from callsim.asr import Transcriber
from callsim.clip import load
from callsim.wer import edit_distance, normalize

SHARED = Path(os.environ.get("CALLSIM_SHARED", Path(__file__).resolve().parents[2] / "shared"))
ASR = SHARED / "data" / "asr"


def reference_decode(model, clip) -> str:
    """The whole clip in one call to one recogniser (the shared README's reference)."""
    import vosk

    from callsim.asr import seed_dither

    seed_dither()
    rec = vosk.KaldiRecognizer(model, clip.sr)
    rec.AcceptWaveform(clip.pcm16())
    return json.loads(rec.FinalResult()).get("text", "")


def rows(quick: bool) -> list[dict]:
    """Manifest rows, one per file (the first two per subset with ``quick``)."""
    with open(ASR / "MANIFEST.tsv", newline="") as f:
        all_rows = list(csv.DictReader(f, delimiter="\t"))
    if not quick:
        return all_rows
    seen: dict[str, int] = defaultdict(int)
    return [r for r in all_rows if (seen.__setitem__(r["subset"], seen[r["subset"]] + 1) or seen[r["subset"]]) <= 2]


def timed(func, repeat: int) -> tuple[str, float]:
    """The result of ``func()`` and its fastest time over ``repeat`` runs."""
    best, text = float("inf"), ""
    for _ in range(repeat):
        t0 = time.perf_counter()
        text = func()
        best = min(best, time.perf_counter() - t0)
    return text, best


def measure(transcriber: Transcriber, reference_model, row: dict, repeat: int) -> dict:
    """Decode one file both ways (alternating); errors, words and fastest seconds for each."""
    clip = load(ASR / row["file"])
    ref_words = normalize(row["transcript"])
    ref_text, ref_s = timed(lambda: reference_decode(reference_model, clip), repeat)
    our_text, our_s = timed(lambda: transcriber.transcribe(clip).text, repeat)
    return {
        "subset": row["subset"], "audio": clip.duration, "words": len(ref_words),
        "ref_err": edit_distance(ref_words, normalize(ref_text)), "ref_s": ref_s,
        "our_err": edit_distance(ref_words, normalize(our_text)), "our_s": our_s,
    }


def summarize(results: list[dict]) -> list[dict]:
    """Per-subset WER %, real-time factors and decode-time ratio."""
    by_subset: dict[str, list[dict]] = defaultdict(list)
    for r in results:
        by_subset[r["subset"]].append(r)
    table = []
    for subset, items in by_subset.items():
        total = lambda key: sum(i[key] for i in items)  # noqa: E731
        table.append({
            "subset": subset, "files": len(items),
            "ref_wer": 100 * total("ref_err") / max(total("words"), 1),
            "our_wer": 100 * total("our_err") / max(total("words"), 1),
            "ref_rtf": total("ref_s") / total("audio"), "our_rtf": total("our_s") / total("audio"),
            "time_ratio": total("our_s") / total("ref_s"),
        })
    return table


def print_table(table: list[dict], results: list[dict]) -> None:
    """The figures, one subset per line, and the goal checks."""
    print(f"{'subset':<32}{'files':>6}{'ref WER%':>10}{'callsim WER%':>14}{'ref RTF':>9}{'callsim RTF':>13}{'time x':>8}")
    for t in table:
        print(f"{t['subset']:<32}{t['files']:>6}{t['ref_wer']:>10.2f}{t['our_wer']:>14.2f}"
              f"{t['ref_rtf']:>9.3f}{t['our_rtf']:>13.3f}{t['time_ratio']:>8.2f}")
    worst_wer = max(t["our_wer"] - t["ref_wer"] for t in table)
    print(f"\nworst WER gap (callsim - reference): {worst_wer:+.2f} points (goal <= +0.50)")
    ratio = sum(r["our_s"] for r in results) / sum(r["ref_s"] for r in results)
    print(f"decode time, callsim / reference, all files: {ratio:.3f} (goal <= 1.10); worst subset "
          f"{max(t['time_ratio'] for t in table):.3f}")


def main() -> None:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="two files per subset (smoke run)")
    parser.add_argument("--repeat", type=int, default=3, help="decode each file N times, keep the fastest")
    args = parser.parse_args()
    transcriber = Transcriber(SHARED / "models" / "vosk-model-small-en-us-0.15")
    import vosk

    reference_model = vosk.Model(str(transcriber.model_path))  # the unmodified model, endpointing on
    results = [measure(transcriber, reference_model, row, args.repeat) for row in rows(args.quick)]
    print_table(summarize(results), results)


if __name__ == "__main__":
    main()
