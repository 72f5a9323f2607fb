"""Progress: scores over time, success rates per tone and move, frequent misses, improvement."""

from __future__ import annotations

import json

import pytest

from callsim.cli import main
from callsim.errors import CallsimError
from callsim.progress import Rate, summary, text_lines
from callsim.store import Store
from report_helpers import fill, session


@pytest.fixture
def store():
    with Store.open() as opened:
        fill(opened)
        yield opened


def test_numbers_on_the_fixture(store):
    s = summary(store, "ann")
    assert s.sessions == 3 and [p.score for p in s.scores] == [50.0, 100.0, 75.0]
    # final tries only, the trainer's tone override on session a turn 1 counted as suits
    assert s.tones == [Rate("calm", 1, 1), Rate("somber", 2, 3), Rate("warm", 1, 1)]
    assert s.moves == [Rate("action", 1, 2), Rate("apologize", 3, 3), Rate("time_frame", 1, 1)]
    assert {m.what: m.count for m in s.misses} == {
        "tone somber not met": 1, "move not heard: committed to an action": 1, "banned phrase: \"calm down\"": 1}
    assert (s.window, s.first_mean, s.latest_mean, s.improvement) == (1, 50.0, 75.0, 25.0)


def test_improvement_uses_first_and_latest_windows(store):
    for day, score in ((6, 90.0), (7, 100.0), (8, 95.0)):
        session(store, f"x{day}", "ann", day, score)
    s = summary(store, "ann", window=3)
    assert s.window == 3 and s.first_mean == pytest.approx(75.0) and s.latest_mean == pytest.approx(95.0)
    assert s.improvement == pytest.approx(20.0)
    assert summary(store, "ann", window=2).improvement == pytest.approx(97.5 - 75.0)


def test_one_session_has_no_improvement_yet(store):
    s = summary(store, "<script>bob & co")
    assert s.improvement is None and s.to_dict()["improvement"]["change"] is None
    assert (s.misses[0].what, s.misses[0].count) == ("tone calm not met", 1) and Rate("apologize", 0, 1) in s.moves


def test_unknown_trainee_is_an_error(store):
    with pytest.raises(CallsimError, match="no trainee called 'zed'"):
        summary(store, "zed")


def test_text_view(store):
    lines = text_lines(summary(store, "ann"))
    assert lines[0] == "ann: 3 session(s), 3 scored"
    assert lines[1] == "  2026-03-01 09:30    50  Late parcel"
    assert "improvement: first session 50 -> latest session 75 (+25)" in lines
    assert "  somber                   2/3 (67%)" in lines and "most frequent misses:" in lines
    assert "  apologised               3/3 (100%)" in lines and "  committed to an action   1/2 (50%)" in lines
    assert "    1  move not heard: committed to an action" in lines
    assert not any(raw in line for line in lines for raw in ("apologize", "time_frame", "calm_down"))


