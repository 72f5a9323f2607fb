"""What C libraries print on fd 2 while the app runs stays off the screen, which Textual draws on standard error."""

from __future__ import annotations

import os
import sys
import threading

from callsim.tui.screen_fd import screen_apart


def test_native_writes_to_fd_2_are_dropped_while_the_screen_and_python_stderr_still_reach_the_terminal(capfd):
    """QA: a sound server dying mid-reply left PortAudio's "Expression 'alsa_snd_pcm_poll_descriptors_revents(...)'
    failed" lines drawn over the call screen."""
    before = sys.stderr, sys.__stderr__
    with screen_apart():
        worker = threading.Thread(target=os.write, args=(2, b"Expression 'alsa_...' failed\n"))  # as PortAudio does
        worker.start()
        worker.join()
        sys.__stderr__.write("screen\n")  # where Textual's driver draws
        print("traceback", file=sys.stderr)
    os.write(2, b"after\n")
    assert capfd.readouterr().err == "screen\ntraceback\nafter\n"
    assert (sys.stderr, sys.__stderr__) == before


def test_everything_is_restored_when_the_app_fails(capfd):
    try:
        with screen_apart():
            raise RuntimeError("the app crashed")
    except RuntimeError:
        pass
    os.write(2, b"still here\n")
    assert capfd.readouterr().err == "still here\n"
