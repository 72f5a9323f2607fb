"""A store filled with realistic sessions for the report, import, purge and progress tests (no tests here).

``fill(store)`` writes two trainees: ``ann`` (three scored sessions, retries,
notes, overrides, a baseline with its reading, recordings for every try) and
``<script>bob & co`` (one session), with hostile text in a note, a
transcript, an override reason and a trainee name. The payloads follow
``practice.TurnOutcome.payloads()``.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import numpy as np

from callsim.clip import Clip
from callsim.records import BaselineRecord, Note, Override, Session, TurnRecord

T0 = datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=timezone.utc)
EVIL = '<script>alert("x")</script>'
BOB = "<script>bob & co"
BASELINE = {"format": 1, "name": "ann", "source": "personal", "pitch_median_st": 21.0, "pitch_sd_st": 2.0,
            "energy_db": -26.0, "energy_sd_db": 4.0, "syllable_rate": 4.0, "alpha_ratio": -12.0,
            "hammarberg": 18.0, "spectral_tilt": -3.0, "wpm": 150.0, "clips": 1, "speech_seconds": 20.0}
MOVE_WORDS = {"apologize": "i'm sorry", "offer_help": "anything else", "acknowledge": "i can hear how stressful",
              "action": "i'll book it", "time_frame": "within the hour"}
BANNED_WORDS = {"calm_down": "calm down", "know_how_you_feel": "i know how you feel"}


def clip(freq: float = 220.0, seconds: float = 0.4) -> Clip:
    """A short tone as a stand-in recording."""
    t = np.arange(int(16000 * seconds)) / 16000
    return Clip((0.4 * np.sin(2 * np.pi * freq * t)).astype(np.float32), 16000)


def payloads(text: str, *, target: str = "calm", perceived: str, tone_level: str, moves=(), banned=(), missing=(),
             words_level: str = "suits", level: str | None = None, pitch: float = 22.0) -> dict:
    """transcript / prosody / tone / content payloads as practice.py stores them."""
    words = [{"word": w, "start": 0.3 * i, "end": 0.3 * i + 0.25, "conf": 0.92} for i, w in enumerate(text.split())]
    find = lambda names, table: [{"name": n, "words": table[n], "start_index": 0, "end_index": 2,  # noqa: E731
                                  "start": 0.3, "end": 0.9} for n in names]
    level = level or max(tone_level, words_level, key=("suits", "partly", "does not suit").index)
    return {
        "transcript": {"text": text, "words": words},
        "prosody": {"duration": 2.4, "pitch_median_st": pitch, "energy_db": -25.0, "syllable_rate": 4.2},
        "tone": {"perceived": perceived, "scores": {perceived: 0.81}, "confidence": 0.81, "is_hint": False,
                 "problems": [], "target": target, "verdict": tone_level, "reasons": reasons(target, perceived, pitch),
                 "summary": f"it came across as {perceived}", "baseline": "ann", "personal_baseline": True,
                 "notes": []},
        "content": {"text": text, "moves": find(moves, MOVE_WORDS), "banned": find(banned, BANNED_WORDS),
                    "fillers_per_minute": None, "fillers": [],
                    "verdict": {"level": level, "tone_level": tone_level, "words_level": words_level,
                                "missing": list(missing), "banned": list(banned), "tips": ["Say sorry plainly."],
                                "tone_is_hint": False}},
    }


def reasons(target: str, perceived: str, pitch: float) -> list[dict]:
    """Tone reasons as ``tone_rules`` writes them: the tone class, pitch (a difference), pace (absolute)."""
    rel = round(pitch - 21.0, 2)
    return [
        {"feature": "tone", "value": perceived, "baseline": None, "band": [target, "calm"], "unit": "",
         "ok": perceived == target, "evidence": f"it came across as {perceived}", "tip": "keep this tone"},
        {"feature": "pitch", "value": rel, "baseline": 21.0, "band": [-2.0, 1.0], "unit": "st vs usual",
         "ok": -2.0 <= rel <= 1.0, "evidence": f"your pitch sat {rel:.1f} semitones above your usual",
         "tip": "bring your pitch down" if rel > 1.0 else "keep your pitch here"},
        {"feature": "pace", "value": 150.0, "baseline": 140.0, "band": [110, 160], "unit": "wpm", "ok": True,
         "evidence": "you spoke at 150 wpm (usually 140)", "tip": "keep this pace"},
    ]


def add_turn(store, uuid: str, index: int, target: str, text: str, *, retry: int = 0, when=None, **kw) -> TurnRecord:
    """Save one try (with a recording) whose verdict follows the payloads."""
    p = payloads(text, target=target, **kw)
    record = TurnRecord(uuid, index, f"line{index}", f"Caller line {index}: where is my parcel?", target,
                        p["transcript"], p["prosody"], p["tone"], p["content"], p["content"]["verdict"]["level"],
                        retry, when or T0)
    return store.save_turn(record, clip(200 + 20 * index + retry))


def session(store, uuid: str, trainee: str, day: int, score: float | None, status: str = "complete") -> Session:
    """Save a finished session ``day`` days after T0."""
    started = T0 + timedelta(days=day)
    return store.save_session(Session(uuid, trainee, "late-parcel", "Late parcel", started,
                                      started + timedelta(minutes=4), status, score, None, "0.1.0"))


def fill(store) -> dict[str, str]:
    """Write the fixture; returns the session uuids by name (a, b, c for ann, bob)."""
    store.save_baseline(BaselineRecord("ann", BASELINE, T0 - timedelta(days=1)), clip(150, 1.0))
    ids = {"a": "a0000000-0000-4000-8000-00000000000a", "b": "b0000000-0000-4000-8000-00000000000b",
           "c": "c0000000-0000-4000-8000-00000000000c", "bob": "d0000000-0000-4000-8000-00000000000d"}
    _session_a(store, ids["a"])
    session(store, ids["b"], "ann", 2, 100.0)
    add_turn(store, ids["b"], 0, "somber", "i'm sorry about this", perceived="somber", tone_level="suits",
             moves=["apologize"])
    add_turn(store, ids["b"], 1, "warm", "i'll book it within the hour", perceived="warm", tone_level="suits",
             moves=["action", "time_frame"])
    session(store, ids["c"], "ann", 5, 75.0)
    add_turn(store, ids["c"], 0, "somber", "i'm sorry", perceived="calm", tone_level="partly", moves=["apologize"])
    store.grade_session(ids["c"], "B+")
    session(store, ids["bob"], BOB, 3, 0.0)
    add_turn(store, ids["bob"], 0, "calm", "i know how you feel", perceived="agitated", tone_level="does not suit",
             banned=["know_how_you_feel"], missing=["apologize"], words_level="does not suit", pitch=26.0)
    return ids


def _session_a(store, uuid: str) -> None:
    session(store, uuid, "ann", 0, 50.0)
    add_turn(store, uuid, 0, "somber", "uh yes", perceived="agitated", tone_level="does not suit",
             missing=["apologize"], words_level="does not suit", pitch=25.0)
    add_turn(store, uuid, 0, "somber", "i'm sorry about the parcel", retry=1, perceived="somber", tone_level="suits",
             moves=["apologize"], when=T0 + timedelta(seconds=30))
    add_turn(store, uuid, 1, "calm", f"calm down {EVIL}", perceived="calm", tone_level="partly",
             banned=["calm_down"], missing=["action"], words_level="does not suit", when=T0 + timedelta(seconds=60))
    store.save_note(Note(uuid, 0, EVIL, "trainer tom", 1.2, T0 + timedelta(hours=1)))
    store.save_note(Note(uuid, 1, "=HYPERLINK(\"x\")", "trainer tom", None, T0 + timedelta(hours=1, minutes=1)))
    store.save_override(Override(uuid, 1, "tone", "partly", "suits", "<i>sounded fine</i>", "trainer tom",
                                 T0 + timedelta(hours=2)))
