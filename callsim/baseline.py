"""A trainee's usual voice: the baseline every tone judgement is relative to.

API::

    b = baseline_from_clips([clip1, clip2])        # readings of passages.BASELINE_PASSAGE
    save_baseline(b, path); b = load_baseline(path)  # small JSON file
    b = resolve_baseline("anna")                    # a .json path, or a name: the store's, else baselines/anna.json
    DEFAULT_BASELINE, population_baseline(features) # when there is no personal baseline

Without a personal baseline the population profile nearest the reply's pitch
(lower or higher voice) is used and the tone judgement says it is less certain.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

import numpy as np

from callsim.errors import CallsimError

FORMAT = 1
#: The set of voice measures a new calibration's profile holds: 2 since the formant-bandwidth and pitch-loudness
#: cues (2026-11-24). A profile saved with an older set (the field is absent: 1) lacks them.
MEASURES = 2
NUMBERS = ("pitch_median_st", "pitch_sd_st", "energy_db", "energy_sd_db", "syllable_rate",
           "alpha_ratio", "hammarberg", "spectral_tilt")


def st_to_hz(st: float) -> float:
    """Hz of a pitch on callsim's scale (semitones above 100 Hz)."""
    return 100.0 * 2 ** (st / 12)


@dataclass(frozen=True)
class Baseline:
    """Medians of a trainee's neutral readings (same units as ``prosody.Features``)."""

    name: str
    source: str  # "personal" or "population"
    pitch_median_st: float
    pitch_sd_st: float
    energy_db: float
    energy_sd_db: float
    syllable_rate: float
    alpha_ratio: float
    hammarberg: float
    spectral_tilt: float
    wpm: float | None = None  # from word timings, when the readings were transcribed
    clips: int = 0
    speech_seconds: float = 0.0
    profile: dict = field(default_factory=dict)  # Features.profile() medians, what the tone model compares
    measures: int = 1  # which set of measures the profile was made with (MEASURES for a new calibration)

    @property
    def is_personal(self) -> bool:
        """True for a trainee's own calibration, False for population defaults."""
        return self.source == "personal"

    @property
    def pitch_median_hz(self) -> float:
        """The pitch centre in Hz."""
        return st_to_hz(self.pitch_median_st)

    def to_dict(self) -> dict:
        """JSON-ready form (with a format number)."""
        data = {k: (round(v, 3) if isinstance(v, float) else v) for k, v in asdict(self).items()}
        data["profile"] = {k: round(v, 4) for k, v in self.profile.items()}
        return {"format": FORMAT} | data


POPULATION_FILE = Path(__file__).with_name("tone_population.json")
SPLIT_ST = 9.0  # replies with a median pitch above this (~168 Hz) use the higher-voice profile


def _population() -> dict[str, Baseline]:
    """Population profiles (lower and higher voices), written by ``scripts/train_tone.py``."""
    if not POPULATION_FILE.exists():  # only while training the very first model
        return {k: Baseline(k, "population", st, 2.0, -38.0, 6.5, 4.6, -12.0, 22.0, -7.0)
                for k, st in (("lower", 3.6), ("higher", 13.5))}
    data = json.loads(POPULATION_FILE.read_text())
    return {k: Baseline(**{f: v for f, v in d.items() if f != "format"}) for k, d in data.items()}


_PROFILES = _population()
LOWER_VOICE, HIGHER_VOICE = _PROFILES["lower"], _PROFILES["higher"]
DEFAULT_BASELINE = LOWER_VOICE


def population_baseline(features=None) -> Baseline:
    """Population defaults, choosing the profile nearest the reply's pitch."""
    st = getattr(features, "pitch_median_st", None)
    return HIGHER_VOICE if st is not None and st > SPLIT_ST else LOWER_VOICE


def usable_reading(features) -> bool:
    """True when a reading's ``Features`` hold speech with a pitch, so it counts towards a baseline."""
    return features.has_speech and features.pitch_median_st is not None


#: Speech (seconds, over all readings) below which a calibration is refused: a word or a cough is no baseline
#: (one short sentence, about 2 s, still counts; below ``STEADY_SPEECH`` the calibration says it is shaky).
MIN_CALIBRATION_SPEECH = 1.5
STEADY_SPEECH = 10.0


#: A microphone reading in which the end-of-reply detector never heard speech (app and ``callsim calibrate --mic``).
MIC_HEARD_NOTHING = "no speech heard from the microphone (muted, or its input level far too low?)"


