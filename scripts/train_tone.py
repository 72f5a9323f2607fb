"""Learn callsim's tone model from RAVDESS actors 01-12 (../shared/data/tone), baseline-relative.

    python scripts/train_tone.py [--C 0.3] [--dry-run]

For each actor, the neutral readings are the baseline; every calm, happy, sad,
angry and fearful file becomes one example of baseline-relative statistics
(reply minus baseline, per ``Features.profile()`` key). Classes are the acted
emotions (anger and fear stay separate classes, both meaning ``agitated``).
A standardised multinomial logistic regression (L2, class-balanced) is fitted
with scikit-learn, an agitated safety margin (AGITATED_MARGIN) is added, and its numbers are written to ``callsim/tone_model.json``;
callsim itself only needs numpy. The population profiles for users without a
baseline are written to ``callsim/tone_population.json``. Leave-one-actor-out
accuracy is printed before anything is written; ``bench/tone_accuracy.py`` gives
the full report.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from _common import cached_features, data_folder, read_manifest  # noqa: E402

from callsim.baseline import baseline_from_features  # noqa: E402
from callsim.prosody_summary import Features  # noqa: E402

TONE_OF = {"calm": "calm", "happy": "warm", "sad": "somber", "angry": "agitated", "fearful": "agitated"}
INPUTS = ("pitch_st", "loudness_db", "spread_st", "voiced_fraction", "alpha_db", "hammarberg_db",
          "tilt_db_khz", "centroid_log2", "mfcc1", "mfcc2", "mfcc3", "mfcc4", "mfcc2_sd", "voicing_prob", "h1h2_db",
          "mfcc_flux", "f1_bw_log2", "pitch_loudness_corr")
DEFAULT_C = 0.3
# Safety margin on the agitated logits (tone_model.py): calling a sad or calm trainee agitated is the
# costly error. Leave-one-actor-out trade-off (C=0.3, these inputs; margin -> balanced accuracy, arousal
# split, somber called agitated, calm called agitated):
#   0.0 -> 0.684 0.891 11.5 % 0.0 %   0.2 -> 0.686 0.888 9.4 % 0.0 %   0.4 -> 0.669 0.885 8.3 % 0.0 %
#   0.6 -> 0.665 0.878  8.3 % 0.0 %   1.0 -> 0.645 0.857 7.3 % 0.0 %   1.5 -> 0.628 0.845 4.2 % 0.0 %
# 0.4 (kept from the earlier input set, where it stopped calm files being called agitated) keeps every
# figure but the somber one at its goal; wider margins buy fewer somber->agitated errors with clearly lower
# accuracy (angry/fearful -> warm).
AGITATED_MARGIN = 0.4
# Refitted 2026-11-24 after prosody gained its DC blocker (a 2.5 Hz high-pass; the inputs moved in the third
# decimal): 0.673 0.887 8.3 % 0.0 % at 0.4 (TESS with the shipped model: 0.478 balanced, arousal 0.956; the model
# fitted before it gave 0.494 and 0.972 on the same features: two files either way). The figures above and below
# are from before the refit.
# Tried against this input set, leave-one-actor-out, none kept (balanced accuracy, arousal split, somber
# called agitated; this set: 0.665 0.868 15.1 %). Adding one input: pace as speech span or speech seconds
# against the usual (sad and fearful readings are equally slow here, 11 % slower than neutral), syllable rate,
# pitch p10/p90/range, frame-to-frame pitch jumps, energy range and flux, HNR, CPP, H2-H4, MFCC 5-8, MFCC
# spreads, unvoiced-frame spectra: 0.62-0.66, 0.85-0.875, 13-19 %. All inputs (C 0.03-1): 0.62, 0.85, 14 %.
# RBF SVM, random forest, gradient boosting: 0.59-0.63, 0.81-0.87, 19-35 %. Separate classes per intensity
# (so crying sad can be its own region): 0.58-0.66, <= 0.85. A separate margin per class (fear up to 2.0,
# sad favoured): the same frontier, e.g. 6.5 % somber->agitated only at 0.60 and 0.81. A binary arousal
# model: 0.83-0.87. Strong acted sadness and fear share every cue these features measure.
# Learned voice representation: 30-dim i-vectors from the Vosk model's own extractor (ivector/final.ie,
# numpy re-implementation), each minus the actor's neutral mean, added to these inputs: best of 5 settings
# at C=0.03 0.678 0.890 11.5 % (margin 0.8: 0.663 0.872 9.4 %; 1.2: 0.641 0.857 6.2 %), but on TESS (unseen
# speakers) the arousal split fell from 0.94-1.00 to 0.91-0.93 for at most +4 points balanced accuracy,
# and 30 unexplainable numbers would join every verdict: not kept (2026-11-23).
# TESS's 120 judged files added to the training actors (weight 0.3 / 1.0): 0.660 / 0.647, 0.872 / 0.865,
# 16.7 / 17.7 % somber called agitated - no better. Of the 15 sad files called agitated, 10 are strong intensity.
# Also tried (2026-11-23, none kept; same protocol): one added cue each from jitter, shimmer, pitch tremor
# (4-8 Hz), energy modulation (2-8 Hz), sub-band energy ratios, spectral flatness, onset slope, crest factor,
# pitch fall share, voice breaks, octave jumps, low-HNR share, h1h2 spread: 0.63-0.67, 0.84-0.87, 11.5-18 %;
# the best pair (h1h2 spread + pitch-fall share) 0.646 0.872 11.5 %; no greedy add/remove step over 42 inputs
# improves this set; inputs scaled by within-speaker or neutral-reading SDs: <= 0.652, <= 0.858; two stages
# (arousal, then class): <= 0.630; a confident sad-vs-agitated override: 10.4 % only at 0.633 and 0.825;
# arousal and valence as two models: <= 0.564; heavier weights on sad files: <= 0.643. Errors split evenly:
# 29 of 192 low-arousal files missed (15 sad->agitated, 9 sad->warm, 3 whispered sad files with no verdict),
# 36 of 288 high-arousal ones (13 normal fearful and 12 happy heard as calm or somber).
# Third round (2026-11-23, none kept; same protocol, agitated margin 0-1.2 swept): shrinkage LDA (auto,
# 0.1-0.6; also on 4 tones) <= 0.641 0.854 15.6 %; regularised QDA <= 0.609 0.834; Gaussian naive Bayes
# <= 0.548; kNN (k 5-25) <= 0.590 0.836 (3.1 % only at 0.535 and 0.800); squares, products and absolute
# values of pitch_st and loudness_db (13 sets) <= 0.652 0.860 15.6 %; splines on those two <= 0.656, best
# arousal 0.879 at 17.7 %; averaged LR+LDA/QDA/kNN/spline probabilities <= 0.668 0.863, >= 12.5 % while
# balanced stays >= 0.65; shares of voiced frames above the neutral reading's 90th (or below its 10th)
# percentile of pitch or loudness, computed from the audio <= 0.664 0.873 17.7 % (acted sad frames are
# themselves raised: 27 % above the neutral 90th pitch percentile, against 51-57 % for warm and agitated).
# Eight sad files are called agitated by all five model types: the model type is not the limit. On TESS,
# LDA would lift balanced accuracy (0.49 -> 0.66; the LR calls 23 of 30 TESS sad files calm) but costs
# RAVDESS 2 points of accuracy and 1-2 of arousal split.
# Fourth round (2026-11-24, helper experiments in the same protocol; the two kept are the last two
# INPUTS): first-formant bandwidth from LPC (``prosody_formant``; mean log2 Hz over voiced frames) and the
# correlation of frame pitch with frame loudness (``pitch_loudness_corr``). Before them, at margin 0.4:
# 0.660 0.865 15.6 %; bandwidth alone 0.663 0.874 10.4 %; correlation alone 0.655 0.870 14.6 %; both
# 0.668-0.669 0.885 8.3 % (TESS, unseen speakers: arousal 0.94 -> 0.97, balanced 0.49 -> 0.50, no somber
# called agitated). A random added column (20 draws) never went below 14.6 % or above 0.866: the gain is
# not the extra degree of freedom. The pair was chosen among ~140 runs, so its figures are somewhat
# optimistic; 5 of the 7 sad files it rescues are one actor's (04). Not kept: F1/F2/F3 frequencies,
# formants on vowel nuclei, F1 bandwidth medians and percentiles, LPC orders 14/22 (order 14 weakest),
# slopes of pitch on loudness and back, pitch minus k x loudness, spectral balance on the loudest voiced
# frames only, phrase-final lengthening and level: 0.62-0.66, 0.84-0.87, 13-19 %. With both kept, C=1:
# 0.685 0.894 7.3 %; adding the final voiced run's level reaches 4.2 % only at 0.647 and 0.858.
# The experiments above this paragraph were measured without these two inputs.
# Fifth round (2026-11-24, same protocol, on top of the shipped set; none kept): within-reply couplings
# between two frame tracks (Pearson, Spearman and slopes for 36 pairs of pitch, level, HNR, tilt, alpha,
# centroid, F1 bandwidth, H1-H2, CPP): at margin 0.4 none beats 0.669 0.885 8.3 % beyond what 20 random
# extra columns reach (0.651-0.682, 0.875-0.891, 7.3-9.4 %). Two pairs (Spearman level-alpha with Spearman
# HNR-H1H2, or with HNR-F1-bandwidth correlation) meet all four goals at one wider margin only (0.8-0.9:
# e.g. 0.664 0.882 4.2 % 0.0 %), picked among ~170 runs, only in the Spearman form, and lower TESS's arousal
# split (0.97 -> 0.95-0.96): fitted to these twelve actors, not shipped.
# Sixth round (2026-11-24, helper, same protocol; 32 candidates against 20 random columns re-run in the same
# path: 0.660-0.684 0.878-0.889 8.3-10.4 %; none kept): Teager-energy stress cues (TEO-CB-AutoEnv, 16 bands)
# 0.658-0.665 0.870-0.878 8.3-9.4 %; glottal source from inverse filtering (NAQ, quasi-open quotient,
# harmonic richness; checked on synthetic pulses) 0.654-0.678 0.865-0.883 8.3-10.4 %; the same model on
# 0.5-1 s segments, log-probabilities pooled per file: 0.50-0.67, <= 0.88, >= 9.4 %; peak slope 8.3 %;
# energy above 4 kHz (voiced minus unvoiced) 0.671 0.875 6.2 % but 1 % calm called agitated, both rescued
# files one actor's, and its sad-fear difference has the wrong sign for 5 actors. On strong sad against
# strong fearful alone these inputs give AUC 0.836 (random column 0.828-0.839); no cue moved it beyond that.
# For reference, the standard affect set eGeMAPS v02 (88 openSMILE functionals, measured once with openSMILE,
# which has a research-only licence and is no dependency), baseline-relative, same model and protocol:
# C 0.01-0.3 -> 0.58-0.61 0.81-0.83 14.6-17.7 %; with these 18 inputs added 0.63-0.64 0.84-0.85 >= 11.5 %.
# Seventh check (2026-11-24, one decision rule, no new inputs): a reply's tone as the tone of its single most
# likely acted class instead of the sum of its classes' probabilities (anger and fear together). Margin 0 -> 1.0:
# 0.684 0.892 8.3 % / 0.669 0.885 8.3 % at 0.4 / 0.651 0.860 5.2 % at 0.8 / 0.642 0.852 5.2 % at 1.0; the same
# frontier as the sum, so the sum stays.
# Eighth round (2026-11-24, helper, same protocol; none kept): intelligibility as the recogniser sees it (callsim's
# own Vosk transcriber on all 720 files of actors 01-12: mean and minimum word confidence, shares of words below
# 0.9 and 0.7, recognised word count, and WER against the known sentence as a diagnostic), each relative to the
# actor's neutral files. At margin 0.4: 0.667-0.672 0.878-0.888 8.3-9.4 %; 6.2 % only at margin 1.2 (0.634-0.641,
# <= 0.856), the shipped set's own figure there; 20 random columns: 0.650-0.690 0.873-0.899 7.3-11.5 %. Strong
# sad and strong fearful readings are recognised equally well (exact transcripts 69 % and 65 %; per-actor signs of
# the difference agree for at most 7 of 12 actors), and 6 of the 8 sad files called agitated are transcribed
# perfectly at confidence ~1.0.
# Recording level depends on the microphone and its gain: a population default would be
# meaningless, so without a personal baseline loudness counts as "as usual".
MIC_DEPENDENT = ("loudness_db", "loudness_sd_db")


@dataclass
class Example:
    """One judged file: its features, its speaker's baseline and its labels."""

    file: str
    speaker: str
    sex: str
    emotion: str
    intensity: str
    features: Features
    baseline: object

    @property
    def tone(self) -> str:
        """The tone the acted emotion stands for."""
        return TONE_OF[self.emotion]

    def relative(self) -> dict[str, float]:
        """Reply statistics minus baseline statistics."""
        prof = self.features.profile()
        return {k: prof[k] - self.baseline.profile[k] for k in prof if k in self.baseline.profile}


