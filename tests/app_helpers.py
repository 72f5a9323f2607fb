"""Building the practice app for tests: the same factory as ``callsim``, with an in-memory device."""

from __future__ import annotations

import io
import shutil
from unittest import mock
from datetime import datetime, timedelta, timezone
from pathlib import Path

from callsim import prosody
from callsim.audio import InMemoryDevice
from callsim.clip import load
from callsim.paths import voices_dir
from callsim.scenarios import load_library
from callsim.store import Store
from callsim.tui.app import make_app
from callsim.tui.services import Services, Settings

RAVDESS = "data/tone/ravdess/actor{actor:02d}/03-01-{emotion:02d}-{intensity:02d}-01-01-{actor:02d}.flac"
EMOTIONS = {"neutral": 1, "calm": 2, "happy": 3, "sad": 4, "angry": 5, "fearful": 6}

PACK = """\
id = "apology-check"
title = "An apology, tone only"
briefing = "We made a mistake. Say sorry."
difficulty = "easy"
tags = ["test"]

[persona]
name = "Pat"
mood = "upset"
voice = "slt"

[[turns]]
id = "ask"
caller = "You double-booked my appointment."
audio = "ask.ogg"
tone = "somber"
moves = []
time_limit = 20
coach = "Our mistake: sound sorry and serious."
example = "I'm so sorry, that was our mistake."

[turns.next]
suits = "thanks"
partly = "hm"
"does not suit" = "angry"

[[turns]]
id = "thanks"
caller = "Thank you, that sounds sincere."
audio = "thanks.ogg"
end = true

[[turns]]
id = "hm"
caller = "Hm. Alright then."
audio = "hm.ogg"
end = true

[[turns]]
id = "angry"
caller = "You don't sound sorry at all."
audio = "angry.ogg"
end = true
"""


def ravdess(shared: Path, emotion: str, *, actor: int = 3, intensity: int = 2):
    """A RAVDESS reading as a 16 kHz clip (intensity 2 = strong; neutral has only 1)."""
    intensity = 1 if emotion == "neutral" else intensity
    return load(shared / RAVDESS.format(actor=actor, emotion=EMOTIONS[emotion], intensity=intensity))


def write_pack(folder: Path) -> Path:
    """A one-question scenario pack (tone only) whose caller audio is borrowed from the library."""
    pack = folder / "apology-check"
    pack.mkdir(parents=True)
    (pack / "scenario.toml").write_text(PACK)
    source = next(voices_dir().glob("*/opening.ogg"))
    for name in ("ask", "thanks", "hm", "angry"):
        shutil.copy(source, pack / f"{name}.ogg")
    return folder


def calibrate(store, trainee: str, shared: Path, transcriber, *, actor: int = 3) -> None:
    """Store the trainee's baseline from the actor's four neutral RAVDESS readings, as calibration does."""
    from callsim.baseline import baseline_from_clips
    from callsim.records import BaselineRecord

    clips = [load(p) for p in sorted((shared / f"data/tone/ravdess/actor{actor:02d}").glob("03-01-01-*.flac"))]
    words = [list(transcriber.transcribe(c).words) for c in clips]
    store.save_baseline(BaselineRecord(trainee, baseline_from_clips(clips, words=words, name=trainee).to_dict()))


def services(tmp_path: Path, transcriber, replies, *, device=True, extra_dirs=(), trainee="anna",
             clock=None) -> Services:
    """Real library, store, model and analysis; an in-memory device that "speaks" ``replies`` (paced by ``clock``)."""
    return Services(
        settings=Settings(trainee=trainee, scenario_dirs=tuple(map(str, extra_dirs))),
        library=load_library(extra_dirs), store=Store.open(tmp_path / "store"),
        device=InMemoryDevice(replies, clock=clock) if device else None,
        device_error="" if device else "replies come from audio files: no audio device (test)",
        transcriber_factory=lambda: transcriber, warm_up=prosody.warm_up,
    )


def app_for(svc: Services):
    """The app as ``callsim`` builds it."""
    return make_app(svc)


