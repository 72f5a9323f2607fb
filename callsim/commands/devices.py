"""``callsim devices``: the sound devices PortAudio sees, and which ones callsim would use."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict


def register(sub) -> None:
    """Add the ``devices`` subcommand."""
    p = sub.add_parser("devices", help="list microphones and speakers; show which ones callsim uses")
    p.add_argument("--input", help="input device name or index to try (default: CALLSIM_INPUT_DEVICE)")
    p.add_argument("--output", help="output device name or index to try (default: CALLSIM_OUTPUT_DEVICE)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the device table; exit 1 when no usable input or output is found."""
    from callsim.audio import list_devices, selected_devices
    from callsim.errors import CallsimError

    devices = list_devices()
    try:
        chosen, problem = selected_devices(args.input, args.output), None
    except CallsimError as err:
        chosen, problem = None, str(err)
    if args.json:
        print(json.dumps(_as_json(devices, chosen, problem)))
    else:
        _print_table(devices, chosen, problem)
    return 0 if chosen else 1


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
