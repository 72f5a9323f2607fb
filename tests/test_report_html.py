"""The HTML report: escaped, self-contained, complete per session and turn, audio as data URIs."""

from __future__ import annotations

import base64
import re
import time
from html.parser import HTMLParser

import pytest

from callsim.report_html import export_html
from callsim.report_plots import Bar, contour_plot, deviation_bars, line_plot
from callsim.store import Store
from report_helpers import BOB, EVIL, fill


class Tags(HTMLParser):
    """Every start tag and attribute of a page, and its visible text."""

    def __init__(self):
        super().__init__()
        self.tags, self.attrs, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data):
        self.text.append(data)


def parsed(page: str) -> Tags:
    tags = Tags()
    tags.feed(page)
    return tags


@pytest.fixture
def filled(tmp_path):
    with Store.open(tmp_path / "store") as store:
        yield store, fill(store)


def test_hostile_text_stays_text(filled):
    store, ids = filled
    page = export_html(store, store.list_sessions(), progress_for=["ann", BOB])
    tags = parsed(page)
    assert "script" not in tags.tags and "i" not in tags.tags
    text = "".join(tags.text)
    assert EVIL in text  # the note and the transcript, shown as written
    assert f"Progress of {BOB}" in text and f"Late parcel — {BOB}" in text
    assert "<i>sounded fine</i>" in text
    assert page.count("&lt;script&gt;") >= 4 and "<script" not in page


def test_page_is_self_contained(filled):
    store, _ = filled
    page = export_html(store, store.list_sessions(), audio=True)
    for external in ("http://", "https://", 'src="/', "<link", "@import", "url(", "<img", "<iframe"):
        assert external not in page
    sources = [v for k, v in parsed(page).attrs if k in ("src", "href")]
    assert sources and all(v.startswith("data:audio/flac;base64,") for v in sources)
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def test_audio_is_the_recording_itself(filled):
    store, ids = filled
    page = export_html(store, [store.load_session(ids["b"])], audio=True)
    data = re.findall(r'src="data:audio/flac;base64,([^"]+)"', page)
    expected = [t.audio_path.read_bytes() for t in store.load_turns(ids["b"])]
    assert [base64.b64decode(d) for d in data] == expected
    assert "<audio" not in export_html(store, [store.load_session(ids["b"])])


def test_every_try_has_its_recording_so_a_trainer_can_compare_them(filled):
    """QA: only each turn's last try was embedded; session a's turn 1 has two tries."""
    store, ids = filled
    page = export_html(store, [store.load_session(ids["a"])], audio=True)
    embedded = {base64.b64decode(d) for d in re.findall(r'src="data:audio/flac;base64,([^"]+)"', page)}
    turns = store.load_turns(ids["a"])
    assert len(turns) == 3 and embedded == {t.audio_path.read_bytes() for t in turns}


def test_times_are_local_with_their_offset(filled, monkeypatch):
    store, ids = filled
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        text = "".join(parsed(export_html(store, [store.load_session(ids["a"])])).text)
    finally:
        monkeypatch.undo()
        time.tzset()
    assert "2026-03-01 10:30 UTC+01:00" in text and "09:30" not in text


def test_session_facts_and_turn_evidence(filled):
    store, ids = filled
    text = "".join(parsed(export_html(store, [store.load_session(ids["a"])])).text)
    for fact in ("ann", "Late parcel (late-parcel)", "2026-03-01 09:30 UTC", "complete", "50", "not graded"):
        assert fact in text
    for evidence in ("Caller line 0: where is my parcel?", "target tone:", "somber", "perceived:", "81% sure",
                     "pitch+1.0 st vs usual336 Hz-2 to +1 st vs usual✓your pitch sat 1.0 semitones above your usual",
                     "pace150 wpm140 wpm110 to 160 wpm✓you spoke at 150 wpm (usually 140)keep this pace",
                     "Measured against the trainee's own baseline.",
                     "apologised: “i'm sorry”", "\"calm down\": “calm down”", "moves missing", "committed to an action",
                     "i'm sorry about the parcel", "Tip: Say sorry plainly."):
        assert evidence in text, evidence
    bob = "".join(parsed(export_html(store, [store.load_session(ids["bob"])])).text)
    assert "pitch+5.0 st vs usual336 Hz-2 to +1 st vs usual✗your pitch sat 5.0 semitones above your usual" \
           "bring your pitch down" in bob
    assert "pitch +5.0 st" in bob and "pace +10.0 wpm" in bob  # the bars against the usual voice  # the bar against the usual voice


