"""Playing a clip from a screen without blocking it."""

from __future__ import annotations

from textual import work


class PlaysAudio:
    """Mixin for screens: ``play(clip)`` on the app's device in a worker (one at a time)."""

    @work(thread=True, exclusive=True, group="audio")
    def play(self, clip, what: str = "") -> None:
        """Play ``clip`` (``what`` it is, e.g. "your reply", is shown while it plays); say so when there is no
        device."""
        device = self.app.services.device
        if device is None:
            self.app.call_from_thread(self.notify, "No audio device to play on.", severity="warning")
            return
        if what:  # a replay is otherwise invisible: say what plays and for how long
            self.app.call_from_thread(self.notify, f"▶ Playing {what} ({clip.duration:.1f} s)",
                                      timeout=max(clip.duration, 1.0))
        try:
            device.play(clip).wait()
        except Exception as err:  # PortAudio failures: one line, the screen stays
            self.app.call_from_thread(self.notify, f"cannot play: {err}", severity="warning")
