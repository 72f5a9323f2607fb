"""Streaming English transcription with Vosk: words with times and confidences.

The model is loaded once per ``Transcriber`` and reused by every stream. Audio
is fed as float32 chunks at 16 kHz, the way a microphone delivers it; partial
text is available while audio is still arriving.

Each stream first reseeds the C library's ``rand()`` (``seed_dither``): Kaldi adds
dither noise to the audio before its features, drawn from generators seeded from
that process-wide ``rand()``, so the same reply decoded to word times a frame apart
depending on what the process had decoded before (vosk-api#868). Reseeding keeps
the features exactly as Vosk computes them (dither on) and makes every reply's
transcript repeatable, as long as one reply is decoded at a time.
"""

from __future__ import annotations

import functools
import json
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from callsim.clip import TARGET_SR, Clip, to_pcm16
from callsim.clip_stderr import captured_fd2
from callsim.errors import CallsimError
from callsim.model import find_model
from callsim.model_probe import refuse_crashing
from callsim.overlay import whole_utterance_model

CHUNK_SECONDS = 0.2
#: Near-digital silence: a chunk whose loudest sample is under -70 dBFS (about 10 steps of 16-bit audio). Vosk,
#: decoding a reply as one utterance, slows down quadratically on long runs of it (a muted 4-minute recording took
#: 86 s), so of a run longer than twice ``KEEP_SILENCE`` seconds only that much at each end is fed; word times are
#: given in the audio as it was.
SILENT_PEAK = 10 ** (-70 / 20)
KEEP_SILENCE = 0.5
DITHER_SEED = 1  # any fixed value: what matters is that every reply starts from the same one


@dataclass(frozen=True)
class Word:
    """One recognised word: text, start and end in seconds, confidence 0..1."""

    text: str
    start: float
    end: float
    conf: float


@dataclass(frozen=True)
class Transcript:
    """A finished transcription: the words in order and their text."""

    words: tuple[Word, ...] = field(default_factory=tuple)

    @property
    def text(self) -> str:
        """The words joined by spaces (Vosk style: lower case, no punctuation)."""
        return " ".join(w.text for w in self.words)

    def to_dict(self) -> dict:
        """JSON-ready form."""
        return {"text": self.text, "words": [asdict(w) for w in self.words]}

    @classmethod
    def from_dict(cls, data: dict) -> "Transcript":
        """Inverse of :meth:`to_dict`."""
        return cls(tuple(Word(**w) for w in data.get("words", [])))


_MODELS: dict[Path, object] = {}
_LOCK = threading.Lock()


def load_vosk_model(path: Path, *, load_from: Path | None = None):
    """The ``vosk.Model`` of the model folder ``path``, loaded once per process (from ``load_from`` if given).

    One process keeps one loaded copy per model folder: a second Kaldi model of the same
    files in one process shifted word times by a frame, and it would double the memory.
    """
    key = Path(path).resolve()
    with _LOCK:
        if key not in _MODELS:
            vosk = _import_vosk()
            try:
                with captured_fd2() as kaldi_said:  # Kaldi prints its reason on fd 2, past any log level
                    _MODELS[key] = vosk.Model(str(load_from or path))
            except Exception as err:
                why = _kaldi_error(kaldi_said) or str(err)
                raise CallsimError(f"cannot load the Vosk model at {path} ({why}); it may be damaged") from None
        return _MODELS[key]


def _kaldi_error(lines: list[str]) -> str:
    """The text of Kaldi's last ``ERROR (VoskAPI:Where():file.cc:12) text`` line, or ""."""
    errors = [line.split(") ", 1)[-1].strip() for line in lines if line.startswith("ERROR (")]
    return errors[-1] if errors else ""


def _import_vosk():
    try:
        import vosk
    except ImportError as err:  # pragma: no cover - depends on the install
        raise CallsimError(f"the vosk package is not installed ({err}); reinstall callsim") from None
    vosk.SetLogLevel(-1)
    return vosk