def examples(corpus: str = "ravdess", *, quick: bool = False) -> list[Example]:
    """Every judged file of ``corpus`` (ravdess or tess) with its speaker's neutral baseline."""
    folder = data_folder("tone")
    rows = [r for r in read_manifest(folder) if r["file"].startswith(corpus + "/")]
    speakers = sorted({r["speaker"] for r in rows})
    if quick:  # one speaker, one sentence and repetition per emotion: a smoke run of ~15 files
        speakers = speakers[:1]
        rows = [r for r in rows if r["speaker"] in speakers and (r["emotion"] == "neutral" or _first_take(r))]
    feats = {k: Features.from_dict(v) for k, v in cached_features(folder, [r["file"] for r in rows]).items()}
    out = []
    for spk in speakers:
        mine = [r for r in rows if r["speaker"] == spk]
        base = baseline_from_features([feats[r["file"]] for r in mine if r["emotion"] == "neutral"], name=spk)
        out += [Example(r["file"], spk, r["sex"], r["emotion"], r["intensity"], feats[r["file"]], base)
                for r in mine if r["emotion"] in TONE_OF]
    return out


def _first_take(row: dict) -> bool:
    """RAVDESS statement 01, repetition 01 (fields 5 and 6 of the file name)."""
    parts = Path(row["file"]).stem.split("-")
    return len(parts) == 7 and parts[4] == "01" and parts[5] == "01"


