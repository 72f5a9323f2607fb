"""A reply with no speech in it (muted mic, empty file) is a device problem, not a failed turn (QA, mic pass)."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf

from callsim.clip import Clip
from app_helpers import (answer_from_file, app_for, open_scenario, ravdess, services, shown, text_at, wait_for,
                         write_pack)

pytestmark = pytest.mark.shared
SR = 16000


def screen_name(app) -> str:
    return type(app.screen).__name__


def clicks(seconds: float = 4.0) -> Clip:
    """Room hiss at -80 dBFS with two desk knocks: louder than silence, but no speech."""
    y = np.random.default_rng(1).normal(0, 1e-4, int(seconds * SR)).astype(np.float32)
    y[SR : SR + 40] = 0.2
    y[3 * SR : 3 * SR + 40] = -0.2
    return Clip(y, SR)


def mic_app(tmp_path, transcriber, replies):
    svc = services(tmp_path, transcriber, replies, extra_dirs=[write_pack(tmp_path / "packs")])
    return svc, app_for(svc)


async def test_a_silent_mic_reply_is_not_judged_and_the_turn_is_offered_again(tmp_path, transcriber, shared):
    silence = Clip(np.zeros(3 * SR, np.float32), SR)
    svc, app = mic_app(tmp_path, transcriber, [silence, ravdess(shared, "sad")])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "apology-check")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Nothing heard" in text_at(app, "#phase"))
        phase = text_at(app, "#phase").strip()
        assert phase.startswith("Nothing heard from the microphone (loudest sound -100 dBFS): check it is on")
        assert phase.endswith("Press Enter to hear the caller again.") and "kept" not in phase
        call = app.screen.call
        assert (call.turn.id, call.results, len(svc.device.played)) == ("ask", [], 1)  # no caller reaction
        footer = {b.binding.action: b.binding.description for b in app.screen.active_bindings.values()}
        assert footer.get("hear_again") == "Hear caller again" and "answer" not in footer  # QA: it read "Take call"
        await pilot.press("h")  # the call's keys still work (they did nothing when this was the briefing again)
        assert "words hidden" in text_at(app, "#caller")
        await pilot.press("h")
        await pilot.press("enter")  # the caller asks again; this time the trainee answers
        await wait_for(pilot, lambda: screen_name(app) == "FeedbackScreen")
        assert app.screen.outcome.transcript.words and len(svc.device.played) == 2
        assert app.saves.wait(timeout=30)  # the feedback shows before the judging worker has saved the try
    turns = svc.store.load_turns(call.session.uuid)
    assert [(t.caller_turn_id, t.retry) for t in turns] == [("ask", 0)] and turns[0].verdict


async def test_a_mic_reply_with_sound_but_no_speech_keeps_its_audio_unjudged(tmp_path, transcriber, shared):
    svc, app = mic_app(tmp_path, transcriber, [clicks()])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "apology-check")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "No speech heard" in text_at(app, "#phase"))
        assert "(loudest sound -14 dBFS, but nothing like a voice)" in text_at(app, "#phase")
        assert "check it is on" not in text_at(app, "#phase")  # QA: a working mic was called muted or too quiet
        assert "its audio is kept" in text_at(app, "#phase")
        uuid = app.screen.call.session.uuid
        assert screen_name(app) == "CallScreen" and app.screen.call.turn.id == "ask"
    turns = svc.store.load_turns(uuid)
    assert len(turns) == 1 and turns[0].verdict in ("", None) and turns[0].audio_path.is_file()
    assert turns[0].unjudged_reason == "nothing_heard"
    shows_unjudged(turns[0])


def shows_unjudged(turn) -> None:
    """The review and the HTML export call a kept, unjudged try 'not judged', and say why (it read '(no words
    heard)', 'heard ?', then named every possible reason at once)."""
    from rich.console import Console

    from callsim.report_html_turn import verdict_line
    from callsim.tui.review_evidence import evidence
    from callsim.tui.review_render import turn_row

    console = Console(width=200, record=True)
    console.print(evidence(turn, []))
    shown = console.export_text()
    assert "Reply: not judged: nothing was heard (r plays it)" in shown
    assert "Tone:" not in shown and turn_row(turn, [])[-1].plain == "not judged: nothing heard"
    assert "<b>turn verdict:</b> not judged: nothing was heard" in verdict_line(turn, [])


async def test_a_reply_file_without_speech_is_refused_and_another_can_be_given(tmp_path, transcriber, shared):
    empty = tmp_path / "empty.wav"
    sf.write(empty, clicks().y, SR)
    svc = services(tmp_path, transcriber, [], device=False, extra_dirs=[write_pack(tmp_path / "packs")])
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_from_file(pilot, str(empty))
        said = lambda: [n.message for n in app._notifications]  # noqa: E731
        await wait_for(pilot, lambda: any("No speech" in m for m in said()))
        assert f"No speech in {empty} (loudest sound -14 dBFS): give a recording of your reply" in said()
        assert app.screen.phase == "reply" and screen_name(app) == "CallScreen"
        app.screen.query_one("#reply-file").value = str(shared / "data/tone/ravdess/actor03/03-01-04-02-01-01-03.flac")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "FeedbackScreen")


