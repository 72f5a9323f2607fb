"""Home: who is practising, their calibration, and the scenarios to choose from."""

from __future__ import annotations

import time

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.validation import Function
from textual.widgets import DataTable, Input, Label, Static

from callsim.tui.home_name import RecallsTrainee, known_spelling
from callsim.tui.home_notices import notices_text
from callsim.tui.home_start import StartsFromHome
from callsim.tui.widgets import StatusHeader
from callsim.tui.trainee import calibration_text, name_problem
from callsim.tui.footer import Footer


#: How long the hint about text typed on the scenario list shows (more such keys meanwhile add no hint).
HINT_SECONDS = 4.0


class HomeScreen(RecallsTrainee, StartsFromHome, Screen):
    """Pick a trainee and a scenario."""

    hinted_until = 0.0

    BINDINGS = [
        Binding("s", "start", "Start call"),
        Binding("b", "calibrate", "Calibrate"),
        Binding("h", "toggle_caller_text", "Caller text"),
        Binding("h", "toggle_caller_text_unlisted", show=False),  # no device: m takes its place in the footer
        Binding("v", "review", "Review"),
        Binding("m", "find_device", "Find mic"),  # shown only while there is no device (never found, or lost)
        Binding("q", "app.quit", "Quit"),
        # priority: focus moves before the keys typed right behind Tab are handed out (tmux, fast typists)
        Binding("tab", "app.focus_next", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", show=False, priority=True),
    ]

    def compose(self) -> ComposeResult:
        """Trainee row, calibration line, scenario table, notices."""
        yield StatusHeader()
        with Horizontal(id="trainee-row"):
            yield Label("Trainee ")
            yield Input(self.app.services.settings.trainee, placeholder="your name", id="trainee",
                        select_on_focus=False,  # Tab back into it must not let the next key replace the name
                        validators=[Function(lambda name: not name_problem(name.strip()), "not a usable name")],
                        valid_empty=True)  # a name with / turns the box red; the line under it says why
        yield Static(id="calibration")
        yield DataTable(id="scenarios", cursor_type="row", zebra_stripes=True)
        yield Static(id="notices")
        yield Footer()

    def on_mount(self) -> None:
        """Fill the table and the status lines."""
        table = self.query_one(DataTable)
        table.add_columns("Scenario", "Level", "Tones")  # tags: `callsim scenarios list` (no room at 80 columns)
        for sc in sorted(self.app.services.library.scenarios.values(), key=_order):
            table.add_row(sc.title, str(sc.difficulty), "/".join(sc.tones), key=sc.id)
        given = self.trainee
        self.refresh_status()  # a store open already may fill in the last trainee: focus stays on the name then
        (table if given else self.query_one(Input)).focus()

    def check_action(self, action: str, parameters) -> bool | None:
        """m (look for a microphone again) only while there is none (none found at start, or the device was lost);
        then h still works but leaves the footer to m, so Quit and Help fit at 80 columns (without a speaker the
        call shows the caller's words anyway)."""
        services = self.app.services
        if action == "find_device":
            return services.device is None and services.find_device is not None
        if action in ("toggle_caller_text", "toggle_caller_text_unlisted"):
            listed = not self.check_action("find_device", parameters)
            return listed == (action == "toggle_caller_text")
        return True

    def action_find_device(self) -> None:
        """Look again for a microphone plugged in since the start."""
        self.app.action_find_device()

    def on_screen_resume(self) -> None:
        """Back from a call or calibration: the baseline may be new."""
        self.refresh_status()

    @property
    def trainee(self) -> str:
        """The trainee name as typed, or as the store spells it when only case or accents differ."""
        return known_spelling(self.app.services.store, self.query_one(Input).value.strip())

    def refresh_status(self) -> None:
        """Calibration line and notices (no device, no store, broken packs, a broken phrases.toml); the first time
        the store is open, the name of whoever practised last fills an untouched name field first."""
        services = self.app.services
        self.recall_trainee()
        self.query_one("#calibration", Static).update(calibration_text(services.store, self.trainee))
        self.query_one("#notices", Static).update(notices_text(services))

    def on_input_changed(self, event: Input.Changed) -> None:
        """The calibration line follows the name."""
        self.name_changed(event.value)
        self.app.services.settings.trainee = self.trainee
        self.refresh_status()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the name field moves to the scenarios (a name that cannot be used says why and stays)."""
        problem = name_problem(self.trainee) if self.trainee else ""
        if problem:
            self.notify(problem, severity="warning")
        else:
            self.query_one(DataTable).focus()

    def on_key(self, event: events.Key) -> None:
        """Text typed on the scenario table is not a name: a key that does nothing there says where typing goes
        (once for a run of such keys)."""
        if (self.focused is self.query_one(DataTable) and event.is_printable
                and event.key not in self.active_bindings and time.monotonic() > self.hinted_until):
            self.hinted_until = time.monotonic() + HINT_SECONDS
            self.notify("On the scenario list letters are keys (s start, b calibrate, h caller text, v review, "
                        "q quit): Tab goes to your name.", timeout=HINT_SECONDS)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a scenario starts it."""
        self.action_start()

    def action_toggle_caller_text(self) -> None:
        """Show or hide what the caller says, as text, during calls."""
        settings = self.app.services.settings
        settings.show_caller_text = not settings.show_caller_text
        self.notify(f"Caller text {'shown' if settings.show_caller_text else 'hidden'} during calls")

    def action_toggle_caller_text_unlisted(self) -> None:
        """h while m has the footer's room: the same toggle."""
        self.action_toggle_caller_text()

    def palette_commands(self):
        """Command palette entries of this screen."""
        return [("Start call", "Start the highlighted scenario", self.action_start),
                ("Calibrate", "Record your usual voice", self.action_calibrate),
                ("Toggle caller text", "Show or hide the caller's words", self.action_toggle_caller_text),
                ("Review sessions", "Replay, annotate, override and grade", self.action_review)] + \
            ([("Find microphone", "Look again for a microphone plugged in since the start", self.action_find_device)]
             if self.check_action("find_device", ()) else [])


def _order(scenario) -> tuple:
    levels = {"easy": 0, "medium": 1, "hard": 2}
    return levels.get(str(scenario.difficulty), 3), scenario.title
