"""SIGTERM and SIGHUP (a terminal window closed) quit the app as Ctrl+Q does: the reply under way is kept.

QA: either signal ended the process at once, so the reply being spoken was lost (Esc and Ctrl+Q keep it) and the
session stayed ``in_progress`` until the next start, which then removed it as empty.
"""

from __future__ import annotations

import fcntl
import os
import re
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest

from app_helpers import app_for, open_scenario, ravdess, services, wait_for
from callsim.clip import load
from callsim.store import Store

pytest_plugins = ["conftest_pulse"]
pytestmark = pytest.mark.shared
CALLSIM = Path(sys.executable).with_name("callsim")
ESCAPES = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|.)")


async def test_a_quit_signal_mid_reply_keeps_the_reply_and_closes_the_session(tmp_path, transcriber, shared):
    svc = services(tmp_path, transcriber, [ravdess(shared, "sad")], clock=time)
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "missed-technician")
        await pilot.press("enter")
        await wait_for(pilot, lambda: getattr(app.screen, "recording_open", False) and app.screen.shown_live)
        uuid = app.screen.call.session.uuid
        app.quit_on_signal(signal.SIGHUP)
        app.quit_on_signal(signal.SIGTERM)  # a second signal changes nothing
        await wait_for(pilot, lambda: not app.is_running)
    assert app.saves.wait(timeout=30) and app.signalled == signal.SIGHUP
    (turn,) = svc.store.load_turns(uuid)
    assert turn.unjudged_reason == "hung_up" and turn.audio_path.is_file() and turn.live_transcript
    assert svc.store.load_session(uuid).status == "abandoned"


class Terminal:
    """The real ``callsim`` on a pseudo-terminal of 80x24; ``screen`` is everything it drew, escapes removed."""

    def __init__(self, args: list[str], env: dict[str, str]):
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.proc = subprocess.Popen([str(CALLSIM), *args], stdin=slave, stdout=slave, stderr=slave, env=env,
                                     start_new_session=True)
        os.close(slave)
        self.output = bytearray()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            self.output += data

    @property
    def screen(self) -> str:
        """Everything drawn so far, as plain text (no escapes, no line structure)."""
        return ESCAPES.sub(b"", bytes(self.output)).decode("utf-8", "replace")

    def wait_for(self, text: str, seconds: float = 60.0) -> None:
        """Wait until ``text`` has been drawn; AssertionError (with the end of the screen) if not."""
        deadline = time.monotonic() + seconds
        while text not in self.screen:
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise AssertionError(f"{text!r} never shown; screen ends: {self.screen[-400:]!r}")
            time.sleep(0.1)

    def press(self, keys: str) -> None:
        """Type ``keys`` (``\\r`` is Enter)."""
        os.write(self.master, keys.encode())

    def hang_up(self) -> None:
        """Close the terminal as its window going away does (writes to it fail from now on)."""
        os.close(self.master)

    def stop(self) -> None:
        """Kill the app if it is still running (a failed test) and close the terminal."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        try:
            os.close(self.master)
        except OSError:
            pass


@pytest.mark.pulse
@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM, signal.SIGKILL])
def test_the_real_app_killed_mid_reply_keeps_the_reply(pulse, tmp_path, shared, signum):
    """SIGKILL cannot be handled: the reply's spool (``store_spool``) is kept as a try by the next start."""
    env = pulse.client_env() | {"CALLSIM_DATA_DIR": str(tmp_path / "data"), "TERM": "xterm-256color",
                                "CALLSIM_VOSK_MODEL": os.environ.get("CALLSIM_VOSK_MODEL", "")}
    term = Terminal(["--trainee", "anna"], env)
    try:
        term.wait_for("analysis ready · audio ok")
        term.press("s")
        term.wait_for("Press Enter to take the call")
        term.press("\r")
        term.wait_for("Your turn", seconds=40)
        speech = pulse.play_into_mic(shared / "data/asr/ljspeech/LJ001-0001.flac")
        time.sleep(4.0)
        if signum == signal.SIGHUP:
            term.hang_up()  # the window is gone: the app cannot draw any more
        term.proc.send_signal(signum)
        code = term.proc.wait(timeout=60)
        speech.kill()
    finally:
        term.stop()
    # not killed by a quit signal; with the terminal gone Python's last flush of standard output fails (exit 120)
    assert code == {signal.SIGHUP: 120, signal.SIGTERM: 143, signal.SIGKILL: -9}[signum]
    with Store.open(tmp_path / "data") as store:
        rows = store.query("SELECT uuid, status FROM sessions")
        assert [row["status"] for row in rows] == ["incomplete" if signum == signal.SIGKILL else "abandoned"]
        (turn,) = store.load_turns(rows[0]["uuid"])
        assert not list(store.session_dir(rows[0]["uuid"]).glob(".reply-*"))
    assert turn.unjudged_reason == "hung_up" and turn.audio_path.is_file() and load(turn.audio_path).duration > 2
    assert signum == signal.SIGKILL or "sense with which" in turn.live_transcript  # no live words in a spool


def test_quit_signals_are_held_while_the_saves_are_waited_for():
    """Review: the event loop's handlers go with the loop, so a terminal closed while run_app waited for a reply
    being saved (after Ctrl+Q) killed the process half-way through the save."""
    from callsim.tui.quit_signals import held_quit_signals

    before = signal.getsignal(signal.SIGHUP)
    with held_quit_signals():
        os.kill(os.getpid(), signal.SIGHUP)  # ignored: the test process lives on
        os.kill(os.getpid(), signal.SIGTERM)
        assert signal.getsignal(signal.SIGTERM) == signal.SIG_IGN
    assert signal.getsignal(signal.SIGHUP) == before
