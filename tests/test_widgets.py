"""The pitch picture under the feedback and review: bars over time, the words beneath in order."""

from __future__ import annotations

import numpy as np

from callsim.asr import Word
from callsim.tui.widgets import contour_lines


def test_every_word_is_labelled_in_order_even_when_they_crowd():
    words = [Word(w, 0.3 + i * 0.25, 0.5 + i * 0.25, 0.9) for i, w in enumerate("kids are talking by the door".split())]
    times = np.arange(0, 2.0, 0.01)
    rows = contour_lines(times, np.sin(times * 3), words, width=40)
    labels = rows[-1].plain
    assert labels.split() == ["kids", "are", "talking", "by", "the", "door"] and len(labels) == 40
    assert len(rows) == 4  # three rows of bars, then the words


def test_words_that_do_not_fit_are_left_off_at_the_end_only():
    words = [Word("supercalifragilistic", 0.0, 0.5, 0.9), Word("again", 0.6, 0.9, 0.9)]
    labels = contour_lines(np.arange(0, 1.0, 0.01), np.zeros(100), words, width=22)[-1].plain
    assert labels.split() == ["supercalifragilistic"]


async def test_the_level_meter_says_clip_and_no_audio_when_levels_stop():
    """QA: a microphone that stopped delivering left the meter frozen at its last level, as if it worked."""
    from textual.app import App

    from callsim.tui.widgets import LevelMeter

    class MeterApp(App):
        def compose(self):
            yield LevelMeter()

    async with MeterApp().run_test(size=(60, 3)) as pilot:
        meter = pilot.app.query_one(LevelMeter)
        meter.db = 0.0
        await pilot.pause()
        assert meter.render().plain.endswith(" CLIP")
        meter.db = -23.0
        await pilot.pause()
        assert meter.render().plain.endswith("-23 dB")
        await pilot.pause(1.2)  # no new level for longer than STALE_SECONDS
        assert meter.render().plain.endswith(" no audio") and meter.db == -100.0
        meter.db = -30.0  # audio flows again
        await pilot.pause()
        assert meter.render().plain.endswith("-30 dB")
        await pilot.pause(1.2)
        meter.db = -100.0  # the screen resets it when the recording ends: no stale "no audio" left behind
        await pilot.pause()
        assert meter.render().plain.endswith("-- dB")
        for _ in range(8):  # a steady clipping voice repeats 0.0: it stays CLIP, never "no audio"
            meter.db = 0.0
            await pilot.pause(0.2)
            assert meter.render().plain.endswith(" CLIP")


def test_the_score_chart_has_a_fixed_0_to_100_scale():
    """QA: a sparkline scaled to the trainee's best, so one session scored 0 drew four rows of full bars."""
    from callsim.tui.progress_view import score_chart

    rows = score_chart([0.0, 50.0, 100.0], width=40).plain.splitlines()
    assert [r[:5] for r in rows] == ["100 ▕", "    ▕", " 50 ▕", "    ▕", "  0 ▕"]
    bars = [r[5:] for r in rows[:4]]
    assert [b[0] for b in bars] == [" "] * 4  # 0: nothing above the axis
    assert [b[2] for b in bars] == [" ", " ", "█", "█"]  # 50: half the height
    assert [b[4] for b in bars] == ["█"] * 4  # 100: all of it
    many = score_chart([float(i % 101) for i in range(300)], width=40).plain.splitlines()
    assert all(len(r) <= 40 for r in many)  # more sessions than columns: averaged into slices
