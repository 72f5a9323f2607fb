"""One reply in a practice call, with no UI: listen live, then judge it against the turn.

API::

    live = LiveReply(transcriber)                    # one per reply
    recorder = device.recorder(on_chunk=live.feed)   # Vosk and prosody run while you speak
    live.partial()                                   # words heard so far, for the screen
    outcome = live.judge(recording, turn=turn, baseline=baseline)   # TurnOutcome
    judge_clip(clip, transcriber, turn=turn, baseline=baseline)     # a reply from a file

The tone verdict comes from ``tone.judge`` and the word checks from
``content.check``; ``verdict.combine`` turns them into the turn's verdict, which
picks the caller's next line. A recorded reply's ``outcome.early_start`` says when
the trainee was already speaking as it began (``early_start.py``): a notice only.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from callsim.asr import Transcriber, Transcript
from callsim.clip import TARGET_SR, Clip
from callsim.early_start import CUE, speech_at_start
from callsim.verdict import Verdict, combine

FEED_SECONDS = 0.2
QUIET_PEAK_DB = -40.0  # a reply whose loudest sound stays below this is too quiet to be speech meant for us
#: Words the recogniser puts on noise with no voice in it (steady hiss comes out as one long "huh") and hesitations:
#: a reply with no speech and only these is nothing heard, as one with no words at all.
NOISE_WORDS = frozenset({"huh", "hmm", "mm", "um", "umm", "uh", "uhh", "uhm", "er", "erm"})


@dataclass
class TurnOutcome:
    """Everything judged about one reply to one caller line."""

    turn_id: str
    clip: Clip
    transcript: Transcript
    features: object  # prosody.Features
    tone: object  # tone.ToneResult
    content: object  # content.ContentResult
    verdict: Verdict
    reason: str = "ended"  # why the recording stopped
    early_start: float | None = None  # microphone only: speech already under way as the recording began (s)

    @property
    def level(self) -> str:
        """``suits``, ``partly`` or ``does not suit``."""
        return self.verdict.level

    @property
    def nothing_heard(self) -> bool:
        """No speech: a muted or far too quiet microphone (or an empty file), not a reply to judge. Words the
        recogniser found in audio that never rose above ``QUIET_PEAK_DB`` are its guesses at noise, as are
        ``NOISE_WORDS`` alone at any level; a short reply at a normal level ("Okay.") is judged."""
        if "no_speech" not in self.features.checks:
            return False
        words = [getattr(w, "text", w) for w in self.transcript.words]
        return all(w in NOISE_WORDS for w in words) or self.clip.peak_db < QUIET_PEAK_DB

    def payloads(self) -> dict:
        """The JSON parts the store keeps for this turn."""
        return {
            "transcript": self.transcript.to_dict(),
            "prosody": self.features.to_dict(),
            "tone": self.tone.to_dict(),
            "content": self.content.to_dict() | {"verdict": self.verdict.to_dict()},
        }


class LiveReply:
    """Transcription and prosody of a reply, computed chunk by chunk while it is recorded."""

    def __init__(self, transcriber: Transcriber, *, sr: int = TARGET_SR):
        from callsim.prosody import IncrementalProsody

        self.sr = sr
        self._stream = transcriber.stream()
        self._prosody = IncrementalProsody(sr=sr)
        self._lock = threading.Lock()

    def feed(self, y: np.ndarray) -> None:
        """Take the next float32 chunk (called on the recorder's worker thread)."""
        with self._lock:
            self._stream.feed(y)
            self._prosody.feed(y)

    def partial(self) -> str:
        """The words heard so far."""
        with self._lock:
            return self._stream.partial()

    def finish(self) -> tuple[Transcript, object]:
        """Final transcript and prosody features (only the last second is left to analyse)."""
        with self._lock:
            transcript = self._stream.finish()
            return transcript, self._prosody.finish(words=transcript.words)

    def judge(self, clip: Clip, *, turn, baseline, reason: str = "ended") -> TurnOutcome:
        """Finish listening and judge the reply to ``turn`` against the trainee's ``baseline``. A recorded reply
        (any ``reason`` but "file") also says whether the trainee was already speaking when it began; a file
        starting with speech is normal. It is a notice: the verdict is the same either way."""
        transcript, features = self.finish()
        outcome = evaluate(clip, transcript, features, turn=turn, baseline=baseline, reason=reason)
        outcome.early_start = None if reason == "file" else speech_at_start(clip)
        return outcome


def evaluate(clip: Clip, transcript: Transcript, features, *, turn, baseline, reason: str = "ended") -> TurnOutcome:
    """Tone verdict + word checks for one reply, combined into the turn's verdict."""
    from callsim import content, tone
    from callsim.content_additions import phrasebook_for

    tone_result = tone.judge(features, baseline, target=turn.tone, purpose=getattr(turn, "purpose", ""))
    book = phrasebook_for(getattr(turn, "phrases", None), lenient=True)  # the own wording that loads
    findings = content.check(list(transcript.words), context=turn.caller, duration=clip.duration, phrasebook=book)
    verdict = combine(tone_result, findings, turn=turn, heard=bool(transcript.words))
    return TurnOutcome(turn.id, clip, transcript, features, tone_result, findings, verdict, reason)


def nothing_heard_text(clip: Clip, *, file: str = "") -> str:
    """One line for a reply in which nothing was heard (from the microphone, or in ``file``), naming the loudest
    sound in it."""
    peak = f"loudest sound {clip.peak_db:.0f} dBFS"
    if file:
        return f"No speech in {file} ({peak}): give a recording of your reply"
    if clip.peak_db >= QUIET_PEAK_DB:  # the microphone works: it heard sound, only no voice in it
        return (f"No speech heard from the microphone ({peak}, but nothing like a voice): speak after {CUE}, "
                "into the microphone callsim uses")
    return f"Nothing heard from the microphone ({peak}): check it is on, unmuted and loud enough"


def judge_clip(clip: Clip, transcriber: Transcriber, *, turn, baseline, reason: str = "file") -> TurnOutcome:
    """Judge a reply that comes from a file (or a recording whose live analysis failed: its ``reason`` for
    ending), through the same chunked path as the microphone."""
    clip = clip.resampled(TARGET_SR)
    live = LiveReply(transcriber)
    step = int(FEED_SECONDS * TARGET_SR)
    for start in range(0, len(clip.y), step):
        live.feed(clip.y[start : start + step])
    return live.judge(clip, turn=turn, baseline=baseline, reason=reason)
