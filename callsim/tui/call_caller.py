"""The caller's side of the call screen: the briefing, the caller's line played (or shown as words), and why it
could not be heard."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.widgets import Static

from callsim.tui.messages import CallerFinished, CallerNotPlayed


class PlaysCaller:
    """Call-screen mixin: show the briefing, play the caller's line of each turn and show its words (always when it
    could not be heard)."""

    def _show_briefing(self) -> None:
        """The briefing in full, or folded to title and caller so the call itself fits the screen."""
        sc = self.call.scenario
        text = Text.assemble((f"{sc.title}\n", "bold"), (f"Caller: {sc.persona.name} ({sc.persona.mood})", "italic"))
        text.append(f"\n{sc.briefing}" if self.full_briefing else "   b: the briefing", "" if self.full_briefing
                    else "grey62")
        self.query_one("#briefing", Static).update(text)

    def action_toggle_briefing(self) -> None:
        """Show or fold the briefing (during the call)."""
        if self.phase != "briefing":
            self.full_briefing = not self.full_briefing
            self._show_briefing()

    def play_caller(self) -> None:
        """The caller speaks the current turn's line."""
        if self.phase == "briefing":
            self.full_briefing = False
            self._show_briefing()
        self.phase = "caller"
        self.unplayed = ""
        turn = self.call.turn
        self.query_one("#caller", Static).update(self._caller_line())
        self.query_one("#partial", Static).update("")
        self.set_phase("The caller is speaking…")
        if self.app.services.device is None:
            self.prefill_reply_file()
            self.show_file_field()
        self.speak(turn)

    @work(thread=True, exclusive=True, group="audio")
    def speak(self, turn) -> None:
        """Play the caller's line and wait for its end."""
        device = self.app.services.device
        if device is not None:
            from callsim.clip import load

            try:
                clip = load(turn.audio_path)
            except Exception as err:  # a broken caller file: read the line instead
                self.post_message(CallerNotPlayed(unplayable_reason(err, turn.audio_path)))
            else:
                self._play_caller_line(device, clip)
        self.post_message(CallerFinished())

    def _play_caller_line(self, device, clip) -> None:
        """Play the caller's line and wait for its end; a device that fails is lost (the line shows as text)."""
        try:
            self.playing = device.play(clip)
            self.playing.wait()
        except Exception as err:  # PortAudio failure (sound server gone): the rest of the call uses files
            self.post_message(CallerNotPlayed("the sound device stopped"))
            self.app.audio_failed(err)

    def on_caller_not_played(self, message: CallerNotPlayed) -> None:
        """The caller's line was not heard: its words show (even when hidden) and the phase line says why."""
        self.unplayed = message.reason
        self.query_one("#caller", Static).update(self._caller_line())
        self.notify(f"cannot play the caller: {message.reason}", severity="warning")

    def turn_prompt(self, text: str) -> str:
        """The phase line for the trainee's turn: ``text``, after a note when the caller's line was not heard (the
        toast says why)."""
        if not self.unplayed:
            return text
        return f"The caller's audio would not play: read their words above. {text}"

    def action_toggle_caller_text(self) -> None:
        """Show or hide the caller's words."""
        settings = self.app.services.settings
        settings.show_caller_text = not settings.show_caller_text
        if self.phase != "briefing":
            self.query_one("#caller", Static).update(self._caller_line())

    def _caller_line(self) -> Text:
        """'Name: what they say', or 'Name (words hidden: h shows them)'; always the words with no speaker."""
        name = self.call.scenario.persona.name
        if self.app.services.settings.show_caller_text or self.app.services.device is None or self.unplayed:
            return Text(f"{name}: {self.call.turn.caller}", style="yellow")
        return Text(f"{name} (words hidden: h shows them)", style="yellow")


def unplayable_reason(err: Exception, path) -> str:
    """Why a caller file would not load, without its path in front ("the file is cut short: ...")."""
    text = str(err).splitlines()[0] if str(err) else type(err).__name__
    prefix = f"{path}: "
    return text[len(prefix):] if text.startswith(prefix) else text
