"""Sound the end-of-reply detector has not taken for speech, live: why a reply that is too quiet does not end.

A reply starts when the detector (``endpoint.Endpointer``) hears speech, and only then does a pause end it. Speech
too quiet for it (under ``EndpointConfig.min_speech_db``, or too close to a noisy room's floor) is never heard, so
the reply runs on to its no-speech limit. ``UnheardSound`` watches the reply's live level windows (the RMS dBFS
``audio_reply.LevelMeter`` hands the meter) and is on while, with no speech heard yet, at least half of the last
``UNHEARD_SECONDS`` held sound above silence: every window's RMS, not just its peaks, over ``clip.SILENCE_DB``, the
level under which the app calls a clip silent. It is off for good once speech is heard. A quiet room stays under
that line; a voice under it is not told from the room, so it gets no hint (``callsim devices --test`` names it).

API::

    watch = UnheardSound(hz=15.0)
    watch.feed(level_db, heard=endpointer.speech_start is not None)   # each level window
    watch.on                                                           # show ``HINT`` now
"""

from __future__ import annotations

from collections import deque

from callsim.clip import SILENCE_DB

UNHEARD_SECONDS = 3.0  # sound this long (half of it at least) with no speech heard: say so
HINT = "Sound but no speech heard yet: speak up or move closer to the microphone."


class UnheardSound:
    """Whether a reply being recorded has held sound, but no speech, for the last ``UNHEARD_SECONDS``."""

    def __init__(self, *, hz: float):
        self._sound: deque[bool] = deque(maxlen=max(int(round(UNHEARD_SECONDS * hz)), 1))
        self._heard = False

    def feed(self, level_db: float, *, heard: bool) -> None:
        """One level window (RMS dBFS) and whether the detector has heard speech by now."""
        self._heard = self._heard or heard
        self._sound.append(level_db > SILENCE_DB)

    @property
    def on(self) -> bool:
        """True while the hint applies: ``UNHEARD_SECONDS`` recorded, at least half of them sound, no speech."""
        full = len(self._sound) == self._sound.maxlen
        return full and not self._heard and sum(self._sound) * 2 >= len(self._sound)
