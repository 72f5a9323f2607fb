"""The learned part of the tone judgement: a small multinomial logistic regression, numpy only.

Inputs are baseline-relative: for each statistic in ``Features.profile()`` the
reply's value minus the trainee's neutral value (semitones, dB, log2 rate ...).
The weights live in ``callsim/tone_model.json``, written by
``scripts/train_tone.py``; each output class belongs to one tone (acted anger
and fear are two classes that both mean ``agitated``), and a tone's score is
the sum of its classes' probabilities.

``tone_bias`` (in the JSON) is a safety margin per tone, subtracted from the
logits of that tone's classes before the softmax: a reply is only called
``agitated`` when the evidence beats the other tones by that margin, because
calling a sad or calm trainee agitated is the costly mistake.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from callsim.vocab import TONES

MODEL_FILE = Path(__file__).with_name("tone_model.json")
Z_LIMIT = 4.0  # standardised inputs are clipped here: far-out values should not make the model certain


@dataclass(frozen=True)
class ToneModel:
    """Standardise inputs, apply weights, softmax, sum class probabilities per tone."""

    inputs: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    classes: tuple[str, ...]
    tone_of: dict
    coef: np.ndarray  # (classes, inputs)
    intercept: np.ndarray
    bias: dict = field(default_factory=dict)  # tone -> margin subtracted from its classes' logits

    @classmethod
    def from_dict(cls, data: dict) -> "ToneModel":
        """Build from the JSON form written by the training script."""
        arr = lambda k: np.asarray(data[k], dtype=float)  # noqa: E731
        return cls(tuple(data["inputs"]), arr("mean"), arr("scale"), tuple(data["classes"]),
                   dict(data["tone_of"]), arr("coef"), arr("intercept"), dict(data.get("tone_bias", {})))

    def vector(self, relative: dict[str, float]) -> np.ndarray:
        """Inputs in model order; a missing statistic counts as 'as usual' (0)."""
        return np.array([relative.get(k, 0.0) for k in self.inputs], dtype=float)

    def standardise(self, x: np.ndarray) -> np.ndarray:
        """Inputs in training standard deviations, clipped to +-Z_LIMIT."""
        return np.clip((x - self.mean) / self.scale, -Z_LIMIT, Z_LIMIT)

    def class_probabilities(self, x: np.ndarray) -> np.ndarray:
        """Softmax over the model's classes for one input vector."""
        z = self.coef @ self.standardise(x) + self.intercept
        z = z - np.array([self.bias.get(self.tone_of[c], 0.0) for c in self.classes])
        z = np.exp(z - z.max())
        return z / z.sum()

    def scores(self, relative: dict[str, float]) -> dict[str, float]:
        """Probability of each tone in ``vocab.TONES`` for baseline-relative statistics."""
        p = self.class_probabilities(self.vector(relative))
        out = dict.fromkeys(TONES, 0.0)
        for cls_name, prob in zip(self.classes, p):
            out[self.tone_of[cls_name]] += float(prob)
        return out

    def contributions(self, relative: dict[str, float], tone: str) -> dict[str, float]:
        """How much each input pushed towards ``tone`` (weight x standardised value, summed over its classes)."""
        z = self.standardise(self.vector(relative))
        rows = [i for i, c in enumerate(self.classes) if self.tone_of[c] == tone]
        return dict(zip(self.inputs, (self.coef[rows].mean(0) * z).tolist()))


def relative(profile: dict[str, float], baseline_profile: dict[str, float]) -> dict[str, float]:
    """Reply statistics minus baseline statistics, for every key both have."""
    return {k: profile[k] - baseline_profile[k] for k in profile if k in baseline_profile}


_CACHE: dict[Path, ToneModel] = {}


def load_model(path: str | Path | None = None) -> ToneModel:
    """The shipped model (or the one at ``path``), loaded once per process."""
    path = Path(path) if path else MODEL_FILE
    if path not in _CACHE:
        _CACHE[path] = ToneModel.from_dict(json.loads(path.read_text()))
    return _CACHE[path]
