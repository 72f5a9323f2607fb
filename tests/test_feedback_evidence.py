"""What the feedback screen shows, built from a real content check (no screen needed)."""

from __future__ import annotations

from types import SimpleNamespace

from callsim import content
from callsim.asr import Transcript, Word
from callsim.tone import CLIPPED_NOTE
from callsim.tui import evidence


def outcome_for(text: str, context: str = ""):
    words = tuple(Word(w, i * 0.4, i * 0.4 + 0.3, 0.4 if w == "um" else 0.95) for i, w in enumerate(text.split()))
    return SimpleNamespace(transcript=Transcript(words), content=content.check(list(words), context=context))


def styles_by_word(text):
    rendered = text.plain.split()
    spans = {}
    for span in text.spans:
        spans[text.plain[span.start : span.end]] = str(span.style)
    return [spans.get(w, "") for w in rendered]


def test_moves_green_banned_red_low_confidence_dimmed_and_nothing_else():
    o = outcome_for("um i'm so sorry that was our mistake calm down")
    styles = styles_by_word(evidence.transcript_text(o))
    words = o.transcript.text.split()
    assert styles[words.index("um")] == "dim"
    assert "green" in styles[words.index("sorry")] and "green" in styles[words.index("mistake")]
    assert "red" in styles[words.index("calm")] and "red" in styles[words.index("down")]


def test_checklist_names_each_required_move_with_its_words_and_time():
    o = outcome_for("i'm so sorry that was our mistake")
    turn = SimpleNamespace(moves=("apologize", "own_mistake", "time_frame"))
    lines = evidence.checklist(o, turn).plain.splitlines()
    assert lines[0] == "The words this moment needs"
    assert lines[1].startswith("✓ apologised: “") and " at " in lines[1]
    assert lines[3] == "✗ gave a time frame: not heard"


def test_the_banner_gives_the_tone_and_the_words_their_own_level():
    o = outcome_for("i'm so sorry that was our mistake")
    o.tone = SimpleNamespace(perceived="warm", confidence=0.91, is_hint=False, is_unclear=False,
                             personal_baseline=True)
    o.verdict = SimpleNamespace(tone_level="partly", words_level="partly", missing=("time_frame",), banned=())
    turn = SimpleNamespace(tone="somber", moves=("apologize", "own_mistake", "time_frame"))
    assert evidence.verdict_detail(o, turn) == ("Tone: partly. You sounded warm (91% sure); this moment needs "
                                                "somber. Words: partly (1 of 3 moves not heard).")


def test_a_fitting_tone_with_measures_off_says_why_the_verdict_is_worse():
    """QA: "Tone: does not suit. You sounded warm (91% sure); this moment needs warm." read as a wrong verdict."""
    o = outcome_for("hello")
    reasons = [SimpleNamespace(feature=f, to_dict=lambda ok=ok, f=f: {"feature": f, "ok": ok, "band": []})
               for f, ok in (("tone", True), ("pitch", False), ("loudness", False), ("pace", False), ("pauses", True))]
    o.tone = SimpleNamespace(perceived="warm", confidence=0.91, is_hint=False, is_unclear=False,
                             personal_baseline=True, reasons=reasons)
    o.verdict = SimpleNamespace(tone_level="does not suit", words_level="suits", missing=(), banned=())
    assert evidence.verdict_detail(o, SimpleNamespace(tone="warm", moves=())) == (
        "Tone: does not suit. You sounded warm (91% sure); this moment needs warm. The tone fits, but your pitch, "
        "loudness and pace were off.")
    o.verdict.tone_level = "suits"
    assert "The tone fits" not in evidence.verdict_detail(o, SimpleNamespace(tone="warm", moves=()))


def test_band_text_reads_like_a_person_wrote_it():
    assert evidence.band_text(["somber", "calm"]) == "somber; calm partly fits"
    assert evidence.band_text(["calm", "warm", "somber"]) == "calm; warm or somber partly fit"
    assert evidence.band_text((-4.0, 1.0), "st vs usual") == "-4 to +1 st vs usual"
    assert evidence.band_text((95, 145), "wpm") == "95–145 wpm"


def test_the_banner_says_why_a_guess_is_only_a_hint():
    o = outcome_for("")
    o.tone = SimpleNamespace(perceived="calm", confidence=0.3, is_hint=True, is_unclear=False, personal_baseline=True,
                             notes=["no words recognised: it may not be speech"])
    o.verdict = SimpleNamespace(tone_level="partly", words_level="suits", missing=(), banned=())
    detail = evidence.verdict_detail(o, SimpleNamespace(tone="calm", moves=()))
    assert detail.endswith("Unsure because: no words recognised: it may not be speech.")


def test_a_clipped_recording_is_named_even_when_the_verdict_is_confident():
    """QA: a clipped reply came out 'agitated (76% sure), 17 dB louder than usual' and clipping was nowhere."""
    o = outcome_for("i'm so sorry")
    o.tone = SimpleNamespace(perceived="agitated", confidence=0.76, is_hint=False, is_unclear=False,
                             personal_baseline=True, notes=[CLIPPED_NOTE])
    o.verdict = SimpleNamespace(tone_level="does not suit", words_level="suits", missing=(), banned=())
    detail = evidence.verdict_detail(o, SimpleNamespace(tone="somber", moves=()))
    assert detail.endswith("Your recording clipped: turn the microphone's input level down (clipping sounds louder "
                           "and harsher than you were).")


def test_a_confident_verdict_on_little_speech_says_it_is_less_certain_as_analyze_does():
    """QA: a 0.5 s time limit cut a reply to one word; the app said "agitated (60% sure)" with no word of doubt, while
    ``callsim analyze`` said "less certain: little speech (0.3 s)"."""
    o = outcome_for("hello")
    o.tone = SimpleNamespace(perceived="agitated", confidence=0.6, is_hint=False, is_unclear=False,
                             personal_baseline=True, notes=["little speech (0.3 s)", CLIPPED_NOTE])
    o.verdict = SimpleNamespace(tone_level="does not suit", words_level="suits", missing=(), banned=())
    detail = evidence.verdict_detail(o, SimpleNamespace(tone="calm", moves=()))
    assert "(60% sure); this moment needs calm. Less certain because: little speech (0.3 s). Your recording " \
           "clipped" in detail


def test_the_tone_judgement_of_a_clipped_recording_carries_the_clipping_note():
    import numpy as np

    from callsim import prosody, tone
    from callsim.clip import Clip

    t = np.arange(32000) / 16000
    y = np.clip(3 * np.sin(2 * np.pi * 150 * t) * (1 + 0.3 * np.sin(2 * np.pi * 3 * t)), -1, 1)
    assert CLIPPED_NOTE in tone.judge(prosody.extract(Clip(y.astype(np.float32), 16000)), None).notes


def test_a_silent_reply_says_no_speech_was_heard_not_none():
    """QA found 'You may have sounded None (a hint: 0% sure)' after a silent reply."""
    o = outcome_for("")
    o.tone = SimpleNamespace(perceived=None, confidence=0.0, is_hint=True, is_unclear=False, personal_baseline=True,
                             notes=["no speech heard"])
    o.verdict = SimpleNamespace(tone_level="does not suit", words_level="does not suit", missing=("apologize",),
                                banned=())
    detail = evidence.verdict_detail(o, SimpleNamespace(tone="somber", moves=("apologize",)))
    assert detail == ("Tone: does not suit. No speech heard in your reply, so no tone to judge; this moment needs "
                      "somber. Words: does not suit (1 of 1 moves not heard).")