def matrix(exs: list[Example], inputs=INPUTS) -> np.ndarray:
    """Baseline-relative inputs, one row per example (missing = 0, i.e. as usual)."""
    return np.array([[e.relative().get(k, 0.0) for k in inputs] for e in exs], dtype=float)


def fit(exs: list[Example], *, C: float = DEFAULT_C, inputs=INPUTS, margin: float = AGITATED_MARGIN) -> dict:
    """Fit the model on examples with speech; returns the JSON-ready model."""
    from sklearn.linear_model import LogisticRegression

    exs = [e for e in exs if e.features.profile()]
    X, y = matrix(exs, inputs), np.array([e.emotion for e in exs])
    mean, scale = X.mean(0), X.std(0) + 1e-9
    lr = LogisticRegression(C=C, class_weight="balanced", max_iter=5000).fit((X - mean) / scale, y)
    return {
        "about": "callsim tone model: multinomial logistic regression on baseline-relative statistics "
                 "(scripts/train_tone.py). score(class) = softmax(coef @ ((x - mean) / scale) + intercept).",
        "trained_on": f"RAVDESS actors 01-12, {len(exs)} files, C={C}",
        "inputs": list(inputs), "mean": _r(mean), "scale": _r(scale),
        "classes": list(lr.classes_), "tone_of": {c: TONE_OF[c] for c in lr.classes_},
        "coef": [_r(row) for row in lr.coef_], "intercept": _r(lr.intercept_),
        "tone_bias": {"agitated": margin},
    }


