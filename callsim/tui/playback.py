"""Playing a clip from a screen without blocking it, and stopping it."""

from __future__ import annotations

from textual import work

from callsim.tui.messages import tell


class PlaysAudio:
    """Mixin for screens: ``play(clip)`` on the app's device in a worker (one at a time), ``stop_playing()`` cuts
    it off.

    ``playing`` is True while a clip plays; the screen's bindings are refreshed when it starts and ends, so a
    screen's ``check_action`` can turn its play keys into a stop key (the footer then says Stop)."""

    playback = None  # the device's playback of the clip playing now (None: nothing has played yet, or it ended)
    playing_what = ""  # what it is, e.g. "the reply"
    PLAY_ACTIONS: tuple[str, ...] = ()  # the screen's play actions: while a clip plays their keys stop it instead

    @property
    def playing(self) -> bool:
        """True while a clip plays."""
        return self.playback is not None and not self.playback.done

    def check_action(self, action: str, parameters) -> bool:
        """While a clip plays, the keys of ``PLAY_ACTIONS`` stop it (the footer says Stop); otherwise they play."""
        if action in self.PLAY_ACTIONS:  # nothing to play on: not offered (the header says "no audio device")
            return not self.playing and self.app.services.device is not None
        return self.playing if action == "stop_playing" else True

    def playing_notice(self, clip, what: str, key: str = "r") -> tuple[str, float]:
        """What plays and how to stop it (``key``, the one that played it), shown briefly: the footer says Stop for
        as long as it plays."""
        return f"▶ Playing {what} ({clip.duration:.1f} s): {key} stops it", min(max(clip.duration, 1.0), 4.0)

    @work(thread=True, exclusive=True, group="audio")
    def play(self, clip, what: str = "", key: str = "r") -> None:
        """Play ``clip`` (``what`` it is, e.g. "your reply", is shown while it plays, with the ``key`` that stops
        it); say so when there is no device."""
        device = self.app.services.device
        if device is None:
            tell(self.app, self.notify, "No audio device to play on.", severity="warning")
            return
        if what:
            notice, seconds = self.playing_notice(clip, what, key)
            tell(self.app, self.notify, notice, timeout=seconds)
        try:
            playback = device.play(clip)
            tell(self.app, self._started, playback, what)
            playback.wait()
        except Exception as err:  # PortAudio failure: the device is lost (the app says so), the screen stays
            self.app.audio_failed(err)
        tell(self.app, self.refresh_bindings)  # a clip is over: its key plays again

    def _started(self, playback, what: str) -> None:
        self.playback, self.playing_what = playback, what
        self.refresh_bindings()

    def stop_playing(self) -> bool:
        """Cut off the clip playing now (the device closes its stream at once); True when one was playing."""
        playback, self.playback = self.playback, None
        if playback is None or playback.done:
            return False
        playback.stop()
        self.refresh_bindings()
        return True

    def action_stop_playing(self) -> None:
        """Stop the clip playing, and say so."""
        if self.stop_playing():
            self.notify(f"■ Stopped {self.playing_what or 'playing'}.", timeout=3)
