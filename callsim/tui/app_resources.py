"""What the app opens in background workers after its first frame: the speech model, the analysis warm-up, the
session store and the sound device; and the device lost in use, or found again (m on the home screen)."""

from __future__ import annotations

from textual import work

from callsim.errors import CallsimError, first_line
from callsim.tui.messages import AnalysisWarmed, AudioLost, ModelLoaded, ResourcesOpened


class OpensResources:
    """App mixin: open the resources off the UI thread, keep them, and tell the screens when the device comes or
    goes (``refresh_status``, ``device_lost``).

    The app provides ``services``, the flags ``opening``, ``warmed``, ``transcriber`` and ``model_error``, and
    ``_update_status`` (the header's status line)."""

    def start_background_work(self) -> None:
        """After the first frame: open store and device, load the model, warm up analysis."""
        if self.opening:
            self.open_resources()
        elif self.services.device is not None:
            self.warm_microphone()
        self.load_model()
        self.warm_analysis()

    @work(thread=True, group="startup")
    def load_model(self) -> None:
        """Load the Vosk model once (takes about a second)."""
        try:
            self.post_message(ModelLoaded(self.services.transcriber_factory()))
        except CallsimError as err:
            self.post_message(ModelLoaded(error=str(err)))

    @work(thread=True, group="startup")
    def warm_analysis(self) -> None:
        """Compile (or load from cache) librosa's numba kernels before the first reply."""
        start = self.services.clock()
        if self.services.warm_up:
            self.services.warm_up()
        self.post_message(AnalysisWarmed(self.services.clock() - start))

    @work(thread=True, group="startup")
    def open_resources(self) -> None:
        """Open the store and the sound device off the UI thread (first frame first)."""
        self.services.open_later(self.services)
        self.post_message(ResourcesOpened())

    def on_resources_opened(self, message: ResourcesOpened) -> None:
        """Store and device are open (or their notices are set): refresh what shows them."""
        self.opening = False
        self._update_status()
        if hasattr(self.screen, "refresh_status"):
            self.screen.refresh_status()
        self.screen.refresh_bindings()  # keys that need (or offer to find) a device
        if self.services.device is not None:
            self.warm_microphone()

    @work(thread=True, group="startup")
    def warm_microphone(self) -> None:
        """Open the input stream early: PortAudio needs about a second before audio flows. A microphone that
        cannot be opened is lost, as one failing mid-call is (``audio_failed``)."""
        device = self.services.device
        try:
            if device is not None:
                device.warm_up()
        except Exception as err:  # noqa: BLE001 - CallsimError or a raw PortAudioError: the device is unusable
            self.audio_failed(err)

    def audio_failed(self, err: Exception) -> None:
        """The sound device failed while warming up, recording or playing (any thread): let go of it now, then
        tell the screens (``AudioLost``)."""
        if self.services.lose_device(err):
            self.post_message(AudioLost(first_line(err)))

    def on_audio_lost(self, message: AudioLost) -> None:
        """The device is gone: the header says so, screens stop using it, and home offers m to look again."""
        self._update_status()
        self.notify(f"The sound device stopped ({message.error}): replies come from audio files until m on the "
                    "home screen finds it again.", title="Audio lost", severity="error", timeout=15)
        for screen in self.screen_stack:
            if hasattr(screen, "device_lost"):
                screen.device_lost()
            if hasattr(screen, "refresh_status"):
                screen.refresh_status()
        self.screen.refresh_bindings()

    def on_model_loaded(self, message: ModelLoaded) -> None:
        """Keep the model; say so in the header."""
        self.transcriber, self.model_error = message.transcriber, message.error
        self._update_status()
        if message.error:
            self.notify(message.error, title="Speech model", severity="error", timeout=15)

    def on_analysis_warmed(self, message: AnalysisWarmed) -> None:
        """Analysis is ready."""
        self.warmed = True
        self._update_status()

    def action_find_device(self) -> None:
        """Look again for a microphone (one plugged in since the app started)."""
        if self.services.device is not None:
            self.notify("A microphone is already in use (see the header).")
        elif self.services.find_device is None or self.opening:
            self.notify("Still opening the audio device; try again in a moment.")
        else:
            self.opening = True
            self._update_status()
            self.find_device()

    @work(thread=True, group="startup")
    def find_device(self) -> None:
        """Restart PortAudio and open the devices, off the UI thread; say what was found."""
        self.services.find_device(self.services)
        found = self.services.device is not None
        if found:
            self.services.device_lost = False
        self.call_from_thread(self.notify, "Found a microphone: replies are recorded from it now." if found
                              else self.services.device_error, severity="information" if found else "warning")
        self.post_message(ResourcesOpened())
