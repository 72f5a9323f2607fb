"""Editing a reviewed session: note, override, grade and export, each stored by a worker that posts a fact
once the store has taken (or refused) what the trainer typed."""

from __future__ import annotations

import contextlib

from textual import work
from textual.message import Message

from callsim.errors import first_line
from callsim.records import Override
from callsim.report_unjudged import unjudged
from callsim.tui import review_files
from callsim.tui import review_render as render
from callsim.tui.review_modals import GradeDialog, OverrideDialog, where

AUTHOR = "trainer"
#: A notice is 60 columns wide but at most about half the screen (Textual's Toast), less its edge and padding.
TOAST_WIDTH, TOAST_FRAME = 60, 4


class Stored(Message):
    """A review edit reached the store, or did not (``error``); ``record`` is what was typed, kept either way."""

    def __init__(self, record, error: str = ""):
        super().__init__()
        self.record, self.error = record, error


class NoteSaved(Stored):
    """A trainer note (``record``: a Note) is stored, or not (``error``)."""


class NoteDeleted(Stored):
    """A trainer note (``record``: the Note) is deleted, or not (``error``)."""


class OverrideSaved(Stored):
    """A verdict override (``record``: an Override) is stored, or not (``error``)."""


class SessionGraded(Stored):
    """The session's grade (``record``: the text) is stored, or not (``error``)."""


class SessionExported(Stored):
    """The session's HTML report is written (``record``: its path), or not (``error``)."""


class EditsSession:
    """Mixin for the session screen: override, grade and export, each stored by a worker that posts a fact
    (``ListsNotes`` writes notes through ``run_edit`` too).

    The screen provides ``uuid``, ``detail`` (the session's record), ``turn`` (the highlighted try) and ``load()``.
    """

    def action_override(self) -> None:
        """Overrule the tone or words verdict of the highlighted try (with a reason); a try that was not judged
        has none to overrule."""
        if self.turn is not None and unjudged(self.turn):
            self.notify("This try was not judged, so it has no verdict to overrule: a note (n) can say what you "
                        "hear in it.", severity="warning")
        elif self.turn is not None:
            self._ask_override(self.turn)

    def _ask_override(self, turn, *typed) -> None:
        """The override dialog for ``turn``, holding ``typed`` (kind, verdict, reason) when the store refused it."""
        def save(result) -> None:
            if result:
                kind, new, reason = result
                if new == self._verdict_in_force(turn, kind):
                    self.notify(f"The {render.KIND_LABEL.get(kind, kind)} verdict is already '{new}': nothing "
                                "to overrule.", severity="warning")
                    return
                o = Override(self.uuid, turn.index, kind, render.original_verdict(turn, kind), new, reason, AUTHOR,
                             retry=turn.retry)
                self.run_edit(OverrideSaved, self.app.services.store.save_override, o)
        self.app.push_screen(OverrideDialog(*typed, title=f"Override {where(turn.index, turn.retry)}"), save)

    def _verdict_in_force(self, turn, kind: str) -> str:
        """The try's ``kind`` verdict as it stands: the newest override of it, else the original."""
        from callsim.overridden import half_in_force

        return half_in_force(turn, self.detail.overrides, kind) or str(turn.verdict)  # an older try: the turn's

    def action_grade(self) -> None:
        """Grade the whole session."""
        if self.detail is not None:
            self._ask_grade(self.detail.session.grade)

    def _ask_grade(self, current: str | None) -> None:
        def save(grade) -> None:
            if grade is not None:
                self.run_edit(SessionGraded, self.app.services.store.grade_session, self.uuid, grade or None)
        self.app.push_screen(GradeDialog(current), save)

    def action_export(self) -> None:
        """Write this session as a self-contained HTML report in the data folder (measuring takes seconds)."""
        if self.detail is not None:
            self.notify("Writing the report…", title="Report")
            self.run_edit(SessionExported, review_files.export_session, self.app.services.store, self.detail.session)

    def run_edit(self, fact, call, *args) -> None:
        """``call(*args)`` off the UI thread (a busy database waits up to 10 s), then post ``fact``: with the
        result, or with the last argument (what the trainer typed) and the error. Counted in ``app.saves`` from
        now, so quitting right after waits for it before the store closes."""
        # The save is counted here, on the UI thread, because the worker may not have started when the trainer
        # quits; the worker is handed the open count (an ExitStack) and releases it when the edit is written.
        held = contextlib.ExitStack()
        held.enter_context(self.app.saves.track())
        self._edit(held, fact, call, *args)

    @work(thread=True, group="edits")
    def _edit(self, held, fact, call, *args) -> None:
        with held:
            try:
                self.post_message(fact(call(*args)))
            except Exception as err:  # locked or broken store, full disk: one line; the typed text is kept
                self.post_message(fact(args[-1], first_line(err)))

    def on_override_saved(self, fact: OverrideSaved) -> None:
        """Stored: show it. Refused: say why and give the override back in its dialog."""
        if self._refused(fact, "Override"):
            o = fact.record
            turn = next(t for t in self.detail.turns if (t.index, t.retry) == (o.turn_index, o.retry))
            self._ask_override(turn, o.kind, o.new_value, o.reason)

    def on_session_graded(self, fact: SessionGraded) -> None:
        """Stored: show it. Refused: say why and give the grade back in its dialog."""
        if self._refused(fact, "Grade"):
            self._ask_grade(fact.record)

    def _refused(self, fact, what: str, esc: str = "Esc drops it") -> bool:
        """True when the store refused ``fact``'s edit (said, with what Enter and ``esc`` then do); else list the
        session again."""
        if not fact.error:
            self.load()
            return False
        self.notify(f"{what} not saved: {fact.error}. What you typed is back in the form: Enter tries again, "
                    f"{esc}.", severity="error", timeout=15)
        return True

    def on_session_exported(self, fact: SessionExported) -> None:
        """Say where the report is (its name, then its folder, broken between names), or why there is none."""
        if fact.error:
            self.notify(f"Report not written: {fact.error}", severity="error", timeout=15)
            return
        width = min(TOAST_WIDTH, self.app.size.width // 2) - TOAST_FRAME
        self.notify(review_files.saved_message(fact.record, width=width), title="Report saved", timeout=10,
                    markup=False)
