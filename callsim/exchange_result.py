"""What an import added: ``ImportResult``, its counts and the lines ``callsim import`` prints from them."""

from __future__ import annotations

from dataclasses import dataclass, field

#: The counts ``ImportResult.lines`` shows as "name: n" (the tries' recordings are told apart after them).
COUNTS = ("trainees", "baselines", "sessions_added", "sessions_updated", "turns", "notes", "overrides", "recordings")


@dataclass
class ImportResult:
    """What an import added (all zero when everything was already there).

    Of the ``turns`` (new tries): ``tries_with_audio`` came with their recording,
    ``tries_left_out`` without, as the file was exported without ``--audio``, and
    ``tries_unrecorded`` had none on the other machine either. ``tries_completed`` are
    tries already here that got their missing recording from the file, ``tries_filled`` those
    that got a missing reason, early-start time or error (``exchange_fill``)."""

    trainees: int = 0
    baselines: int = 0
    sessions_added: int = 0
    sessions_updated: int = 0
    turns: int = 0
    notes: int = 0
    overrides: int = 0
    recordings: int = 0
    tries_with_audio: int = 0
    tries_left_out: int = 0
    tries_unrecorded: int = 0
    tries_completed: int = 0
    tries_filled: int = 0
    file_has_audio: bool = field(default=False, compare=False)  # the file embeds a recording: exported with --audio
    grade_conflicts: list[tuple[str, str, str]] = field(default_factory=list)  # (session, grade here, in the file)

    def lines(self) -> list[str]:
        """One printable line per non-zero count (or one saying nothing was new), then the grades that differ."""
        shown = [f"{name.replace('_', ' ')}: {getattr(self, name)}" for name in COUNTS if getattr(self, name)]
        counts = shown + self.audio_lines() or ["nothing new: everything in the file was already in the store"]
        return counts + self.conflict_lines()

    def conflict_lines(self) -> list[str]:
        """One line naming the sessions whose grade differs from the file's (this machine's was kept)."""
        if not self.grade_conflicts:
            return []
        n = len(self.grade_conflicts)
        which = ", ".join(f"session {uuid} (here {here!r}, in the file {theirs!r})"
                          for uuid, here, theirs in self.grade_conflicts)
        return [f"{n} {'grade differs' if n == 1 else 'grades differ'} (kept this machine's): {which}"]

    def audio_lines(self) -> list[str]:
        """How many new tries came with a recording and how many without, and why; how many tries already here
        were completed."""
        parts = [(self.tries_with_audio, "with recordings"),
                 (self.tries_left_out, self._left_out_text()),
                 (self.tries_unrecorded, "without recordings: the other machine had none for them either"),
                 (self.tries_completed, "already here got their recordings"),
                 (self.tries_filled, "already here got why not judged, an early start or an error they lacked")]
        return [f"{_tries(n)} {text}" for n, text in parts if n]


    def _left_out_text(self) -> str:
        """Why tries the other machine had recorded came without: the file was exported without ``--audio``, or,
        when it carries other tries' recordings, it lacks these ones (edited or cut short)."""
        if self.file_has_audio:
            return ("without recordings, though the file carries other tries' (theirs are missing from it: export "
                    "again with --audio and import that file to add them)")
        return ("without recordings: exported without --audio (export them again with --audio and import that "
                "file to add the recordings)")


def _tries(n: int) -> str:
    return f"{n} {'try' if n == 1 else 'tries'}"
