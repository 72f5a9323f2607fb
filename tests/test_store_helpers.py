"""Shared pieces of the store tests (no tests here): turns and clips (the open store is conftest's ``store``)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import numpy as np

from callsim.clip import Clip
from callsim.records import TurnRecord

T0 = datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=timezone.utc)


def tone_clip(freq: float = 220.0, seconds: float = 0.5) -> Clip:
    t = np.arange(int(16000 * seconds)) / 16000
    return Clip((0.5 * np.sin(2 * np.pi * freq * t)).astype(np.float32), 16000)


def turn(session: str, index: int, *, retry: int = 0, target: str = "calm", verdict: str = "suits",
         moves: list | None = None, banned: list | None = None) -> TurnRecord:
    return TurnRecord(
        session, index, f"c{index}", f"caller line {index}", target,
        transcript={"text": "i am sorry", "words": [{"word": "sorry", "start": 0.2, "end": 0.6, "conf": 0.9}]},
        prosody={"pitch_median": 181.5, "rate": 3.2}, tone={"verdict": verdict, "probs": {"calm": 0.7}},
        content={"moves": moves or [], "banned": banned or []}, verdict=verdict, retry=retry,
        recorded_at=T0 + timedelta(seconds=index))
