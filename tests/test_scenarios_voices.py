"""scripts/make_voices.py without a TTS engine: what it renders, skips and keeps."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from callsim import paths, scenarios
from callsim.scenario_model import VOICES
from test_scenarios import MINI, write_pack

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "make_voices.py"


@pytest.fixture(scope="module")
def mv():
    """The make_voices script as a module."""
    spec = importlib.util.spec_from_file_location("make_voices", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the script loads
    spec.loader.exec_module(module)
    return module


def tagged(path: Path, comment: str) -> Path:
    """A short OGG file with ``comment`` in its comment tag."""
    with sf.SoundFile(str(path), "w", 16000, 1, format="OGG", subtype="VORBIS") as f:
        f.comment = comment
        f.write(0.2 * np.sin(np.arange(8000) / 5.0))
    return path


def test_validate_knows_the_voices_the_script_renders(mv):
    """scenario_model.VOICES (the names validate accepts without a warning) is the script's own list."""
    assert VOICES == tuple(mv.VOICES)


def test_bundled_audio_was_rendered_from_the_current_text(mv):
    """Editing a caller line without re-rendering its audio fails here."""
    for pack in scenarios.find_packs(paths.voices_dir()):
        for line in mv.pack_lines(pack):
            comment = sf.SoundFile(str(line.out)).comment or ""
            if comment.startswith(mv.MARK):  # untagged files are real recordings
                assert comment == f"{mv.MARK} {line.digest(False)}", f"re-render {line.out}"


def test_every_persona_voice_and_emotion_is_renderable(mv):
    for scenario in scenarios.load_library().scenarios.values():
        assert scenario.persona.voice in mv.VOICES
        assert {t.emotion for t in scenario.turns} <= set(mv.EMOTIONS)


def test_pack_lines_read_text_voice_emotion_and_file(mv, tmp_path):
    pack = write_pack(tmp_path / "mini", MINI.replace('caller = "Fine. Thanks."', 'caller = """\nFine.\n  Thanks."""'))
    lines = mv.pack_lines(pack)
    assert [(line.out.name, line.voice, line.emotion) for line in lines] == [
        ("opening.ogg", "slt", "angry"), ("again.ogg", "slt", "angry"), ("thanks.ogg", "slt", "angry")]
    assert lines[2].text == "Fine. Thanks."


def test_a_recording_in_another_format_is_the_line_kept_not_rendered_over(mv, tmp_path):
    pack = write_pack(tmp_path / "mini", audio=("opening", "thanks"))
    sf.write(str(pack / "again.flac"), 0.2 * np.sin(np.arange(8000) / 5.0), 16000)
    lines = mv.pack_lines(pack)
    assert [line.out.name for line in lines] == ["opening.ogg", "again.flac", "thanks.ogg"]
    assert mv.decide(lines[1], 0, False, True) == "recording"


def test_recordings_are_kept_and_renders_skipped_when_current(mv, tmp_path):
    line = mv.Line("Hello there.", "slt", "cool", tmp_path / "hello.ogg")
    assert mv.decide(line, 0, False, False) == "render"
    tagged(line.out, "a trainer's own take")
    assert mv.decide(line, 0, False, True) == "recording"
    tagged(line.out, f"{mv.MARK} {line.digest(False)}")
    later = line.out.stat().st_mtime + 60
    assert mv.decide(line, later, False, False) == "up to date"  # same text: no need
    assert mv.decide(line, later, False, True) == "render"
    changed = mv.Line("Hello again.", "slt", "cool", line.out)
    assert mv.decide(changed, later, False, False) == "render"
    assert mv.decide(changed, 0, False, False) == "up to date"  # audio newer than the text
    assert line.digest(True) != line.digest(False) != changed.digest(False)


def test_normalise_brings_speech_to_the_target_level_with_headroom(mv):
    t = np.arange(16000) / 16000
    quiet = (0.01 * np.sin(2 * np.pi * 200 * t)).astype(np.float32)
    for gain in (0.0, -4.0, 3.5):
        y = mv.normalise(quiet, gain)
        speech = y[int(0.15 * 16000): -int(0.25 * 16000)]
        level = 20 * np.log10(np.sqrt(np.mean(speech**2)))
        assert abs(level - (mv.TARGET_DBFS + gain)) < 0.2 and np.abs(y).max() <= mv.PEAK + 1e-6
    loud = mv.normalise(np.concatenate([quiet, np.ones(400, np.float32)]), 0.0)
    assert np.abs(loud).max() <= mv.PEAK + 1e-6


@pytest.mark.skipif(not all(os.path.exists(f"/usr/bin/{t}") for t in ("flite", "sox")),
                    reason="flite and sox are build-time tools (apt-get install flite sox)")
def test_render_with_flite_writes_tagged_speech(mv, tmp_path):
    from callsim import clip

    line = mv.Line("Thanks for calling back.", "rms", "angry", tmp_path / "x.ogg")
    mv.render(line, phone=True)
    audio = clip.load(line.out)
    assert 0.8 < audio.duration < 4 and not audio.is_silent
    assert sf.SoundFile(str(line.out)).comment == f"{mv.MARK} {line.digest(True)}"
