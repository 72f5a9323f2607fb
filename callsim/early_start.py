"""Was the trainee already speaking when the reply recording began?

The microphone's input is dropped while the caller speaks (so the caller's voice from a speaker never counts as
the trainee's), and the recording starts when the screen says "Your turn". Words said before that are lost. A
reply that already holds speech in its first ``EARLY_SECONDS`` began before the trainee could have reacted to the
cue, so they were speaking over it. ``speech_at_start`` finds that from the recording alone (no clock, no device);
``notice`` says it to the trainee with the time the speech was heard from, ``flag`` to the trainer reviewing the
stored try (``TurnRecord.early_start``) or reading an export.

Speech is what the end-of-reply detector calls speech (``endpoint.EndpointConfig``): a 20 ms frame at least
``margin_db`` above the noise floor and louder than ``min_speech_db``. The floor here is the reply's quiet part
(its pauses and the silence that ended it), so a steady noisy room is not taken for a voice. A frame must also be
within ``SPEECH_RANGE_DB`` of the reply's loud syllables: when the closing silence is digital (a noise gate, the
end of a file played into a virtual microphone) the floor sits far below the room, and the room's hiss at the start
would otherwise count as a voice.
"""

from __future__ import annotations

import numpy as np

from callsim.clip import Clip
from callsim.endpoint import FRAME_SECONDS, EndpointConfig, frame_levels

EARLY_SECONDS = 0.2  # speech starting sooner than this began before the cue: a spoken reply to a seen cue takes
# 0.3 s or more (a key press alone takes about 0.2 s, starting to speak is slower); the caller's line ends in 0.3 s
# of silence (audio_play.TAIL_SECONDS), which keeps their voice from a speaker out of this window unless the
# input lags by more than that
SUSTAIN_SECONDS = 0.1  # speech must fill half of this from its start: one click or pop is not a word
FLOOR_PERCENTILE = 10  # the reply's quietest tenth of frames is its noise floor (pauses, the closing silence)
LOUD_PERCENTILE = 95  # the reply's loudest twentieth of frames is its loud syllables
SPEECH_RANGE_DB = 25.0  # a word's start sits within this of the reply's loud syllables; hiss or a breath further
# down never passes for speech, even over a misjudged floor (48 RAVDESS readings cut where their speech starts, in a
# -70 or -55 dB room: 47 flagged; the same after a 0.3 s pause: none; a file played into a virtual microphone
# with -45 dB hiss before its speech and digital silence after it: not flagged, 0.1 s without this limit)
CUE = '"Your turn"'  # what the call screen shows as the reply recording starts


def speech_at_start(clip: Clip) -> float | None:
    """Seconds from which speech was heard when that is under ``EARLY_SECONDS`` (the trainee was already
    speaking as the recording began), else None (a normal pause first, or no speech)."""
    onset = _onset(speech_frames(frame_levels(clip.y, clip.sr)))
    return None if onset is None else round(onset * FRAME_SECONDS, 2)


def notice(start: float) -> str:
    """What the feedback says to the trainee about a reply with speech from ``start`` seconds."""
    return (f"You were already speaking when your turn began ({speech_from(start)}): words said before {CUE} are "
            "not recorded — wait for the cue.")


def flag(start: float) -> str:
    """How the review and the exports mark a stored try with speech from ``start`` seconds, for the trainer: the
    same facts as ``notice``, without the advice."""
    return f"started speaking before {CUE} ({speech_from(start)}): the reply's first words may be missing"


def speech_from(start: float) -> str:
    """'speech from 0.0 s', as ``notice`` and ``flag`` name the time."""
    return f"speech from {start:.1f} s"


def speech_frames(levels: np.ndarray) -> np.ndarray:
    """True for the frames (levels from ``endpoint.frame_levels``) the end-of-reply detector would call speech
    against the reply's own floor, and within ``SPEECH_RANGE_DB`` of its loud syllables."""
    if not len(levels):
        return np.zeros(0, dtype=bool)
    c = EndpointConfig()
    floor, loud = np.percentile(levels, [FLOOR_PERCENTILE, LOUD_PERCENTILE])
    return (levels > floor + c.margin_db) & (levels > c.min_speech_db) & (levels > loud - SPEECH_RANGE_DB)


def _onset(voiced: np.ndarray) -> int | None:
    """The first frame before ``EARLY_SECONDS`` that starts sustained speech, or None."""
    span = int(round(SUSTAIN_SECONDS / FRAME_SECONDS))
    for i in range(min(int(round(EARLY_SECONDS / FRAME_SECONDS)), len(voiced))):
        if voiced[i] and voiced[i : i + span].sum() * 2 >= span:
            return i
    return None
