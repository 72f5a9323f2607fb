"""A reply the store refused to save (locked by another callsim for too long, a write error) is not lost: its spool
stays on disk and becomes an unjudged try when the call ends.

QA: the trainee was told "this turn was not saved", and the reply was gone for good.
"""

from __future__ import annotations

import time

import pytest

from app_helpers import app_for, open_scenario, ravdess, services, wait_for
from callsim.clip import load
from callsim.errors import CallsimError

pytestmark = pytest.mark.shared


def refuse_first_save(store) -> list:
    """Make ``store.save_turn`` fail once, as a store locked by another process does; returns the refusals."""
    real, refused = store.save_turn, []

    def save_turn(turn, audio=None):
        if not refused:
            refused.append(turn)
            raise CallsimError("the session store is busy (database is locked)")
        return real(turn, audio)

    store.save_turn = save_turn
    return refused


async def test_a_reply_whose_save_failed_is_kept_unjudged_when_the_call_ends(tmp_path, transcriber, shared):
    svc = services(tmp_path, transcriber, [ravdess(shared, "sad")], clock=time)
    refused = refuse_first_save(svc.store)
    app = app_for(svc)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "missed-technician")
        await pilot.press("enter")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "FeedbackScreen", seconds=60)
        uuid = app.screen.call.session.uuid
        told = "this turn was not saved: the session store is busy (database is locked); your reply is kept, " \
               "unjudged, when the call ends"
        await wait_for(pilot, lambda: told in [n.message for n in app._notifications])  # saved after it is shown
        assert refused and svc.store.load_turns(uuid) == []  # the spool is still on disk
        await pilot.press("escape")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "SummaryScreen")
        assert app.saves.wait(timeout=30)
    (turn,) = svc.store.load_turns(uuid)
    assert (turn.index, turn.retry, turn.unjudged_reason, turn.caller_turn_id) == \
        (refused[0].index, refused[0].retry, "save_failed", refused[0].caller_turn_id)
    assert load(turn.audio_path).duration > 1.5
    assert not list(svc.store.session_dir(uuid).glob(".reply-*"))  # the spool is gone once kept


def test_a_failed_unjudged_save_still_numbers_the_next_try_anew(tmp_path):
    """Review: the try number went up only after a successful save, so the next reply reopened (and emptied) the
    spool that was keeping the one whose save failed."""
    from types import SimpleNamespace

    import numpy as np

    from callsim.clip import Clip
    from callsim.tui.turns import CallState

    turn = SimpleNamespace(id="opening", caller="Hi", tone="warm")
    call = CallState(SimpleNamespace(first_turn=turn), "pat")
    call.session = SimpleNamespace(uuid="u")
    store = SimpleNamespace(save_turn=lambda *a: (_ for _ in ()).throw(OSError(28, "No space left on device")))
    with pytest.raises(OSError):
        call.save_unjudged(store, Clip(np.zeros(1600, np.float32), 16000), "nothing_heard")
    assert call.attempt == 1
