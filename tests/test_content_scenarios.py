"""callsim.content against the bundled scenarios: their typed caller lines as context."""

from __future__ import annotations

import pytest

from callsim import content_extra, scenarios
from callsim.content import banned_used, check, default_phrasebook, missing_moves


@pytest.fixture
def library():
    return scenarios.load_library()


def turn(library, scenario_id: str, turn_id: str):
    return library.get(scenario_id).turn(turn_id)


def test_every_turn_that_needs_accept_no_follows_a_callers_no(library):
    needing = [(s.id, t) for s in library.scenarios.values() for t in s.turns if "accept_no" in t.moves]
    assert needing, "no bundled turn asks for accept_no"
    for scenario_id, t in needing:
        assert content_extra.caller_said_no(default_phrasebook(), t.caller), (scenario_id, t.id)


@pytest.mark.parametrize("scenario_id, turn_id, reply", [
    ("declined-upsell", "declines", "of course no problem at all i'll renew your basic plan for you now"),
    ("declined-upsell", "annoyed", "i'm sorry you had to say it twice that's fine i'm renewing the basic plan right now"),
    ("missed-technician", "checked", "i'm so sorry that was our mistake i'll book a technician for tomorrow morning"),
])
def test_a_good_reply_to_a_scenario_turn_misses_nothing(library, scenario_id, turn_id, reply):
    t = turn(library, scenario_id, turn_id)
    result = check(reply, context=t.caller)
    assert missing_moves(result, t.moves) == []
    assert banned_used(result, t.banned) == []


def test_a_second_pitch_after_the_callers_no_is_hard_sell(library):
    t = turn(library, "declined-upsell", "declines")
    result = check("okay but the premium plan is only ten dollars more are you sure", context=t.caller)
    assert banned_used(result, t.banned) == ["hard_sell"]
    assert "accept_no" in missing_moves(result, t.moves)
