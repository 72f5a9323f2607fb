"""The tone bands file, ``tone_bands.toml`` beside this module: targets, problem limits and tip steps."""

from __future__ import annotations

import functools
from pathlib import Path

BANDS_FILE = Path(__file__).with_name("tone_bands.toml")


@functools.lru_cache(maxsize=8)
def load_bands(path: str | Path | None = None) -> dict:
    """The parsed bands file (``tone_bands.toml`` beside this module by default), read once."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    with open(path or BANDS_FILE, "rb") as fh:
        return tomllib.load(fh)
