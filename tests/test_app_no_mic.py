"""The practice app with no audio device or no speech model: what a QA pass on a fresh install tripped over."""

from __future__ import annotations

import pytest

from app_helpers import answer_from_file, app_for, open_scenario, services, text_at, wait_for, write_pack
from callsim.errors import CallsimError
from callsim.tui.home_start import NO_MODEL_CALL

REPLY = "data/tone/ravdess/actor03/03-01-04-02-01-01-03.flac"


def screen_name(app) -> str:
    return type(app.screen).__name__


def file_app(tmp_path, transcriber):
    svc = services(tmp_path, transcriber, [], device=False, extra_dirs=[write_pack(tmp_path / "packs")])
    svc.settings.show_caller_text = False  # the trainee asked for the words hidden
    return svc, app_for(svc)


async def test_a_call_does_not_start_without_a_speech_model(tmp_path):
    """QA: the call started, then sat at a cut-off 'No speech model' line with a file box that did nothing."""
    svc = services(tmp_path, None, [], device=False, extra_dirs=[write_pack(tmp_path / "packs")])

    def no_model():
        raise CallsimError("no Vosk model found (looked in /nowhere); run `callsim model download`")

    svc.transcriber_factory = no_model
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.model_error and not app.opening)
        pilot.app.screen.query_one("DataTable").focus()
        await pilot.press("s")
        await pilot.pause()
        assert screen_name(app) == "HomeScreen"
        assert [n.message for n in app._notifications][-1] == NO_MODEL_CALL


@pytest.mark.shared
async def test_with_no_speaker_the_callers_words_show_and_h_is_not_offered(tmp_path, transcriber, shared):
    """QA: with the words hidden and no speaker the caller could be neither heard nor read, and h typed into the
    reply-file box."""
    svc, app = file_app(tmp_path, transcriber)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "apology-check")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen.phase == "reply")
        assert app.screen.call.turn.caller.split()[0] in text_at(app, "#caller")
        assert app.screen.check_action("toggle_caller_text", ()) is False
        assert "Tab leaves the box" in text_at(app, "#phase")


@pytest.mark.shared
async def test_enter_in_the_file_box_hears_the_caller_again_after_a_reply_that_was_not_judged(
        tmp_path, transcriber, shared, monkeypatch):
    """QA: 'Press Enter to hear the caller again' sent the file box instead, and said 'Not your turn yet'."""
    from callsim import practice

    def broken(*args, **kwargs):
        raise CallsimError("the judge broke")

    monkeypatch.setattr(practice, "judge_clip", broken)
    svc, app = file_app(tmp_path, transcriber)
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_from_file(pilot, str(shared / REPLY))
        await wait_for(pilot, lambda: app.screen.phase == "again")
        assert app.screen.focused is app.screen.query_one("#reply-file")
        monkeypatch.undo()
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen.phase == "reply")
        assert not any(n.message.startswith("Not your turn yet") for n in app._notifications)
        assert sum(n.message.startswith("could not judge this reply") for n in app._notifications) == 1


async def test_right_completes_the_path_typed_in_the_file_box(tmp_path, monkeypatch):
    """The box suggests the rest of a file name (a folder first gains its /, then its audio file); Right takes it.
    No reply is judged, so a stand-in transcriber does."""
    answers = tmp_path / "answers"
    (answers / "replies").mkdir(parents=True)
    for name in ("replies/notes.txt", "replies/take1.wav", "replay.txt"):
        (answers / name).write_bytes(b"x")
    monkeypatch.chdir(answers)  # relative paths are read against the app's working folder
    svc = services(tmp_path, object(), [], device=False, extra_dirs=[write_pack(tmp_path / "packs")])
    svc.warm_up = None
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "apology-check")
        await pilot.press("enter")
        field = app.screen.query_one("#reply-file")
        await wait_for(pilot, lambda: app.screen.phase == "reply" and app.screen.focused is field)
        assert "→ completes" in text_at(app, "#phase")
        for typed, completed in (("rep", "replies/"), ("", "replies/take1.wav")):
            await pilot.press(*typed)
            await wait_for(pilot, lambda: field._suggestion == completed)  # the suggester's answer arrived
            await pilot.press("right")
            assert field.value == completed and field.cursor_position == len(completed)


async def test_right_completes_the_path_in_the_calibration_file_box(tmp_path, monkeypatch):
    """The calibration's file box completes a recording's name the same way (no reading is judged)."""
    (tmp_path / "readings").mkdir()
    (tmp_path / "readings" / "passage.flac").write_bytes(b"x")
    monkeypatch.chdir(tmp_path)
    svc = services(tmp_path, object(), [], device=False)
    svc.warm_up = None
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.ready)
        app.screen.query_one("DataTable").focus()
        await pilot.press("b")
        await wait_for(pilot, lambda: screen_name(app) == "CalibrateScreen")
        field = app.screen.query_one("#cal-file")
        field.focus()
        await pilot.press(*"readings/p")
        await wait_for(pilot, lambda: field._suggestion == "readings/passage.flac")
        await pilot.press("right")
        assert field.value == "readings/passage.flac"


