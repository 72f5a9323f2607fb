"""The bundled scenario library, the loading API and branching.

Also holds the small-pack helpers (``write_pack``, ``MINI``) that the other
``test_scenarios_*`` modules import.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from callsim import clip, paths, scenarios, vocab
from callsim.errors import CallsimError
from callsim.scenario_model import EMOTIONS

MINI = '''id = "mini"
title = "Mini call"
briefing = "You are on the desk. The order is late."
difficulty = "easy"
tags = ["test"]

[persona]
name = "Ann"
mood = "angry"
voice = "slt"

[[turns]]
id = "opening"
caller = "Where is my order?"
tone = "calm"
moves = ["acknowledge", "apologize"]
banned = ["calm_down"]
time_limit = 20

[turns.next]
suits = "thanks"
partly = "again"
"does not suit" = "again"

[[turns]]
id = "again"
caller = "You don't sound sorry at all."
tone = "somber"
moves = ["apologize"]
next = "thanks"

[[turns]]
id = "thanks"
caller = "Fine. Thanks."
end = true
'''


def write_audio(path: Path, seconds: float = 0.5) -> Path:
    """A short tone as OGG Vorbis, so the pack's audio decodes."""
    t = np.arange(int(16000 * seconds)) / 16000
    sf.write(str(path), 0.3 * np.sin(2 * np.pi * 220 * t), 16000, format="OGG", subtype="VORBIS")
    return path


def write_pack(folder: Path, text: str = MINI, audio=("opening", "again", "thanks")) -> Path:
    """A pack folder with ``text`` as scenario.toml and a tone for each named turn."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scenario.toml").write_text(text, encoding="utf-8")
    for name in audio:
        write_audio(folder / f"{name}.ogg")
    return folder


def line_of(text: str, snippet: str) -> int:
    """The 1-based line of the first line containing ``snippet``."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if snippet in line)


@pytest.fixture(scope="module")
def bundled():
    """The bundled library (no user packs: the data dir is isolated per test)."""
    return scenarios.load_library()


def test_bundled_library_has_twelve_valid_scenarios(bundled):
    assert bundled.problems == []
    assert len(bundled.scenarios) >= 12
    for pack in scenarios.find_packs(paths.voices_dir()):
        assert scenarios.validate(pack) == [], pack


def test_every_bundled_turn_has_decodable_speech(bundled):
    for scenario in bundled.scenarios.values():
        for turn in scenario.turns:
            assert turn.audio_path.is_absolute() and turn.audio_path.is_relative_to(scenario.folder)
            audio = clip.load(turn.audio_path)
            assert not audio.is_silent, turn.audio_path
            assert 0.8 < audio.duration < 20, (turn.audio_path, audio.duration)


def test_bundled_scenarios_are_well_formed_calls(bundled):
    for s in bundled.scenarios.values():
        assert s.briefing and s.title and s.tags and s.persona.name
        assert 2 <= len(s.turns) <= 5, s.id
        assert any(len(set(t.next.values())) > 1 for t in s.turns), f"{s.id} never branches"
        assert s.first_turn.expects_reply
        assert set(s.tones) <= set(vocab.TONE_TARGETS)
        for turn in s.turns:
            assert 1 <= turn.caller.count(".") + turn.caller.count("?") + turn.caller.count("!") <= 5
            assert set(turn.moves) <= set(vocab.MOVES) and set(turn.banned) <= set(vocab.BANNED)


def test_library_spans_registers_and_voices(bundled):
    moods = {t.emotion for s in bundled.scenarios.values() for t in s.turns}
    assert {"frantic", "angry", "sad", "cheerful", "cool"} <= moods <= set(EMOTIONS)
    voices = {s.persona.voice for s in bundled.scenarios.values()}
    assert voices & {"slt", "slt-low"} and voices & {"rms", "rms-low", "awb"}


def test_brief_situations_are_covered(bundled):
    s = bundled.scenarios
    assert {"accept_no"} <= set(s["declined-upsell"].turn("declines").moves)
    assert "hard_sell" in s["declined-upsell"].turn("declines").banned
    technician = s["missed-technician"]
    assert technician.first_turn.tone == "warm" and technician.turn("checked").tone == "somber"
    assert "sorry at all" in technician.turn("not-sorry").caller
    assert "waiting all morning" in s["waiting-all-morning"].first_turn.caller


