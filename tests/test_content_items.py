"""callsim.content item by item: each move and banned phrase, near misses, negation, real Vosk lines."""

from __future__ import annotations

import pytest

from callsim.content import check


def names(text: str, context: str | None = None) -> set[str]:
    result = check(text, context=context)
    return set(result.move_names) | set(result.banned_names)


@pytest.mark.parametrize("name, text, context", [
    ("acknowledge", "that must be really frightening for you", None),
    ("acknowledge", "sorry to hear that", None),
    ("apologize", "my apologies for the delay", None),
    ("apologize", "i'm terribly sorry", None),
    ("own_mistake", "that's on us", None),
    ("own_mistake", "we dropped the ball there", None),
    ("own_mistake", "i told you the wrong date", None),
    ("blame_caller", "if you had told us sooner we could have fixed it", None),
    ("action", "i'll send a technician out", None),
    ("action", "help is on the way", None),
    ("time_frame", "someone will call you within the hour", None),
    ("time_frame", "we'll have it back to you by three", None),
    ("restate", "so your heating stopped working last night", "my heating stopped working last night"),
    ("offer_help", "is there anything else i can help you with", None),
    ("accept_no", "no problem at all", "no thanks i'm not interested"),
    ("know_how_you_feel", "i know how you feel", None),
    ("calm_down", "you need to calm down", None),
    ("parroting", "i understand i totally understand", None),
    ("as_i_said", "like i said it's closed", None),
    ("blame_caller", "you should have read the email", None),
    ("hard_sell", "are you sure it's only five pounds", "no i don't want it"),
])
def test_each_item_is_found(name, text, context):
    assert name in names(text, context)


@pytest.mark.parametrize("name, text, context", [
    ("apologize", "sorry to hear that", None),
    ("own_mistake", "sorry to hear that", None),
    ("apologize", "i'm not sorry", None),
    ("apologize", "sorry could you repeat that", None),
    ("time_frame", "we can't do anything today", None),
    ("time_frame", "hopefully sometime next week", None),
    ("time_frame", "is there anything else i can help you with today", None),
    ("action", "we'll see", None),
    ("action", "i'll try to get someone out", None),
    ("own_mistake", "it's not our fault", None),
    ("know_how_you_feel", "i won't pretend to know how you feel", None),
    ("calm_down", "i need you to stay calm", None),
    ("parroting", "i understand", None),
    ("blame_caller", "you must have been so worried", None),
    ("blame_caller", "it's not your fault", None),
    ("accept_no", "no problem", "can you send it today"),
    ("accept_no", "no problem but it's only five pounds", "no thanks"),
    ("hard_sell", "it's only five pounds", None),
    ("restate", "so your heating stopped working", None),
    ("offer_help", "help is on the way", None),
    ("own_mistake", "i told you your password was wrong", None),
    ("action", "our engineer is booked solid this week", None),
    ("time_frame", "our engineer is booked solid this week", None),
    ("blame_caller", "if you hadn't called us we wouldn't have known", None),
])
def test_near_misses_are_not_found(name, text, context):
    assert name not in names(text, context)


def test_sorry_to_hear_acknowledges_only():
    assert names("i'm so sorry to hear that") == {"acknowledge"}


def test_negation_does_not_reach_across_a_clause():
    assert {"action", "time_frame"} <= names("i can't promise anything but i'll send someone today")
    assert "action" in names("don't panic an ambulance is on its way")


@pytest.mark.parametrize("text, found", [
    # QA: a negation in an earlier clause cancelled the moves of the next (no punctuation between them).
    ("i don't know what happened i'm so sorry", {"apologize"}),
    ("that wasn't okay that was our mistake", {"own_mistake"}),
    ("i'm not sure what went wrong i'll send a technician today", {"action", "time_frame"}),
    ("you don't need to worry i'll call you back in twenty minutes", {"action", "time_frame"}),
    ("not really stressful i'm resetting your password right now", {"action", "time_frame"}),
    ("i'm not sure let me check that for you", {"action"}),
])
def test_a_negation_stops_at_a_new_clause_without_punctuation(text, found):
    assert names(text) == found


