"""What the home screen opens: a call, calibration or the review, once the trainee's name can be used and the
store and the microphone are open."""

from __future__ import annotations

from textual.widgets import DataTable, Input

from callsim.tui.trainee import name_problem

#: Why a call does not start without a speech model, and how to get one.
NO_MODEL_CALL = ("No speech model, so a call could not hear your replies: run `callsim model download` (or set "
                 "CALLSIM_VOSK_MODEL to an unpacked Vosk model), then start callsim again.")


class StartsFromHome:
    """Home-screen mixin: start the highlighted scenario, calibrate, or open the review (a call and calibration
    only for a usable name, with the store and the device opened).

    The screen provides ``trainee`` (the name as typed)."""

    def action_start(self) -> None:
        """Start the highlighted scenario for the trainee."""
        from callsim.tui.call import CallScreen

        if not self._can_go():
            return
        if self.app.model_error:  # the call could not hear a single reply
            self.notify(NO_MODEL_CALL, severity="error", timeout=12)
            return
        table = self.query_one(DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            self.app.push_screen(CallScreen(self.app.services.library.get(key), self.trainee))

    def action_calibrate(self) -> None:
        """Record the neutral passage to learn this trainee's usual voice."""
        from callsim.tui.calibrate import CalibrateScreen

        if self._can_go():
            self.app.push_screen(CalibrateScreen(self.trainee))

    def _can_go(self) -> bool:
        """A trainee name that is safe as a file name, and the store and device opened."""
        if self.app.quitting:  # Enter or a click queued behind q
            return False
        problem = name_problem(self.trainee) if self.trainee else "Type your name first."
        if problem:
            self.notify(problem, severity="warning")
            self.query_one(Input).focus()
            return False
        if self.app.opening:
            self.notify("Still opening the microphone and the session store; try again in a moment.")
            return False
        return True

    def action_review(self) -> None:
        """Open the trainer's review of stored sessions."""
        from callsim.tui.review import ReviewScreen

        self.app.push_screen(ReviewScreen())