class Transcriber:
    """Owns one loaded Vosk model; makes streams and transcribes clips."""

    def __init__(self, model_path: str | Path | None = None):
        self.model_path = find_model(model_path)
        refuse_crashing(self.model_path)
        self.model = load_vosk_model(self.model_path, load_from=whole_utterance_model(self.model_path))

    def stream(self) -> "Stream":
        """A fresh recogniser for one reply."""
        return Stream(self.model)

    def transcribe(self, clip: Clip, *, chunk_seconds: float = CHUNK_SECONDS) -> Transcript:
        """Feed ``clip`` in microphone-sized chunks and return the final transcript."""
        stream = self.stream()
        clip = clip.resampled(TARGET_SR)
        step = max(int(chunk_seconds * TARGET_SR), 1)
        for start in range(0, len(clip.y), step):
            stream.feed(clip.y[start : start + step])
        return stream.finish()


class Stream:
    """One reply being recognised: ``feed`` chunks, read ``partial``, then ``finish``."""

    def __init__(self, model):
        vosk = _import_vosk()
        seed_dither()
        self._rec = vosk.KaldiRecognizer(model, TARGET_SR)
        self._rec.SetWords(True)
        self._words: list[Word] = []
        self._fed = self._silent_run = 0  # samples given to Vosk; of them, the current run of silent ones
        self._held: list[np.ndarray] = []  # the latest silence of a long run, fed if sound follows
        self._gaps: list[tuple[float, float]] = []  # (seconds fed when silence was left out, seconds left out)

    def feed(self, y: np.ndarray) -> None:
        """Accept float32 samples at 16 kHz (of a long run of near-digital silence, only its ends: ``SILENT_PEAK``)."""
        if not len(y):
            return
        keep, silent = KEEP_SILENCE * TARGET_SR, float(np.max(np.abs(y))) < SILENT_PEAK
        if silent and self._silent_run >= keep:
            self._hold(y, keep)
            return
        if silent:
            self._silent_run += len(y)
        else:
            self._silent_run = 0
            self._release()
        self._accept(y)

    def _hold(self, y: np.ndarray, keep: float) -> None:
        """Keep the newest ``keep`` samples of silence; what falls out of them is left out (a gap)."""
        self._held.append(y)
        while sum(map(len, self._held)) - len(self._held[0]) >= keep:
            at, left = self._fed / TARGET_SR, len(self._held.pop(0)) / TARGET_SR
            if self._gaps and self._gaps[-1][0] == at:  # one gap per run of silence
                at, left = at, left + self._gaps.pop()[1]
            self._gaps.append((at, left))

    def _release(self) -> None:
        """Sound again: feed the silence held just before it."""
        held, self._held = self._held, []
        for y in held:
            self._accept(y)

    def _accept(self, y: np.ndarray) -> None:
        self._fed += len(y)
        if self._rec.AcceptWaveform(to_pcm16(y)):
            self._words.extend(self._timed(_words(self._rec.Result())))

    def partial(self) -> str:
        """Everything heard so far: finished segments plus the current best guess."""
        done = " ".join(w.text for w in self._words)
        guess = json.loads(self._rec.PartialResult()).get("partial", "")
        return " ".join(t for t in (done, guess) if t)

    def finish(self) -> Transcript:
        """Flush the recogniser and return every word with its timing."""
        self._release()
        self._words.extend(self._timed(_words(self._rec.FinalResult())))
        return Transcript(tuple(self._words))

    def _timed(self, words: list[Word]) -> list[Word]:
        """``words`` with times in the audio as given: the silence left out before each time added back."""
        if not self._gaps:
            return words
        return [Word(w.text, self._real(w.start), self._real(w.end), w.conf) for w in words]

    def _real(self, t: float) -> float:
        return round(t + sum(left for at, left in self._gaps if at <= t), 3)


def seed_dither() -> None:
    """Reset the C library's ``rand()``, from which Kaldi seeds its dither noise (see the module docstring)."""
    srand = _srand()
    if srand is not None:
        srand(DITHER_SEED)


@functools.cache
def _srand():
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    return getattr(ctypes.CDLL(name), "srand", None) if name else None


def _words(result_json: str) -> list[Word]:
    result = json.loads(result_json)
    return [
        Word(str(w["word"]), round(float(w["start"]), 3), round(float(w["end"]), 3), round(float(w["conf"]), 3))
        for w in result.get("result", [])
    ]
