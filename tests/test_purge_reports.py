"""``callsim purge --trainee`` also removes the HTML reports the review screen wrote, and sessions without turns."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest

from callsim import paths
from callsim.cli import main
from callsim.records import Session
from callsim.store import Store
from callsim.tui.review_files import export_session
from report_helpers import BOB, T0, fill, session

TWIN = "ann-20260302-1000-x"  # a (contrived) trainee whose reports fit ann's naming too


@pytest.fixture
def store():
    """The filled store in the data folder the command uses, plus sessions of ann-b and cy."""
    with Store.open() as opened:
        fill(opened)
        session(opened, "e0000000-0000-4000-8000-00000000000e", "ann-b", 4, 80.0)
        session(opened, "90000000-0000-4000-8000-000000000009", "cy", 4, 70.0)
        yield opened


def export(store, uuid: str):
    """What the review screen's ``x`` writes for the session."""
    return export_session(store, store.load_session(uuid))


def reports() -> list[str]:
    folder = paths.data_dir() / "reports"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_purge_lists_removes_and_counts_the_trainees_reports(store, capsys):
    mine = [export(store, u) for u in ("a0000000-0000-4000-8000-00000000000a", "b0000000-0000-4000-8000-00000000000b")]
    others = [export(store, u) for u in ("e0000000-0000-4000-8000-00000000000e", "90000000-0000-4000-8000-000000000009")]
    assert mine[0].name.startswith("ann-") and others[0].name.startswith("ann-b-")  # the names the screen writes
    crumbs = mine[0].with_name(".tmp-" + mine[0].name)  # a write cut short: ann's text as well
    crumbs.write_text("<html>half")
    newer_crumbs = mine[1].with_name(f".tmp-{mine[1].name}.k2_9xq0a")  # as report.write_private names them now
    newer_crumbs.write_text("<html>half")
    unrelated = [mine[0].with_name(n) for n in ("ann-notes.html", "ann-20260301-0930-late-parcel.pdf", "ann.html")]
    for path in unrelated:
        path.write_text("keep me")
    assert main(["purge", "--trainee", "ann", "--yes"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert sorted(line.split()[-1] for line in out if line.startswith("  report  ")) == sorted(
        [crumbs.name, newer_crumbs.name, mine[0].name, mine[1].name])
    assert re.fullmatch(r"removed trainee ann with their baselines: 3 session\(s\), 7 recording\(s\), "
                        r"4 HTML report\(s\) \(\d+ kB\)", out[-1])
    assert reports() == sorted([p.name for p in others + unrelated])


def test_a_report_another_trainees_name_could_have_written_is_kept_and_said(store, capsys):
    twin = session(store, "f0000000-0000-4000-8000-00000000000f", TWIN, 1, 90.0)
    theirs, mine = export(store, twin.uuid), export(store, "a0000000-0000-4000-8000-00000000000a")
    assert main(["purge", "--trainee", "ann", "--yes"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert f"  kept    {theirs}: its name could also be a report of {TWIN!r}; remove it by hand if it is ann's" in out
    assert ", 1 HTML report(s) (" in out[-1] and reports() == [theirs.name]
    assert main(["purge", "--trainee", TWIN, "--yes"]) == 0  # ann is gone: now it is plainly the twin's
    assert ", 1 HTML report(s) (" in capsys.readouterr().out and reports() == []
    assert not mine.exists()


def test_reports_stay_until_the_purge_is_confirmed(store, capsys, monkeypatch):
    path = export(store, "c0000000-0000-4000-8000-00000000000c")
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    assert main(["purge", "--trainee", "ann"]) == 1
    assert "3 session(s), 7 recording(s), 1 HTML report(s)" in capsys.readouterr().err and path.exists()


def test_purge_older_than_leaves_reports_alone(store, capsys):
    path = export(store, "a0000000-0000-4000-8000-00000000000a")
    assert main(["purge", "--older-than", "30", "--yes"]) == 0
    assert "HTML report" not in capsys.readouterr().out and path.exists()


def test_purge_trainee_removes_sessions_without_turns(store, capsys):
    empty = store.save_session(Session("empty", "ann", "late-parcel", "Late parcel", T0 + timedelta(days=9),
                                       status="complete"))  # an incomplete one with no try would go on open
    started = store.start_session("ann", "late-parcel", "Late parcel")  # its recordings folder exists, empty
    store.finish_session(started.uuid, "abandoned")
    assert store.session_dir(started.uuid).is_dir() and store.load_turns(empty.uuid) == []
    assert main(["purge", "--trainee", "ann", "--yes"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert sum(1 for line in out if line.endswith((empty.uuid, started.uuid))) == 2
    assert out[-1].startswith("removed trainee ann with their baselines: 5 session(s), 7 recording(s) (")
    with Store.open() as after:
        assert sorted(s.trainee for s in after.list_sessions()) == sorted(["ann-b", "cy", BOB])
        assert after.query("SELECT COUNT(*) FROM sessions WHERE uuid IN (?, ?)", (empty.uuid, started.uuid))[0][0] == 0
    assert not store.session_dir(started.uuid).exists()


def test_a_trainee_name_with_a_slash_has_its_report_written_and_purged(store, capsys):
    odd = session(store, "f1000000-0000-4000-8000-00000000000f", "team a/dee", 5, 75.0)
    path = export(store, odd.uuid)
    assert path.parent == paths.data_dir() / "reports" and path.name.startswith("team_a_dee-")
    assert main(["purge", "--trainee", "team a/dee", "--yes"]) == 0
    assert ", 1 HTML report(s) (" in capsys.readouterr().out.splitlines()[-1] and not path.exists()


def test_two_sessions_started_in_the_same_minute_keep_a_report_each(store, capsys):
    """QA: names held the start minute only, so the second session's export replaced the first one's."""
    first = store.load_session("a0000000-0000-4000-8000-00000000000a")
    twin = store.save_session(Session("f2000000-0000-4000-8000-00000000000f", "ann", first.scenario_id,
                                      first.scenario_title, first.started))  # same call, same second
    paths_written = [export(store, first.uuid), export(store, twin.uuid)]
    assert paths_written[0] != paths_written[1] and reports() == sorted(p.name for p in paths_written)
    started = f"{first.started.astimezone():%Y%m%d-%H%M}"
    assert paths_written[0].name == f"ann-{started}-late-parcel-a0000000.html"
    assert ["No turns recorded." in p.read_text() for p in paths_written] == [False, True]  # each its own session
    assert export(store, first.uuid) == paths_written[0] and len(reports()) == 2  # its own file, replaced
    assert main(["purge", "--trainee", "ann", "--yes"]) == 0
    assert ", 2 HTML report(s) (" in capsys.readouterr().out.splitlines()[-1] and reports() == []


def test_reports_named_as_older_versions_named_them_are_purged_too(store, capsys):
    folder = paths.data_dir() / "reports"
    folder.mkdir(parents=True)
    old = folder / "ann-20260301-0930-late-parcel.html"  # HHMM and no session id
    old.write_text("<html>an older export")
    assert main(["purge", "--trainee", "ann", "--yes"]) == 0
    assert f"  report  {old.name}" in capsys.readouterr().out and reports() == []
