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

import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from callsim.tone_tips import by_step, ranked_problem_tips, reason_step
from callsim.vocab import VERDICTS

#: A missing move's tip: its lead (quoted with the scenario's own ``example`` words for the turn when they make the
#: move) and the generic tip otherwise. The generic examples suit any call, not one trade's.
MOVE_TIPS = {
    "acknowledge": ("Name the caller's feeling first",
                    "Name the caller's feeling first: \"I can hear how stressful this is.\""),
    "apologize": ("Say sorry plainly", "Say sorry plainly: \"I'm sorry about this.\""),
    "own_mistake": ("Own our part", "Own our part: \"That was our mistake, not yours.\""),
    "action": ("Say exactly what you will do",
               "Say exactly what you will do: \"I'm going to sort this out for you right now.\""),
    "time_frame": ("Give a time", "Give a time: \"within the hour\", \"by three today\"."),
    "restate": ("Repeat their problem in their own key words",
                "Repeat their problem in their own key words so they know you heard it."),
    "offer_help": ("Close by offering more",
                   "Close by offering more: \"Is there anything else I can do for you today?\""),
    "accept_no": ("Accept the no gracefully",
                  "Accept the no gracefully: \"No problem at all, thanks for letting me know.\""),
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
    tips = _tips(tone_result, missing, banned_found, heard, turn)[:max_tips]
    return Verdict(level, tone_level, words, missing, banned_found, tuple(tips), bool(tone_result.is_hint),
                   tuple(turn.moves))


def _tips(tone_result, missing, banned_found, heard: bool, turn=None) -> list[str]:
    """Banned phrases first, then the tip for the furthest-off named problem (too quiet, rushed, monotone, ...)
    and the furthest-off other tone tip (the further off of the two first), the missing moves, then the other
    tone and problem tips, furthest off first; each tip once.

    How far off is ``tone_tips.step`` (a wrong tone class counts as "clearly": ``CLASS_STEP``), so "soften your
    voice a lot" after a reply 19 dB louder than usual comes before "aim for a warm delivery", and a named problem
    is among the first tips even when the tone class and the words fill them otherwise. A tone-class tip comes
    only from a class the model was sure of: a hint or an unclear tone gives none."""
    if not heard:
        return ["We heard no words: speak up, closer to the microphone, and answer the caller."]
    tips = [BANNED_TIPS[b] for b in banned_found if b in BANNED_TIPS]
    reasons = getattr(tone_result, "reasons", ()) or ()
    tone_tips = by_step([(reason_step(r), r.tip) for r in reasons
                          if getattr(r, "tip", "") and not r.ok and not getattr(r, "hint", False)])
    urgent = ranked_problem_tips(getattr(tone_result, "problems", ()) or (), reasons)
    example, caller = getattr(turn, "example", "") or "", getattr(turn, "caller", "") or ""
    phrases = getattr(turn, "phrases", None)
    moves = [move_tip(m, example, caller, phrases=phrases) for m in missing if m in MOVE_TIPS]
    first = by_step(urgent[:1] + [t for t in tone_tips if not urgent or t[1] != urgent[0][1]][:1])
    rest = by_step(urgent[1:] + tone_tips)
    return list(dict.fromkeys(tips + [t for _, t in first] + moves + [t for _, t in rest]))



def move_tip(move: str, example: str = "", caller: str = "", *, phrases: Path | None = None) -> str:
    """The tip for a missing move, quoting the words that make it in the turn's ``example`` reply when there are
    some, else a generic phrase: 'Say sorry plainly: "I'm sorry about this."'. ``phrases``: the pack's phrase book
    additions, as the reply was judged with."""
    lead, generic = MOVE_TIPS[move]
    own = example_phrase(example, move, caller, phrases) if example else ""
    return f"{lead}, as in this call's example: \"{own}\"" if own else generic


#: The longest example sentence quoted in a tip; a longer one gives the generic tip.
MAX_QUOTE = 110


@lru_cache(maxsize=256)
def example_phrase(example: str, move: str, caller: str = "", phrases: Path | None = None) -> str:
    """The sentence(s) of ``example`` (as written) holding the words that make ``move`` after the ``caller`` line,
    found by the word checks ("" when none do, or when that is longer than ``MAX_QUOTE``). The phrase book is the
    one replies are judged with: addition files that do not load are left out, as in ``practice.evaluate``."""
    from callsim.content import check
    from callsim.content_additions import phrasebook_for
    from callsim.content_match import normalise

    flat = " ".join(example.split())
    # the tokens ``check`` counts, with where each sits in ``flat`` (a hyphen splits words, as in ``check``)
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^\s-]+", flat) if normalise(m.group())]
    book = phrasebook_for(phrases, lenient=True)
    found = [f for f in check(flat, context=caller or None, phrasebook=book).moves if f.name == move]
    # a time frame is the last the example gives: an earlier one may be the date of the mistake it owns
    found = (found[-1] if move == "time_frame" else found[0]) if found else None
    if found is None or not 0 <= found.start_index < found.end_index <= len(spans):
        return ""
    start, end = spans[found.start_index][0], spans[found.end_index - 1][1]
    begin = max((m.end() for m in re.finditer(r"[.!?]\s+", flat[:start])), default=0)
    stop = re.search(r"[.!?](\s|$)", flat[end - 1:])
    sentence = flat[begin:end - 1 + stop.end()].strip() if stop else flat[begin:].strip()
    return sentence if len(sentence) <= MAX_QUOTE else ""
