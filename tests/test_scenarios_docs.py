"""docs/scenarios.md stays a complete, accurate reference: every key and name, and a worked example that validates."""

from __future__ import annotations

from pathlib import Path

from callsim import scenarios, vocab
from callsim.scenario_fields import PERSONA, TOP, TURN
from callsim.scenario_model import DEFAULT_TIME_LIMIT, DIFFICULTIES, EMOTIONS, MAX_TIME_LIMIT, VOICES
from test_scenarios import write_audio

DOC = (Path(__file__).resolve().parent.parent / "docs" / "scenarios.md").read_text(encoding="utf-8")


def test_every_key_and_name_is_documented():
    for key in (*[k for k in TOP if k not in ("persona", "turns")], *PERSONA, *TURN):
        assert f"| `{key}` |" in DOC, key
    assert "### `[persona]` (required)" in DOC and "### `[[turns]]` (at least one)" in DOC
    for name in (*vocab.MOVES, *vocab.BANNED, *vocab.TONE_TARGETS):
        assert f"| `{name}` |" in DOC, name
    voice_row = next(line for line in DOC.splitlines() if line.startswith("| `voice` |"))
    assert ", ".join(f"`{v}`" for v in VOICES) in voice_row and "warning" in voice_row
    for name in (*EMOTIONS, *DIFFICULTIES, *vocab.VERDICTS):
        assert f"`{name}`" in DOC or f'`"{name}"`' in DOC, name
    assert f"| `{DEFAULT_TIME_LIMIT:g}` |" in DOC and f"at most {MAX_TIME_LIMIT:g}" in DOC


def test_the_worked_example_validates(tmp_path):
    text = DOC.split("## A worked example")[1].split("```toml\n")[1].split("```")[0]
    pack = tmp_path / "printer-lease"
    pack.mkdir()
    (pack / "scenario.toml").write_text(text, encoding="utf-8")
    for turn in ("opening", "impatient", "confirmed", "thanks", "bye"):
        write_audio(pack / f"{turn}.ogg")
    assert [str(p) for p in scenarios.validate(pack)] == []
