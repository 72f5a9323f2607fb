"""The trainee's baseline: read from the store, described in one line.

A calibration that cannot be read (a truncated JSON file, a stored profile that
is not a baseline) never stops the app: ``baseline_for`` returns None, so the
trainee is judged as uncalibrated, and ``calibration_text`` says why in one line.
"""

from __future__ import annotations

from callsim.errors import CallsimError


def baseline_for(store, trainee: str):
    """The trainee's newest personal baseline (the app's store, else ``callsim calibrate``'s file), or None
    when there is none or it cannot be read (``baseline_problem`` says why)."""
    return _lookup(store, trainee)[0]


def baseline_problem(store, trainee: str) -> str:
    """Why the trainee's saved calibration cannot be used (one line), or "" when it can or there is none."""
    return _lookup(store, trainee)[1]


def _lookup(store, trainee: str) -> tuple[object, str]:
    try:
        return _read(store, trainee), ""
    except CallsimError as err:
        return None, str(err)


def _read(store, trainee: str):
    try:
        record = store.load_baseline(trainee) if (store and trainee) else None
    except ValueError as err:  # a stored profile that is not JSON
        raise CallsimError(f"the stored calibration of {trainee} is damaged ({type(err).__name__})") from None
    if record is None:
        return _saved_by_cli(trainee)
    return _from_record(record)


def _from_record(record):
    from callsim.baseline import baseline_from_dict

    what = f"the stored calibration of {record.trainee} is not a baseline"
    return baseline_from_dict(record.profile, name=record.trainee, what=what)


def _saved_by_cli(trainee: str):
    from callsim.baseline import load_baseline, named_baseline_path

    path = named_baseline_path(trainee)
    return load_baseline(path) if trainee and path.is_file() else None


def calibration_text(store, trainee: str) -> str:
    """'Calibrated …', why the saved calibration cannot be used, or how to calibrate, for the home screen."""
    if not trainee:
        return "Type your name, then pick a scenario (Enter) or calibrate your voice (b)."
    problem = name_problem(trainee)
    if problem:
        return problem
    if len(same := _spellings_like(store, trainee)) > 1:
        return f"{trainee} could be {' or '.join(same)}: type the name as it is known here."
    baseline, problem = _lookup(store, trainee)
    if problem:
        return (f"{trainee}'s calibration cannot be used ({problem}): tone is judged against typical voices, "
                "with less certainty, until you press b to calibrate again.")
    if baseline is None:
        return (f"{trainee} is not calibrated: press b and read a short passage. "
                "Until then tone is judged against typical voices, with less certainty.")
    return (f"{trainee} is calibrated: usual pitch {baseline.pitch_median_hz:.0f} Hz, "
            f"level {baseline.energy_db:.0f} dB. Press b to calibrate again.")


def _spellings_like(store, trainee: str) -> list[str]:
    import sqlite3

    try:
        return store.spellings_like(trainee) if store is not None else []
    except sqlite3.Error:
        return []


def name_problem(trainee: str) -> str:
    """Why the typed name cannot be used, in one line for the home screen ("" when it can)."""
    from callsim.names import trainee_name_problem

    problem = trainee_name_problem(trainee)
    return f"That name cannot be used: {problem}." if problem else ""


def measure_and_save(store, trainee: str, clip, transcriber=None, *, readings: list | None = None):
    """Measure a reading of the passage (transcribed for the usual pace in wpm) and store the baseline it makes
    together with ``readings``, the (features, clip) pairs of this calibration's earlier readings (medians across
    readings, so two or three give a steadier baseline). A usable reading is appended to ``readings``; one with a
    problem raises CallsimError naming it and changes nothing, as does a profile file or store row that cannot be
    saved (``save_calibration``: the file first, put back if the store then fails)."""
    from callsim.baseline import calibration, reading_features, reading_problem, save_calibration
    from callsim.records import BaselineRecord

    readings = [] if readings is None else readings
    if clip.is_silent:
        raise CallsimError("the reading was silent")
    words = [list(transcriber.transcribe(clip).words)] if transcriber is not None else None
    (feats,) = reading_features([clip], words=words)
    if problem := reading_problem(feats):
        raise CallsimError(problem)
    baseline = calibration([f for f, _ in readings] + [feats], name=trainee)

    def in_store():
        if store is not None:
            audio = joined([c for _, c in readings] + [clip])  # every reading the baseline came from, kept together
            store.save_baseline(BaselineRecord(trainee, baseline.to_dict()), audio)

    save_calibration(baseline, trainee, in_store)  # the file too, so `callsim analyze --baseline NAME` finds it
    readings.append((feats, clip))
    return baseline


def joined(clips: list, *, gap: float = 0.5):
    """The clips one after another with ``gap`` seconds of silence between them (all at the first one's rate)."""
    import numpy as np

    from callsim.clip import Clip

    sr = clips[0].sr
    silence = np.zeros(int(gap * sr), np.float32)
    parts = [part for c in clips for part in (silence, c.resampled(sr).y)][1:]
    return Clip(np.concatenate(parts).astype(np.float32), sr)
