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

#: How each move reads when it was made ("✓ apologised") or is missing ("✗ apologised: not heard").
MOVE_LABELS = {"acknowledge": "acknowledged the feeling", "apologize": "apologised", "own_mistake": "owned our mistake",
               "action": "committed to an action", "time_frame": "gave a time frame",
               "restate": "restated their problem", "offer_help": "offered more help", "accept_no": "accepted the no"}

#: How each banned phrase reads in a list of findings.
BANNED_LABELS = {"know_how_you_feel": "\"I know how you feel\"", "calm_down": "\"calm down\"",
                 "parroting": "\"I understand\" repeated", "as_i_said": "\"as I said\"",
                 "blame_caller": "blaming the caller", "hard_sell": "selling again after a no"}

#: The reason of an unjudged try stored before reasons were kept, or imported from an export without them.
UNKNOWN_REASON = "unknown"
#: Why a try was kept without a verdict (``TurnRecord.unjudged_reason``), and how the review and exports say it.
UNJUDGED_REASONS = {"nothing_heard": "nothing was heard", "hung_up": "the call was ended mid-reply",
                    "ended_before_judging": "the call was ended before the reply was judged",
                    "recording_failed": "the recording failed mid-reply", "analysis_failed": "the analysis failed",
                    "save_failed": "its save failed; kept from the recording when the call ended",
                    UNKNOWN_REASON: "its reason was not recorded by the callsim that kept it"}
