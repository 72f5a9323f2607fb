"""A reply cut to a word by a very short time limit (QA: ``time_limit = 0.5`` and a 4 s reply file; 1 s here): the feedback
says the judgement is less certain, and why, as ``callsim analyze`` does, instead of a bare "agitated (60% sure)"."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf

from app_helpers import answer_from_file, app_for, calibrate, ravdess, services, text_at, wait_for, write_pack

pytestmark = pytest.mark.shared
ACTOR = 8


def speech_first(clip, seconds: float = 4.0) -> np.ndarray:
    """``seconds`` of the reading from where it gets loud (the recording starts with a silence), as a reply file
    whose first half second is already speech."""
    frame = 160
    levels = [np.abs(clip.y[i:i + frame]).max() for i in range(0, len(clip.y) - frame, frame)]
    start = next(i for i, level in enumerate(levels) if level > 0.1 * max(levels)) * frame
    return clip.y[start:start + int(seconds * clip.sr)]


async def test_a_reply_cut_to_a_word_is_judged_less_certain_and_the_feedback_says_why(tmp_path, transcriber, shared):
    packs = write_pack(tmp_path / "packs")
    toml = packs / "apology-check" / "scenario.toml"
    toml.write_text(toml.read_text().replace("time_limit = 20", "time_limit = 1"))
    reply = tmp_path / "reply.wav"
    sf.write(reply, speech_first(ravdess(shared, "angry", actor=ACTOR)), 16000)
    svc = services(tmp_path, transcriber, [], device=False, extra_dirs=[packs])
    calibrate(svc.store, "anna", shared, transcriber, actor=ACTOR)
    app = app_for(svc)
    async with app.run_test(size=(100, 30)) as pilot:
        await answer_from_file(pilot, str(reply))
        await wait_for(pilot, lambda: type(app.screen).__name__ == "FeedbackScreen")
        tone = app.screen.outcome.tone
        banner = " ".join(text_at(app, "#banner").split())
        assert tone.perceived is not None and not tone.is_hint  # a verdict, not a hint: QA's case
        assert [n for n in tone.notes if n.startswith("little speech")] == ["little speech (0.6 s)"]
        assert f"({tone.confidence:.0%} sure); this moment needs somber. Less certain because: little speech " \
               "(0.6 s)." in banner
