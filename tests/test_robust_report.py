"""One odd recording does not abort the HTML export: its turn is shown without a pitch contour."""

from __future__ import annotations

import pytest

from callsim import prosody
from callsim.report_html import export_html
from callsim.store import Store
from report_helpers import fill


@pytest.fixture
def filled(tmp_path):
    with Store.open(tmp_path / "store") as store:
        yield store, fill(store)


def test_a_recording_the_analysis_chokes_on_only_loses_its_contour(filled, monkeypatch):
    store, ids = filled
    real, calls = prosody.report_track, []

    def report_track(clip, *args, **kwargs):
        calls.append(clip)
        if len(calls) == 1:  # the first recording trips a numerical corner of the analysis
            raise ValueError("zero-size array to reduction operation maximum which has no identity")
        return real(clip, *args, **kwargs)

    monkeypatch.setattr(prosody, "report_track", report_track)
    page = export_html(store, [store.load_session(ids["b"])])
    assert len(calls) == 2 and page.count('class="plot contour"') == 1
    assert page.count('<table class="reasons">') == 2 and "i&#x27;m sorry about this" in page
