"""callsim: an offline voice call simulator for phone-tone practice.

Importing the package only sets up the numba cache location (so librosa's
JIT compilation is paid once per machine, not once per process); the heavy
libraries are imported by the modules that need them.
"""

from __future__ import annotations

__version__ = "0.1.0"

from callsim import paths as _paths

_paths.configure_numba_cache()