@pytest.mark.shared
async def test_a_reply_path_from_the_home_folder_is_judged(tmp_path, transcriber, shared, monkeypatch):
    """A ~ path (as completion keeps it) is read from the home folder, not refused as 'no such file'."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "reply.flac").symlink_to(shared / REPLY)
    monkeypatch.setenv("HOME", str(home))
    svc, app = file_app(tmp_path, transcriber)
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_from_file(pilot, "~/reply.flac")
        await wait_for(pilot, lambda: screen_name(app) == "FeedbackScreen"
                       or any(n.severity == "error" for n in app._notifications))
        assert screen_name(app) == "FeedbackScreen", [n.message for n in app._notifications]
        assert app.last_reply_file == "~/reply.flac"


@pytest.mark.shared
async def test_a_calibration_path_from_the_home_folder_is_measured(tmp_path, transcriber, shared, monkeypatch):
    """QA: the calibration box completed ~/ paths, then refused the completed path as 'no such file'."""
    from app_helpers import calibrate_from_file

    home = tmp_path / "home"
    home.mkdir()
    (home / "passage.flac").symlink_to(shared / "data/asr/misc/jfk.flac")
    monkeypatch.setenv("HOME", str(home))
    svc, app = file_app(tmp_path, transcriber)
    async with app.run_test(size=(80, 24)) as pilot:
        await calibrate_from_file(pilot, "~/passage.flac")
        await wait_for(pilot, lambda: "saved" in text_at(app, "#cal-status"))
        assert text_at(app, "#cal-status").startswith("Baseline saved from 1 reading"), text_at(app, "#cal-status")


def footer_line(app) -> str:
    """The footer as the terminal shows it (the screen's last line)."""
    return screen_lines(app)[-1]


def screen_lines(app) -> list[str]:
    """The screen as the terminal shows it, line by line."""
    import io

    from rich.console import Console

    console = Console(width=app.size.width, height=app.size.height, file=io.StringIO(), record=True)
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text().splitlines()


async def test_at_80_columns_with_no_microphone_the_home_footer_keeps_quit_and_help(tmp_path, transcriber):
    """QA: the footer was cut to '… m Find mic  q Q▏^p palette': no Quit, no F1 Help. h leaves the footer to m (the
    call shows the caller's words anyway without a speaker) but still works."""
    svc = services(tmp_path, transcriber, [], device=False)
    svc.find_device = lambda services_: None  # nothing found when m looks again
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.ready and not app.opening and "s Start call" in footer_line(app))
        await pilot.pause(0.2)  # the footer is recomposed as the bindings settle
        footer = footer_line(app)
        for key in ("s Start call", "b Calibrate", "v Review", "m Find mic", "q Quit", "f1 Help", "^p palette"):
            assert key in footer, footer
        assert "Caller text" not in footer
        shown_before = svc.settings.show_caller_text
        app.screen.query_one("DataTable").focus()
        await pilot.press("h")
        assert svc.settings.show_caller_text is not shown_before


async def test_at_80_columns_with_a_microphone_the_home_footer_lists_h_and_still_quit_and_help(tmp_path, transcriber):
    app = app_for(services(tmp_path, transcriber, []))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.ready and not app.opening and "s Start call" in footer_line(app))
        await pilot.pause(0.2)  # the footer is recomposed as the bindings settle
        footer = footer_line(app)
        assert all(key in footer for key in ("h Caller text", "q Quit", "f1 Help")) and "Find mic" not in footer


async def test_at_80_columns_the_header_says_all_of_audio_lost(tmp_path, transcriber):
    """QA: after the sound server died mid-call the header read '... audio lost: press m on the home', the rest of
    the hint cut off at 80 columns."""
    from callsim.tui.app import LOST_AUDIO

    svc = services(tmp_path, transcriber, [], device=False)
    svc.device_lost = True
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.ready and app.warmed and LOST_AUDIO in app.status)
        await pilot.pause(0.2)
        assert screen_lines(app)[0].rstrip().endswith(LOST_AUDIO), screen_lines(app)[0]


async def test_at_80_columns_each_home_notice_is_one_line_with_the_key_first(tmp_path, transcriber):
    """QA: the real no-device reason wrapped onto a second line (the one-line cut was lost), so a store notice
    under it lost its reason, and a third notice would not show at all."""
    svc = services(tmp_path, transcriber, [], device=False)
    svc.find_device = lambda services_: None
    svc.device_error = ("replies come from audio files: no input device found (connect a microphone, or check that "
                        "PulseAudio/PipeWire is running)")
    svc.store_error = "sessions will not be saved: /data/callsim.db: cannot open the session store (Permission denied)"
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.ready and "sessions will not be saved" in text_at(app, "#notices"))
        await pilot.pause(0.2)
        lines = screen_lines(app)
        assert lines[-3].startswith(" m: look again · replies come from audio files: no input device found")
        assert lines[-3].rstrip().endswith("…") and lines[-2].startswith(" sessions will not be saved: ")
