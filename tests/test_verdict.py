"""The turn's verdict: the worse of tone and words; a hint softens only the perceived class, not the measures."""

from __future__ import annotations

from types import SimpleNamespace

from callsim.verdict import combine

TURN = SimpleNamespace(moves=("apologize",), banned=("know_how_you_feel",))


def findings(*moves):
    return SimpleNamespace(moves=[SimpleNamespace(name=m) for m in moves], banned=[])


def tone(verdict, *, hint=False):
    return SimpleNamespace(verdict=verdict, is_hint=hint, reasons=[])


def test_the_worse_part_decides():
    assert combine(tone("suits"), findings(), turn=TURN).level == "does not suit"  # no apology heard
    assert combine(tone("partly"), findings("apologize"), turn=TURN).level == "partly"


def test_measured_misses_count_even_when_the_class_is_only_a_hint():
    """tone_rules.verdict already softened the class; the bands it missed are measurements, not guesses."""
    v = combine(tone("does not suit", hint=True), findings("apologize"), turn=TURN)
    assert v.level == "does not suit" and v.tone_level == "does not suit" and v.tone_is_hint


def test_no_words_heard_never_suits():
    v = combine(tone("suits"), findings("apologize"), turn=TURN, heard=False)
    assert v.level == "does not suit" and v.tips[0].startswith("We heard no words")


def test_the_verdict_keeps_the_moves_the_turn_required():
    v = combine(tone("suits"), findings("apologize", "acknowledge"), turn=TURN)
    assert v.required == ("apologize",) and list(v.to_dict()["required"]) == ["apologize"]


def reason(feature, tip, *, ok=False, hint=False):
    return SimpleNamespace(feature=feature, tip=tip, ok=ok, hint=hint)


def test_a_hinted_tone_class_gives_no_tone_tip_but_a_measured_miss_does():
    result = SimpleNamespace(verdict="partly", is_hint=True, reasons=[
        reason("tone", "aim for a warm delivery", hint=True), reason("pitch", "bring your pitch down")])
    tips = combine(result, findings("apologize"), turn=TURN).tips
    assert tips == ("bring your pitch down",)
    sure = SimpleNamespace(verdict="does not suit", is_hint=False, reasons=[reason("tone", "aim for a warm delivery")])
    assert combine(sure, findings("apologize"), turn=TURN).tips == ("aim for a warm delivery",)


def test_move_tips_are_generic_or_quote_the_turns_own_example():
    turn = SimpleNamespace(moves=("action", "time_frame"), banned=(), caller="My pharmacy login won't work.",
                           example="")
    tips = combine(tone("suits"), findings(), turn=turn).tips
    assert "technician" not in " ".join(tips) and tips[0].startswith("Say exactly what you will do: \"")
    turn.example = ("This was our mistake: we booked the visit for next Tuesday. I'm sending someone to you "
                    "today, and they'll be there by two o'clock.")
    tips = combine(tone("suits"), findings(), turn=turn).tips
    quoted = "\"I'm sending someone to you today, and they'll be there by two o'clock.\""
    assert tips == (f"Say exactly what you will do, as in this call's example: {quoted}",
                    f"Give a time, as in this call's example: {quoted}")


def test_an_example_with_accented_words_is_quoted_at_the_right_sentence():
    """``example_phrase`` counts words with the same normaliser as the checks, so accented words (now kept whole,
    "à" no longer dropped) do not shift the sentence it quotes."""
    from callsim.verdict import example_phrase

    example = "À bientôt: Zoë here, from the café. I'm sending someone to you today, and they'll be there by two o'clock."
    assert example_phrase(example, "action") == "I'm sending someone to you today, and they'll be there by two o'clock."
