"""``mic_check.judge``: the level test's verdict agrees with what the app does with the same audio."""

from __future__ import annotations

import numpy as np

from callsim.audio_reply import Recording
from callsim.clip import Clip
from callsim.mic_check import judge
from callsim.practice import QUIET_PEAK_DB
from callsim.prosody import extract
from callsim.prosody_summary import QUIET_DB

SR = 16_000


def voice(seconds: float = 3.0, *, gain: float = 1.0) -> Clip:
    """A steady voiced sound (150 Hz and harmonics in 2 Hz syllables), peak 0.25 times ``gain``."""
    t = np.arange(int(seconds * SR)) / SR
    y = sum(np.sin(2 * np.pi * 150 * k * t) / k for k in range(1, 8))
    envelope = np.sqrt(np.clip(np.sin(2 * np.pi * 2 * t), 0, None))
    return Clip((gain * 0.25 * envelope * y / np.max(np.abs(y))).astype(np.float32), SR)


def test_quiet_speech_the_endpointer_missed_is_reported_as_the_speech_the_app_judges():
    said = voice(gain=0.02)  # peak -46 dBFS: under QUIET_PEAK_DB, but the app still measures (and judges) speech
    feats = extract(said)
    assert said.peak_db < QUIET_PEAK_DB and feats.has_speech and "too_quiet" in feats.checks
    level = judge(Recording(said, "no_speech"))  # the end-of-reply detector never noticed it
    assert level.verdict == "too_quiet" and level.speech_db == feats.energy_db < QUIET_DB
    assert level.detail == f"too quiet: your speech measured {feats.energy_db:.0f} dBFS (callsim calls under " \
                           f"{QUIET_DB:.0f} too quiet)"
    assert "nothing heard" not in level.detail


def test_speech_at_a_good_level_the_endpointer_missed_is_not_fine():
    said = voice()
    level = judge(Recording(said, "no_speech"))
    assert level.verdict == "too_quiet" and level.speech_db == extract(said).energy_db
    assert level.detail.startswith("too quiet for the room: your speech measured ") and "a pause" in level.detail
    assert level.fix.endswith("or find a quieter room")


def test_speech_the_endpointer_heard_is_fine_and_faint_sound_without_speech_is_nothing_heard():
    assert judge(Recording(voice(), "ended", 0.1, 2.9)).verdict == "fine"
    faint = judge(Recording(voice(gain=0.0063), "no_speech"))  # peak -56 dBFS: no speech measured at all
    assert (faint.verdict, faint.speech_db) == ("too_quiet", None)
    assert faint.detail.startswith("too quiet: only faint sound reached callsim (loudest -56 dBFS")


def test_a_peak_just_under_full_scale_reads_zero_not_minus_zero():
    """QA: `devices --test` printed "peak -0 dBFS" near full scale."""
    import io

    from callsim.commands.devices import _print_level
    from callsim.mic_check import MicLevel

    out = io.StringIO()
    _print_level(MicLevel(3.0, -0.2, -18.0, -17.0, 0.0, "ok", "fine"), out)
    assert "peak 0 dBFS, RMS -18 dBFS, speech -17 dBFS" in out.getvalue()