def test_cli_json_and_text(store, capsys):
    assert main(["progress", "--trainee", "ann", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["improvement"] == {"window": 1, "first_mean": 50.0, "latest_mean": 75.0, "change": 25.0}
    assert data["tones"][1] == {"name": "somber", "success": 2, "total": 3, "rate": 0.667}
    assert data["scores"][0]["started"] == "2026-03-01T09:30:15.123456Z"
    assert data["moves"][0]["name"] == "action"  # ids for machines, words for people
    assert {"kind": "move", "name": "action", "what": "move not heard: committed to an action", "count": 1} \
        in data["misses"]
    assert main(["progress", "--trainee", "ann"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ann: 3 session(s), 3 scored\n") and "gave a time frame" in out and "time_frame" not in out
    assert main(["progress", "--trainee", "zed"]) == 1


def test_session_times_are_local_as_the_review_list_shows_them(store, capsys, new_york):
    """QA: TZ=America/New_York callsim progress showed 09:30 (UTC, unmarked) where the review list showed 04:30."""
    from callsim.report_view import local_minute

    started = store.load_session("a0000000-0000-4000-8000-00000000000a").started
    assert local_minute(started) == started.astimezone().strftime("%Y-%m-%d %H:%M") == "2026-03-01 04:30"
    assert text_lines(summary(store, "ann"))[1] == "  2026-03-01 04:30    50  Late parcel"
    assert main(["progress", "--trainee", "ann"]) == 0
    assert "  2026-03-01 04:30    50  Late parcel\n" in capsys.readouterr().out


def test_a_score_reads_the_same_in_progress_the_review_list_and_the_reports(tmp_path, capsys):
    """QA: a call with one turn of three half right (score 16.7) read 17 in the review list and the session view,
    and 16.7 in `callsim progress`; every view now shows the score as stored (overridden.score_text)."""
    from callsim import report
    from callsim.overridden import Score, scores_in_force
    from callsim.tui.review_list import _score_text
    from report_helpers import add_turn

    with Store.open() as store:
        session(store, "s1", "cy", 0, 16.7)
        for index, level in enumerate(("partly", "does not suit", "does not suit")):
            add_turn(store, "s1", index, "calm", "hello there", perceived="calm", tone_level=level, words_level=level)
        session(store, "s2", "cy", 1, 50.0)
        listed = _score_text(scores_in_force(store, store.list_sessions())["s1"])
        html = report.render(store, store.list_sessions(), "html")
        lines = text_lines(summary(store, "cy"))
    assert listed == "16.7" and lines[1].endswith("  16.7  Late parcel") and lines[2].endswith("    50  Late parcel")
    assert "improvement: first session 16.7 -> latest session 50 (+33.3)" in lines and "<td>16.7</td>" in html
    assert _score_text(Score(100.0, 16.7)) == "100 ✎" and Score(100.0, 16.7).text() == "100 (was 16.7, overridden)"
    assert main(["progress", "--trainee", "cy"]) == 0 and "  16.7  Late parcel\n" in capsys.readouterr().out


def test_turns_without_a_target_tone_count_for_moves_only(store):
    from report_helpers import add_turn

    session(store, "x9", "ann", 9, 100.0)
    add_turn(store, "x9", 0, "", "thanks for calling", perceived="calm", tone_level="partly", moves=["offer_help"])
    s = summary(store, "ann")
    assert [r.name for r in s.tones] == ["calm", "somber", "warm"] and Rate("offer_help", 1, 1) in s.moves
    assert not any(m.what.startswith("tone  ") for m in s.misses)


def test_a_move_counts_only_on_turns_that_required_it(tmp_path):
    """'concerned' (acknowledge) said on a turn that asked only for an apology is neither made nor missed."""
    from report_helpers import T0, add_turn, session as add_session

    with Store.open(tmp_path / "store") as store:
        add_session(store, "s1", "cy", 0, 100.0)
        turn = add_turn(store, "s1", 0, "somber", "i'm sorry i can hear how stressful", perceived="somber",
                        tone_level="suits", moves=["apologize", "acknowledge"])
        turn.content["verdict"]["required"] = ["apologize"]
        store.save_turn(turn, None)
        add_turn(store, "s1", 1, "calm", "ok", perceived="calm", tone_level="suits", missing=["acknowledge"],
                 words_level="does not suit", when=T0)
        s = summary(store, "cy")
    assert s.moves == [Rate("acknowledge", 0, 1), Rate("apologize", 1, 1)]
    assert "  acknowledged the feeling 0/1 (0%)" in text_lines(s)


def test_improvement_in_words_with_one_session_equal_scores_and_wider_windows(store):
    assert "improvement: one scored session so far, nothing to compare yet" in text_lines(
        summary(store, "<script>bob & co"))
    session(store, "b2", "<script>bob & co", 9, 0.0)
    assert "improvement: first session 0 -> latest session 0 (no change)" in text_lines(
        summary(store, "<script>bob & co"))
    for day, score in ((6, 90.0), (7, 100.0), (8, 95.0)):
        session(store, f"x{day}", "ann", day, score)
    assert "improvement: mean of the first 3 sessions 75 -> of the latest 3 95 (+20)" in text_lines(
        summary(store, "ann"))


def test_a_turn_whose_words_a_trainer_overruled_counts_for_no_move(tmp_path):
    """The override says the words did (or did not) do the work, not which moves the checker missed."""
    from callsim.records import Override
    from report_helpers import T0, add_turn, session as add_session

    with Store.open(tmp_path / "store") as store:
        add_session(store, "s1", "cy", 0, 0.0)
        add_turn(store, "s1", 0, "calm", "ok", perceived="calm", tone_level="suits", missing=["acknowledge"],
                 words_level="does not suit", when=T0)
        add_turn(store, "s1", 1, "calm", "ok", perceived="calm", tone_level="suits", missing=["acknowledge"],
                 words_level="does not suit", when=T0)
        store.save_override(Override("s1", 1, "content", "does not suit", "suits", "paraphrased it", "tom"))
        s = summary(store, "cy")
    assert s.moves == [Rate("acknowledge", 0, 1)]  # turn 1 only; turn 2's words were overruled


def test_progress_and_export_find_a_trainee_by_any_case_or_one_name(store, capsys, tmp_path):
    """QA: `progress --trainee tina` said no trainee called 'tina' while the review filter found 'Tina Trainee'."""
    session(store, "t1", "Tina Trainee", 9, 40.0)
    session(store, "t2", "Tom Trainee", 9, 60.0)
    assert store.find_trainee("tina trainee").name == store.find_trainee("TINA").name == "Tina Trainee"
    with pytest.raises(CallsimError, match="'trainee' could be 'Tina Trainee', 'Tom Trainee': give the full name"):
        store.find_trainee("trainee")
    with pytest.raises(CallsimError, match=r"no trainee called 'zed' in the store \(known: "):
        store.find_trainee("zed")
    assert main(["progress", "--trainee", "tina"]) == 0
    assert capsys.readouterr().out.startswith("Tina Trainee: 1 session(s), 1 scored\n")
    out = tmp_path / "tina.csv"
    assert main(["export", "--trainee", "tina", "-o", str(out)]) == 0
    assert "Tina Trainee" in out.read_text() and "Tom Trainee" not in out.read_text()