def test_earlier_tries_notes_and_overrides_shown(filled):
    store, ids = filled
    text = "".join(parsed(export_html(store, [store.load_session(ids["a"])])).text)
    assert "try 1: does not suit — uh yes" in text
    assert f"at 1.2 s — trainer tom: {EVIL}" in text
    # override: the original verdict and the new one, with the reason and who
    assert "tone verdict: partly → suits (trainer)" in text
    assert "tonepartlysuits<i>sounded fine</i>trainer tom2026-03-01 11:30" in text


def test_trainee_report_has_progress_and_score_plot(filled):
    store, _ = filled
    page = export_html(store, store.list_sessions(trainee="ann"), progress_for=["ann"])
    text = "".join(parsed(page).text)
    assert "Progress of ann" in text and "Improvement: first session 50 -> latest session 75 (+25)." in text
    points = re.search(r'<polyline[^>]*points="([^"]+)"', page).group(1).split()
    assert len(points) == 3
    assert "somber2/367%" in text and "committed to an action1/250%" in text


def test_line_plot_places_higher_scores_higher():
    svg = line_plot([("a", 0.0), ("b", 100.0)], title="<x>")
    (x0, y0), (x1, y1) = [tuple(map(float, p.split(","))) for p in
                          re.search(r'points="([^"]+)"', svg).group(1).split()]
    assert x1 > x0 and y1 < y0
    assert "&lt;x&gt;" in svg and "<x>" not in svg
    assert line_plot([]) == ""


def test_deviation_bars_point_away_from_the_usual_value_with_the_wanted_band():
    svg = deviation_bars([Bar("pitch", 3.0, "st", 6.0, (-4.0, 1.0), "<above>"), Bar("pace", -20.0, "wpm", 40.0)])
    bars = [(float(x), float(w), c) for x, w, c in
            re.findall(r'<rect (?:class="band" )?x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="\d+" fill="(#\w+)"><title>', svg)]
    mid, half = 0.68 * 520, 0.3 * 520
    band, up, down = bars
    assert band == pytest.approx((mid - 4 / 6 * half, 5 / 6 * half, "#c6f6d5"), abs=0.1)
    assert up == pytest.approx((mid, 0.5 * half, "#c53030"), abs=0.1)  # outside the band: red
    assert down == pytest.approx((mid - 0.5 * half, 0.5 * half, "#2b6cb0"), abs=0.1)  # no band: neutral
    assert "pitch +3.0 st" in svg and "pace -20.0 wpm" in svg and "&lt;above&gt;" in svg


def test_reason_bars_turn_absolute_values_into_differences():
    from callsim.report_bars import reason_bar

    pace = reason_bar({"feature": "pace", "value": 150.0, "baseline": 140.0, "band": [110, 160], "unit": "wpm"})
    pitch = reason_bar({"feature": "pitch", "value": 2.0, "baseline": 21.0, "band": [-4, 1], "unit": "st vs usual"})
    assert (pace.delta, pace.band, pace.unit) == (10.0, (-30.0, 20.0), "wpm vs usual")  # QA: "-21.5 wpm" read
    assert (pitch.delta, pitch.band, pitch.unit) == (2.0, (-4, 1), "st vs usual")  # as a negative speaking rate
    assert reason_bar({"feature": "tone", "value": "calm", "baseline": None, "band": ["calm"], "unit": ""}) is None


def polylines(svg: str) -> list[list[tuple[float, float]]]:
    """The points of every polyline in ``svg``."""
    return [[tuple(map(float, p.split(","))) for p in pts.split()] for pts in re.findall(r'<polyline[^>]*points="([^"]+)"', svg)]


def test_contour_breaks_where_unvoiced_and_places_higher_pitch_higher():
    nan = float("nan")
    svg = contour_plot([0.0, 0.1, 0.2, 0.3, 0.4], [1.0, 2.0, nan, -3.0, -3.0], [("<b>", 0.3)], span=8.0)
    first, second = polylines(svg)
    assert first[1][1] < first[0][1] < 75.0 < second[0][1]  # 0 st sits mid-height (75 of 150)
    assert first[0][0] < first[1][0] < second[0][0]
    assert "&lt;b&gt;" in svg and "<b>" not in svg


