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
#: The decoding graph Vosk reads: one whole graph, else the lookahead pair with its disambiguation symbols.
GRAPHS = (("graph/HCLG.fst",), ("graph/HCLr.fst", "graph/Gr.fst", "graph/disambig_tid.int"))
#: The feature settings: one of them (without either, Vosk silently computes the wrong features).
FEATURES = ("conf/mfcc.conf", "conf/fbank.conf")
#: The i-vector extractor's files: Vosk reads all of them when a model has an ``ivector`` folder.
IVECTOR = ("ivector/final.dubm", "ivector/final.ie", "ivector/final.mat", "ivector/global_cmvn.stats",
           "ivector/online_cmvn.conf", "ivector/splice.conf")


@dataclass(frozen=True)
class ModelSpec:
    """A downloadable model archive with its expected size and checksum."""

    name: str
    url: str
    size: int
    sha256: str
    uuid: str = ""  #: the ``uuid`` file of the unpacked model, which tells a copy of it wherever it is
    files: tuple[tuple[str, int], ...] = ()  #: its data files and their sizes in bytes (not conf/: users edit it)


DEFAULT = ModelSpec(
    name="vosk-model-small-en-us-0.15",
    url="https://alphacephei.com/vosk/models/vosk-model-small-en-us-0.15.zip",
    size=41_205_931,
    sha256="30f26242c4eb449f948e42cb302dd7a686cb29a3423a8367f99ff41780942498",
    uuid="8299698e-4447-4ce1-be96-cccda9168067",
    files=(("am/final.mdl", 15_962_575), ("graph/Gr.fst", 24_013_795), ("graph/HCLr.fst", 22_416_994),
           ("graph/disambig_tid.int", 102), ("graph/phones/word_boundary.int", 1_761),
           ("ivector/final.dubm", 168_048), ("ivector/final.ie", 8_288_887), ("ivector/final.mat", 44_975),
           ("ivector/global_cmvn.stats", 1_080), ("ivector/online_cmvn.conf", 95), ("ivector/splice.conf", 35)),
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
    fix = _missing_fix(source)
    if path.exists() and not path.is_dir():
        raise CallsimError(f"{path} (from {source}) is a file, not a Vosk model folder; {fix}")
    if not path.is_dir():
        raise CallsimError(f"Vosk model folder from {source} does not exist: {path}; {fix}")
    missing = [name for name in REQUIRED if not (path / name).is_file()]
    if missing:  # in the data folder, a download replaces it only when forced
        fix = _damaged_fix(source) if source == "data directory" else fix
        raise CallsimError(
            f"{path} (from {source}) is not a complete Vosk model: missing {', '.join(missing)}; {fix}"
        )
    if problem := damage(path):
        raise CallsimError(f"{path} (from {source}) is a damaged copy of {DEFAULT.name}: {problem}; "
                           f"{_damaged_fix(source)}")
    if problem := incomplete(path):
        raise CallsimError(f"{path} (from {source}) is not a complete Vosk model: {problem}; {_damaged_fix(source)}")
    return path


def incomplete(path: Path) -> str:
    """What a model folder lacks that Vosk reads ("missing graph/Gr.fst and empty ivector/final.ie"), or "" when
    nothing is: any model, not only a copy of the default (whose sizes ``damage`` knows). Only names and sizes
    are looked at, so it is quick; a file cut short but not empty shows only when the model is loaded."""
    ivector = IVECTOR if (path / "ivector").exists() else ()
    missing = _missing_graph(path) + [name for name in ivector if not (path / name).is_file()]
    if not any((path / name).is_file() for name in FEATURES):
        missing.append(f"{FEATURES[0]} (or {FEATURES[1]})")
    data = ["am/final.mdl", *(name for graph in GRAPHS for name in graph), *ivector]
    empty = [name for name in data if (path / name).is_file() and _empty(path / name)]
    return " and ".join([f"missing {', '.join(missing)}"] * bool(missing) + [f"empty {', '.join(empty)}"] * bool(empty))


def _missing_graph(path: Path) -> list[str]:
    """The decoding graph's files a model folder lacks (``GRAPHS``)."""
    whole, lookahead = GRAPHS
    if (path / whole[0]).is_file():
        return []
    if not any((path / name).exists() for name in lookahead[:2]):
        return [f"{whole[0]} (or {lookahead[0]} and {lookahead[1]})"]
    return [name for name in lookahead if not (path / name).is_file()]


def _empty(path: Path) -> bool:
    """True for a file of no bytes (a copy that stopped before writing it); False when it cannot be looked at."""
    try:
        return path.stat().st_size == 0
    except OSError:
        return False


def _missing_fix(source: str) -> str:
    """How to get a model when the folder ``source`` names is not one: a download only fills the data folder,
    which ``--model`` and ``CALLSIM_VOSK_MODEL`` override, so for those the fix is to correct or drop them."""
    if source == ENV_VAR:
        return f"point {ENV_VAR} at an unpacked Vosk model folder, or unset it and run `callsim model download`"
    if source == "--model":
        return "give --model an unpacked Vosk model folder, or leave it out to use the model callsim finds"
    return FIX


def _damaged_fix(source: str) -> str:
    """How to replace a damaged model found through ``source``: a download only replaces the data folder's."""
    if source == "data directory":
        return "run `callsim model download --force` to replace it"
    return f"copy the model folder there again, or stop using {source} and run `callsim model download`"


def damage(path: Path, spec: ModelSpec = DEFAULT) -> str:
    """What is wrong with the files of a copy of ``spec`` at ``path`` ("am/final.mdl is 1,000 bytes, expected
    15,962,575"), or "" when they are whole or ``path`` is another model (its ``uuid`` file says which; without
    one, a folder named like ``spec``, as a copy cut short before its ``uuid`` file is, counts as ``spec``)."""
    if not _copy_of(path, spec):
        return ""
    problems = []
    for name, size in spec.files:
        try:
            found = (path / name).stat().st_size
        except OSError:
            problems.append(f"{name} is missing")
            continue
        if found != size:
            problems.append(f"{name} is {found:,} bytes, expected {size:,}")
    return ", ".join(problems)


def _copy_of(path: Path, spec: ModelSpec) -> bool:
    """True when the folder ``path`` is a copy of ``spec``: its ``uuid`` file says so, or it has none and is named
    like ``spec`` (as a copy cut short before its ``uuid`` file is)."""
    try:
        uuid = (path / "uuid").read_text().strip()
    except (OSError, UnicodeDecodeError):
        uuid = None
    return uuid == spec.uuid or (uuid is None and path.name == spec.name)


def vouched_for(path: Path, spec: ModelSpec = DEFAULT) -> bool:
    """True when ``path`` is a copy of ``spec`` with every file at its official size: Vosk can load it safely."""
    return _copy_of(path, spec) and not damage(path, spec)


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
