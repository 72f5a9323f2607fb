"""Pace is judged against the trainee's own pace when there is a personal baseline, inside the phone limits."""

from __future__ import annotations

from types import SimpleNamespace

from callsim import tone_rules

SOMBER = {"pace_wpm": [95, 145], "pace_goal_wpm": 125, "pace_rel": [0.55, 1.05], "pace_goal_rel": 0.85}
LIMITS = {"rushed_wpm": 175, "slow_wpm": 95}


def reason(pace: float, *, usual: float | None, personal: bool, source: str = "words", syllable_rate: float = 4.0):
    feats = SimpleNamespace(pace_wpm=pace, pace_source=source, word_count=int(pace / 10), speech_seconds=4.0)
    base = SimpleNamespace(wpm=usual, syllable_rate=syllable_rate, is_personal=personal)
    return tone_rules._pace(feats, base, SOMBER, LIMITS)


def test_a_syllable_estimate_is_judged_against_the_usual_syllable_rate_not_counted_words():
    """QA: `analyze --no-transcribe` on one of the trainee's own calibration readings said "about 140 wpm (usually
    214)": the estimate set against a pace counted in words, which reads far faster."""
    r = reason(140, usual=214, personal=True, source="syllables", syllable_rate=140 * 1.4 / 60)
    assert r.ok and r.baseline == 140 and "about 140 wpm (usually 140)" in r.evidence


def test_counted_words_against_a_baseline_without_words_use_the_absolute_band():
    """A baseline calibrated with --no-transcribe has no words a minute: a reply counted in words is not set against
    its syllable estimate (it was told to slow down at its own usual pace), but judged as without a baseline."""
    r = reason(140, usual=None, personal=True, syllable_rate=100 * 1.4 / 60)
    assert r.ok and r.band == (95, 145) and r.baseline is None and "usually" not in r.evidence


def test_slowing_down_from_the_usual_pace_suits_an_apology():
    r = reason(150, usual=160, personal=True)
    assert r.ok and r.band == (95, 168) and "usually 160" in r.evidence


def test_speeding_up_past_the_usual_pace_is_flagged_with_a_personal_goal():
    r = reason(170, usual=150, personal=True)
    assert not r.ok and r.band == (95, 158) and r.tip == "slow to about 128 wpm"


def test_a_fast_usual_pace_never_makes_a_rushed_reply_fit():
    """Usual 206 wpm: the band stops at the 'rushed' limit, so 185 wpm is not called fine next to 'rushed'."""
    r = reason(185, usual=206, personal=True)
    assert not r.ok and r.band[1] == 175 and r.tip == "slow to about 149 wpm" and "usually 206" in r.evidence


def test_a_very_slow_usual_pace_never_makes_a_dragging_reply_fit():
    r = reason(80, usual=70, personal=True)
    assert not r.ok and r.band[0] == 95 and r.tip.startswith("speed up to about")


def test_without_a_baseline_the_absolute_band_applies():
    r = reason(185, usual=None, personal=False)
    assert not r.ok and r.band == (95, 145) and r.tip == "slow right down, to about 125 wpm: pause between sentences"


def test_the_pace_is_the_stored_pace_so_every_display_rounds_it_alike():
    """QA: analyze said 'you spoke at 187 wpm' and, on its last line, 'pace 188 wpm' (187.4996 stored as 187.5)."""
    from callsim import prosody
    from callsim.asr import Word
    from callsim.clip import Clip
    import numpy as np

    t = np.arange(3 * 16000) / 16000
    clip = Clip((0.2 * np.sin(2 * np.pi * 140 * t)).astype(np.float32), 16000)
    words = [Word("w", 0.1 + i * 0.3331, 0.3 + i * 0.3331, 0.9) for i in range(8)]
    feats = prosody.extract(clip, words=words)
    assert feats.pace_wpm == feats.to_dict()["pace_wpm"] and feats.pace_wpm == round(feats.pace_wpm, 3)


def test_a_counted_pace_is_not_called_an_estimate():
    """'about' only for the syllable estimate, as the pace reason says it."""
    from callsim import prosody, tone
    from callsim.asr import Word
    from callsim.clip import Clip
    import numpy as np

    t = np.arange(3 * 16000) / 16000
    clip = Clip((0.2 * np.sin(2 * np.pi * 140 * t)).astype(np.float32), 16000)
    words = [Word("w", 0.1 + i * 0.25, 0.3 + i * 0.25, 0.9) for i in range(10)]
    rushed = [p for p in tone.judge(prosody.extract(clip, words=words)).problems if p.name == "rushed"]
    assert rushed and rushed[0].text.startswith("you spoke at 245 wpm;")  # 10 words in 2.45 s, counted


def test_a_pace_at_the_band_edge_as_printed_is_one_judgement_everywhere():
    """QA: '175 wpm' (175.1 stored) was a pass on the pace line, 'rushed' below it and 'slow to about 158' in the tip."""
    from callsim import tone_problems

    base = SimpleNamespace(wpm=None, syllable_rate=4.0, is_personal=False, pitch_sd_st=2.0)
    band = {**SOMBER, "pace_wpm": [95, 175]}
    for pace, fits in ((175.1, True), (175.6, False)):
        feats = SimpleNamespace(pace_wpm=pace, pace_source="words", word_count=20, speech_seconds=6.0, pitch_sd_st=None,
                                energy_db=None,
                                checks=(), energy_trend_db=None)
        r = tone_rules._pace(feats, base, band, LIMITS)
        rushed = [p.name for p in tone_problems.problems(feats, base, LIMITS | {"monotone_sd_st": 1.0})]
        assert r.ok is fits and (r.tip == "keep this pace") is fits and ("rushed" not in rushed) is fits


def test_a_word_or_two_give_no_pace_to_judge():
    """Two words in 0.4 s of speech are no rate: under ``pace_min_speech_s`` of speech there is no pace reason
    and no pace problem, however fast the count would make it; at the limit the same count is judged."""
    from callsim import tone_problems
    from callsim.tone_bands import load_bands

    limits = load_bands()["problems"]
    base = SimpleNamespace(wpm=None, syllable_rate=4.0, is_personal=False, pitch_sd_st=2.0)
    thin = SimpleNamespace(pace_wpm=300, pace_source="words", word_count=2, speech_seconds=0.4, pitch_sd_st=None,
                           energy_db=None, checks=(), energy_trend_db=None)
    enough = SimpleNamespace(**{**vars(thin), "word_count": 9, "speech_seconds": limits["pace_min_speech_s"]})
    judged = [(tone_rules._pace(f, base, SOMBER, limits), [p.name for p in tone_problems.problems(f, base, limits)])
              for f in (thin, enough)]
    assert judged[0] == (None, []) and judged[1][0] is not None and "rushed" in judged[1][1]
