"""Tone accuracy on acted speech: RAVDESS actors 01-12 leave-one-actor-out, TESS as a second check.

    python bench/tone_accuracy.py [--quick]

Each actor's neutral files are their baseline; calm -> calm, happy -> warm,
sad -> somber, angry and fearful -> agitated. For every actor a model is
trained on the other eleven (scripts/train_tone.py's ``fit``) and the held-out
actor's files go through callsim's real judgement (``tone.judge``). TESS (two
speakers never seen in training) is judged with the shipped model. ``--quick``
judges ~15 files of one actor with the shipped model (a smoke run, not a measurement).
Features are cached in bench/out/.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from _common import pct  # noqa: E402

TONES = ("calm", "warm", "somber", "agitated")
LOW_AROUSAL = {"calm", "somber"}
GOALS = {"somber": "5 %", "calm": "2 %"}


def judge_all(exs, model, *, personal: bool = True) -> list:
    """callsim's ToneResult for each example (population defaults when ``personal`` is False)."""
    from callsim import tone

    return [tone.judge(e.features, e.baseline if personal else None, model=model) for e in exs]


def loao_predictions(exs, *, C: float | None = None, personal: bool = True, results: bool = False):
    """Truth and predicted tones with each actor judged by a model trained without them."""
    from train_tone import DEFAULT_C, fit

    from callsim.tone_model import ToneModel

    truth, pred, out = [], [], []
    for spk in sorted({e.speaker for e in exs}):
        test = [e for e in exs if e.speaker == spk]
        model = ToneModel.from_dict(fit([e for e in exs if e.speaker != spk], C=C or DEFAULT_C))
        res = judge_all(test, model, personal=personal)
        truth += [e.tone for e in test]
        pred += [r.perceived or "none" for r in res]
        out += list(zip(test, res))
    return (truth, pred, out) if results else (truth, pred)


def balanced_accuracy(truth: list, pred: list, classes=TONES) -> float:
    """Mean recall over the classes present in ``truth``."""
    recalls = [sum(t == p == c for t, p in zip(truth, pred)) / truth.count(c) for c in classes if c in truth]
    return sum(recalls) / len(recalls)


def report(title: str, pairs: list) -> None:
    """Print confusion matrix and every summary figure for (example, ToneResult) pairs."""
    truth = [e.tone for e, _ in pairs]
    pred = [r.perceived or "none" for _, r in pairs]
    print(f"\n== {title}: {len(pairs)} files ==")
    _confusion(truth, pred)
    arousal_t = ["low" if t in LOW_AROUSAL else "high" for t in truth]
    # a file with no verdict (no voiced speech, e.g. a whispered reading) is a miss on either side
    arousal_p = ["none" if p == "none" else "low" if p in LOW_AROUSAL else "high" for p in pred]
    print(f"balanced accuracy      {balanced_accuracy(truth, pred):.3f}   (goal >= 0.65; references 0.50-0.62)")
    print(f"arousal split          {balanced_accuracy(arousal_t, arousal_p, ('low', 'high')):.3f} balanced, "
          f"{sum(a == b for a, b in zip(arousal_t, arousal_p)) / len(truth):.3f} plain   (goal >= 0.88)")
    for tone in ("somber", "calm"):
        if tone in truth:
            share = sum(t == tone and p == "agitated" for t, p in zip(truth, pred)) / truth.count(tone)
            firm = sum(e.tone == tone and r.perceived == "agitated" and not r.is_hint for e, r in pairs)
            print(f"{tone} called agitated  {pct(share)}   (goal <= {GOALS[tone]}); "
                  f"as a verdict, not a hint: {pct(firm / truth.count(tone))}")
    for attr in ("intensity", "sex"):
        groups = sorted({getattr(e, attr) for e, _ in pairs})
        parts = [_group(pairs, attr, g) for g in groups]
        print(f"by {attr:<9}           " + "   ".join(parts))
    _hints(pairs)


def _group(pairs, attr: str, value: str) -> str:
    sub = [(e.tone, r.perceived or "none") for e, r in pairs if getattr(e, attr) == value]
    t, p = zip(*sub)
    return f"{value or '-'}: {balanced_accuracy(list(t), list(p)):.3f} ({len(sub)})"


def _hints(pairs) -> None:
    firm = [(e.tone, r.perceived) for e, r in pairs if not r.is_hint]
    if firm:
        t, p = zip(*firm)
        print(f"confident (not hints)  {pct(len(firm) / len(pairs))} of files, "
              f"balanced accuracy {balanced_accuracy(list(t), list(p)):.3f}")
    _reliability(pairs)


#: Confidence bands for the reliability line: below 0.25 the app calls the tone unclear, below 0.40 a hint
#: (tone_bands.toml's unclear_below and hint_below).
CONFIDENCE_EDGES = (0.0, 0.25, 0.40, 0.55, 0.70, 0.85, 1.01)


def _reliability(pairs) -> None:
    """How often the perceived tone is right, per confidence band: the confidence should mean what it says."""
    parts = []
    for lo, hi in zip(CONFIDENCE_EDGES, CONFIDENCE_EDGES[1:]):
        sub = [e.tone == r.perceived for e, r in pairs if lo <= r.confidence < hi]
        if sub:
            parts.append(f"{lo:.2f}-{min(hi, 1):.2f}: {sum(sub) / len(sub):.2f} of {len(sub)}")
    print("right, by confidence   " + "   ".join(parts))


def _confusion(truth: list, pred: list) -> None:
    counts = Counter(zip(truth, pred))
    cols = [c for c in (*TONES, "none") if c in pred or c in TONES]
    print("truth \\ judged " + "".join(f"{c:>10}" for c in cols))
    for t in TONES:
        if t in truth:
            print(f"{t:<15}" + "".join(f"{counts[(t, c)]:>10}" for c in cols))


def main() -> None:
    """Run the leave-one-actor-out study and the TESS check; print every figure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one actor, ~15 files, shipped model (smoke run)")
    args = parser.parse_args()
    from train_tone import examples

    from callsim.tone_model import load_model

    exs = examples("ravdess", quick=args.quick)
    if args.quick:
        report("RAVDESS actor 01, first takes, shipped model (smoke run)", list(zip(exs, judge_all(exs, load_model()))))
        return
    report("RAVDESS actors 01-12, leave-one-actor-out, personal baseline", loao_predictions(exs, results=True)[2])
    pairs = loao_predictions(exs, personal=False, results=True)[2]
    report("RAVDESS leave-one-actor-out, NO baseline (population defaults)", pairs)
    tess = examples("tess")
    report("TESS (2 unseen speakers), shipped model, personal baseline", list(zip(tess, judge_all(tess, load_model()))))


if __name__ == "__main__":
    main()
