"""The trainee's baseline: read from the store, described in one line."""

from __future__ import annotations

from dataclasses import fields


def baseline_for(store, trainee: str):
    """The trainee's newest personal baseline (the app's store, else ``callsim calibrate``'s file), or None."""
    from callsim.baseline import Baseline

    record = store.load_baseline(trainee) if (store and trainee) else None
    if record is None:
        return _saved_by_cli(trainee)
    names = {f.name for f in fields(Baseline)}
    return Baseline(**{k: v for k, v in record.profile.items() if k in names})


def _saved_by_cli(trainee: str):
    from callsim.baseline import load_baseline, named_baseline_path

    path = named_baseline_path(trainee)
    return load_baseline(path) if trainee and path.is_file() else None


def calibration_text(store, trainee: str) -> str:
    """'Calibrated …' or how to calibrate, for the home screen."""
    if not trainee:
        return "Type your name, then pick a scenario (Enter) or calibrate your voice (b)."
    baseline = baseline_for(store, trainee)
    if baseline is None:
        return (f"{trainee} is not calibrated: press b and read a short passage. "
                "Until then tone is judged against typical voices, with less certainty.")
    return (f"{trainee} is calibrated: usual pitch {baseline.pitch_median_hz:.0f} Hz, "
            f"level {baseline.energy_db:.0f} dB. Press b to calibrate again.")


def measure_and_save(store, trainee: str, clip, transcriber=None):
    """Measure a reading of the passage (transcribed for the usual pace in wpm) and store it as the baseline."""
    from callsim.baseline import baseline_from_clips, named_baseline_path, save_baseline
    from callsim.errors import CallsimError
    from callsim.records import BaselineRecord

    if clip.is_silent or clip.duration < 3.0:
        raise CallsimError("the reading was silent or shorter than 3 s")
    words = [list(transcriber.transcribe(clip).words)] if transcriber is not None else None
    baseline = baseline_from_clips([clip], words=words, name=trainee)
    if store is not None:
        store.save_baseline(BaselineRecord(trainee, baseline.to_dict()), clip)
    save_baseline(baseline, named_baseline_path(trainee))  # so `callsim analyze --baseline NAME` finds it
    return baseline
