"""Tips worded by how far off a measure is (``[tip_scale]`` in ``tone_bands.toml``), and the tip for each named
delivery problem (``tone_problems``), the furthest off first."""

from __future__ import annotations

import math

from callsim.tone_bands import load_bands
from callsim.tone_problems import QUIET_RECORDING_TIP

#: A measure's tip when it sits outside its band, by measure and side: worded "a little", plainly, or strongly as
#: it sits further out (the steps are ``[tip_scale]`` in the bands file). ``{goal}``: the pace the tip suggests.
TIP_WORDS = {
    ("pitch", "high"): ("bring your pitch down a little", "bring your pitch down",
                        "bring your pitch down a lot, nearer your usual voice"),
    ("pitch", "low"): ("lift your pitch a little", "lift your pitch", "lift your pitch a lot, nearer your usual voice"),
    ("loudness", "high"): ("soften your voice a little", "soften your voice",
                           "soften your voice a lot, or move back from the microphone"),
    ("loudness", "low"): ("speak up a little", "speak up", "speak much louder: check the microphone is close"),
    ("pace", "high"): ("slow a little, to about {goal} wpm", "slow to about {goal} wpm",
                       "slow right down, to about {goal} wpm: pause between sentences"),
    ("pace", "low"): ("speed up a little, to about {goal} wpm", "speed up to about {goal} wpm",
                      "speed up a lot, to about {goal} wpm: keep the pauses short"),
    ("pitch variation", "high"): ("smooth out the pitch swings a little", "smooth out the big pitch swings",
                                  "smooth out the big pitch swings: keep your voice much steadier"),
    ("pitch variation", "low"): ("let your voice move a little more", "let your voice move more",
                                 "let your voice move much more: stress the key words"),
}
#: The tip for a measure inside its band.
KEEP_TIPS = {"pitch": "keep your pitch here", "loudness": "keep this volume", "pace": "keep this pace",
             "pitch variation": "keep this melody"}
#: Each measure's key in ``[tip_scale]`` and the decimals its evidence prints (it is judged as printed).
SCALE_KEYS = {"pitch": "pitch_st", "loudness": "loudness_db", "pace": "pace_wpm", "pitch variation": "spread_st"}
DIGITS = {"pitch": 1, "loudness": 0, "pace": 0, "pitch variation": 1}


def step(feature: str, value: float, band) -> int:
    """How far ``value`` of ``feature`` sits outside ``band``, as printed: 0 inside, 1 a little, 2 clearly, 3 far.

    The steps are the bands file's ``[tip_scale]``: up to its first number outside is "a little", up to its
    second "clearly", beyond it "far"."""
    lo, hi = band
    shown = round(value, DIGITS[feature])
    off = round(max(lo - shown, shown - hi), 6)  # 6 decimals: -2.5 - -4.0 is 1.5, not 1.4999...
    if off <= 0:
        return 0
    little, much = load_bands()["tip_scale"][SCALE_KEYS[feature]]
    return 1 if off <= little else 2 if off <= much else 3


def tip(feature: str, value: float, band, **fmt) -> str:
    """The tip for ``feature`` at ``value`` against ``band``, worded by how far outside it sits (``step``);
    ``fmt`` fills the wording (``goal`` for pace)."""
    level = step(feature, value, band)
    if not level:
        return KEEP_TIPS[feature]
    side = "high" if round(value, DIGITS[feature]) > band[1] else "low"
    return TIP_WORDS[feature, side][level - 1].format(**fmt)


#: The measure behind each named problem: its tip is that measure's (``problem_tips``).
PROBLEM_FEATURES = {"monotone": "pitch variation", "rushed": "pace", "too_slow": "pace", "too_quiet": "loudness"}
#: The tip for speech that got louder from start to end.
RISING_TIP = "keep your volume even to the end"


def problem_tips(problems_, reasons_) -> list[str]:
    """The tip for each named problem (``tone_problems``), the furthest off first (``step``; ties in the order
    found): its measure's tip when that measure missed its band, else one worded from how far past the
    problem's limit it is (at least "a little": the problem was named)."""
    return [text for _, text in ranked_problem_tips(problems_, reasons_)]


def ranked_problem_tips(problems_, reasons_) -> list[tuple[int, str]]:
    """``(step, tip)`` for each named problem, the furthest off first (see ``problem_tips``)."""
    return by_step([_problem_tip(p, reasons_) for p in problems_])


def by_step(tips: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """``(step, tip)`` pairs, the furthest off first (ties keep their order)."""
    return sorted(tips, key=lambda pair: -pair[0])


#: How far off a wrong tone class counts when its tip is ranked against the measures' (``reason_step``): like a
#: measure "clearly" outside its band. "Aim for a warm delivery" names no single thing to change, so a measure far
#: outside its band ("soften your voice a lot") comes before it.
CLASS_STEP = 2


def reason_step(reason) -> int:
    """How far off a missed ``tone_rules.Reason`` is (``step``): the tone class counts as ``CLASS_STEP``, and so
    does a reason without a numeric value and band."""
    value, band = getattr(reason, "value", None), getattr(reason, "band", None)
    if reason.feature not in DIGITS or not isinstance(value, (int, float)) or not band:
        return CLASS_STEP
    return step(reason.feature, value, band)


def _problem_tip(problem, reasons_) -> tuple[int, str]:
    """``(step, tip)`` for one named problem (see ``problem_tips``)."""
    if problem.name == "too_quiet" and problem.feature != "loudness":  # the recording level: no usual to compare
        return 3, QUIET_RECORDING_TIP
    if problem.name not in PROBLEM_FEATURES:  # rising loudness: how far past its limit, on the loudness scale
        return max(step("loudness", problem.value, (-math.inf, problem.limit)), 1), RISING_TIP
    feature = PROBLEM_FEATURES[problem.name]
    missed = next((r for r in reasons_ if getattr(r, "feature", "") == feature and not r.ok), None)
    if missed is not None:
        return step(feature, missed.value, missed.band), missed.tip
    high = problem.name == "rushed"
    band = (-math.inf, problem.limit) if high else (problem.limit, math.inf)
    level = max(step(feature, problem.value, band), 1)
    return level, TIP_WORDS[feature, "high" if high else "low"][level - 1].format(goal=round(problem.limit))
