"""``ThreadRecorder``: the worker thread shared by the real and the in-memory recorder.

Subclasses yield 16 kHz blocks from ``_chunks()``; the worker feeds them to a
``ReplyCapture`` until the reply ends, the stop key is pressed or the source
fails. ``wait()`` returns the ``Recording`` or raises CallsimError.
"""

from __future__ import annotations

import threading
from typing import Iterator

import numpy as np

from callsim.audio_reply import Recording, ReplyCapture
from callsim.errors import CallsimError


class RecordingFailed(CallsimError):
    """Recording ended on an error; ``recording`` is the audio captured before it (None when there was none)."""

    def __init__(self, message: str, recording: Recording | None = None):
        super().__init__(message)
        self.recording = recording


class ThreadRecorder:
    """A recorder whose worker thread feeds ``_chunks()`` to a ``ReplyCapture``."""

    def __init__(self, capture: ReplyCapture, *, stop_event: threading.Event | None = None):
        self.capture = capture
        self.stop_event = stop_event or threading.Event()
        self.dropped = 0
        self._result: Recording | None = None
        self._error: BaseException | None = None
        self._salvaged: Recording | None = None
        self._finished = threading.Event()
        self._thread = threading.Thread(target=self._run, name="callsim-recorder", daemon=True)

    def _chunks(self) -> Iterator[np.ndarray]:  # pragma: no cover - overridden
        raise NotImplementedError

    def _cleanup(self) -> None:
        """Hook run on the worker thread when recording ends."""

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the worker to end without asking for the result; True when it has."""
        return self._finished.wait(timeout)

    def start(self) -> "ThreadRecorder":
        """Begin recording in the background; returns self."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """End the reply now (the app's stop key); ``wait()`` returns what was heard."""
        self.stop_event.set()

    @property
    def done(self) -> bool:
        """True once the recording has ended."""
        return self._finished.is_set()

    @property
    def unheard_sound(self) -> bool:
        """True while sound, but no speech, has come in for a few seconds (``callsim.unheard``): the reply is too
        quiet for the end-of-reply detector so far."""
        return self.capture.unheard.on

    def wait(self, timeout: float | None = None) -> Recording:
        """Block until the reply is over; raise CallsimError on a device failure or timeout."""
        if not self._finished.wait(timeout):
            raise CallsimError(f"the recording did not end within {timeout} s")
        if self._error is not None:
            text = str(self._error) if isinstance(self._error, CallsimError) else f"recording failed: {self._error}"
            raise RecordingFailed(text, self._salvaged) from self._error
        assert self._result is not None
        return self._result

    def _run(self) -> None:
        reason = "ended"
        try:
            for chunk in self._chunks():
                if self.stop_event.is_set():
                    reason = "stopped"
                    break
                if self.capture.feed(chunk):
                    break
            else:
                reason = "stopped" if self.stop_event.is_set() else "ended"
            self._result = self.capture.finish(reason, dropped=self.dropped)
        except BaseException as err:  # reported to the caller of wait(), with the audio heard so far
            self._error = err
            self._salvaged = self.capture.salvage()
        finally:
            self._cleanup()
            self._finished.set()
