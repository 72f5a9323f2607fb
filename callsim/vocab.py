"""The shared words of callsim: tones, empathy moves and banned phrases.

Scenario files, the content checker and the tone model all use these names;
a scenario that names anything else is refused by ``callsim scenarios validate``.
"""

from __future__ import annotations

#: Perceived tone classes the tone model can report.
TONES = ("calm", "warm", "somber", "agitated")

#: Tones a scenario turn may ask for.
TONE_TARGETS = ("calm", "warm", "somber")

#: Verdicts, from best to worst.
VERDICTS = ("suits", "partly", "does not suit")

#: Empathy moves a reply can make (``callsim content``).
MOVES = ("acknowledge", "apologize", "own_mistake", "action", "time_frame", "restate", "offer_help", "accept_no")

#: Banned or weak language a reply can contain.
BANNED = ("know_how_you_feel", "calm_down", "parroting", "as_i_said", "blame_caller", "hard_sell")
