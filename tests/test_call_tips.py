"""The call summary's tips: most repeated first, named with their turns when they differ by turn."""

from __future__ import annotations

from types import SimpleNamespace

from callsim.tui.turns import CallState, TurnResult


def call_with(*tips_per_turn) -> CallState:
    call = CallState(SimpleNamespace(first_turn=None), "pat")
    call.results = [TurnResult(SimpleNamespace(id=f"t{i}"), SimpleNamespace(verdict=SimpleNamespace(tips=tips)), 1)
                    for i, tips in enumerate(tips_per_turn)]
    return call


def test_tips_that_differ_by_turn_name_their_turn_and_never_contradict():
    call = call_with(("lift your pitch a little", "Say sorry plainly: \"I'm sorry about this.\""),
                     ("bring your pitch down", "Say sorry plainly: \"I'm sorry about this.\""),
                     ("Say sorry plainly: \"I'm sorry about this.\"",))
    assert call.top_tips(3) == ["Say sorry plainly: \"I'm sorry about this.\"",
                                "Turn 1: lift your pitch a little", "Turn 2: bring your pitch down"]


def test_a_tip_on_some_turns_lists_them_and_one_turn_needs_no_label():
    call = call_with(("slow down",), ("I'd keep it short",), ("slow down",))
    assert call.top_tips(3) == ["Turns 1 and 3: slow down", "Turn 2: I'd keep it short"]
    assert call_with(("bring your pitch down",)).top_tips() == ["Bring your pitch down"]  # QA: mixed capitals
