"""callsim.content against the bundled scenarios (voices/*/scenario.toml): typed caller lines as context."""

from __future__ import annotations

from pathlib import Path

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from callsim import content_extra
from callsim.content import banned_used, check, default_phrasebook, missing_moves

VOICES = Path(__file__).resolve().parent.parent / "voices"


def turns():
    for path in sorted(VOICES.glob("*/scenario.toml")):
        scenario = tomllib.loads(path.read_text(encoding="utf-8"))
        for turn in scenario.get("turn", []):
            yield scenario["id"], turn


def turn(scenario_id: str, turn_id: str) -> dict:
    return next(t for s, t in turns() if s == scenario_id and t["id"] == turn_id)


def test_every_turn_that_needs_accept_no_follows_a_callers_no():
    needing = [(s, t) for s, t in turns() if "accept_no" in t.get("moves", [])]
    assert needing, "no bundled turn asks for accept_no"
    for scenario_id, t in needing:
        assert content_extra.caller_said_no(default_phrasebook(), t["caller"]), (scenario_id, t["id"])


@pytest.mark.parametrize("scenario_id, turn_id, reply", [
    ("declined-upsell", "declines", "of course no problem at all i'll renew your basic plan for you now"),
    ("declined-upsell", "annoyed", "i'm sorry you had to say it twice that's fine i'm renewing the basic plan right now"),
    ("missed-technician", "checked", "i'm so sorry that was our mistake i'll book a technician for tomorrow morning"),
])
def test_a_good_reply_to_a_scenario_turn_misses_nothing(scenario_id, turn_id, reply):
    t = turn(scenario_id, turn_id)
    result = check(reply, context=t["caller"])
    assert missing_moves(result, t.get("moves", [])) == []
    assert banned_used(result, t.get("banned", [])) == []


def test_a_second_pitch_after_the_callers_no_is_hard_sell():
    t = turn("declined-upsell", "declines")
    result = check("okay but the premium plan is only ten dollars more are you sure", context=t["caller"])
    assert banned_used(result, t["banned"]) == ["hard_sell"]
    assert "accept_no" in missing_moves(result, t["moves"])
