"""Finding, checking and downloading the Vosk speech model.

Lookup order: an explicit path (``--model``) > ``CALLSIM_VOSK_MODEL`` > the
user data directory. A download goes to a temporary file beside its final
place, is checked for size and sha256, unpacked into a temporary folder and
only then moved into place, so an interrupted download never leaves half a
model behind.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from callsim import paths
from callsim.errors import CallsimError

ENV_VAR = "CALLSIM_VOSK_MODEL"
FIX = "run `callsim model download`, or set CALLSIM_VOSK_MODEL to an unpacked Vosk model folder"
REQUIRED = ("am/final.mdl", "conf/model.conf")


@dataclass(frozen=True)
class ModelSpec:
    """A downloadable model archive with its expected size and checksum."""

    name: str
    url: str
    size: int
    sha256: str


DEFAULT = ModelSpec(
    name="vosk-model-small-en-us-0.15",
    url="https://alphacephei.com/vosk/models/vosk-model-small-en-us-0.15.zip",
    size=41_205_931,
    sha256="30f26242c4eb449f948e42cb302dd7a686cb29a3423a8367f99ff41780942498",
)


def default_location(spec: ModelSpec | None = None) -> Path:
    """Where ``callsim model download`` puts the model (the default model unless ``spec``)."""
    return paths.models_dir() / (spec or DEFAULT).name


def model_location(explicit: str | Path | None = None) -> tuple[Path, str]:
    """The folder the lookup order picks (whether or not a model is there yet) and where that came from."""
    if explicit:
        return Path(explicit).expanduser(), "--model"
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser(), ENV_VAR
    return default_location(), "data directory"


def find_model(explicit: str | Path | None = None) -> Path:
    """The model folder to use, by lookup order; raises CallsimError naming the fix."""
    location, source = model_location(explicit)
    if source == "data directory" and not location.exists():
        raise CallsimError(f"no Vosk model found (looked in {location}); {FIX}")
    return validate(location, source=source)


def validate(path: Path, *, source: str) -> Path:
    """Return ``path`` if it looks like a Vosk model folder, else raise with the fix."""
    path = path.expanduser()
    if path.exists() and not path.is_dir():
        raise CallsimError(f"{path} (from {source}) is a file, not a Vosk model folder; {FIX}")
    if not path.is_dir():
        raise CallsimError(f"Vosk model folder from {source} does not exist: {path}; {FIX}")
    missing = [name for name in REQUIRED if not (path / name).is_file()]
    if missing:
        raise CallsimError(
            f"{path} (from {source}) is not a complete Vosk model: missing {', '.join(missing)}; {FIX}"
        )
    return path


def model_summary(path: Path) -> dict:
    """What a model folder holds: name, size on disk, whether it has word-boundary info."""
    files = [p for p in path.rglob("*") if p.is_file()]
    return {
        "path": str(path),
        "name": path.name,
        "files": len(files),
        "megabytes": round(sum(p.stat().st_size for p in files) / 1e6, 1),
        "word_times": (path / "graph/phones/word_boundary.int").is_file(),
        "sample_rate": _model_rate(path),
    }


def _model_rate(path: Path) -> int:
    conf = path / "conf/mfcc.conf"
    if conf.is_file():
        for line in conf.read_text().splitlines():
            if line.startswith("--sample-frequency="):
                return int(float(line.split("=", 1)[1]))
    return 16000
