"""``callsim calibrate --mic``: read the passage into the microphone, each reading kept beside the baseline
(an action of ``commands/calibrate``; the underscore keeps it from being registered as a command)."""

from __future__ import annotations

import sys

from callsim.commands._level import live_level
from callsim.errors import CallsimError
from callsim.passages import BASELINE_PASSAGE, INSTRUCTIONS, MAX_READING_SECONDS, READING_LIMITS


def mic_reading(n: int, of: int) -> str:
    """How a microphone reading is named in messages: "the microphone reading", or "microphone reading N" of several."""
    return "the microphone reading" if of == 1 else f"microphone reading {n}"


def record_readings(name: str, count: int = 1, *, input_device=None, max_seconds: float = MAX_READING_SECONDS) -> list:
    """Record ``count`` readings of the passage from the microphone, each kept as ``baselines/NAME-reading[-N].wav``.

    Of several, a reading that heard no speech is asked for once more; a second silence stops there, keeping the
    readings so far (CallsimError when there are none)."""
    from callsim.audio import open_device
    from callsim.baseline import MAX_READINGS, MIC_HEARD_NOTHING, reading_path

    device = open_device(input=input_device)  # no device: one line, before the passage is printed
    print(f"{sheet()}\n", flush=True)
    clips = []
    try:
        device.warm_up()
        for n in range(1, count + 1):
            recording = _heard(device, n, count, max_seconds)
            if recording is None:
                if not clips:
                    raise CallsimError(f"{MIC_HEARD_NOTHING}; nothing saved")
                print(f"no speech heard in reading {n} again: stopping with {len(clips)} of {count}", flush=True)
                break
            clips.append(recording.speech(pad=0.5))
            _keep(clips[-1], reading_path(name, n))
    finally:
        device.close()
    for n in range(len(clips) + 1, MAX_READINGS + 1):  # an earlier calibration's extra readings are not this one's
        reading_path(name, n).unlink(missing_ok=True)
    return clips


def _heard(device, n: int, count: int, max_seconds: float):
    """Reading ``n`` with speech in it, recorded twice at most when there are several (None: nothing heard)."""
    recording = _record_one(device, n, count, max_seconds)
    if recording.heard_speech or count == 1:
        return recording if recording.heard_speech else None
    print(_wrapped(f"no speech heard in reading {n} (loudest sound {recording.clip.peak_db:.0f} dBFS): check the "
                   "microphone is on and unmuted, then read it again"), flush=True)
    recording = _record_one(device, n, count, max_seconds)
    return recording if recording.heard_speech else None


def _record_one(device, n: int, count: int, max_seconds: float):
    """One reading, with the level and the seconds on one updating line when the output is a terminal."""
    which = "" if count == 1 else f"Reading {n} of {count}: "
    print(_wrapped(f"{which}Recording: read the passage now; it stops after {READING_LIMITS['end_silence']:g} s of "
                   "silence (Ctrl+C cancels)."), flush=True)
    with live_level(sys.stdout.isatty()) as meter:
        return device.record(max_seconds=max_seconds, on_level=meter, **READING_LIMITS)


def _keep(clip, path) -> None:
    from callsim.store_files import private_dir, write_audio

    private_dir(path.parent)
    write_audio(path, clip)  # a voice recording: 0600, like the session recordings
    print(f"kept the reading in {path}", flush=True)


def sheet(*, heading: str = "") -> str:
    """The instructions and the passage (indented), wrapped to the terminal."""
    return f"{_wrapped(INSTRUCTIONS)}\n\n{heading}{_wrapped(BASELINE_PASSAGE, indent='  ')}"


def _wrapped(text: str, *, indent: str = "") -> str:
    """``text`` wrapped to the terminal (at most 100 columns)."""
    import shutil
    import textwrap

    width = min(shutil.get_terminal_size((80, 24)).columns, 100) - 1
    return textwrap.fill(text, width=width, initial_indent=indent, subsequent_indent=indent)
