"""Shared helpers for the benchmarks: where ../shared is, manifests, and a feature cache.

The cache (``bench/out/``, gitignored) is keyed by a hash of callsim's prosody
code (its syntax tree without docstrings), so editing the feature code recomputes
everything while editing comments and docstrings does not.
"""

from __future__ import annotations

import ast
import csv
import hashlib
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CALLSIM_SHARED", ROOT.parent / "shared"))
OUT = ROOT / "bench" / "out"
FEATURE_SOURCES = ("prosody.py", "prosody_frames.py", "prosody_summary.py", "prosody_features.py", "prosody_voice.py",
                   "prosody_voicing.py", "prosody_formant.py")

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def data_folder(name: str) -> Path:
    """``../shared/data/<name>``, or exit with a clear message when it is missing."""
    folder = SHARED / "data" / name
    if not (folder / "MANIFEST.tsv").exists():
        sys.exit(f"bench: {folder}/MANIFEST.tsv not found (set CALLSIM_SHARED to the shared folder)")
    return folder


def read_manifest(folder: Path) -> list[dict]:
    """Rows of ``MANIFEST.tsv`` as dicts."""
    with open(folder / "MANIFEST.tsv", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def code_version() -> str:
    """Short hash of the prosody code (comments and docstrings left out), used to invalidate cached features."""
    digest = hashlib.sha1()
    for name in FEATURE_SOURCES:
        digest.update(_code_only((ROOT / "callsim" / name).read_text(encoding="utf-8")).encode())
    return digest.hexdigest()[:12]


def _code_only(source: str) -> str:
    """The module's syntax tree as text, without docstrings (and, as in any tree, without comments)."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            node.body = body[1:] or [ast.Pass()]
    return ast.dump(tree)


def cached_features(folder: Path, files: list[str], *, cache: str | None = "tone_features") -> dict[str, dict]:
    """``prosody.extract`` of each file (as ``to_dict``), reusing ``bench/out/<cache>.json``."""
    from callsim import prosody
    from callsim.clip import load

    path = OUT / f"{cache}.json" if cache else None
    stored = _read_cache(path)
    todo = [f for f in files if f not in stored]
    for i, name in enumerate(todo, 1):
        stored[name] = prosody.extract(load(folder / name)).to_dict()
        if path and i % 50 == 0:
            _write_cache(path, stored)
            print(f"  features: {i}/{len(todo)}", file=sys.stderr, flush=True)
    if path and todo:
        _write_cache(path, stored)
    return {f: stored[f] for f in files}


def _read_cache(path: Path | None) -> dict:
    if path is None or not path.exists():
        return {}
    data = json.loads(path.read_text())
    return data["features"] if data.get("version") == code_version() else {}


def _write_cache(path: Path, features: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"version": code_version(), "features": features}))


def pct(x: float) -> str:
    """A share as a percentage with one decimal."""
    return f"{100 * x:.1f} %"
