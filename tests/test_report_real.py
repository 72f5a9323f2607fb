"""Reports of real analysed replies (RAVDESS readings through Vosk, prosody and the word checks)."""

from __future__ import annotations

import csv
import html
import io
import json
import re

import numpy as np
import pytest

from callsim.clip import load
from callsim.records import BaselineRecord, Session, TurnRecord
from callsim.report_csv import export_csv
from callsim.report_html import export_html
from callsim.report_json import export_document
from callsim.store import Store

RAVDESS = "data/tone/ravdess/actor{actor:02d}/03-01-{emotion:02d}-{intensity:02d}-01-01-{actor:02d}.flac"


def reading(shared, emotion: int, intensity: int = 2, actor: int = 3):
    """A RAVDESS reading of "Kids are talking by the door" (1 neutral, 4 sad, 5 angry)."""
    return load(shared / RAVDESS.format(actor=actor, emotion=emotion, intensity=1 if emotion == 1 else intensity))


def analysed(clip, transcriber):
    """Transcript, prosody and word checks of a reply, through the same live path as the microphone."""
    from callsim import content
    from callsim.practice import LiveReply

    live = LiveReply(transcriber)
    for start in range(0, len(clip.y), 3200):
        live.feed(clip.y[start:start + 3200])
    transcript, features = live.finish()
    return transcript, features, content.check(list(transcript.words), context="my parcel is late")


def test_report_of_real_replies_shows_their_words_and_measures(tmp_path, transcriber, shared):
    from callsim.baseline import baseline_from_clips

    neutral, angry = reading(shared, 1).resampled(16000), reading(shared, 5).resampled(16000)
    with Store.open(tmp_path / "store") as store:
        store.save_baseline(BaselineRecord("ria", baseline_from_clips([neutral], name="ria").to_dict()), neutral)
        store.save_session(Session("real-1", "ria", "late-parcel", "Late parcel", status="complete", score=0.0))
        transcript, features, found = analysed(angry, transcriber)
        record = TurnRecord("real-1", 0, "opening", "Where is my parcel?", "calm", transcript.to_dict(),
                            features.to_dict(), {"perceived": "agitated", "confidence": 0.7}, found.to_dict(),
                            "does not suit")
        store.save_turn(record, angry)
        page = export_html(store, store.list_sessions(), audio=True)
        rows = list(csv.DictReader(io.StringIO(export_csv(store, store.list_sessions()))))
        doc = export_document(store, store.list_sessions())
    assert transcript.text and f"<q>{transcript.text}</q>" in page
    # the pitch contour, measured again from the recording: the angry reading sits above the neutral one
    contour = re.search(r'<svg class="plot contour".*?</svg>', page).group(0)
    ys = [float(p.split(",")[1]) for pts in re.findall(r'points="([^"]+)"', contour) for p in pts.split()]
    assert len(ys) > 50 and np.median(ys) < 75.0  # 0 st (the usual pitch) is the middle line
    assert all(f">{w.text}</text>" in contour for w in transcript.words)
    # no tone reasons stored: the bars compare the reply's pitch and energy with the trainee's baseline
    pitch = features.pitch_median_st - doc["baselines"][0]["profile"]["pitch_median_st"]
    assert f"pitch {pitch:+.1f} st" in page and "energy " in page and "70% sure" in page
    assert rows[0]["transcript"] == transcript.text and rows[0]["perceived_tone"] == "agitated"
    assert json.loads(json.dumps(doc))["sessions"][0]["turns"][0]["prosody"]["pitch_median_st"] == pytest.approx(
        features.pitch_median_st, abs=1e-3)


def test_judged_replies_show_the_tone_verdict_and_its_reasons(tmp_path, transcriber, shared):
    from callsim.practice import judge_clip
    from callsim.scenarios import load_library

    scenario = next(s for s in load_library().scenarios.values() if s.first_turn.tone and s.first_turn.purpose)
    turn = scenario.first_turn
    with Store.open(tmp_path / "store") as store:
        session = store.start_session("ria", scenario.id, scenario.title)
        outcome = judge_clip(reading(shared, 5), transcriber, turn=turn, baseline=None)
        p = outcome.payloads()
        store.save_turn(TurnRecord(session.uuid, 0, turn.id, turn.caller, turn.tone, p["transcript"], p["prosody"],
                                   p["tone"], p["content"], outcome.level), outcome.clip)
        store.finish_session(session.uuid, score=0.0)
        page = export_html(store, store.list_sessions())
    from callsim.report_view import heard

    # the perceived tone as the app shows it ("agitated?" for a hint), the confidence as stored (rounded)
    assert f"{heard(p['tone'])} ({p['tone']['confidence']:.0%} sure" in page
    assert all(str(r.feature) in page for r in outcome.tone.reasons)
    assert f"turn verdict:</b> {outcome.level}" in page
    assert html.escape(f"\u2014 {turn.purpose}") in page  # the summary says what this moment's tone is for
