"""The microphone level test behind ``callsim devices --test``: record a few seconds, measure, say what to do.

It judges with the app's own signal checks, never a second set of numbers: silence is
``clip.SILENCE_DB``, speech, "too quiet" and "clipping" are the prosody checks a reply
gets (``prosody_summary.QUIET_DB``, ``CLIPPED_SHARE``), speech the end-of-reply detector
misses is too quiet for the room (a pause would not end a reply), and a reply with no
speech whose loudest sound stays under ``practice.QUIET_PEAK_DB`` counts in the app as
nothing heard.

API::

    device.play(beep()).wait()                     # a short tone, to check the speaker
    level = record_level(device, 3.0, on_level=f)  # MicLevel: numbers, verdict, advice
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from callsim.clip import SILENCE_DB, TARGET_SR, Clip
from callsim.endpoint import rms_db
from callsim.practice import QUIET_PEAK_DB
from callsim.prosody_summary import CLIPPED_SHARE, QUIET_DB

VERDICTS = ("silent", "too_quiet", "no_speech", "clipping", "fine")
_UNMUTE = ("unmute it (a switch or key on the headset, or the input in the system's sound settings or pavucontrol), "
           "raise its input level, or try another microphone with --input NAME|INDEX")
_LOUDER = "raise the microphone's input level or move closer to it"


@dataclass(frozen=True)
class MicLevel:
    """What a level test heard: levels in dBFS, the verdict (one of ``VERDICTS``), why, and the fix."""

    seconds: float
    peak_db: float
    rms_db: float
    speech_db: float | None  # the speech level the "too quiet" check uses (None: no speech)
    clipped_share: float
    verdict: str
    detail: str
    fix: str = ""

    def to_dict(self) -> dict:
        """JSON-ready values (dB to 0.1)."""
        return {k: round(v, 4 if k == "clipped_share" else 1) if isinstance(v, float) else v
                for k, v in asdict(self).items()}


def beep(seconds: float = 0.5, hz: float = 660.0, *, amp: float = 0.25) -> Clip:
    """A soft tone with 20 ms fades (no click), for checking the speaker."""
    t = np.arange(int(seconds * TARGET_SR)) / TARGET_SR
    fade = np.minimum(1.0, np.minimum(t, t[-1] - t) / 0.02)
    return Clip((amp * fade * np.sin(2 * np.pi * hz * t)).astype(np.float32), TARGET_SR)


def record_level(device, seconds: float, *, on_level=None) -> MicLevel:
    """Record ``seconds`` from ``device``'s microphone (whatever is said: it does not stop at a pause) and judge it.

    ``on_level(dbfs)`` gets the live level, as in the app. CallsimError when the microphone fails."""
    device.warm_up()
    recording = device.record(max_seconds=seconds, end_silence=seconds + 1, no_speech_timeout=None,
                              on_level=on_level)
    return judge(recording)


def judge(recording) -> MicLevel:
    """The level and verdict of a ``Recording`` (its clip, and whether the end-of-reply detector heard speech)."""
    clip = recording.clip
    if clip.is_silent:
        return _level(clip, None, 0.0, "silent",
                      f"heard nothing: the microphone gave silence (loudest sound {clip.peak_db:.0f} dBFS, "
                      f"under {SILENCE_DB:.0f})", _UNMUTE)
    from callsim import prosody

    feats = prosody.extract(clip)
    speech_db = feats.energy_db if feats.has_speech else None
    return _level(clip, speech_db, feats.clipped_share, *_verdict(clip, feats, recording.heard_speech))


def _verdict(clip: Clip, feats, noticed: bool) -> tuple[str, str, str]:
    """(verdict, detail, fix) for a recording that is not silent. Speech is what the app's judging measures
    (prosody); ``noticed`` says whether the end-of-reply detector also heard it (if not, a pause ends no reply)."""
    speech = feats.has_speech
    if "clipping" in feats.checks:
        return ("clipping", f"clipping: {feats.clipped_share:.1%} of the samples hit full scale (callsim flags over "
                f"{CLIPPED_SHARE:.1%}); replies sound distorted", "turn the microphone's input level down, or hold "
                "it further from your mouth")
    if not speech and clip.peak_db < QUIET_PEAK_DB:
        return ("too_quiet", f"too quiet: only faint sound reached callsim (loudest {clip.peak_db:.0f} dBFS; under "
                f"{QUIET_PEAK_DB:.0f} the app takes a reply as nothing heard)", f"{_LOUDER}; if you said nothing, "
                "run the test again and speak")
    if not speech:
        return ("no_speech", f"no speech heard: sound reached callsim (loudest {clip.peak_db:.0f} dBFS) but nothing "
                "like a voice", "speak normally for the whole test (count aloud); if you did, check that this is the "
                "microphone you speak into (--input NAME|INDEX)")
    if "too_quiet" in feats.checks:
        return ("too_quiet", f"too quiet: your speech measured {feats.energy_db:.0f} dBFS (callsim calls under "
                f"{QUIET_DB:.0f} too quiet)", _LOUDER)
    if not noticed:
        return ("too_quiet", f"too quiet for the room: your speech measured {feats.energy_db:.0f} dBFS, but callsim "
                "could not tell it from the background, so a pause would not end your reply",
                f"{_LOUDER}, or find a quieter room")
    return "fine", f"fine: callsim hears you well (speech at {feats.energy_db:.0f} dBFS)", ""


def _level(clip: Clip, speech_db, clipped: float, verdict: str, detail: str, fix: str) -> MicLevel:
    return MicLevel(round(clip.duration, 2), clip.peak_db, rms_db(clip.y), speech_db, clipped, verdict, detail, fix)