def reading_problem(features) -> str:
    """Why one calibration reading cannot count ("" when it can): no speech, too quiet or clipped.

    A too-quiet reading would make every later reply sound loud; a clipped one measures the distortion."""
    if not usable_reading(features):
        return "no speech heard (silent or too short)"
    if "too_quiet" in features.checks:
        return (f"too quiet (speech at {features.energy_db:.0f} dBFS): raise the microphone's input level and "
                "read again")
    if "clipping" in features.checks:
        return (f"it clips ({features.clipped_share:.1%} of the samples at full scale): turn the microphone's input "
                "level down and read again")
    return ""


def calibration(feats: list, *, name: str) -> Baseline:
    """The baseline a calibration saves from its readings' ``Features``: readings with a ``reading_problem`` are
    left out; CallsimError naming the problem when none is left or they hold too little speech in all."""
    problems = [reading_problem(f) for f in feats]
    usable = [f for f, problem in zip(feats, problems) if not problem]
    if not usable:
        raise CallsimError("; ".join(p for p in problems if p) or "no readings")
    speech = sum(f.speech_seconds for f in usable)
    if speech < MIN_CALIBRATION_SPEECH:
        raise CallsimError(f"only {speech:.1f} s of speech: read the whole passage (about 20 s)")
    return baseline_from_features(usable, name=name)


def baseline_from_features(feats: list, *, name: str = "baseline") -> Baseline:
    """Combine the ``Features`` of neutral readings (medians across readings; readings without speech left out)."""
    usable = [f for f in feats if usable_reading(f)]
    if not usable:
        raise CallsimError("no usable speech in the baseline recordings (silent or too short)")
    values = {k: _median([getattr(f, k) for f in usable]) for k in NUMBERS}
    wpm = _median([f.wpm for f in usable]) if any(f.wpm for f in usable) else None
    seconds = float(sum(f.speech_seconds for f in usable))
    profiles = [f.profile() for f in usable]
    keys = sorted(set().union(*profiles))  # a measure one reading could not take still comes from the others
    profile = {k: _median([p.get(k) for p in profiles]) for k in keys}
    return Baseline(name, "personal", **values, wpm=wpm, clips=len(usable), speech_seconds=seconds, profile=profile,
                    measures=MEASURES)


def baseline_from_clips(clips: list, *, words: list | None = None, name: str = "baseline") -> Baseline:
    """Measure neutral readings (``Clip`` list, optional word lists) into a ``Baseline``."""
    return baseline_from_features(reading_features(clips, words=words), name=name)


def reading_features(clips: list, *, words: list | None = None) -> list:
    """The ``Features`` of each reading (``words``: one word list per clip, or None for no transcripts)."""
    from callsim import prosody

    words = words or [None] * len(clips)
    return [prosody.extract(c, words=w) for c, w in zip(clips, words)]


def _median(values) -> float:
    values = [v for v in values if v is not None]
    return float(np.median(values)) if values else float("nan")


def save_baseline(b: Baseline, path: str | Path) -> Path:
    """Write ``b`` as JSON, mode 0600, atomically and durably (creating private folders); returns the path.

    A crash mid-save leaves the previous file whole: the JSON goes to a temp file that replaces it."""
    from callsim.store_files import private_dir, write_bytes

    path = Path(path)
    try:
        private_dir(path.parent)
        write_bytes(path, (json.dumps(b.to_dict(), indent=2) + "\n").encode())
    except OSError as err:
        raise CallsimError(f"{err.filename or path}: cannot save the baseline ({err.strerror or err})") from None
    return path


def load_baseline(path: str | Path) -> Baseline:
    """Read a baseline JSON file; CallsimError with one line when it is missing, unreadable or not one."""
    path = Path(path)
    try:
        data = json.loads(path.read_text())
    except FileNotFoundError:
        raise CallsimError(f"{path}: no such file") from None
    except OSError as err:
        raise CallsimError(f"{path}: cannot read it ({(err.strerror or str(err)).lower()})") from None
    except ValueError:  # not UTF-8 text, or not JSON
        raise CallsimError(f"{path}: not a callsim baseline profile (not JSON)") from None
    return baseline_from_dict(data, name=path.stem, what=f"{path}: not a callsim baseline profile")