async def wait_for(pilot, condition, *, seconds: float = 30.0) -> None:
    """Let the app run until ``condition()`` holds (the real analysis takes a moment)."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"timed out after {seconds} s waiting for the app")


async def open_scenario(pilot, scenario_id: str) -> None:
    """Highlight ``scenario_id`` on the home screen and start it."""
    from textual.widgets import DataTable

    await wait_for(pilot, lambda: pilot.app.ready)
    table = pilot.app.screen.query_one(DataTable)
    table.move_cursor(row=table.get_row_index(scenario_id))
    table.focus()
    await pilot.press("s")
    await pilot.pause()


async def answer_from_mic(pilot, *, scenario: str = "apology-check") -> None:
    """With the in-memory microphone: open ``scenario``, take the call and wait for the feedback on the reply the
    device speaks (until its widgets exist: a screen is current a moment before)."""
    await open_scenario(pilot, scenario)
    await pilot.press("enter")
    await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == "FeedbackScreen"
                   and "Try this" in text_at(pilot.app, "#tips"))


async def answer_from_file(pilot, path: str, *, scenario: str = "apology-check") -> None:
    """Without a microphone: open ``scenario``, take the call and give ``path`` as the reply file."""
    await wait_for(pilot, lambda: pilot.app.ready)
    await open_scenario(pilot, scenario)
    await pilot.press("enter")
    await wait_for(pilot, lambda: shown(pilot.app, "#reply-file"))
    pilot.app.screen.query_one("#reply-file").value = path
    await pilot.press("enter")


async def calibrate_from_file(pilot, path: str, *, presses: int = 1) -> None:
    """Without a microphone: open the calibration and give ``path`` as the reading (Enter ``presses`` times)."""
    app = pilot.app
    await wait_for(pilot, lambda: app.ready)
    app.screen.query_one("DataTable").focus()
    await pilot.press("b")
    await wait_for(pilot, lambda: type(app.screen).__name__ == "CalibrateScreen")
    app.screen.query_one("#cal-file").value = path
    app.screen.query_one("#cal-file").focus()
    await pilot.press(*["enter"] * presses)


async def read_passage(pilot, outcome: str) -> None:
    """Calibrate from the (in-memory) microphone on the home screen's ``b``; wait until the status says ``outcome``
    ("Baseline saved" or "Not saved")."""
    app = pilot.app
    await wait_for(pilot, lambda: app.ready)
    app.screen.query_one("DataTable").focus()
    await pilot.press("b", "enter")
    await wait_for(pilot, lambda: outcome in text_at(app, "#cal-status"))


def fill_store(store, library, transcriber, shared, *, sessions=(("anna", ("happy", "sad")), ("ben", ("happy", "angry")))):
    """Sessions of the bundled missed-technician call, judged for real from RAVDESS replies."""
    from callsim.practice import judge_clip
    from callsim.tui.turns import CallState

    scenario = library.get("missed-technician")
    uuids = []
    for trainee, emotions in sessions:
        call = CallState(scenario, trainee)
        fixed = f"5e551{len(uuids):03d}-0000-4000-8000-000000000000"  # the same ids every run, for the snapshots
        with mock.patch("callsim.store.uuidlib.uuid4", return_value=fixed):
            call.open_session(store)
        for i, emotion in enumerate(emotions):
            outcome = judge_clip(ravdess(shared, emotion, actor=3 + i), transcriber, turn=call.turn, baseline=None)
            call.save(store, outcome)
            if not call.advance():
                break
        call.close_session(store, "complete")
        uuids.append(call.session.uuid)
    for day, uuid in enumerate(uuids, 1):  # fixed times, so screens and reports are the same every run
        session = store.load_session(uuid)
        session.started = datetime(2026, 11, day, 9, 30, tzinfo=timezone.utc)
        session.ended = session.started + timedelta(minutes=4)
        store.save_session(session)
    return uuids


def text_at(app, selector: str) -> str:
    """The text of the current screen's ``selector`` widget, "" until it is mounted (a screen becomes
    current a moment before its widgets exist, so waiting on ``query_one`` can raise NoMatches)."""
    found = app.screen.query(selector)
    return text_of(found.first()) if found else ""


def shown(app, selector: str) -> bool:
    """True once the current screen's ``selector`` widget is mounted and displayed."""
    return any(w.display for w in app.screen.query(selector))


def text_of(widget) -> str:
    """What a Static shows, as plain text (Rich renderables included)."""
    from rich.console import Console

    console = Console(width=200, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()
