"""Caller audio that cannot be played (QA: a truncated pushback.wav, random bytes saved as thanks.wav).

A pack whose audio headers are already unreadable is not offered (as ``scenarios validate`` calls it broken); a
line that still fails to play in the call shows its words, even when caller text is hidden, and the phase line
says why, rather than a toast alone.
"""

from __future__ import annotations

import os

import pytest

from app_helpers import app_for, open_scenario, services, text_at, wait_for, write_pack

pytestmark = pytest.mark.shared
REPLY = "data/tone/ravdess/actor03/03-01-04-02-01-01-03.flac"


def row_keys(app) -> list[str]:
    """The scenario ids the home screen offers."""
    from textual.widgets import DataTable

    return [str(key.value) for key in app.screen.query_one(DataTable).rows]


async def test_a_pack_whose_audio_will_not_read_is_skipped_with_one_line(tmp_path, transcriber):
    packs = write_pack(tmp_path / "packs")
    (packs / "apology-check" / "thanks.ogg").write_bytes(os.urandom(20000))
    app = app_for(services(tmp_path, transcriber, [], extra_dirs=[packs]))
    async with app.run_test(size=(120, 24)) as pilot:
        await wait_for(pilot, lambda: app.ready)
        assert "apology-check" not in row_keys(app) and "missed-technician" in row_keys(app)
        assert "skipped pack apology-check: audio file 'thanks.ogg' is unreadable" in text_at(app, "#notices")


async def test_a_caller_line_that_will_not_play_shows_its_words_and_the_phase_says_so(tmp_path, transcriber, shared):
    packs = write_pack(tmp_path / "packs")
    svc = services(tmp_path, transcriber, [], extra_dirs=[packs])
    svc.settings.show_caller_text = False
    ask = packs / "apology-check" / "ask.ogg"
    ask.write_bytes(ask.read_bytes()[:200])  # damaged after the library loaded: only playing finds it
    app = app_for(svc)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_scenario(pilot, "apology-check")
        assert "words hidden" not in text_at(app, "#caller")
        phases = watch_phases(app.screen)
        await pilot.press("enter")
        await wait_for(pilot, lambda: any("cannot play the caller" in n.message for n in app._notifications))
        await wait_for(pilot, lambda: any("Your turn" in p for p in phases))
        assert "You double-booked my appointment." in text_at(app, "#caller")
        turn = next(p for p in phases if "Your turn" in p)  # the reply (silence here) may be over by now
        assert turn.startswith("The caller's audio would not play: read their words above. Your turn")
        await pilot.press("escape", "escape")


def watch_phases(screen) -> list[str]:
    """Every phase line ``screen`` shows from now on, in order (some last only a moment with the in-memory device)."""
    shown, original = [], screen.set_phase

    def set_phase(text: str, style: str = "bold") -> None:
        shown.append(text)
        original(text, style)

    screen.set_phase = set_phase
    return shown


async def test_a_very_long_caller_line_scrolls_in_its_box_and_the_turn_stays_on_screen(tmp_path, transcriber, shared):
    """QA: a 4,800-character caller line (accepted by validate) pushed "Your turn", the timer and the level meter off
    an 80x24 screen."""
    packs = write_pack(tmp_path / "packs")
    toml = packs / "apology-check" / "scenario.toml"
    long_line = " ".join(["You double-booked my appointment and nobody called me back."] * 80)
    toml.write_text(toml.read_text().replace("You double-booked my appointment.", long_line))
    app = app_for(services(tmp_path, transcriber, [], extra_dirs=[packs]))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "apology-check")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "nobody called me back" in text_at(app, "#caller"))
        await pilot.pause(0.3)
        for selector in ("#phase", "#level"):
            region = app.screen.query_one(selector).region
            assert 0 < region.y and region.bottom <= 23, (selector, region)  # above the footer
        box = app.screen.query_one("#caller-scroll")
        assert box.region.height <= 6 and box.max_scroll_y > 0  # the rest of the line is a scroll away
        await pilot.press("escape", "escape")
