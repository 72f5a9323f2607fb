"""``callsim calibrate --name NAME FILE...``: save a trainee's baseline from neutral readings."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from callsim.commands._calibrate_mic import mic_reading, record_readings, sheet
from callsim.errors import CallsimError
from callsim.passages import MAX_READING_SECONDS, READING_LIMITS
from callsim.names import NAME_RULES, trainee_name_problem


def register(sub) -> None:
    """Add the ``calibrate`` subcommand."""
    p = sub.add_parser("calibrate", help="save your baseline voice from readings of the neutral passage",
                       description=sheet(heading="Passage:\n"),
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="*", metavar="FILE", help="recordings of the passage (WAV, FLAC, OGG, MP3)")
    p.add_argument("--name", help=f"the trainee's name, as typed in the app, e.g. \"Anna Smith\" ({NAME_RULES})")
    p.add_argument("--passage", action="store_true", help="print the passage to read and exit")
    p.add_argument("--mic", action="store_true",
                   help=f"read the passage into the microphone now (recording stops after "
                        f"{READING_LIMITS['end_silence']:g} s of silence)")
    p.add_argument("--readings", type=_readings_count, default=1, metavar="N",
                   help="with --mic, read the passage N times in a row (1 to 5; the baseline is their median)")
    p.add_argument("--input-device", metavar="NAME|INDEX", help="microphone for --mic (see `callsim devices`)")
    p.add_argument("--no-transcribe", action="store_true", help="skip Vosk (no words-per-minute baseline)")
    p.add_argument("--json", action="store_true", help="print the saved baseline as JSON")
    p.add_argument("--model", metavar="PATH", help="Vosk model folder (overrides CALLSIM_VOSK_MODEL)")
    p.add_argument("--max-seconds", type=float, default=MAX_READING_SECONDS,
                   help=f"refuse longer files (default {MAX_READING_SECONDS:g})")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Measure the readings, save ``baselines/NAME.json`` in the data folder and print where."""
    from callsim.baseline import readings_text

    if args.passage:
        print(sheet())
        return 0
    _check(args)
    args.name = _known_name(args.name)
    readings, skipped = _load_all(args.files, args.max_seconds)
    if args.mic:
        clips = record_readings(args.name, args.readings, input_device=args.input_device, max_seconds=args.max_seconds)
        readings += [(mic_reading(n, len(clips)), clip) for n, clip in enumerate(clips, 1)]
    baseline = _measure(readings, args, skipped)
    path, replaced = _save(baseline, args.name)
    if args.json:
        print(json.dumps({"path": str(path), "replaced": replaced} | baseline.to_dict()))
    else:
        print(f"saved baseline {args.name!r} ({readings_text(baseline.clips)}, {baseline.speech_seconds:.0f} s of "
              f"speech, {baseline.pitch_median_hz:.0f} Hz, {baseline.energy_db:.0f} dBFS) to {path}")
        _advise(baseline, replaced)
    for problem in skipped:
        print(f"callsim: warning: {problem}; left out of the baseline", file=sys.stderr)
    return 0


def _save(baseline, name: str) -> tuple[object, str]:
    """Save the profile file, then the store's baseline (so the app, export and purge see it), whole or not at all
    (``save_calibration``); returns the path and when the baseline it replaces was saved, in local time as every
    command shows times ("" if none). The store keeps earlier baselines."""
    from callsim.baseline import save_calibration
    from callsim.records import BaselineRecord
    from callsim.report_view import local_minute
    from callsim.store import Store

    def in_store():
        with Store.open() as store:
            earlier = store.load_baseline(name)
            store.save_baseline(BaselineRecord(name, baseline.to_dict()))
        return earlier

    path, earlier = save_calibration(baseline, name, in_store)
    return path, local_minute(earlier.created) if earlier else ""


def _known_name(name: str) -> str:
    """The trainee's name as the store spells it when only case or accents differ, as the app takes it (said on
    standard error), so ``--name zoe`` calibrates the Zoë who practises and does not start a second trainee."""
    from callsim.store import Store

    with Store.open() as store:
        same = store.spellings_like(name)
    if len(same) > 1:
        raise CallsimError(f"{name!r} could be {', '.join(map(repr, same))}: give the name as it is known")
    known = same[0] if same else name
    if known != name:
        print(f"callsim: calibrating {known!r}, the trainee of that name (case and accents aside)", file=sys.stderr)
    return known


def _advise(baseline, replaced: str) -> None:
    from callsim.baseline import STEADY_SPEECH

    if replaced:
        print(f"it replaces the baseline saved {replaced} (kept in the session store's history)")
    if baseline.speech_seconds < STEADY_SPEECH:
        print(f"note: only {baseline.speech_seconds:.0f} s of speech; the whole passage (about 20 s) gives a "
              "steadier baseline")


def _check(args: argparse.Namespace) -> None:
    """CallsimError unless there is a usable name and something to measure."""
    if not args.name:
        raise CallsimError("give the baseline a name: callsim calibrate --name NAME FILE...")
    if problem := trainee_name_problem(args.name):
        raise CallsimError(f"bad baseline name {args.name!r}: {problem} (a name is {NAME_RULES})")
    from callsim.commands.analyze import check_max_seconds

    check_max_seconds(args.max_seconds)
    if args.readings != 1 and not args.mic:
        raise CallsimError("--readings counts readings into the microphone: add --mic")
    if not args.files and not args.mic:
        raise CallsimError("no recordings given: read into the microphone with --mic, or give FILE... "
                           "(callsim calibrate --passage shows what to read)")


def _readings_count(text: str) -> int:
    from callsim.baseline import MAX_READINGS

    n = int(text) if text.isdigit() else 0
    if not 1 <= n <= MAX_READINGS:
        raise argparse.ArgumentTypeError(f"give 1 to {MAX_READINGS} readings, not {text!r}")
    return n


def _load_all(files: list[str], max_seconds: float) -> tuple[list, list[str]]:
    """([(file, clip)] of the readable files, ["file: why not"] of the others)."""
    from callsim.clip import load

    readings, skipped, seen = [], [], set()
    for name in files:
        resolved = Path(name).resolve()
        if resolved in seen:  # one recording is one reading, however often it is named
            skipped.append(f"{name}: already given (one recording counts as one reading)")
            continue
        seen.add(resolved)
        try:
            readings.append((name, load(name, max_seconds=max_seconds)))
        except CallsimError as err:
            skipped.append(str(err))
    return readings, skipped


def _measure(readings: list, args: argparse.Namespace, skipped: list[str]):
    """The baseline from the readings that hold speech; the others are added to ``skipped``.

    CallsimError "nothing saved: ..." naming every reading's problem when none is usable."""
    from callsim.baseline import calibration, reading_features, reading_problem

    clips, words = [clip for _, clip in readings], None
    if readings and not args.no_transcribe:
        from callsim.asr import Transcriber

        transcriber = Transcriber(args.model)
        words = [transcriber.transcribe(clip).words for clip in clips]
    feats = reading_features(clips, words=words)
    problems = [reading_problem(f) for f in feats]
    skipped += [f"{name}: {problem}" for (name, _), problem in zip(readings, problems) if problem]
    if all(problems):  # every reading has a problem (each named), or none could be read
        raise CallsimError(f"nothing saved: {'; '.join(skipped)}")
    try:
        return calibration(feats, name=args.name)
    except CallsimError as err:  # together too little speech
        left_out = f" (left out: {'; '.join(skipped)})" if skipped else ""
        raise CallsimError(f"nothing saved: {err}{left_out}") from None
