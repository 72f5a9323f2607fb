"""The verdict of one turn: the tone verdict and the word checks combined, with the top tips.

Rules, in plain words:

* the words: every required move made and no banned phrase → ``suits``; at
  least half of the required moves and no banned phrase → ``partly``; else
  ``does not suit``;
* the tone: ``tone.judge``'s verdict for the turn's target. The perceived class
  counts in full only when the model is sure: a hint costs at most one step and
  an unclear tone nothing (``tone_rules.verdict``); the measured bands (pitch,
  loudness, pace, variation) always count;
* the turn takes the worse of the two. No words heard → ``does not suit``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from callsim.vocab import VERDICTS

MOVE_TIPS = {
    "acknowledge": "Name the caller's feeling first: \"I can hear how stressful this is.\"",
    "apologize": "Say sorry plainly: \"I'm sorry about this.\"",
    "own_mistake": "Own our part: \"That was our mistake, not yours.\"",
    "action": "Say exactly what you will do: \"I'm booking a technician for you right now.\"",
    "time_frame": "Give a time: \"within the hour\", \"by three today\".",
    "restate": "Repeat their problem in their own key words so they know you heard it.",
    "offer_help": "Close by offering more: \"Is there anything else I can do for you today?\"",
    "accept_no": "Accept the no gracefully: \"No problem at all, thanks for letting me know.\"",
}

BANNED_TIPS = {
    "know_how_you_feel": "Drop \"I know how you feel\"; describe what you hear instead.",
    "calm_down": "Never tell a caller to calm down; slow your own voice instead.",
    "parroting": "Say \"I understand\" once at most; show it by restating their problem.",
    "as_i_said": "Skip \"as I said\"; just say it again, kindly.",
    "blame_caller": "Don't put the fault on the caller, even if it was theirs.",
    "hard_sell": "They said no: don't offer it again.",
}


@dataclass(frozen=True)
class Verdict:
    """The turn's verdict with its parts and the tips to show first; ``required`` are the moves the turn asked for
    (so progress counts a move only on turns that needed it)."""

    level: str
    tone_level: str
    words_level: str
    missing: tuple[str, ...]
    banned: tuple[str, ...]
    tips: tuple[str, ...]
    tone_is_hint: bool = False
    required: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """JSON-ready form."""
        return asdict(self)


def words_level(made: set[str], required: tuple[str, ...], banned_found: tuple[str, ...]) -> str:
    """How well the words did: see the module docstring."""
    missing = [m for m in required if m not in made]
    if banned_found or (required and len(missing) * 2 > len(required)):
        return VERDICTS[2]
    return VERDICTS[1] if missing else VERDICTS[0]


def combine(tone_result, findings, *, turn, heard: bool = True, max_tips: int = 2) -> Verdict:
    """The verdict for ``turn`` from a ``ToneResult`` and a ``ContentResult``."""
    made = {f.name for f in findings.moves}
    banned_found = tuple(dict.fromkeys(f.name for f in findings.banned if f.name in turn.banned))
    missing = tuple(m for m in turn.moves if m not in made)
    words = words_level(made, tuple(turn.moves), banned_found) if heard else VERDICTS[2]
    tone_level = tone_result.verdict or VERDICTS[0]
    level = max(words, tone_level, key=VERDICTS.index)
    tips = _tips(tone_result, missing, banned_found, heard)[:max_tips]
    return Verdict(level, tone_level, words, missing, banned_found, tuple(tips), bool(tone_result.is_hint),
                   tuple(turn.moves))


def _tips(tone_result, missing, banned_found, heard: bool) -> list[str]:
    if not heard:
        return ["We heard no words: speak up, closer to the microphone, and answer the caller."]
    tips = [BANNED_TIPS[b] for b in banned_found if b in BANNED_TIPS]
    tone_tips = [r.tip for r in getattr(tone_result, "reasons", ()) if getattr(r, "tip", "") and not r.ok]
    tips += tone_tips[:1]
    tips += [MOVE_TIPS[m] for m in missing if m in MOVE_TIPS]
    return tips + tone_tips[1:]