def test_next_turn_follows_the_verdict(bundled):
    s = bundled.get("missed-technician")
    assert s.next_turn("checked", "suits").id == "fixed"
    assert s.next_turn("checked", "partly").id == "not-sorry"
    assert s.next_turn("not-sorry", "does not suit").id == "manager"
    assert s.next_turn("fixed", "suits") is None and s.turn("fixed").is_end
    with pytest.raises(ValueError):
        s.next_turn("checked", "great")
    with pytest.raises(KeyError):
        s.next_turn("nope", "suits")


def test_every_path_through_every_scenario_ends(bundled):
    for s in bundled.scenarios.values():
        for verdict in vocab.VERDICTS:
            turn, steps = s.first_turn, 1
            while (turn := s.next_turn(turn.id, verdict)) is not None:
                steps += 1
                assert steps <= 4, f"{s.id}: always '{verdict}' takes more than 4 caller turns"


def test_user_dir_and_extra_dirs_load_beside_bundled(tmp_path):
    user = paths.user_scenarios_dir()
    write_pack(user / "mini")
    extra = tmp_path / "extra"
    write_pack(extra / "other", MINI.replace('id = "mini"', 'id = "other"'))
    write_pack(extra / "broken", MINI.replace('tone = "calm"', 'tone = "chirpy"'))
    library = scenarios.load_library([extra])
    assert {"mini", "other", "missed-technician"} <= set(library.scenarios)
    assert len(library.scenarios) == len(scenarios.find_packs(paths.voices_dir())) + 2
    assert [p.path for p in library.problems] == [extra / "broken" / "scenario.toml"]
    assert "chirpy" in library.problems[0].message


def test_duplicate_ids_and_missing_extra_dir_are_reported(tmp_path):
    write_pack(tmp_path / "copy", MINI.replace('id = "mini"', 'id = "hotel-limbo"'))
    library = scenarios.load_library([tmp_path, tmp_path / "absent"])
    assert library.scenarios["hotel-limbo"].folder == (paths.voices_dir() / "hotel-limbo").resolve()
    messages = [p.message for p in library.problems]
    assert any("already used" in m for m in messages) and "no such scenarios folder" in messages


def test_an_extra_scenarios_path_that_is_a_file_is_named_as_one(tmp_path):
    """``--scenarios pack/scenario.toml`` loads that pack (as validate takes it); another file was 'no such
    scenarios folder', though it exists."""
    pack = write_pack(tmp_path / "mine", MINI)
    (tmp_path / "notes.txt").write_text("x")
    library = scenarios.load_library([pack / "scenario.toml", tmp_path / "notes.txt"])
    assert "mini" in library.scenarios
    assert [(p.path, p.message) for p in library.problems] == [
        (tmp_path / "notes.txt", "not a folder: give the folder of a pack, or of packs")]


def test_load_pack_and_library_get(tmp_path):
    pack = write_pack(tmp_path / "mini")
    scenario = scenarios.load_pack(pack / "scenario.toml")
    assert scenario.first_turn.id == "opening" and scenario.persona.mood == "angry"
    assert scenario.turn("again").emotion == "angry" and scenario.turn("opening").time_limit == 20
    with pytest.raises(CallsimError, match="no scenario 'nope'"):
        scenarios.Library({"mini": scenario}).get("nope")
    (pack / "again.ogg").unlink()
    with pytest.raises(scenarios.ScenarioError) as err:
        scenarios.load_pack(pack)
    assert "again.ogg" in str(err.value) and len(err.value.problems) == 1


def test_every_example_reply_makes_the_required_moves(bundled):
    """The library and the content checker agree: each turn's example reply suits it."""
    from callsim import content

    for s in bundled.scenarios.values():
        for turn in (t for t in s.turns if t.expects_reply):
            assert turn.coach and turn.example, f"{s.id}/{turn.id}"
            result = content.check(turn.example, context=turn.caller)
            made, used = {f.name for f in result.moves}, {f.name for f in result.banned}
            assert set(turn.moves) <= made, (s.id, turn.id, set(turn.moves) - made)
            assert not used & set(turn.banned), (s.id, turn.id, used)