def _r(values) -> list[float]:
    return [round(float(v), 5) for v in values]


def population(exs: list[Example]) -> dict:
    """Lower- and higher-voice population baselines: medians of the actors' baselines by sex."""
    by_sex = {}
    for e in exs:
        by_sex.setdefault(e.sex, {})[e.speaker] = e.baseline
    return {key: _median_baseline(list(by_sex[sex].values()), label)
            for key, sex, label in (("lower", "male", "lower voice"), ("higher", "female", "higher voice"))}


def _median_baseline(bases: list, label: str) -> dict:
    first = bases[0].to_dict()
    out = {"name": f"population ({label})", "source": "population", "clips": 0, "speech_seconds": 0.0}
    for k, v in first.items():
        if isinstance(v, float) and k not in out:
            out[k] = round(float(np.median([getattr(b, k) for b in bases])), 3)
    out["wpm"] = None
    keys = [k for k in first["profile"] if k not in MIC_DEPENDENT]
    out["profile"] = {k: round(float(np.median([b.profile[k] for b in bases])), 4) for k in keys}
    return out


def main() -> None:
    """Print leave-one-actor-out accuracy, then write the model and population files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--C", type=float, default=DEFAULT_C, help="inverse regularisation strength")
    parser.add_argument("--dry-run", action="store_true", help="evaluate only, write nothing")
    args = parser.parse_args()
    exs = examples()
    from tone_accuracy import loao_predictions, balanced_accuracy

    truth, pred = loao_predictions(exs, C=args.C)
    print(f"leave-one-actor-out balanced accuracy: {balanced_accuracy(truth, pred):.3f}")
    if args.dry_run:
        return
    (ROOT / "callsim" / "tone_model.json").write_text(json.dumps(fit(exs, C=args.C), indent=1) + "\n")
    (ROOT / "callsim" / "tone_population.json").write_text(json.dumps(population(exs), indent=1) + "\n")
    print("wrote callsim/tone_model.json and callsim/tone_population.json")


if __name__ == "__main__":
    main()
