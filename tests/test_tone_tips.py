"""Tips say how far off a measure is, and a named problem (too quiet, rushed, ...) is among a turn's first tips."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from callsim import tone_rules, tone_tips
from callsim.tone_problems import Problem, problems
from callsim.tone_bands import load_bands
from callsim.verdict import combine

BANDS = load_bands()
SCALE = BANDS["tip_scale"]
LIMITS = BANDS["problems"]
CALM, SOMBER = BANDS["target"]["calm"], BANDS["target"]["somber"]
BASE = SimpleNamespace(is_personal=True, pitch_median_st=50.0, pitch_median_hz=200.0, energy_db=-20.0, wpm=150.0,
                       syllable_rate=4.0, pitch_sd_st=2.5)


def feats(*, pitch_rel=0.0, loud_rel=0.0, pace=150.0, sd=2.5, checks=(), trend=0.0):
    """Features ``pitch_rel`` st and ``loud_rel`` dB from ``BASE``, at ``pace`` wpm (counted words)."""
    return SimpleNamespace(pitch_median_st=BASE.pitch_median_st + pitch_rel, pitch_median_hz=200.0,
                           energy_db=BASE.energy_db + loud_rel, pace_wpm=pace, pace_source="words", word_count=20,
                           speech_seconds=8.0, pitch_sd_st=sd, checks=tuple(checks), energy_trend_db=trend)


def pitch_tip(rel: float) -> str:
    return tone_rules._pitch(feats(pitch_rel=rel), BASE, CALM).tip


def loudness_tip(rel: float) -> str:
    return tone_rules._loudness(feats(loud_rel=rel), BASE, CALM).tip


def pace_tip(pace: float) -> str:
    r = tone_rules._pace(feats(pace=pace), SimpleNamespace(**{**vars(BASE), "is_personal": False}), CALM, LIMITS)
    return r.tip


def test_pitch_is_judged_as_printed_at_the_step_boundary():
    """-4.04 st prints as 4.0 below: exactly 1.5 outside [-2.5, 2.0], still "a little"."""
    assert pitch_tip(CALM["pitch_rel_st"][0] - SCALE["pitch_st"][0] - 0.04) == "lift your pitch a little"


def test_qa_a_reply_far_below_the_usual_pitch_is_not_told_a_little():
    r = tone_rules._pitch(feats(pitch_rel=-11.7), BASE, CALM)
    assert r.tip == "lift your pitch a lot, nearer your usual voice"
    assert r.evidence.startswith("your pitch sat 11.7 semitones below your usual") and r.band == (-2.5, 2.0)
    assert r.evidence.endswith("; a creaky voice can also read about an octave down")


@pytest.mark.parametrize("rel", [-9.0, -14.0, 12.0])
def test_only_a_pitch_about_an_octave_below_the_usual_is_said_to_be_perhaps_creak(rel):
    assert "octave" not in tone_rules._pitch(feats(pitch_rel=rel), BASE, CALM).evidence


def test_qa_a_reply_33_db_quieter_is_told_to_speak_much_louder_with_the_same_evidence():
    r = tone_rules._loudness(feats(loud_rel=-33.0), BASE, CALM)
    assert r.tip == "speak much louder: check the microphone is close"
    assert r.evidence == "you were 33 dB quieter than usual" and r.band == (-6.0, 3.0) and not r.ok


GOAL = CALM["pace_goal_wpm"]
#: Each measure's tip function, band, scale, the smallest printed step, and its tips inside, then from a little to
#: far below, then from a little to far above the band.
LADDERS = {
    "pitch": (pitch_tip, CALM["pitch_rel_st"], SCALE["pitch_st"], 0.1, "keep your pitch here",
              ("lift your pitch a little", "lift your pitch", "lift your pitch a lot, nearer your usual voice"),
              ("bring your pitch down a little", "bring your pitch down",
               "bring your pitch down a lot, nearer your usual voice")),
    "loudness": (loudness_tip, CALM["loudness_rel_db"], SCALE["loudness_db"], 1, "keep this volume",
                 ("speak up a little", "speak up", "speak much louder: check the microphone is close"),
                 ("soften your voice a little", "soften your voice",
                  "soften your voice a lot, or move back from the microphone")),
    "pace": (pace_tip, CALM["pace_wpm"], SCALE["pace_wpm"], 1, "keep this pace",  # no baseline: calm's own band
             (f"speed up a little, to about {GOAL} wpm", f"speed up to about {GOAL} wpm",
              f"speed up a lot, to about {GOAL} wpm: keep the pauses short"),
             (f"slow a little, to about {GOAL} wpm", f"slow to about {GOAL} wpm",
              f"slow right down, to about {GOAL} wpm: pause between sentences")),
}


@pytest.mark.parametrize("measure", LADDERS)
def test_tips_grow_step_by_step_on_both_sides(measure):
    tip, (lo, hi), (little, much), unit, keep, below, above = LADDERS[measure]
    assert tip(lo) == tip(hi) == keep
    assert tip(lo - unit) == tip(lo - little) == below[0]
    assert tip(lo - little - unit) == tip(lo - much) == below[1]
    assert tip(lo - much - unit) == below[2]
    assert tip(hi + unit) == tip(hi + little) == above[0]
    assert tip(hi + little + unit) == tip(hi + much) == above[1]
    assert tip(hi + much + unit) == above[2]


def test_pace_is_judged_as_printed_at_the_step_boundary():
    hi, little = CALM["pace_wpm"][1], SCALE["pace_wpm"][0]
    assert pace_tip(hi + little + 0.4) == f"slow a little, to about {GOAL} wpm"  # rounds to the boundary


def test_pitch_variation_tips_grow_too():
    lo, hi = CALM["spread_st"]
    lo = max(lo, tone_rules.monotone_floor(BASE, LIMITS))
    little, much = SCALE["spread_st"]
    tip = lambda sd: tone_rules._spread(feats(sd=sd), BASE, CALM, LIMITS).tip  # noqa: E731
    assert tip(lo - little) == "let your voice move a little more" and tip(lo - much) == "let your voice move more"
    assert tip(hi + little + 0.1) == "smooth out the big pitch swings"


def test_every_tip_scale_is_two_growing_steps_for_a_measure():
    assert set(SCALE) == set(tone_tips.SCALE_KEYS.values())
    assert all(len(v) == 2 and 0 < v[0] < v[1] for v in SCALE.values())


TURN = SimpleNamespace(moves=("apologize",), banned=(), example="", caller="")
NO_MOVES = SimpleNamespace(moves=(), banned=(), example="", caller="")


def judged(f, band=CALM, *, perceived="agitated", hint=False):
    """A tone result as ``tone.judge`` fills it: the reasons against ``band`` and the named problems."""
    reasons = tone_rules.reasons(f, BASE, "calm", band, perceived, certainty="hint" if hint else "sure",
                                 limits=LIMITS)
    return SimpleNamespace(verdict="does not suit", is_hint=hint, reasons=reasons, problems=problems(f, BASE, LIMITS))


def test_qa_a_flagged_too_quiet_reply_gets_its_tip_into_the_top_tips():
    """Before: 'aim for a calm delivery' and the apology tip; 33 dB quieter than usual was left out."""
    result = judged(feats(loud_rel=-33.0))
    assert [p.name for p in result.problems] == ["too_quiet"]
    v = combine(result, SimpleNamespace(moves=[], banned=[]), turn=TURN)
    assert v.tips == ("speak much louder: check the microphone is close", "aim for a calm delivery")
    assert len(combine(result, SimpleNamespace(moves=[], banned=[]), turn=TURN, max_tips=3).tips) == 3


def test_a_named_problem_already_first_is_not_repeated_and_keeps_the_moves():
    """The tone fits, so the loudness tip was already the first tone tip: the apology tip keeps its place."""
    v = combine(judged(feats(loud_rel=-33.0), perceived="calm"), SimpleNamespace(moves=[], banned=[]), turn=TURN)
    assert v.tips == ("speak much louder: check the microphone is close", "Say sorry plainly: \"I'm sorry about this.\"")


def test_too_quiet_inside_a_soft_band_still_gets_a_tip():
    """Somber allows 9 dB below usual, the 'too quiet' problem starts past 8: the loudness line stops at the
    problem's limit (it said 'keep this volume' next to 'too quiet'), and the tip speaks up a little."""
    f = feats(loud_rel=-8.6)
    result = judged(f, SOMBER)
    loud = next(r for r in result.reasons if r.feature == "loudness")
    assert not loud.ok and [p.name for p in result.problems] == ["too_quiet"]
    # the wrong tone class ("clearly" off) is ranked before a problem only "a little" past its limit
    assert combine(result, SimpleNamespace(moves=[], banned=[]), turn=NO_MOVES).tips == (
        "aim for a calm delivery", "speak up a little")


