"""What the feedback screen shows, built from a real content check (no screen needed)."""

from __future__ import annotations

from types import SimpleNamespace

from callsim import content
from callsim.asr import Transcript, Word
from callsim.tui import evidence


def outcome_for(text: str, context: str = ""):
    words = tuple(Word(w, i * 0.4, i * 0.4 + 0.3, 0.4 if w == "um" else 0.95) for i, w in enumerate(text.split()))
    return SimpleNamespace(transcript=Transcript(words), content=content.check(list(words), context=context))


def styles_by_word(text):
    rendered = text.plain.split()
    spans = {}
    for span in text.spans:
        spans[text.plain[span.start : span.end]] = str(span.style)
    return [spans.get(w, "") for w in rendered]


def test_moves_green_banned_red_low_confidence_dimmed_and_nothing_else():
    o = outcome_for("um i'm so sorry that was our mistake calm down")
    styles = styles_by_word(evidence.transcript_text(o))
    words = o.transcript.text.split()
    assert styles[words.index("um")] == "dim"
    assert "green" in styles[words.index("sorry")] and "green" in styles[words.index("mistake")]
    assert "red" in styles[words.index("calm")] and "red" in styles[words.index("down")]


def test_checklist_names_each_required_move_with_its_words_and_time():
    o = outcome_for("i'm so sorry that was our mistake")
    turn = SimpleNamespace(moves=("apologize", "own_mistake", "time_frame"))
    lines = evidence.checklist(o, turn).plain.splitlines()
    assert lines[0].startswith("✓ apologised: “") and " at " in lines[0]
    assert lines[2] == "✗ gave a time frame: not heard"


def test_band_text_reads_like_a_person_wrote_it():
    assert evidence.band_text(["somber", "calm"]) == "somber or calm"
    assert evidence.band_text((-4.0, 1.0), "st vs usual") == "-4 to +1 st vs usual"
    assert evidence.band_text((95, 145), "wpm") == "95–145 wpm"
