"""The home screen's name field starts with whoever practised last on this machine.

Once the session store is open, the trainee of its newest session or calibration fills the name field, unless a
name was given (``--trainee``) or typing began first. The filled name is selected while the field has focus, so the
next trainee's first key replaces it and Enter takes it; focus stays in the field, so keys typed as the store opens
are never taken as the scenario list's commands.
"""

from __future__ import annotations

import sqlite3

from textual.widgets import DataTable, Input

from callsim.tui.trainee import name_problem


class RecallsTrainee:
    """Home-screen mixin: fill the untouched name field once, from the store (``recall_trainee``).

    The screen calls ``recall_trainee`` whenever the store may have opened, and ``name_changed`` with each value of
    the field."""

    recalled = False  # the store was asked: only once, so a name cleared later stays cleared
    typed = False  # the field has held text: given on the command line, or typed

    def recall_trainee(self) -> None:
        """The first time the store is open: the last trainee's name in the field, unless it was given or typed."""
        store = self.app.services.store
        if self.recalled or store is None:
            return
        self.recalled = True
        name = "" if self.typed or self.query_one(Input).value else last_trainee(store)
        if name:
            self._fill_name(name)

    def _fill_name(self, name: str) -> None:
        """Put ``name`` in the field, selected unless the scenario list has focus (Tab back must keep it)."""
        field = self.query_one(Input)
        field.value = name
        if self.focused is not self.query_one(DataTable):
            field.select_all()

    def name_changed(self, value: str) -> None:
        """The field now holds ``value``: once it held text, the store no longer fills it."""
        self.typed = self.typed or bool(value)


def last_trainee(store) -> str:
    """The trainee of the store's newest session or calibration ("" when there is none, when the name cannot be
    used, or when the store cannot be read)."""
    try:
        name = store.last_trainee() or ""
    except sqlite3.Error:  # a locked or damaged store: the field stays empty, as without a store
        return ""
    return "" if name_problem(name) else name


def known_spelling(store, name: str) -> str:
    """``name`` as the store spells it when only case or accents differ (``Store.known_spelling``); as typed without
    a store, or when the store cannot be read."""
    if not name or store is None:
        return name
    try:
        return store.known_spelling(name)
    except sqlite3.Error:
        return name