def baseline_from_dict(data, *, name: str, what: str) -> Baseline:
    """A personal ``Baseline`` from its ``to_dict()`` form; CallsimError "``what`` (reason)" when it is not one."""
    if not isinstance(data, dict):
        raise CallsimError(f"{what} (expected a JSON object)")
    missing = [k for k in NUMBERS if not isinstance(data.get(k), (int, float))]
    if missing:
        raise CallsimError(f"{what} (missing {', '.join(missing)})")
    names = {f.name for f in fields(Baseline)}
    data = {"name": name, "source": "personal"} | data
    profile = data.get("profile") if isinstance(data.get("profile"), dict) else {}
    b = Baseline(**{k: v for k, v in data.items() if k in names} | {"profile": profile})
    return replace(b, source="personal" if b.source != "population" else b.source)


def baselines_dir() -> Path:
    """Where ``callsim calibrate`` saves named baselines."""
    from callsim import paths

    return paths.data_dir() / "baselines"


def named_baseline_path(name: str) -> Path:
    """Where the baseline saved as ``name`` lives (``callsim calibrate --name``, the app's calibration)."""
    return baselines_dir() / f"{name}.json"


MAX_READINGS = 5  # ``callsim calibrate --mic --readings N`` takes at most this many


def readings_text(n: int) -> str:
    """'1 reading', '3 readings'."""
    return "1 reading" if n == 1 else f"{n} readings"


def reading_path(name: str, n: int = 1) -> Path:
    """Where ``callsim calibrate --mic`` keeps the ``n``-th reading it recorded for ``name``."""
    return baselines_dir() / (f"{name}-reading.wav" if n == 1 else f"{name}-reading-{n}.wav")


def resolve_baseline(spec: str) -> Baseline:
    """A baseline JSON file by path, else a trainee's calibration by name (``named_baseline``)."""
    path = Path(spec)
    if path.suffix == ".json" or path.exists():
        return load_baseline(path)
    return named_baseline(spec)


def named_baseline(name: str) -> Baseline:
    """The app's lookup: the session store's newest baseline for ``name``, else ``baselines/NAME.json``.

    A store that cannot be opened is passed over (the profile file still counts); a stored
    calibration that is not a baseline is an error, as the app says it cannot be used. When
    neither place has one, the CallsimError names both places looked at."""
    found, looked = stored_baseline(name)
    if found is not None:
        return found
    named = named_baseline_path(name)
    if named.is_file():
        return load_baseline(named)
    raise CallsimError(f"no baseline named {name!r}: looked in {looked} and for {named} "
                       f"(run: callsim calibrate --name {name} FILE...)")


def stored_baseline(name: str) -> tuple[Baseline | None, str]:
    """(``name``'s newest baseline in the session store or None, where that looked, for messages).

    No store is created for this: a data folder without one has nothing stored."""
    from callsim import paths
    from callsim.store import DB_NAME

    db = paths.data_dir() / DB_NAME
    if not db.is_file():
        return None, f"the session store (none yet at {db})"
    try:
        record = _stored_record(name)
    except CallsimError as err:
        return None, f"the session store ({err})"
    except ValueError as err:  # a stored profile that is not JSON
        raise _damaged(name, type(err).__name__, db) from None
    if record is None:
        return None, f"the session store ({db})"
    return _from_record(record, db), str(db)


def _stored_record(name: str):
    """The newest BaselineRecord of ``name`` (None when none); CallsimError when the store cannot be read."""
    import sqlite3

    from callsim.store import Store

    try:
        with Store.open(recover=False) as store:
            return store.load_baseline(name)
    except sqlite3.Error as err:
        raise CallsimError(f"cannot read it: {str(err).strip() or type(err).__name__}") from None


def _from_record(record, db: Path) -> Baseline:
    """The ``Baseline`` in a stored record; CallsimError when the stored profile is not one."""
    try:
        return baseline_from_dict(record.profile, name=record.trainee, what="not a baseline")
    except CallsimError as err:
        raise _damaged(record.trainee, str(err), db) from None


def _damaged(name: str, why: str, db: Path) -> CallsimError:
    """The error for a stored calibration that cannot be used (the app says so too, rather than judge without it)."""
    profile = named_baseline_path(name)
    other = f", or pass the saved profile: --baseline {profile}" if profile.is_file() else ""
    return CallsimError(f"the stored calibration of {name} in {db} cannot be used ({why}); "
                        f"calibrate again (callsim calibrate --name {name} FILE...){other}")
