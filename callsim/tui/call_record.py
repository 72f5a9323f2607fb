"""Recording the trainee's reply for the call screen: level, live words, the end of the reply."""

from __future__ import annotations

import os
import threading
import time

from rich.text import Text
from textual import work
from textual.widgets import Input, Static

from callsim.audio_worker import RecordingFailed
from callsim.tui.messages import LevelMeasured, NothingHeard, PartialHeard, ReplyRecorded, SoundWithoutSpeech
from callsim.tui.widgets import LevelMeter


class RecordsReplies:
    """Call-screen mixin: listen (microphone, or a file path when there is none) until the reply ends."""

    spool = None  # the reply being recorded, on disk as it comes (store_spool.ReplySpool); None without a store

    def listen(self) -> None:
        """Start the trainee's reply (from the microphone, or a file when there is none)."""
        if self.app.model_error:
            self.set_phase("No speech model: run `callsim model download`, then start callsim again.", "bold red")
            return
        if not self.app.ready:
            self.set_phase("Waiting for the speech model…", "italic")
            self.set_timer(0.3, self.listen)
            return
        self.phase = "reply"
        self.started_at = self.app.services.clock()
        if self.app.services.device is None:
            self.set_phase(self.turn_prompt("Your turn: type the path of a recorded reply below (→ completes a name), "
                                            "then Enter (Tab leaves the box for the keys)."), "bold green")
            self.show_file_field()
            return
        self.set_phase(self.turn_prompt("Your turn — speak now. Space ends your reply."), "bold green")
        self.stop_event = threading.Event()  # exists before the recorder, so Space or Escape always reach it
        self.record_reply(self.call.turn, self.stop_event)

    def show_file_field(self) -> None:
        """Without a microphone: the reply-file field, focused and in view (typing goes there, never to the
        screen's keys, even while the caller still speaks)."""
        field = self.query_one("#reply-file", Input)
        field.display = True
        field.focus()
        self.call_after_refresh(field.scroll_visible)  # under a long caller line it starts off-screen

    def prefill_reply_file(self) -> None:
        """A new turn (or a retry): the reply-file field holds the folder of the last file given, not the file
        itself, so Enter never sends last turn's reply again."""
        field = self.query_one("#reply-file", Input)
        field.value = reply_folder(self.app.last_reply_file)
        field.cursor_position = len(field.value)

    @work(thread=True, exclusive=True, group="audio")
    def record_reply(self, turn, stop_event) -> None:
        """Record until the reply ends; transcription and prosody run while it is spoken. A hang-up (or quit)
        meanwhile keeps what was said so far, so quitting waits for this worker like a save."""
        app = self.app  # still reachable after a hang-up removed the screen
        with app.saves.track():
            with self.ending:
                if self.hung_up:  # hung up before the recording began: nothing to keep
                    return
                self.recording_open = True
            try:
                recording = self._record(app, turn, stop_event)
            except Exception as err:  # device failure: one line, the call goes on; audio heard so far is kept
                if isinstance(err, RecordingFailed):  # the microphone stopped mid-reply: the device is lost
                    app.audio_failed(err)
                return self._recording_failed(app, err, leaving=self._recording_closed(None))
            if self._recording_closed(recording):
                return self.keep_unfinished_reply(app, recording.clip)
            self.post_message(ReplyRecorded(recording))

    def _record(self, app, turn, stop_event):
        """The reply from the microphone, with the level and the words heard so far posted as it goes."""
        from callsim.practice import LiveReply

        self.live, self.shown_live, self.live_error = LiveReply(app.transcriber), "", None
        self.spool = self._open_spool(app, turn)
        self.recorder = app.services.device.recorder(
            on_chunk=self._feed_live, on_level=lambda db: self.post_message(LevelMeasured(db)),
            stop_event=stop_event, max_seconds=turn.time_limit, no_speech_timeout=min(turn.time_limit, 15.0)).start()
        while not self.recorder.done:
            self.shown_live = self._live_words()  # kept with the reply if it is not judged
            self.post_message(PartialHeard(self.shown_live))
            self.post_message(SoundWithoutSpeech(self.recorder.unheard_sound))
            time.sleep(0.25)
        return self.recorder.wait()

    def _open_spool(self, app, turn):
        """Spool the reply to the session's folder as it is recorded, so an app killed mid-reply keeps it (the next
        start makes it a try: ``store_spool``); None without a store, or when the spool cannot be made."""
        from callsim.store_spool import ReplySpool

        self.drop_spool()
        store, session = app.services.store, self.call.session
        if store is None or session is None:
            return None
        meta = {"caller_turn_id": turn.id, "caller_text": turn.caller, "target_tone": turn.tone or ""}
        try:
            return ReplySpool(store.session_dir(session.uuid), self.call.index, self.call.attempt, meta)
        except OSError:  # disk full, folder gone: the reply is still kept as before, once it ends
            return None

    def leave_spool(self) -> bool:
        """The reply could not be kept (the store refused it): close its spool but leave it on disk, so the reply
        is kept, unjudged, when the session ends (``Store.finish_session``) or at the next start; False when
        there is no spool (a reply from a file, or a spool that could not be written)."""
        spool, self.spool = self.spool, None
        try:
            if spool is not None:
                spool.close(reason="save_failed")
        except OSError:  # its mark could not be written: found at the next start, it reads "ended mid-reply"
            pass
        return spool is not None

    def drop_spool(self) -> None:
        """The reply is kept (or there is nothing to keep): remove its spool."""
        spool, self.spool = self.spool, None
        if spool is not None:
            try:
                spool.discard()
            except OSError:  # the next start removes it, or keeps it as a try if that try is missing
                pass

    def _feed_live(self, y) -> None:
        """Spool the chunk, then feed the live analysis (on the recorder's thread). A failure in either is not the
        microphone's: the spool or the live words stop, the recording goes on, and the reply is judged whole when
        it ends (``live_error``)."""
        if (spool := self.spool) is not None:
            try:
                spool.append(y)
            except OSError:  # disk full: the reply is kept as before, once it ends; the partial spool goes then
                self.spool = None
                spool.close()
        if self.live_error is None:
            try:
                self.live.feed(y)
            except Exception as err:
                self.live_error = err

    def _live_words(self) -> str:
        """The words heard so far; the last ones shown once the live analysis has failed."""
        if self.live_error is None:
            try:
                return self.live.partial()
            except Exception as err:
                self.live_error = err
        return self.shown_live

    def _recording_closed(self, recording) -> bool:
        """The recording is over; True when the trainee hung up (or quit) while it ran. Otherwise ``recording``
        is handed to the UI thread (``handed_off``): a hang-up before it is judged keeps it unjudged."""
        with self.ending:
            self.recording_open = False
            if not self.hung_up:
                self.handed_off = recording
            return self.hung_up

    def _recording_failed(self, app, err: Exception, *, leaving: bool) -> None:
        salvaged = getattr(err, "recording", None)
        if salvaged is not None and len(salvaged.clip.y):
            self._keep_unjudged(app, salvaged.clip, err, "recording_failed", self.shown_live)
        elif leaving:
            self._saved_or_left(app)
        else:
            self.post_message(ReplyRecorded(error=str(err)))

    def on_level_measured(self, message: LevelMeasured) -> None:
        """Move the level meter."""
        self.query_one(LevelMeter).db = message.db

    def on_partial_heard(self, message: PartialHeard) -> None:
        """Show the words heard so far."""
        if self.phase == "reply":
            self.query_one("#partial", Static).update(Text(message.text or "…", style="italic"))

    def on_sound_without_speech(self, message: SoundWithoutSpeech) -> None:
        """Say why the reply has not started (so a pause would not end it): sound, but no speech heard yet."""
        self.query_one("#unheard", Static).display = message.on and self.phase == "reply"

    def watch_phase(self, phase: str) -> None:
        """The reply is over (or not begun): its sound-without-speech line goes."""
        if phase != "reply":
            for widget in self.query("#unheard"):
                widget.display = False

    def on_reply_recorded(self, message: ReplyRecorded) -> None:
        """The reply is over: judge it."""
        self.handed_off = None  # in the UI's hands now (a hang-up from here waits for the judge's save)
        self.query_one(LevelMeter).db = -100.0
        if message.error:
            self.notify(message.error, severity="error")
            if self.hung_up:  # the summary or home follows, not another go at this turn
                return
            lost = " The sound device stopped: give your replies as audio files." if \
                self.app.services.device_lost and self.app.services.device is None else ""
            self.set_phase(f"That reply was not judged.{lost} Press Enter to hear the caller again.")
            self.phase = "again"
            return
        self.reply_ended_at = message.at  # when the reply ended (bench/app_latency.py measures from here)
        if message.recording.reason == "max_length":  # cut mid-word, perhaps: say why it stopped
            self.notify(f"Time's up: replies to this turn stop at {self.call.turn.time_limit:g} s; what you said "
                        "until then is judged.", severity="warning", timeout=8)
        self.set_phase("Judging your reply…", "italic")
        self.start_judging(self.judge, message.recording)

    def on_nothing_heard(self, message: NothingHeard) -> None:
        """Nothing was heard: the same turn is offered again (no feedback, no caller reaction)."""
        if self.hung_up:  # the summary or home follows
            return
        self.query_one(LevelMeter).db = -100.0
        self.query_one("#partial", Static).update("")  # no words to wait for
        self.notify(message.text, severity="warning", timeout=10)
        self.set_phase(f"{message.text}. Press Enter to hear the caller again.", "bold yellow")
        self.phase = "again"

    def action_stop_reply(self) -> None:
        """End the reply now (instead of waiting for the silence)."""
        if self.phase == "reply" and self.stop_event is not None:
            self.stop_event.set()

    def action_too_early(self) -> None:
        """Space while the caller speaks: say the turn is coming."""
        self.notify("The caller is still speaking: your turn starts when they finish.", timeout=3)

    def _tick(self) -> None:
        if self.phase == "reply" and self.app.services.device is not None:
            elapsed = self.app.services.clock() - self.started_at
            self.set_phase(self.turn_prompt(f"Your turn — speak now. Space ends your reply.  {elapsed:4.1f} s / "
                                            f"{self.call.turn.time_limit:.0f} s"), "bold green")


def typed_path(value: str, folder: str) -> str:
    """What the trainee meant: a full path pasted or typed after the prefilled ``folder`` replaces it
    ("replies//home/me/r.wav" -> "/home/me/r.wav"; "~/r.wav" likewise)."""
    rest = value[len(folder):] if folder and value.startswith(folder) else ""
    return rest if rest.startswith(("/", "~")) else value


def reply_folder(path: str) -> str:
    """The folder part of a typed reply path, ending in the separator ("" for a bare file name or nothing)."""
    folder = os.path.dirname(path)
    return folder if not folder or folder.endswith(os.sep) else folder + os.sep
