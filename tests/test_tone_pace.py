"""Pace is judged against the trainee's own pace when there is a personal baseline."""

from __future__ import annotations

from types import SimpleNamespace

from callsim import tone_rules

SOMBER = {"pace_wpm": [95, 145], "pace_goal_wpm": 125, "pace_rel": [0.55, 1.05], "pace_goal_rel": 0.85}


def reason(pace: float, *, usual: float | None, personal: bool):
    feats = SimpleNamespace(pace_wpm=pace, pace_source="words")
    base = SimpleNamespace(wpm=usual, syllable_rate=4.0, is_personal=personal)
    return tone_rules._pace(feats, base, SOMBER)


def test_a_fast_talker_slowing_down_suits_an_apology():
    r = reason(185, usual=206, personal=True)
    assert r.ok and r.band == (113, 216) and "usually 206" in r.evidence


def test_speeding_up_past_the_usual_pace_is_flagged_with_a_personal_goal():
    r = reason(230, usual=200, personal=True)
    assert not r.ok and r.tip == "slow to about 170 wpm"


def test_without_a_baseline_the_absolute_band_applies():
    r = reason(185, usual=None, personal=False)
    assert not r.ok and r.band == (95, 145) and r.tip == "slow to about 125 wpm"