async def test_a_microphone_plugged_in_after_start_is_found_with_m(tmp_path, transcriber, shared):
    """QA: a mic connected after the app started was never used, and nothing said a restart was needed."""
    from callsim.audio import InMemoryDevice

    svc = services(tmp_path, transcriber, [], device=False, extra_dirs=[write_pack(tmp_path / "packs")])
    looked = []

    def plug_in(services_):  # what the real find_device does once PortAudio lists the new headset
        looked.append(True)
        services_.device, services_.device_error = InMemoryDevice([ravdess(shared, "sad")]), ""

    svc.find_device = plug_in
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.ready)
        assert text_at(app, "#notices").startswith("m: look again · replies come from audio files: no audio device (test)")
        app.screen.query_one("DataTable").focus()
        assert "find_device" in {b.binding.action for b in app.screen.active_bindings.values()}
        await pilot.press("m")
        await wait_for(pilot, lambda: svc.device is not None and not app.opening)
        assert looked == [True] and "m: look again" not in text_at(app, "#notices")
        assert "Found a microphone: replies are recorded from it now." in [n.message for n in app._notifications]
        assert "find_device" not in {b.binding.action for b in app.screen.active_bindings.values()}
        await open_scenario(pilot, "apology-check")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "FeedbackScreen")  # answered from the microphone
        assert app.screen.outcome.reason != "file"


@pytest.mark.parametrize("peak_db, words, nothing", [
    (-100, [], True),  # a muted microphone
    (-57, ["i'm", "a", "lot"], True),  # QA: the recogniser's guesses at a far too quiet reply were judged
    (-12, ["okay"], False),  # a short reply at a normal level is judged (too short: its verdict says so)
    (-24, ["huh"], True),  # QA: a reply file of steady hiss was heard as "huh" and judged "does not suit"
    (-20, ["hmm", "uh"], True),  # hesitations alone, with no voiced speech
    (-20, ["uh", "okay"], False),
])
def test_nothing_heard_is_no_speech_and_no_words_or_far_too_quiet(peak_db, words, nothing):
    from types import SimpleNamespace

    from callsim.practice import TurnOutcome

    y = np.zeros(SR, np.float32)
    y[100] = 10 ** (peak_db / 20)
    outcome = TurnOutcome("t", Clip(y, SR), SimpleNamespace(words=words), SimpleNamespace(checks=("no_speech",)),
                          tone=None, content=None, verdict=None)
    assert outcome.nothing_heard is nothing
    outcome.features.checks = ()
    assert not outcome.nothing_heard


def test_steady_hiss_in_a_reply_is_nothing_heard_though_the_recogniser_says_huh(transcriber):
    """QA: a reply file of hiss (-34 dBFS RMS, no voice) was transcribed "huh", judged "does not suit" and sent the
    call down its worst branch; the same hiss from the microphone was 'nothing heard'."""
    from callsim.practice import judge_clip
    from callsim.scenarios import load_library

    turn = load_library().get("refund-cancel").first_turn
    hiss = Clip(np.random.default_rng(0).normal(0, 0.02, 4 * SR).astype(np.float32), SR)
    outcome = judge_clip(hiss, transcriber, turn=turn, baseline=None)
    assert "no_speech" in outcome.features.checks and outcome.clip.peak_db > -40
    assert {w.text for w in outcome.transcript.words} <= {"huh"}
    assert outcome.nothing_heard


def hiss_then_speech(shared) -> Clip:
    """4 s of a noisy room (-50 dBFS RMS: sound, but no speech for the end-of-reply detector), then a sentence over
    the same noise."""
    said = ravdess(shared, "sad").y
    y = np.random.default_rng(2).normal(0, 10 ** (-50 / 20), 4 * SR + len(said)).astype(np.float32)
    y[4 * SR :] += said
    return Clip(y, SR)


async def test_sound_with_no_speech_is_said_while_the_reply_records_until_speech_is_heard(tmp_path, transcriber,
                                                                                        shared):
    import time

    from callsim.unheard import HINT

    svc = services(tmp_path, transcriber, [hiss_then_speech(shared)], clock=time,
                   extra_dirs=[write_pack(tmp_path / "packs")])
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "apology-check")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen.phase == "reply")
        assert not shown(app, "#unheard")
        await wait_for(pilot, lambda: shown(app, "#unheard"))
        assert text_at(app, "#unheard").strip() == HINT and app.screen.phase == "reply"
        assert not app.screen.recorder.capture.endpointer.speech_start
        await wait_for(pilot, lambda: not shown(app, "#unheard"))
        assert app.screen.phase == "reply" and app.screen.recorder.capture.endpointer.speech_start > 4.0
        await wait_for(pilot, lambda: screen_name(app) == "FeedbackScreen")