@pytest.mark.parametrize("name, text", [
    ("apologize", "i'm not sorry"),
    ("action", "i won't send anyone"),
    ("own_mistake", "we didn't make a mistake"),
    ("action", "i can't call you back today"),
    ("time_frame", "i can't call you back today"),
    ("own_mistake", "it wasn't our mistake"),
    ("own_mistake", "i won't let you down"),  # "let me" starts a clause, "let" alone does not
    # A clause that a negated "promise" / "think" / "say" is about stays negated.
    ("action", "i can't promise i'll send someone today"),
    ("time_frame", "i can't promise i'll send someone today"),
    ("own_mistake", "i don't think it was our mistake"),
    ("own_mistake", "i'm not saying that was our fault"),
    ("time_frame", "i'm not sure if we'll have it today"),
])
def test_a_negation_in_the_same_clause_still_cancels(name, text):
    assert name not in names(text)


@pytest.mark.parametrize("text", [
    # QA: the strongest apologies are worded as negations, and the negation cancelled them.
    "i can't apologize enough for this",
    "we cannot apologise enough",
    "i couldn't be more sorry",
    "i can't tell you how sorry i am",
    "i cannot say how sorry we are",
])
def test_an_apology_worded_as_a_negation_still_apologizes(text):
    assert "apologize" in names(text)


@pytest.mark.parametrize("text", ["i can't apologize for our policy", "i couldn't be sorry about that",
                                  "i can't tell you why"])
def test_a_plain_negated_apology_stays_cancelled(text):
    assert "apologize" not in names(text)


@pytest.mark.parametrize("text", ["i'm sorry you feel that way", "i'm sorry that you feel that way",
                                  "i'm sorry if you felt that we ignored you", "sorry if that upset you"])
def test_a_non_apology_is_no_apology(text):
    """QA: trainers call 'i'm sorry you feel that way' a non-apology: it regrets the caller's feelings, not ours."""
    assert "apologize" not in names(text)
    assert "apologize" in names(text.replace("sorry", "so sorry about the mix up"))  # a real one still counts


@pytest.mark.parametrize("opening", ["not at all", "not a problem", "don't worry"])
def test_a_closed_negation_of_any_length_leaves_what_follows_alone(opening):
    assert "action" in names(f"{opening} i'll send an engineer today")


@pytest.mark.parametrize("vosk_line, expected", [
    # Vosk small-model output of real 8 kHz agent recordings (../shared/data/calls, aws-samples, Apache-2.0).
    ("his anything else i can help you with", {"offer_help"}),
    ("can you said anything else i can help you with to the", {"offer_help"}),
    ("of cause i'm so sorry for the inconvenience ah jack what was your last names i can look at the system", {"apologize"}),
    ("so tense malfoy be appreciate your business cycle don't website that acme by bang dot com to learn more "
     "about on products and feel free to call back if you have any additional questions have a great day", {"offer_help"}),
    ("let's let's get that fixed for you are you close enough that you prefer to just turn back around", {"action"}),
    ("is absolutely we can process your payment on the phone give me a second to said that up", {"action"}),
])
def test_real_vosk_agent_lines(vosk_line, expected):
    assert names(vosk_line) == expected


def test_pattern_groups_take_several_words():
    from callsim.content_compile import Compiler

    pattern = Compiler({"x": ["(so very|really)? sorry"]}, {"not"}).compile("(i am|i'm) {x} ...2 (to hear|for)")
    assert pattern.search("i am so very sorry to hear ")
    assert pattern.search("i'm really sorry for ") and pattern.search("i am sorry just to hear ")
    assert not pattern.search("i'm so sorry to hear ")  # "so" alone is not in the group
    assert not pattern.search("i am sorry not to hear ")  # a gap never crosses a negation


def test_vosk_slips_are_repaired_but_findings_show_what_was_heard():
    # Vosk output of synthesized speech: a short initial "I" came out as "the".
    result = check("the understand i understand")
    [finding] = result.banned
    assert (finding.name, finding.words) == ("parroting", "the understand i understand")
    assert names("the respect your decision") == {"accept_no"}
    assert names("an engineer will have it fixed within the our") == {"action", "time_frame"}


def test_a_slip_must_keep_the_number_of_words(tmp_path):
    from callsim.content_phrases import DEFAULT_PATH, load
    from callsim.errors import CallsimError

    book = tmp_path / "phrases.toml"
    book.write_text(DEFAULT_PATH.read_text().replace('"the hear" = "i hear"', '"the hear" = "i can hear"'))
    with pytest.raises(CallsimError, match="must keep the number of words"):
        load(book)
