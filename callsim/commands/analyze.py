"""``callsim analyze FILE... [--baseline FILE...|NAME] [--target TONE] [--json]``: tone of recorded replies."""

from __future__ import annotations

import argparse
import sys

from callsim.commands._analyze_text import describe
from callsim.errors import CallsimError
from callsim.json_text import dumps
from callsim.vocab import TONE_TARGETS

def register(sub) -> None:
    """Add the ``analyze`` subcommand."""
    p = sub.add_parser("analyze", help="judge the tone of recorded replies (pitch, loudness, pace, pauses)",
                       description="Judge the tone of recorded replies against your baseline. "
                                   "Put -- before the files when --baseline lists audio files.")
    p.add_argument("files", nargs="*", metavar="FILE", help="WAV, FLAC, OGG or MP3 replies")
    p.add_argument("--baseline", nargs="+", action="extend", metavar="FILE|NAME",
                   help="a trainee's calibration by name (the session store's newest, else the profile "
                        "callsim calibrate saved; any case or accents, or one of their names, as progress "
                        "finds them), a baseline .json, or neutral readings (audio)")
    p.add_argument("--target", choices=TONE_TARGETS, help="the tone this moment of the call asks for")
    p.add_argument("--no-transcribe", action="store_true", help="skip Vosk (pace is then estimated from syllables)")
    p.add_argument("--json", action="store_true", help="one JSON object per line per file")
    p.add_argument("--model", metavar="PATH", help="Vosk model folder (overrides CALLSIM_VOSK_MODEL)")
    p.add_argument("--max-seconds", type=float, default=600.0, help="refuse longer files (default 600)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Analyse each file; a bad file prints one error line and the rest go on."""
    from callsim.clip import load

    check_max_seconds(args.max_seconds)
    _split_replies(args)
    transcriber = None if args.no_transcribe else _transcriber(args.model)
    baseline = load_baseline_arg(args.baseline, transcriber, args.max_seconds)
    failed = 0
    for name in args.files:
        try:
            record = analyze_clip(load(name, max_seconds=args.max_seconds), transcriber, baseline, args.target)
        except CallsimError as err:
            print(f"callsim: error: {err}", file=sys.stderr)
            failed += 1
            continue
        _print({"file": name} | record, as_json=args.json)
    return 1 if failed else 0


def _split_replies(args: argparse.Namespace) -> None:
    """``--baseline NAME reply.wav``: a saved name or .json takes one value, so the rest are the replies."""
    specs = args.baseline or []
    if not args.files and specs and not _looks_like_audio(specs[0]):
        args.baseline, args.files = specs[:1], specs[1:]
    if args.files:
        return
    if specs and _looks_like_audio(specs[0]):
        raise CallsimError("no reply files given (after audio baseline readings, put -- before the replies: "
                           "--baseline a.wav b.wav -- reply.wav)")
    raise CallsimError("no reply files given: callsim analyze REPLY.wav [REPLY.wav ...]")


def check_max_seconds(value: float) -> None:
    """CallsimError unless ``--max-seconds`` is a length above zero (analyze, transcribe and calibrate)."""
    if not value > 0:
        raise CallsimError(f"--max-seconds needs a number of seconds above 0 (got {value:g})")


def _transcriber(model):
    from callsim.asr import Transcriber

    try:
        return Transcriber(model)
    except CallsimError as err:
        raise CallsimError(f"{err}; or skip transcription with --no-transcribe") from None


def load_baseline_arg(specs: list[str] | None, transcriber, max_seconds: float):
    """``--baseline``: None, a trainee's name (looked up as the app does) or .json file, or audio readings measured now
    with the checks ``callsim calibrate`` makes (a reading with no speech is left out with a warning; a too quiet or
    clipped one, or too little speech in all, is refused in one line)."""
    from callsim.baseline import calibration, reading_features, reading_problem, usable_reading
    from callsim.clip import load

    if not specs:
        return None
    if len(specs) == 1 and not _looks_like_audio(specs[0]):
        return _profile(specs[0])
    _check_readings(specs)
    clips = [load(s, max_seconds=max_seconds) for s in specs]
    words = [transcriber.transcribe(c).words for c in clips] if transcriber else None
    feats = reading_features(clips, words=words)
    problems = [reading_problem(f) for f in feats]
    for spec, f, problem in zip(specs, feats, problems):
        if problem and (usable_reading(f) or all(problems)):  # too quiet or clipped: it would skew every reply
            raise CallsimError(f"--baseline {spec}: {problem}")
    for spec, problem in zip(specs, problems):
        if problem:  # no speech in it: left out, as calibrate does
            print(f"callsim: warning: {spec}: {problem}; left out of the baseline", file=sys.stderr)
    try:
        return calibration(feats, name="+".join(specs))
    except CallsimError as err:  # together too little speech
        raise CallsimError(f"--baseline {' '.join(specs)}: {err}") from None


def _profile(spec: str):
    """The baseline a profile file or a saved name gives; a name ``callsim calibrate`` could not have saved is refused,
    and a name that found another spelling says whose baseline it is (stderr)."""
    from pathlib import Path

    from callsim.baseline_lookup import names_a_file, resolve_baseline
    from callsim.names import NAME_RULES, trainee_name_problem

    if Path(spec).suffix != ".json" and not Path(spec).exists() and trainee_name_problem(spec):
        raise CallsimError(f"--baseline {spec}: no such file, and not a saved baseline name "
                           f"(a name is {NAME_RULES}; see callsim calibrate --help)")
    baseline = resolve_baseline(spec)
    if not names_a_file(spec) and baseline.name and baseline.name != spec:
        print(f"callsim: note: --baseline {spec}: using the baseline of {baseline.name!r}", file=sys.stderr)
    return baseline


def _check_readings(specs: list[str]) -> None:
    """Several ``--baseline`` values are audio readings: a name or .json among them is refused in one line."""
    from pathlib import Path

    for spec in specs:
        if Path(spec).suffix.lower() == ".json":
            raise CallsimError(f"--baseline {' '.join(specs)}: a .json profile is given alone "
                               f"(--baseline {spec} -- REPLY...); several values are audio readings")
        if not Path(spec).exists() and not _looks_like_audio(spec):
            raise CallsimError(f"--baseline {' '.join(specs)}: {spec}: no such file; several values are audio "
                               f"readings, a saved baseline name is given alone (--baseline {spec} -- REPLY...)")


def _looks_like_audio(spec: str) -> bool:
    return spec.lower().rsplit(".", 1)[-1] in {"wav", "flac", "ogg", "opus", "mp3", "oga", "aiff", "aif"}


def analyze_clip(clip, transcriber, baseline, target) -> dict:
    """Prosody, tone and (optionally) transcript of one clip, JSON-ready."""
    from callsim import prosody, tone

    transcript = transcriber.transcribe(clip) if transcriber else None
    feats = prosody.extract(clip, words=transcript.words if transcript else None)
    result = tone.judge(feats, baseline, target=target)
    record = {"duration": round(clip.duration, 3), "prosody": feats.to_dict(), "tone": result.to_dict()}
    return record | ({"transcript": transcript.to_dict()} if transcript else {})


def _print(record: dict, *, as_json: bool) -> None:
    if as_json:
        print(dumps(record), flush=True)
        return
    print("\n".join(describe(record)), flush=True)
