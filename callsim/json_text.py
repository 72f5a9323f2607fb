"""JSON that every reader can parse: NaN and infinities written as null.

Python's ``json`` writes a float NaN as a bare ``NaN``, which is not JSON: ``jq``, a browser and ``callsim import``
all refuse the file. A measure that could not be taken (pitch with no voiced frame) or an old store holding one
(imports before NaN was refused) must still give a readable file.
"""

from __future__ import annotations

import json
import math


def finite(value):
    """``value`` (a JSON-ready dict, list or scalar) with NaN and infinities as None."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


def dumps(value, **options) -> str:
    """``json.dumps`` of ``value`` with NaN and infinities as null (``options`` as for ``json.dumps``)."""
    return json.dumps(finite(value), allow_nan=False, **options)
