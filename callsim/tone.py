"""Perceived tone of a reply, and whether it suits the moment of the call.

API::

    from callsim import tone
    result = tone.judge(features, baseline, target="somber")   # baseline may be None
    result.perceived      # "calm" | "warm" | "somber" | "agitated" (None without speech)
    result.scores         # probability per tone
    result.confidence     # 0..1; result.is_hint -> show the tone as a hint, not a verdict
    result.is_unclear     # so unsure (below chance after the evidence checks) that it is not judged at all
    result.problems       # [Problem(name="rushed", ...)] whatever the target
    result.verdict        # "suits" | "partly" | "does not suit" (None without a target)
    result.reasons        # [Reason(feature, value, baseline, band, unit, ok, evidence, tip)]
    result.summary        # one sentence with the evidence and the tip
    result.to_dict()

The perceived tone comes from a small logistic regression on baseline-relative
statistics (``tone_model``); the verdict comes from the target's bands in
``tone_bands.toml`` (``tone_rules``). Without a personal baseline, population
defaults are used and the confidence is lowered.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from callsim.baseline import MEASURES, Baseline, population_baseline
from callsim.errors import CallsimError
from callsim.tone_model import load_model, relative
from callsim.tone_problems import Problem, problems
from callsim.tone_bands import load_bands
from callsim.tone_rules import Reason, reasons, summary, verdict
from callsim.vocab import TONE_TARGETS, TONES

__all__ = ["ToneResult", "judge", "Reason", "Problem"]


@dataclass
class ToneResult:
    """The tone judgement of one reply (see the module docstring)."""

    perceived: str | None
    scores: dict
    confidence: float
    is_hint: bool
    problems: list = field(default_factory=list)
    target: str | None = None
    verdict: str | None = None
    reasons: list = field(default_factory=list)
    summary: str = ""
    baseline: str = ""  # the baseline's name
    personal_baseline: bool = False
    notes: list = field(default_factory=list)  # why confidence is lowered
    is_unclear: bool = False  # too unsure even for a hint: the tone is not judged, only the measures

    @property
    def certainty(self) -> str:
        """``sure``, ``hint`` or ``unclear``."""
        return "unclear" if self.is_unclear else "hint" if self.is_hint else "sure"

    def to_dict(self) -> dict:
        """JSON-ready form."""
        return {
            "perceived": self.perceived, "scores": {k: round(v, 3) for k, v in self.scores.items()},
            "confidence": round(self.confidence, 3), "is_hint": self.is_hint, "is_unclear": self.is_unclear,
            "problems": [p.to_dict() for p in self.problems], "target": self.target, "verdict": self.verdict,
            "reasons": [r.to_dict() for r in self.reasons], "summary": self.summary,
            "baseline": self.baseline, "personal_baseline": self.personal_baseline, "notes": self.notes,
        }


def judge(features, baseline: Baseline | None = None, *, target: str | None = None, model=None,
          purpose: str = "") -> ToneResult:
    """Judge ``features`` (``prosody.Features``) against ``baseline`` and, if given, a ``target`` tone;
    ``purpose`` says what that tone is for at this moment (else the target's ``purpose`` in the bands file)."""
    if target is not None and target not in TONE_TARGETS:
        raise CallsimError(f"unknown target tone {target!r} (choose from {', '.join(TONE_TARGETS)})")
    base = baseline or population_baseline(features)
    bands = load_bands()
    result = _perceive(features, base, model or load_model(), bands["confidence"])
    if features.has_speech and features.energy_db is not None:
        result.problems = problems(features, base, bands["problems"])
    if target is not None:
        _against(result, features, base, target, bands, purpose)
    return result


def _perceive(features, base: Baseline, model, conf: dict) -> ToneResult:
    profile = features.profile()
    if not profile:
        return ToneResult(None, dict.fromkeys(TONES, 0.0), 0.0, True, baseline=base.name,
                          personal_baseline=base.is_personal, notes=["no speech heard"])
    scores = model.scores(relative(profile, base.profile))
    perceived = max(scores, key=scores.get)
    confidence, notes = _confidence(scores[perceived], features, base, conf, old=_lacks(base, profile, model))
    confidence = round(confidence, 3)  # as stored: the app, the review and the exports show the same "42% sure"
    return ToneResult(perceived, scores, confidence, confidence < conf["hint_below"],
                      baseline=base.name, personal_baseline=base.is_personal, notes=notes,
                      is_unclear=confidence < conf["unclear_below"])


def _lacks(base: Baseline, profile: dict, model) -> bool:
    """A personal calibration saved by an older callsim (``baseline.MEASURES``) that lacks a measure the model uses
    and the reply has; a new calibration whose readings could not take a measure is not one."""
    return (base.is_personal and base.measures < MEASURES
            and any(k in profile and k not in base.profile for k in model.inputs))


#: The note a clipped recording adds (the app's feedback says it whatever the confidence).
CLIPPED_NOTE = "the recording clips (distorted)"


def _confidence(p_max: float, features, base: Baseline, conf: dict, *, old: bool = False) -> tuple[float, list[str]]:
    """The top score, lowered for thin or poor evidence (``old``: see ``_lacks``); the notes say why."""
    factors = {
        "your calibration was saved by an older callsim and lacks some of its voice measures: calibrate again": (
            old, conf["old_calibration_factor"]),
        "no personal baseline: compared with population defaults (calibrate for pitch and loudness advice)": (
            not base.is_personal, conf["population_factor"]),
        f"little speech ({features.speech_seconds:.1f} s)": (little_speech(features, conf), conf["short_factor"]),
        "the recording is very quiet": ("too_quiet" in features.checks, conf["too_quiet_factor"]),
        CLIPPED_NOTE: ("clipping" in features.checks, conf["clipping_factor"]),
        "no words recognised: it may not be speech": (features.word_count == 0, conf["no_words_factor"]),
    }
    value, notes = p_max, []
    for note, (applies, factor) in factors.items():
        if applies:
            value, notes = value * factor, notes + [note]
    return value, notes


def little_speech(features, conf: dict) -> bool:
    """Under ``short_speech_s`` of speech (``conf``: the bands file's ``[confidence]``): thin evidence, so the
    confidence is lowered and an unclear tone asks for more speech."""
    return features.speech_seconds < conf["short_speech_s"]


def _against(result: ToneResult, features, base: Baseline, target: str, bands: dict, purpose: str = "") -> None:
    """Fill verdict, reasons and summary for ``target``."""
    band = bands["target"][target]
    result.target = target
    result.reasons = reasons(features, base, target, band, result.perceived, certainty=result.certainty,
                             limits=bands["problems"], short=little_speech(features, bands["confidence"]))
    result.verdict = verdict(result.reasons, perceived=result.perceived, target=target, band=band,
                             certainty=result.certainty)
    result.summary = summary(result.reasons, purpose or band["purpose"], result.problems)
