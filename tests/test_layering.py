"""The core never imports Textual: only callsim.tui (and the commands that open it) may."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import callsim

CORE = sorted(m.name for m in pkgutil.iter_modules(callsim.__path__) if m.name != "tui")


def test_core_modules_do_not_import_textual():
    code = (
        "import importlib, sys\n"
        f"for name in {CORE!r}:\n"
        "    importlib.import_module('callsim.' + name)\n"
        "    assert 'textual' not in sys.modules, name\n"
        "print(len(sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert len(CORE) > 20


def test_the_cli_only_loads_textual_for_the_app():
    code = "import sys\nfrom callsim.cli import build_parser\nbuild_parser()\nprint('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


def test_every_move_and_banned_phrase_has_a_label_for_people():
    """Trainer-facing text never shows internal ids like 'offer_help'."""
    from callsim.vocab import BANNED, BANNED_LABELS, MOVE_LABELS, MOVES

    assert set(MOVE_LABELS) == set(MOVES) and set(BANNED_LABELS) == set(BANNED)
    assert all("_" not in label for label in (*MOVE_LABELS.values(), *BANNED_LABELS.values()))
