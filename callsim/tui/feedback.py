"""Turn feedback: verdict, measures against the target and the baseline, contour, words, tips."""

from __future__ import annotations

import time

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from callsim import early_start
from callsim.tui import evidence
from callsim.tui.playback import PlaysAudio
from callsim.tui.turns import upper_first
from callsim.tui.widgets import StatusHeader, VerdictBanner, pitch_rows, verdict_text
from callsim.tui.footer import Footer


class FeedbackScreen(PlaysAudio, Screen):
    """What the reply sounded like and how it fits this moment; dismisses with next/retry."""

    BINDINGS = [
        Binding("enter,n", "next", "Go on"),
        Binding("t", "retry", "Retry"),
        Binding("r", "replay_reply", "Hear me"), Binding("r", "stop_playing", "Stop"),  # PlaysAudio.check_action
        Binding("c", "replay_caller", "Hear caller"), Binding("c", "stop_playing", "Stop", show=False),
        Binding("escape", "hang_up", "Hang up"),
    ]
    PLAY_ACTIONS = ("replay_reply", "replay_caller")

    def __init__(self, outcome, call, saving=None):
        super().__init__()
        self.outcome, self.call, self.turn, self.saving = outcome, call, call.turn, saving

    def compose(self) -> ComposeResult:
        """Banner, then a scrolling body of evidence, each part filled from the outcome as it is built (a screen
        torn down in the frame it appears then has nothing left to fill)."""
        o = self.outcome
        yield StatusHeader()
        yield VerdictBanner(verdict_text(o.level, evidence.verdict_detail(o, self.turn)), id="banner")
        with VerticalScroll(id="feedback-body"):
            yield Static(Group(evidence.measures_table(o), evidence.problems_text(o)), id="measures")
            yield Static(Text("What you said\n", "bold") + _early_start(o) + evidence.transcript_text(o), id="said")
            yield _part("checklist", evidence.checklist(o, self.turn))
            yield Static(id="contour")
            yield Static(_tips(o.verdict.tips), id="tips")
            yield _part("coach", evidence.coaching(self.turn))
        yield Footer()

    def on_mount(self) -> None:
        """Note when the feedback appeared (bench/app_latency.py) and draw the contour once sizes are known."""
        self.shown_at = time.perf_counter()
        self.call_after_refresh(self._draw_contour)

    def on_resize(self) -> None:
        """The contour is drawn to the width there is: again at the new size."""
        self.call_after_refresh(self._draw_contour)

    def _draw_contour(self) -> None:
        track = getattr(self.outcome.features, "track", None)
        contour = self.query("#contour").first(Static) if self.is_attached else None
        if contour is None or track is None or not len(track.f0):
            return
        rows = pitch_rows(track, self.outcome.transcript.words, width=max(contour.size.width - 2, 20))
        contour.update(Group(Text("Your pitch over time", "bold"), *rows))

    async def _saved(self) -> None:
        """Stop a replay (the call goes on without it), then wait until this turn is on disk."""
        self.stop_playing()
        if self.saving is not None:
            await self.saving.wait()

    async def action_next(self) -> None:
        """Go on: the next caller line follows the branch this verdict picks."""
        await self._saved()
        self.dismiss("next")

    async def action_retry(self) -> None:
        """Answer the same caller line again."""
        await self._saved()
        self.dismiss("retry")

    async def action_hang_up(self) -> None:
        """Leave the call from here (this turn is already saved)."""
        await self._saved()
        self.dismiss("hang_up")

    def action_replay_reply(self) -> None:
        """Play the reply back."""
        self.play(self.outcome.clip, "your reply")

    def action_replay_caller(self) -> None:
        """Play the caller's line again."""
        from callsim.clip import load
        from callsim.errors import CallsimError

        try:
            self.play(load(self.turn.audio_path), "the caller", "c")
        except CallsimError as err:
            self.notify(f"cannot play the caller: {err}", severity="warning")

    def palette_commands(self):
        """Command palette entries of this screen."""
        return [("Replay my reply", "Play the reply back", self.action_replay_reply),
                ("Replay caller", "Play the caller's line again", self.action_replay_caller),
                ("Stop playing", "Cut off the replay playing now", self.action_stop_playing),
                ("Retry turn", "Answer the same line again", self.action_retry),
                ("Go on", "Next caller line", self.action_next),
                ("Hang up", "Leave this call", self.action_hang_up)]


def _part(name: str, text: Text) -> Static:
    """A body part showing ``text``, hidden when there is nothing to say."""
    part = Static(text, id=name)
    part.display = bool(text.plain.strip())
    return part


def _early_start(outcome) -> Text:
    """A notice above the words when the trainee was already speaking as the recording began (their first words
    are missing from them); empty otherwise. It changes no verdict."""
    if outcome.early_start is None:
        return Text()
    return Text().append(f"⚠ {early_start.notice(outcome.early_start)}\n", "yellow")  # told apart from the words


def _tips(tips) -> Text:
    """'Try this' and one bullet per tip."""
    out = Text("Try this", "bold")
    for tip in tips:
        out.append(f"\n• {upper_first(tip)}", "")
    return out