def test_the_furthest_off_problem_comes_first_and_the_others_follow_the_moves():
    """Rushed 40 wpm past the band ("far") and quiet 9 dB past it ("clearly"): the pace tip leads."""
    result = judged(feats(loud_rel=-15.0, pace=200.0), perceived="calm")
    assert {p.name for p in result.problems} == {"rushed", "too_quiet"}
    tips = combine(result, SimpleNamespace(moves=[], banned=[]), turn=TURN, max_tips=4).tips
    assert tips == (f"slow right down, to about {CALM['pace_goal_rel'] * 150:.0f} wpm: pause between sentences",
                    "speak up", "Say sorry plainly: \"I'm sorry about this.\"")


def test_a_hinted_tone_gives_no_class_tip_but_a_named_problem_still_does():
    result = judged(feats(loud_rel=-33.0), hint=True)
    assert combine(result, SimpleNamespace(moves=[], banned=[]), turn=NO_MOVES).tips == (
        "speak much louder: check the microphone is close",)


@pytest.mark.parametrize("problem, tip", [
    (Problem("too_quiet", "recording level", -60.0, -8.0, "the recording is very quiet"),
     "move closer to the microphone or raise its input level"),
    (Problem("rising_loudness", "loudness trend", 7.0, 5.0, "you got 7 dB louder"), "keep your volume even to the end"),
    (Problem("rushed", "pace", 190.0, 175.0, "you spoke at 190 wpm"), "slow to about 175 wpm"),
])
def test_a_problem_without_a_missed_measure_has_its_own_tip(problem, tip):
    assert tone_tips.problem_tips([problem], []) == [tip]


