"""``callsim transcribe FILE... [--json]``: offline transcription with word times."""

from __future__ import annotations

import argparse
import json
import sys

from callsim.errors import CallsimError


def register(sub) -> None:
    """Add the ``transcribe`` subcommand."""
    p = sub.add_parser("transcribe", help="transcribe audio files offline (Vosk)")
    p.add_argument("files", nargs="+", metavar="FILE", help="WAV, FLAC, OGG or MP3 files")
    p.add_argument("--json", action="store_true", help="one JSON object per file, with every word")
    p.add_argument("--model", metavar="PATH", help="Vosk model folder (overrides CALLSIM_VOSK_MODEL)")
    p.add_argument("--max-seconds", type=float, default=600.0, help="refuse longer files (default 600)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Transcribe each file; a bad file prints one error line and the rest go on."""
    from callsim.asr import Transcriber
    from callsim.clip import load
    from callsim.commands.analyze import check_max_seconds

    check_max_seconds(args.max_seconds)
    transcriber = Transcriber(args.model)
    failed = 0
    for name in args.files:
        try:
            clip = load(name, max_seconds=args.max_seconds)
        except CallsimError as err:
            print(f"callsim: error: {err}", file=sys.stderr)
            failed += 1
            continue
        _print(name, clip, transcriber.transcribe(clip), as_json=args.json, named=len(args.files) > 1)
    return 1 if failed else 0


def _print(name: str, clip, transcript, *, as_json: bool, named: bool) -> None:
    if as_json:
        record = {"file": name, "duration": round(clip.duration, 3), "silent": clip.is_silent}
        print(json.dumps(record | transcript.to_dict()), flush=True)
    else:
        text = "(silent: no sound above -60 dBFS)" if clip.is_silent else transcript.text or "(no words recognised)"
        print(f"{name}: {text}" if named else text, flush=True)
