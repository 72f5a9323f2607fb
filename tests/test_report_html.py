"""The HTML report: escaped, self-contained, complete per session and turn, audio as data URIs."""

from __future__ import annotations

import base64
import re
from html.parser import HTMLParser

import pytest

from callsim.report_html import export_html
from callsim.report_plots import Bar, deviation_bars, line_plot
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


def test_session_facts_and_turn_evidence(filled):
    store, ids = filled
    text = "".join(parsed(export_html(store, [store.load_session(ids["a"])])).text)
    for fact in ("ann", "Late parcel (late-parcel)", "2026-03-01 09:30 UTC", "complete", "50", "not graded"):
        assert fact in text
    for evidence in ("Caller line 0: where is my parcel?", "target tone:", "somber", "perceived:", "81% sure",
                     "pitch_median_st", "22.0", "21.0", "-2..+1 st",
                     "apologize: “i'm sorry”", "calm_down: “calm down”", "moves missing", "action",
                     "i'm sorry about the parcel", "Tip: Say sorry plainly."):
        assert evidence in text, evidence
    bob = "".join(parsed(export_html(store, [store.load_session(ids["bob"])])).text)
    assert "pitch_median_st26.021.0-2..+1 st✗Bring your pitch down to your usual level." in bob
    assert "pitch +5.0 st" in bob and "energy +1.0 dB" in bob  # the bar against the usual voice


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
    assert "Progress of ann" in text and "first 1 session(s) 50.0, of the latest 1 75.0 (+25.0)" in text
    points = re.search(r'<polyline[^>]*points="([^"]+)"', page).group(1).split()
    assert len(points) == 3
    assert "somber2/367%" in text and "action1/250%" in text


def test_line_plot_places_higher_scores_higher():
    svg = line_plot([("a", 0.0), ("b", 100.0)], title="<x>")
    (x0, y0), (x1, y1) = [tuple(map(float, p.split(","))) for p in
                          re.search(r'points="([^"]+)"', svg).group(1).split()]
    assert x1 > x0 and y1 < y0
    assert "&lt;x&gt;" in svg and "<x>" not in svg
    assert line_plot([]) == ""


def test_deviation_bars_point_away_from_the_usual_value():
    svg = deviation_bars([Bar("pitch", 24.0, 21.0, "st", 6.0), Bar("energy", -30.0, -26.0, "dB", 10.0)])
    rects = re.findall(r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', svg)
    mid = float(re.search(r'<line x1="([\d.]+)"', svg).group(1))
    (x_up, w_up), (x_down, w_down) = [(float(x), float(w)) for x, w in rects]
    assert x_up == pytest.approx(mid) and x_down + w_down == pytest.approx(mid)
    assert w_up == pytest.approx(0.5 * 0.36 * 420, abs=0.1) and w_down == pytest.approx(0.4 * 0.36 * 420, abs=0.1)
    assert "pitch +3.0 st" in svg and "energy -4.0 dB" in svg