def test_a_measure_far_outside_its_band_comes_before_the_vague_class_tip():
    """Live check: a reply 19 dB louder and 8 st lower than usual, heard as agitated and a little rushed, gave the
    summary "Slow to about ... wpm" and "Aim for a calm delivery" and left both far-off measures out."""
    result = judged(feats(loud_rel=19.0, pitch_rel=-8.2, pace=185.0))
    assert {p.name for p in result.problems} == {"rushed"}
    tips = combine(result, SimpleNamespace(moves=[], banned=[]), turn=NO_MOVES, max_tips=5).tips
    # both far-off measures before the class tip; the named problem keeps its place among the first two
    assert tips[0] == "lift your pitch a lot, nearer your usual voice" and tips[1].startswith("slow")
    assert tips[2:] == ("soften your voice a lot, or move back from the microphone", "aim for a calm delivery")


def test_the_class_tip_leads_when_every_measure_is_only_a_little_off():
    result = judged(feats(loud_rel=CALM["loudness_rel_db"][1] + 1))
    assert combine(result, SimpleNamespace(moves=[], banned=[]), turn=NO_MOVES).tips == (
        "aim for a calm delivery", "soften your voice a little")


def test_the_summary_sentence_names_the_furthest_off_measures_first():
    """As the issue's example: 'your pitch sat ... and ... louder - for an apology, bring ... and soften ...'; it
    named the tone class and the pitch, in the reasons' order, and left the loudness 19 dB over its band out."""
    result = judged(feats(loud_rel=25.0, pitch_rel=8.0))
    text = tone_rules.summary(result.reasons, "for an apology", result.problems)
    assert text.startswith("your pitch sat 8.0 semitones above your usual (200 Hz vs 200 Hz) and you were 25 dB "
                           "louder than usual \u2014 for an apology, bring your pitch down a lot")
    assert "came across" not in text and text.endswith("soften your voice a lot, or move back from the microphone")
