"""The commented ``scenario.toml`` that ``callsim scenarios new ID`` writes."""

from __future__ import annotations

from callsim.scenario_model import DIFFICULTIES, EMOTIONS
from callsim.vocab import BANNED, MOVES, TONE_TARGETS, VERDICTS

#: The template's placeholder texts, by key (whitespace folded): ``validate`` warns when one is left as it is.
PLACEHOLDERS = {
    "title": "A short title shown in the scenario list",
    "briefing": "You work on the service desk. The caller is ... You can see in the system that ...",
}

_TEMPLATE = '''# A callsim scenario pack: this file plus one audio file per turn, in this folder.
# Check it with:  callsim scenarios validate {folder_hint}

id = "{id}"                    # lower-case letters, digits, '-' and '_'
title = "{title}"
difficulty = "easy"            # one of: {difficulties}
tags = ["service-desk"]

# What the trainee reads before the call: who they are and what they know.
briefing = """
{briefing}
"""

[persona]
name = "Sam Carter"
mood = "anxious"               # one of: {emotions}
voice = "slt"                  # only for rendering audio from a source checkout (scripts/make_voices.py)

# Turns play in the order the branches choose; the first [[turns]] opens the call.
[[turns]]
id = "opening"                 # its audio is opening.ogg (or .wav .flac .mp3 ...) unless audio = "other.ogg"
caller = "Hi, I really hope you can help me, I'm stuck and I've got a meeting in ten minutes."
tone = "calm"                  # what the reply should sound like: {tones}
purpose = "to steady a rushed caller"  # what that tone is for here; finishes the tone tips
moves = ["acknowledge", "action"]   # required: {moves}
banned = ["calm_down"]         # must not appear: {banned}
time_limit = 25                # seconds to start and finish the reply
coach = "She is rushed: steady her with a calm voice and a concrete first step."
# A reply that suits this moment, shown to the trainee after the call:
example = "That sounds stressful with a meeting so close. I'm connecting to your laptop right now."

[turns.next]                    # which turn follows each verdict ({verdicts})
suits = "thanks"
partly = "thanks"
"does not suit" = "pushback"

[[turns]]
id = "pushback"
emotion = "frantic"            # how this line is rendered; defaults to the persona mood
caller = "Sorry, I don't think you're hearing me. I need this fixed now."
tone = "calm"
moves = ["acknowledge", "time_frame"]
next = "thanks"                # the same next turn whatever the verdict

[[turns]]
id = "thanks"
caller = "Okay. Thank you, that helps a lot."
end = true                     # the call ends; no tone here means no reply is expected
'''


def template(scenario_id: str, folder_hint: str = "") -> str:
    """The template text for a new pack called ``scenario_id`` in ``folder_hint`` (it validates once audio exists)."""
    return _TEMPLATE.format(
        id=scenario_id, folder_hint=folder_hint or scenario_id, difficulties=", ".join(DIFFICULTIES),
        emotions=", ".join(EMOTIONS), tones=", ".join(TONE_TARGETS), moves=", ".join(MOVES),
        banned=", ".join(BANNED), verdicts=", ".join(VERDICTS), **PLACEHOLDERS,
    )
