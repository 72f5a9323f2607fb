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
