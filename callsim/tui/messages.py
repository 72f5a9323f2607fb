"""Messages posted by workers, each named as a fact; handlers update the screen."""

from __future__ import annotations

import time

from textual.message import Message


def tell(app, fn, *args, **kwargs) -> None:
    """Run ``fn`` on the UI thread, from a worker, if the app is still running."""
    try:
        app.call_from_thread(fn, *args, **kwargs)
    except RuntimeError:  # the app has already closed: nothing left to tell
        pass


class ModelLoaded(Message):
    """The speech model is loaded (``transcriber``) or failed (``error``)."""

    def __init__(self, transcriber=None, error: str = ""):
        super().__init__()
        self.transcriber, self.error = transcriber, error


class ResourcesOpened(Message):
    """The store and the sound device have been opened (or failed, with notices set)."""


class AudioLost(Message):
    """The sound device failed in use or warming up (``error``) and was let go: ``services.device`` is None now."""

    def __init__(self, error: str):
        super().__init__()
        self.error = error


class AnalysisWarmed(Message):
    """librosa/numba kernels are compiled and cached; the first reply pays nothing."""

    def __init__(self, seconds: float):
        super().__init__()
        self.seconds = seconds


class CallerFinished(Message):
    """The caller's line has been played."""


class CallerNotPlayed(Message):
    """The caller's line could not be played (``reason``: its file would not load, or the speaker failed)."""

    def __init__(self, reason: str):
        super().__init__()
        self.reason = reason


class LevelMeasured(Message):
    """The microphone level (dBFS); only the newest one matters."""

    def __init__(self, db: float):
        super().__init__()
        self.db = db

    def can_replace(self, message: Message) -> bool:
        """A newer level supersedes an older one still in the queue."""
        return isinstance(message, LevelMeasured)


class PartialHeard(Message):
    """The words recognised so far; only the newest one matters."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def can_replace(self, message: Message) -> bool:
        """A newer partial transcript supersedes an older one."""
        return isinstance(message, PartialHeard)


class SoundWithoutSpeech(Message):
    """Whether the reply so far has been sound with no speech heard for a few seconds (``on``); only the newest one
    matters."""

    def __init__(self, on: bool):
        super().__init__()
        self.on = on

    def can_replace(self, message: Message) -> bool:
        """A newer state supersedes an older one still in the queue."""
        return isinstance(message, SoundWithoutSpeech)


class ReplyRecorded(Message):
    """The trainee's reply ended (``recording``), or recording failed (``error``); ``at`` is when."""

    def __init__(self, recording=None, error: str = ""):
        super().__init__()
        self.recording, self.error = recording, error
        self.at = time.perf_counter()


class NothingHeard(Message):
    """The reply held no speech (a muted or far too quiet microphone): ``text`` says so in one line."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text


class FeedbackReady(Message):
    """The reply has been judged."""

    def __init__(self, outcome):
        super().__init__()
        self.outcome = outcome


class TurnSaved(Message):
    """The judged turn is on disk (or could not be saved: ``error``)."""

    def __init__(self, record=None, error: str = ""):
        super().__init__()
        self.record, self.error = record, error


class BaselineSaved(Message):
    """A new baseline was measured and stored (or failed: ``error``)."""

    def __init__(self, baseline=None, error: str = ""):
        super().__init__()
        self.baseline, self.error = baseline, error
