"""``callsim model download|check|path``: get and inspect the Vosk model."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

from callsim import model


def register(sub) -> None:
    """Add the ``model`` subcommand group."""
    p = sub.add_parser("model", help="download or check the speech model")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    d = actions.add_parser("download", help=f"fetch {model.DEFAULT.name} (~41 MB) into the data directory")
    d.add_argument("--url", default=model.DEFAULT.url, help="mirror to fetch the same archive from")
    d.add_argument("--force", action="store_true", help="replace an existing model")
    d.set_defaults(func=download)
    c = actions.add_parser("check", help="load the model and report what was found")
    c.add_argument("--model", metavar="PATH", help="Vosk model folder (overrides CALLSIM_VOSK_MODEL)")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=check)
    w = actions.add_parser("path", help="print the model folder that would be used (stderr says if none is there yet)",
                           description="Print the folder callsim reads the model from: --model, else "
                                       "CALLSIM_VOSK_MODEL, else where `callsim model download` puts it. "
                                       "When no usable model is there yet, standard error says so (exit 0).")
    w.add_argument("--model", metavar="PATH", help="Vosk model folder (overrides CALLSIM_VOSK_MODEL)")
    w.set_defaults(func=path)


def path(args: argparse.Namespace) -> int:
    """Print the model folder the lookup order picks; say on stderr when no usable model is there yet."""
    from callsim.errors import CallsimError

    location, source = model.model_location(args.model)
    print(location)
    if source == "data directory" and not location.exists():
        print("callsim: no model there yet; run `callsim model download` to put it there", file=sys.stderr)
        return 0
    try:
        model.validate(location, source=source)
    except CallsimError as err:
        print(f"callsim: not usable yet: {err}", file=sys.stderr)
    return 0


def download(args: argparse.Namespace) -> int:
    """Download, verify and install the default model."""
    from callsim import paths
    from callsim.download import download_model, text_progress
    from callsim.store_files import private_dir

    spec = replace(model.DEFAULT, url=args.url)
    dest = model.default_location(spec)
    if dest.exists() and not args.force:
        model.validate(dest, source="data directory")
        print(f"model already installed: {dest}")
        _overridden_note(dest)
        return 0
    private_dir(paths.data_dir())  # the first command after `pip install .` makes the data folder: 0700
    print(f"downloading {spec.name} from {spec.url}", file=sys.stderr)
    download_model(spec, dest, progress=text_progress(sys.stderr) if sys.stderr.isatty() else None,
                   replace=args.force)  # the old model stays until the new one is whole
    print(f"installed {dest}")
    _overridden_note(dest)
    return 0


def _overridden_note(dest) -> None:
    """Say on stderr when CALLSIM_VOSK_MODEL points elsewhere: callsim reads that model, not the one in ``dest``."""
    location, source = model.model_location()
    if source == model.ENV_VAR and location.resolve() != Path(dest).resolve():
        print(f"callsim: note: {model.ENV_VAR} is set ({location}), so callsim uses that model, not this one; "
              f"unset it to use this one", file=sys.stderr)


def check(args: argparse.Namespace) -> int:
    """Load the model for real (a broken model fails here) and summarise it."""
    from callsim.asr import Transcriber

    transcriber = Transcriber(args.model)
    summary = model.model_summary(transcriber.model_path) | {"loaded": True}
    if args.json:
        print(json.dumps(summary))
    else:
        print(f"model OK: {summary['name']} at {summary['path']}")
        print(f"  {summary['files']} files, {summary['megabytes']} MB, {summary['sample_rate']} Hz, "
              f"word times: {'yes' if summary['word_times'] else 'no'}")
    return 0
