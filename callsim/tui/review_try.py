"""The highlighted try of a reviewed session: its Evidence, Words and Notes tabs filled, its reply and its caller's
line played."""

from __future__ import annotations

from textual import work
from textual.widgets import DataTable, Static

from callsim import report_view as view
from callsim.tui import review_evidence, review_files
from callsim.tui import review_render as render


class ShowsTry:
    """Session-screen mixin: fill the tabs for the highlighted try (plots measured in a worker) and play its reply
    (from a word, too) or its caller's line.

    The screen provides ``detail``, ``turn`` and ``show_notes`` (``ListsNotes``), and ``play`` (``PlaysAudio``)."""

    def show_turn(self, turn) -> None:
        """Fill the tabs for ``turn`` (one try); pitch and energy plots are measured from its audio in a worker.
        The same try shown again (read back after a note, an override or a grade) keeps its highlighted word."""
        same = self.turn is not None and (self.turn.index, self.turn.retry) == (turn.index, turn.retry)
        self.turn = turn
        self._show_evidence(turn)
        self.show_notes(turn)
        words = self.query_one("#words", DataTable)
        row = words.cursor_row
        words.clear()
        for i, w in enumerate((turn.transcript or {}).get("words") or []):
            words.add_row(*render.word_cells(w), key=str(i))
        if same and words.row_count:
            words.move_cursor(row=min(max(row, 0), words.row_count - 1))
        self.plot_turn(turn)

    @work(thread=True, exclusive=True, group="plot")
    def plot_turn(self, turn) -> None:
        """Pitch and energy over time, measured from the stored reply."""
        try:
            plots = review_evidence.plots(turn, width=max(self.size.width - 8, 30))
        except Exception as err:  # a damaged recording: the evidence stays, the plots say why
            from rich.text import Text

            plots = [Text(f"(no plots: {err})", "italic")]
        if plots is not None:
            self.app.call_from_thread(self._add_plots, turn, plots)

    def _add_plots(self, turn, plots) -> None:
        if turn is self.turn:
            self._show_evidence(turn, plots)

    def _show_evidence(self, turn, plots=None) -> None:
        """The Evidence tab for ``turn`` with its overrides (saying so when the score does not count this try)."""
        from callsim.overridden import counted_tries

        counted = any(c is turn for c in counted_tries(self.detail.turns))
        overrides = view.for_try(self.detail.overrides, turn)
        shown = review_evidence.evidence(turn, overrides, plots=plots, counted=counted)
        self.query_one("#evidence", Static).update(shown)

    def action_play_reply(self) -> None:
        """Play the trainee's reply."""
        self._play_reply(from_seconds=0.0)

    def _play_reply(self, *, from_seconds: float) -> None:
        try:
            self.play(review_files.reply_clip(self.turn, from_seconds), "the reply")
        except Exception as err:
            self.notify(f"cannot play the reply: {err}", severity="warning")

    def action_play_caller(self) -> None:
        """Play the caller's line, if its scenario is installed here."""
        try:
            clip = review_files.caller_clip(self.app.services.library, self.detail.session, self.turn)
            self.play(clip, "the caller", "c")
        except Exception as err:
            self.notify(f"cannot play the caller line: {err}", severity="warning")

    def action_play_caller_unlisted(self) -> None:
        """c on a screen too narrow to list it: play the caller's line all the same."""
        self.action_play_caller()
