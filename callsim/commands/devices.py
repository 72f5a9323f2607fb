"""``callsim devices``: the sound devices PortAudio sees, and which ones callsim would use."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict

from callsim.errors import CallsimError

DEFAULT_SECONDS = 3.0
MAX_SECONDS = 30.0


def register(sub) -> None:
    """Add the ``devices`` subcommand."""
    p = sub.add_parser("devices", help="list microphones and speakers; show which ones callsim uses",
                       description="List the sound devices PortAudio sees and the microphone and speaker callsim "
                                   "uses. Exits 1 when there is no usable input or output, or when --test's "
                                   "verdict is not fine.")
    p.add_argument("--input", metavar="NAME|INDEX",
                   help="input device name or index to try (default: CALLSIM_INPUT_DEVICE)")
    p.add_argument("--output", metavar="NAME|INDEX",
                   help="output device name or index to try (default: CALLSIM_OUTPUT_DEVICE)")
    p.add_argument("--test", action="store_true",
                   help="beep on the speaker, then record the microphone and say whether callsim hears you "
                        "(heard nothing, too quiet, no speech, fine or clipping) and how to fix it")
    p.add_argument("--seconds", type=_seconds, metavar="N",
                   help=f"with --test, record N seconds (default {DEFAULT_SECONDS:g}, at most {MAX_SECONDS:g})")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the device table (then the level test with ``--test``); exit 1 when no usable input or output is
    found, or when the test's verdict is not "fine"."""
    from callsim.audio import list_devices, selected_devices

    if args.seconds is not None and not args.test:
        raise CallsimError("--seconds is the length of the level test: add --test")
    devices = list_devices()
    try:
        chosen, problem = selected_devices(args.input, args.output), None
    except CallsimError as err:
        chosen, problem = None, str(err)
    if not args.json:
        _print_table(devices, chosen, problem)
    level = _level_test(args) if args.test and chosen else None
    if args.json:
        print(json.dumps(_as_json(devices, chosen, problem) | ({"test": level.to_dict()} if level else {})))
    return 0 if chosen and (level is None or level.verdict == "fine") else 1


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0.0
    if not 1 <= seconds <= MAX_SECONDS:
        raise argparse.ArgumentTypeError(f"give 1 to {MAX_SECONDS:g} seconds, not {text!r}")
    return seconds


def _level_test(args: argparse.Namespace):
    """Beep on the speaker, record the microphone for ``--seconds``, print the level and the verdict (with ``--json``
    the prompts go to standard error and the result is the JSON's ``test``)."""
    from callsim.audio import open_device
    from callsim.mic_check import beep

    out, seconds = sys.stderr if args.json else sys.stdout, args.seconds or DEFAULT_SECONDS
    with open_device(args.input, args.output) as device:
        print(f"\nSpeaker: a short beep on {device.speaker.name!r} (not heard? check the volume, or --output)",
              file=out, flush=True)
        device.play(beep()).wait()
        print(f"Microphone: speak as you would on a call (count aloud) for {seconds:g} s...", file=out, flush=True)
        level = _record(device, seconds, live=not args.json and sys.stdout.isatty())
    if not args.json:
        _print_level(level)
    return level


def _record(device, seconds: float, *, live: bool):
    """The ``MicLevel`` of ``seconds`` from the microphone, with the live level line on a terminal."""
    from callsim.commands._level import live_level
    from callsim.mic_check import record_level

    with live_level(live) as meter:
        return record_level(device, seconds, on_level=meter)


def _print_level(level, out=None) -> None:
    """The level line, the verdict and the fix."""
    from callsim.commands._level import CELLS, bar

    speech = "no speech" if level.speech_db is None else f"speech {level.speech_db:.0f} dBFS"
    shown = level.rms_db if level.speech_db is None else level.speech_db
    # round(): a whole number, so a peak just under full scale reads "peak 0 dBFS", not "peak -0 dBFS"
    print(f"level: [{bar(shown):<{CELLS}}] peak {round(level.peak_db)} dBFS, RMS {level.rms_db:.0f} dBFS, {speech}",
          file=out)
    print(level.detail, file=out)
    if level.fix:
        print(f"fix: {level.fix}", file=out)


def _as_json(devices, chosen, problem) -> dict:
    rows = [asdict(d) | {"is_default": d.is_default} for d in devices]
    use = {"input": chosen[0].index, "output": chosen[1].index} if chosen else None
    return {"devices": rows, "use": use, "error": problem}


def _print_table(devices, chosen, problem, out=None) -> None:
    if not devices:
        print(f"PortAudio sees no sound devices: {problem or 'none found'}", file=out)
        return
    print(" idx  in out  rate   name", file=out)
    for d in devices:
        mark = ("<" if d.default_input else " ") + (">" if d.default_output else " ")
        print(f"{mark}{d.index:>3} {d.inputs:>3} {d.outputs:>3} {d.default_rate:>6.0f}  {d.name} ({d.hostapi})", file=out)
    print("< default input, > default output", file=out)
    if chosen:
        mic, speaker = chosen
        print(f"callsim uses: microphone {mic.index} {mic.name!r}, speaker {speaker.index} {speaker.name!r}", file=out)
    else:
        print(f"callsim cannot use these: {problem}", file=out)
