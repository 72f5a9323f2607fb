"""Overrides change a turn's verdict and the session's score everywhere they are shown (review, exports, progress).

The turn verdict in force is the worse of the tone and words verdicts in force; the
stored verdict and score stay, shown beside what is in force.
"""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape

import pytest

from callsim import overridden
from callsim.progress import summary, text_lines
from callsim.records import Override
from callsim.report_csv import export_csv
from callsim.report_html import export_html
from callsim.report_json import export_json
from callsim.store import Store
from report_helpers import T0, add_turn, session

UUID = "f0000000-0000-4000-8000-000000000001"


def overrule(store, kind: str, new: str, original: str = "does not suit", *, index: int = 0, retry: int = 0):
    store.save_override(Override(UUID, index, kind, original, new, "it was fine", "tom", T0, retry=retry))


@pytest.fixture
def store(tmp_path):
    """One session of one turn that failed on tone and words (score 0)."""
    with Store.open(tmp_path / "store") as opened:
        session(opened, UUID, "ann", 0, 0.0)
        add_turn(opened, UUID, 0, "warm", "uh yes", perceived="agitated", tone_level="does not suit",
                 missing=["acknowledge", "action"], words_level="does not suit")
        yield opened


def test_both_halves_overridden_make_the_turn_suit_and_the_score_100(store):
    overrule(store, "content", "suits")
    overrule(store, "tone", "suits")
    detail = store.session_detail(UUID)
    (turn,) = detail.turns
    assert turn.verdict == "does not suit" and overridden.verdict_in_force(turn, detail.overrides) == "suits"
    score = overridden.detail_score(detail)
    assert (score.value, score.original, score.text()) == (100.0, 0.0, "100 (was 0, overridden)")


def test_one_half_overridden_leaves_the_worse_other_half_in_force(store):
    overrule(store, "content", "suits")
    detail = store.session_detail(UUID)
    assert overridden.verdict_in_force(detail.turns[0], detail.overrides) == "does not suit"
    assert overridden.detail_score(detail).text() == "0"
    overrule(store, "tone", "partly")
    detail = store.session_detail(UUID)
    assert overridden.verdict_in_force(detail.turns[0], detail.overrides) == "partly"
    assert overridden.detail_score(detail).text() == "50 (was 0, overridden)"


def test_a_half_never_stored_stands_as_the_stored_verdict(store):
    """An older try without a words verdict: overruling the tone alone cannot lift the turn above what was judged."""
    (turn,) = store.load_turns(UUID)
    turn.content.pop("verdict", None)
    store.save_turn(turn, None)
    overrule(store, "tone", "suits")
    detail = store.session_detail(UUID)
    assert overridden.words_original(detail.turns[0]) == ""
    assert overridden.verdict_in_force(detail.turns[0], detail.overrides) == "does not suit"


def test_the_stored_tone_keeps_the_hint_rule_when_recombined(tmp_path):
    """A hint tone was stored as 'partly' (a hint costs at most one step): overriding the words leaves partly."""
    with Store.open(tmp_path / "store") as store:
        session(store, UUID, "ann", 0, 0.0)
        add_turn(store, UUID, 0, "warm", "uh yes", perceived="agitated", tone_level="partly",
                 missing=["acknowledge"], words_level="does not suit")
        overrule(store, "content", "suits")
        detail = store.session_detail(UUID)
        assert overridden.verdict_in_force(detail.turns[0], detail.overrides) == "partly"


def test_an_override_on_an_earlier_try_does_not_move_the_score(store):
    add_turn(store, UUID, 0, "warm", "i can hear how stressful", retry=1, perceived="warm", tone_level="partly",
             moves=["acknowledge"], words_level="partly")
    overrule(store, "tone", "suits")
    overrule(store, "content", "suits")
    assert overridden.detail_score(store.session_detail(UUID)).text() == "0"


def test_exports_show_the_verdict_and_score_in_force_beside_the_originals(store):
    overrule(store, "content", "suits")
    overrule(store, "tone", "suits")
    sessions = [store.load_session(UUID)]
    (row,) = csv.DictReader(io.StringIO(export_csv(store, sessions)))
    assert (row["verdict"], row["verdict_in_force"]) == ("does not suit", "suits")
    assert (row["tone_in_force"], row["words_in_force"]) == ("suits", "suits")
    assert (row["score"], row["score_in_force"]) == ("0.0", "100.0")
    page = unescape(re.sub(r"<[^>]+>", " ", export_html(store, sessions)))
    assert re.search(r"turn verdict: +does not suit +→ +suits +\(after overrides\)", page)
    assert "100 (was 0, overridden)" in page
    data = json.loads(export_json(store, sessions))["sessions"][0]
    assert (data["score"], data["score_in_force"]) == (0.0, 100.0)
    assert (data["turns"][0]["verdict"], data["turns"][0]["verdict_in_force"]) == ("does not suit", "suits")


def test_without_overrides_the_exports_keep_the_stored_verdict_and_score(store):
    sessions = [store.load_session(UUID)]
    (row,) = csv.DictReader(io.StringIO(export_csv(store, sessions)))
    assert row["verdict"] == row["verdict_in_force"] == "does not suit" and row["score"] == row["score_in_force"]
    assert "overridden" not in export_html(store, sessions)


def test_progress_scores_in_force_with_the_original_beside(store):
    overrule(store, "content", "suits")
    overrule(store, "tone", "suits")
    s = summary(store, "ann")
    assert [(p.score, p.original) for p in s.scores] == [(100.0, 0.0)]
    assert any(line.endswith("100  Late parcel (was 0, overridden)") for line in text_lines(s))


def test_review_row_and_head_show_what_is_in_force(store):
    from callsim.tui import review_render as render
    from callsim.tui.review_evidence import evidence as shown

    overrule(store, "content", "suits")
    overrule(store, "tone", "suits")
    detail = store.session_detail(UUID)
    row = render.turn_row(detail.turns[0], detail.overrides)
    assert str(row[-1]) == "suits ✎tone+words"
    assert "score 100 (was 0, overridden)" in render.session_head(detail).plain
    evidence = "\n".join(t.plain for t in shown(detail.turns[0], detail.overrides).renderables)
    assert "✎ turn verdict now: suits (was does not suit)" in evidence


def test_the_csv_names_each_original_and_in_force_value_as_the_json_does(store):
    """QA: the CSV's ``score`` was the score in force and ``score_original`` the stored one, the JSON's ``score``
    the stored one and ``score_in_force`` the other (and so for the verdict): one name, two meanings."""
    overrule(store, "tone", "suits")
    overrule(store, "content", "suits")
    sessions = [store.load_session(UUID)]
    (row,) = csv.DictReader(io.StringIO(export_csv(store, sessions)))
    data = json.loads(export_json(store, sessions))["sessions"][0]
    assert [row[k] for k in ("score", "score_in_force")] == [f"{data[k]:.1f}" for k in ("score", "score_in_force")]
    turn = data["turns"][-1]
    assert [row[k] for k in ("verdict", "verdict_in_force")] == [turn[k] for k in ("verdict", "verdict_in_force")]
    assert not [c for c in row if c.endswith("_original")]