def test_each_recorded_turn_gets_a_pitch_contour_against_the_usual_pitch(filled):
    store, ids = filled
    page = export_html(store, [store.load_session(ids["b"])])
    contours = re.findall(r'<svg class="plot contour".*?</svg>', page)
    assert len(contours) == len(store.load_turns(ids["b"]))
    # recordings are 200-260 Hz tones, the usual pitch 336 Hz: every point lies below the 0 line
    assert all(y > 75.0 for svg in contours for run in polylines(svg) for _, y in run)
    assert "0 = your usual pitch" in contours[0]


def test_the_contour_is_drawn_without_the_whole_tone_analysis(filled, monkeypatch):
    """A trainee's history holds hundreds of tries: each contour runs the pitch decode only (it took 0.5 s a try)."""
    from callsim import prosody

    store, ids = filled
    monkeypatch.setattr(prosody, "extract", lambda *a, **k: pytest.fail("the whole analysis ran"))
    page = export_html(store, [store.load_session(ids["b"])])
    assert page.count('class="plot contour"') == len(store.load_turns(ids["b"]))


def test_a_missing_or_damaged_recording_leaves_the_contour_out(filled):
    store, ids = filled
    first, second = store.load_turns(ids["b"])
    first.audio_path.unlink()
    page = export_html(store, [store.load_session(ids["b"])])
    assert page.count('class="plot contour"') == 1
    second.audio_path.write_bytes(b"not audio")
    page = export_html(store, [store.load_session(ids["b"])])
    assert page.count('class="plot contour"') == 0 and page.count('<table class="reasons">') == 2


def restore_tone(store, uuid: str, **changes):
    """Store ``uuid``'s only try again with its tone payload (and first reason) changed."""
    import dataclasses

    (turn,) = store.load_turns(uuid)
    first = dict(turn.tone["reasons"][0], **changes.pop("reason", {}))
    tone = dict(turn.tone, **changes, reasons=[first, *turn.tone["reasons"][1:]])
    store.save_turn(dataclasses.replace(turn, tone=tone))


def text_of_session(store, uuid: str) -> str:
    return "".join(parsed(export_html(store, [store.load_session(uuid)])).text)


def test_tone_marks_follow_the_app_near_and_hint(filled):
    store, ids = filled
    # session c: somber wanted, calm heard, and calm partly fits: near (~), not a miss
    assert "tonecalmsomber; calm partly fits~it came across as calm" in text_of_session(store, ids["c"])
    restore_tone(store, ids["c"], is_hint=True, reason={"hint": True, "evidence": "it may have come across as "
                                                        "calm (a hint)"})
    text = text_of_session(store, ids["c"])
    assert "tonecalm?somber; calm partly fits?it may have come across as calm (a hint)" in text
    assert "perceived: calm? (81% sure, a hint)" in text and "✗" not in text.split("Measured")[0]
    restore_tone(store, ids["c"], is_hint=True, is_unclear=True, reason={"hint": True})
    text = text_of_session(store, ids["c"])
    assert "perceived: unclear (81% sure, too little to tell)" in text and "toneunclearsomber; calm partly fits?" in text


def test_moves_and_banned_phrases_read_as_words_not_ids(filled):
    store, ids = filled
    page = export_html(store, store.list_sessions(trainee="ann"), progress_for=["ann"])
    text = "".join(parsed(page).text)
    for label in ("apologised: “i'm sorry”", "\"calm down\": “calm down”",
                  "moves missingcommitted to an action",
                  "apologised3/3100%", "gave a time frame1/1", "move not heard: committed to an action (1×)",
                  "banned phrase: \"calm down\" (1×)"):
        assert label in text, label
    for raw in ("apologize", "time_frame", "calm_down", "move action"):
        assert raw not in text, raw


def test_usual_pitch_in_hz_and_the_latest_try_is_labelled(filled):
    store, ids = filled
    text = text_of_session(store, ids["a"])
    assert "pitch+1.0 st vs usual336 Hz-2 to +1 st vs usual✓" in text and "21.0 st" not in text
    assert "Turn 1, try 2: Caller line 0" in text and "try 1: does not suit" in text
    assert "Turn 2: Caller line 1" in text  # one try: nothing to tell apart


