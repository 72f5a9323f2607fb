"""Reports and progress show the try that counted: a retry left unjudged (hung up mid-retry, nothing heard) never
stands in for the judged try the score came from (QA: the CSV row, the HTML turn and the call path were the empty
retry beside score 50, and progress counted it as a tone missed)."""

from __future__ import annotations

import csv
import io

import pytest

from callsim.records import Override, TurnRecord
from callsim.report_csv import export_csv
from callsim.report_html import export_html
from callsim.report_view import call_path
from callsim.store import Store
from report_helpers import T0, add_turn, clip, session

UUID = "f7000000-0000-4000-8000-00000000000f"


@pytest.fixture
def store(tmp_path):
    """Turn 1 judged 'partly' on try 1, then a retry hung up before it was judged."""
    with Store.open(tmp_path / "store") as store:
        saved = session(store, UUID, "ann", 1, 50.0, status="abandoned")
        add_turn(store, UUID, 0, "somber", "i'm sorry about the parcel", perceived="somber", tone_level="partly")
        store.save_turn(TurnRecord(UUID, 0, "line0", "Caller line 0", "somber", retry=1, recorded_at=T0,
                                   unjudged_reason="hung_up", live_transcript="i am so"), clip())
        yield store, saved


def test_the_csv_row_is_the_try_that_counted(store):
    store, saved = store
    (row,) = list(csv.DictReader(io.StringIO(export_csv(store, [saved]))))
    assert (row["try"], row["verdict"], row["tries"], row["score"]) == ("1", "partly", "2", "50.0")
    assert "sorry about the parcel" in row["transcript"]


def test_the_html_shows_the_counted_try_in_full_and_the_unjudged_retry_in_brief(store):
    store, saved = store
    page = export_html(store, [saved])
    assert "Turn 1, try 1:" in page and "try 2: " in page and "Turn 1, try 2:" not in page
    assert call_path(store.load_turns(UUID)) == "line0 (partly)"


def test_progress_counts_the_judged_try_with_its_override_and_never_the_unjudged_retry(store):
    store, _ = store
    store.save_override(Override(UUID, 0, "tone", "partly", "suits", "it was fine", "tess", T0, retry=0))
    progress = store.progress("ann")
    assert dict(progress.tones["somber"]) == {"suits": 1}
