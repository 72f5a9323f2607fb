"""The evidence never contradicts itself: a band line and a named problem agree, and what is shown is what is judged."""

from __future__ import annotations

from callsim import baseline as bl
from callsim import prosody, tone
from callsim.tone_bands import load_bands

BASE = bl.Baseline("anna", "personal", pitch_median_st=14.0, pitch_sd_st=3.6, energy_db=-30.0, energy_sd_db=6.0,
                   alpha_ratio=-10.0, hammarberg=20.0, spectral_tilt=-5.0, wpm=150.0,
                   syllable_rate=3.5, clips=4, speech_seconds=20.0, profile={})


def feats(**changes) -> prosody.Features:
    values = dict(duration=4, speech_seconds=3.5, voiced_fraction=0.6, pitch_median_st=14.0, pitch_median_hz=224,
                  pitch_sd_st=3.0, energy_db=-30.0, energy_sd_db=6, energy_trend_db=0, pace_wpm=140,
                  pace_source="words", word_count=8, syllable_rate=3.5)
    return prosody.Features(**values | changes)


def reason(result, name):
    return next(r for r in result.reasons if r.feature == name)


def test_a_flat_reply_against_a_lively_usual_voice_is_flagged_in_both_places():
    """Usual spread 3.6 st: 1.9 st is 'monotone' for her, so the variation line must not say it is fine."""
    result = tone.judge(feats(pitch_sd_st=1.9), BASE, target="warm")
    assert "monotone" in {p.name for p in result.problems}
    assert not reason(result, "pitch variation").ok and reason(result, "pitch variation").band[0] == 2.0


def test_no_monotone_no_complaint():
    result = tone.judge(feats(pitch_sd_st=2.6), BASE, target="warm")
    assert "monotone" not in {p.name for p in result.problems} and reason(result, "pitch variation").ok


def test_a_value_shown_at_the_band_edge_is_inside_it():
    """'4 dB quieter than usual' with a band from -4 dB is inside the band, as it reads."""
    result = tone.judge(feats(energy_db=-34.004), BASE, target="warm")
    assert reason(result, "loudness").evidence == "you were 4 dB quieter than usual"
    assert reason(result, "loudness").ok and load_bands()["target"]["warm"]["loudness_rel_db"][0] == -4.0


def test_no_words_recognised_means_no_pace_verdict_and_no_rushed():
    result = tone.judge(feats(pace_wpm=200, pace_source="syllables", word_count=0), BASE, target="calm")
    assert all(r.feature != "pace" for r in result.reasons)
    assert not {"rushed", "too_slow"} & {p.name for p in result.problems}


def test_the_stored_value_is_the_value_the_evidence_printed():
    """1.849 st prints as 1.8 in the evidence; stored to two decimals it was 1.85, which the HTML table showed as
    1.9. Stored at the evidence's precision, the app, the JSON and the report all say 1.8."""
    from callsim.report_html_tone import reason_row

    result = tone.judge(feats(pitch_median_st=14.0 + 1.849, energy_db=-30.0 - 2.5001), BASE, target="somber")
    pitch, loud = reason(result, "pitch").to_dict(), reason(result, "loudness").to_dict()
    assert "1.8 semitones above" in pitch["evidence"] and pitch["value"] == 1.8
    assert loud["evidence"] == "you were 3 dB quieter than usual" and loud["value"] == -3.0
    assert "<td>+1.8 st vs usual</td>" in reason_row(pitch) and "<td>-3 dB vs usual</td>" in reason_row(loud)


def test_a_reply_too_quiet_for_the_phone_is_never_a_fine_volume_for_an_apology():
    """QA: the somber band reaches 9 dB under the usual level, 'too quiet' starts past 8 dB: 8.6 dB under read
    'your voice was 9 dB quieter than usual' as a problem next to 'keep this volume' on the loudness line."""
    result = tone.judge(feats(energy_db=-30.0 - 8.6), BASE, target="somber")
    assert "too_quiet" in {p.name for p in result.problems}
    assert not reason(result, "loudness").ok and reason(result, "loudness").tip != "keep this volume"


def test_too_quiet_is_judged_as_printed():
    """8.3 dB under prints as '8 dB quieter': not past the -8 dB limit as it reads, so no problem and a fine line."""
    result = tone.judge(feats(energy_db=-30.0 - 8.3), BASE, target="somber")
    assert reason(result, "loudness").evidence == "you were 8 dB quieter than usual"
    assert "too_quiet" not in {p.name for p in result.problems} and reason(result, "loudness").ok


def test_a_named_problem_keeps_the_summary_from_saying_keep_it_up():
    """QA: every band line fine, but 8 dB louder at the end ('rising loudness'): the summary said 'every measure
    sat in its band ... keep it up' right above that problem. It names the problem and its tip instead."""
    result = tone.judge(feats(energy_trend_db=8.0), BASE, target="calm")
    assert [p.name for p in result.problems] == ["rising_loudness"] and all(r.ok for r in result.reasons[1:])
    assert "keep it up" not in result.summary
    assert "but you got 8 dB louder from start to end" in result.summary
    assert result.summary.endswith("keep your volume even to the end")


def test_the_recording_level_problem_is_named_once_in_the_summary():
    result = tone.judge(feats(energy_db=-52.0, checks=("too_quiet",)), None, target="calm")
    assert "keep it up" not in result.summary and result.summary.count("move closer to the microphone") == 1


def test_an_unclear_tone_after_plenty_of_speech_is_not_told_to_speak_a_sentence():
    """QA: 29 s of a real two-person call, too unsure to judge: the tip said 'speak a full sentence or two'."""
    from types import SimpleNamespace

    torn = SimpleNamespace(scores=lambda rel: {"calm": 0.3, "warm": 0.3, "somber": 0.2, "agitated": 0.2}, inputs=())
    long_reply = tone.judge(feats(speech_seconds=20.0), None, target="calm", model=torn)
    assert long_reply.is_unclear and "sentence" not in reason(long_reply, "tone").tip
    short_reply = tone.judge(feats(speech_seconds=1.0), None, target="calm", model=torn)
    assert short_reply.is_unclear and reason(short_reply, "tone").tip == "speak a full sentence or two in a calm way"


def test_rising_loudness_is_judged_as_printed():
    """QA: 5.37 dB was printed 'you got 5 dB louder' as a problem whose limit is 5 dB."""
    names = lambda trend: [p.name for p in tone.judge(feats(energy_trend_db=trend), BASE, target="warm").problems]
    assert "rising_loudness" not in names(5.37)
    assert "rising_loudness" in names(5.6)


def test_a_voice_as_loud_as_usual_in_a_very_quiet_recording_is_not_just_told_to_keep_its_volume():
    """QA: 6 dB under the usual (inside the band) at -50 dBFS: 'keep this volume' stood next to 'move closer'."""
    result = tone.judge(feats(energy_db=-36.0, checks=("too_quiet",)), BASE, target="calm")
    loud = reason(result, "loudness")
    assert loud.ok and loud.tip == "keep this volume, but move closer to the microphone or raise its input level"
    assert reason(tone.judge(feats(energy_db=-36.0), BASE, target="calm"), "loudness").tip == "keep this volume"