@pytest.mark.parametrize("tone, shown", [({"perceived": "calm"}, "calm"), ({"perceived": "calm", "is_hint": True}, "calm?"),
                                         ({"perceived": "calm", "is_hint": True, "is_unclear": True}, "unclear"),
                                         ({"perceived": None}, "—")])
def test_the_heard_tone_is_named_one_way_for_the_app_and_the_reports(tone, shown):
    from callsim.report_view import heard

    assert heard(tone) == shown


def test_a_tone_that_passed_is_labelled_as_the_tone_with_the_failed_words_beside_it(filled):
    """Session a, turn 2: the tone summary reads as a pass, but the words failed ("calm down", no action)."""
    store, ids = filled
    text = text_of_session(store, ids["a"])
    assert "tone: partly — it came across as calm" in text
    assert ("words: does not suit — 1 required move(s) not heard (committed to an action); said \"calm down\""
            in text)
    assert "words: suits — every required move made" in text  # turn 1, try 2


def test_the_call_path_names_each_answered_turn_with_the_verdict_that_branched():
    """QA: the review did not show which way a branching call went (opening -> impatient -> confirmed)."""
    from callsim.records import TurnRecord
    from callsim.report_view import call_path

    def turn(index, turn_id, verdict, retry=0):
        return TurnRecord("s", index, turn_id, "line", "calm", verdict=verdict, retry=retry)

    turns = [turn(0, "opening", "does not suit"), turn(0, "opening", "partly", retry=1),
             turn(1, "impatient", "suits"), turn(2, "confirmed", "")]
    assert call_path(turns) == "opening (partly) → impatient (suits) → confirmed"
    assert call_path(turns, marks=True) == "opening ~ → impatient ✓ → confirmed"  # the review's short form
    assert call_path([]) == ""


def test_a_try_kept_unjudged_says_so_in_the_earlier_tries_and_the_heard_row(filled):
    """QA: a kept but unjudged try (nothing heard, hung up mid-reply) read 'try 1: ? —' and 'no words heard'."""
    from callsim.records import TurnRecord
    from report_helpers import add_turn, clip, session

    store, _ = filled
    uuid = session(store, "e3000000-0000-4000-8000-00000000000e", "ann", 7, 100.0).uuid
    store.save_turn(TurnRecord(uuid, 0, "line0", "Caller line 0", "somber", unjudged_reason="nothing_heard"),
                    clip())  # as save_unjudged keeps it
    add_turn(store, uuid, 0, "somber", "i'm sorry", retry=1, perceived="somber", tone_level="suits")
    store.save_turn(TurnRecord(uuid, 1, "line1", "Caller line 1", "calm", unjudged_reason="hung_up"),
                    clip())  # the call was left here
    text = text_of_session(store, uuid)
    assert "try 1: not judged: nothing was heard; its recording is kept" in text and "try 1: ?" not in text
    left = "not judged: the call was ended mid-reply; its recording is kept"
    assert f"heard{left}" in text and "no words heard" not in text
    assert f"turn verdict: {left}" in text


def test_delivery_problems_are_named_in_words_as_the_app_names_them():
    """QA: the HTML showed 'rising_loudness: …' where the app shows 'rising loudness: …'."""
    from types import SimpleNamespace

    from callsim.report_html_tone import problems_list
    from callsim.tui.evidence import problems_text

    problem = {"name": "rising_loudness", "text": "you got 8 dB louder towards the end"}
    html = "".join(parsed(problems_list({"problems": [problem]})).text)
    app = problems_text(SimpleNamespace(tone=SimpleNamespace(problems=[SimpleNamespace(**problem)]))).plain
    assert html == "rising loudness: you got 8 dB louder towards the end"
    assert app == f"⚠ {html}\n"


def test_the_sessions_score_line_is_drawn_for_one_trainee_only(filled):
    """QA: an export of every trainee joined their scores in one line, read as one person's progress."""
    store, _ = filled
    everyone = store.list_sessions()
    assert len({s.trainee for s in everyone}) == 2
    assert "Score over time" not in export_html(store, everyone)
    ann = [s for s in everyone if s.trainee == "ann"]
    assert len(ann) > 1 and "Score over time" in export_html(store, ann)
