"""``callsim purge``: asks first, removes rows and recordings, says what it removed."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest

from callsim.cli import main
from callsim.records import Session, Trainee, utcnow
from callsim.store import Store
from report_helpers import BOB, add_turn, fill

A = "a0000000-0000-4000-8000-00000000000a"


@pytest.fixture
def store():
    """The filled store in the data directory the command uses."""
    with Store.open() as opened:
        fill(opened)
        yield opened


def files(store) -> list[str]:
    return sorted(str(p.relative_to(store.root)) for p in (store.root / "recordings").rglob("*") if p.is_file())


def test_purge_trainee_removes_rows_and_recordings(store, capsys):
    baseline_audio = store.load_baseline("ann").audio_path
    assert main(["purge", "--trainee", "ann", "--yes"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:3] == [f"  2026-03-0{d} 09:30  ann  Late parcel  {u}" for d, u in (
        (6, "c0000000-0000-4000-8000-00000000000c"), (3, "b0000000-0000-4000-8000-00000000000b"), (1, A))]
    assert re.fullmatch(r"removed trainee ann with their baselines: 3 session\(s\), 7 recording\(s\) \(\d+ kB\)", out[3])
    with Store.open() as after:
        assert [t.name for t in after.list_trainees()] == [BOB]
        assert [s.trainee for s in after.list_sessions()] == [BOB]
        assert after.query("SELECT COUNT(*) FROM notes")[0][0] == 0
        assert after.query("SELECT COUNT(*) FROM turns")[0][0] == 1
        assert files(after) == ["recordings/d0000000-0000-4000-8000-00000000000d/turn-0-try-0.flac"]
    assert not baseline_audio.exists() and not store.session_dir(A).exists()


def test_the_sessions_to_remove_are_listed_in_local_time(store, capsys, new_york):
    """QA: purge listed UTC times, unmarked, where the review list shows local ones."""
    assert main(["purge", "--trainee", "ann", "--yes"]) == 0
    assert capsys.readouterr().out.splitlines()[:3] == [f"  2026-03-0{d} 04:30  ann  Late parcel  {u}" for d, u in (
        (6, "c0000000-0000-4000-8000-00000000000c"), (3, "b0000000-0000-4000-8000-00000000000b"), (1, A))]


@pytest.mark.parametrize("typed, suggested", [("ben", '"Ben O\'Neil"'), ("BEN O'NEIL", '"Ben O\'Neil"'),
                                              ("smith", '"Ann Smith" or "Cy Smith"')])
def test_a_partial_name_is_refused_naming_the_trainee_it_could_mean(store, capsys, typed, suggested):
    """QA: 'purge --trainee ben' said only that there was no such trainee, where export and progress find him."""
    from report_helpers import session

    for i, name in enumerate(("Ben O'Neil", "Ann Smith", "Cy Smith")):
        session(store, f"e{i}000000-0000-4000-8000-00000000000e", name, 4, 50.0)
    assert main(["purge", "--trainee", typed, "--yes"]) == 1
    assert capsys.readouterr().err == (f"callsim: error: no trainee called {typed!r}: did you mean {suggested}? "
                                       "purge needs the full name\n")
    assert len(store.list_trainees()) == 5 and len(store.list_sessions()) == 7  # nothing removed


def test_a_name_nobody_is_called_is_still_plainly_unknown(store, capsys):
    assert main(["purge", "--trainee", "zed", "--yes"]) == 1
    assert "no trainee called 'zed' in the store" in capsys.readouterr().err


def test_purge_trainee_removes_the_named_baseline_and_kept_reading(store, capsys):
    from callsim.baseline import baselines_dir

    baselines_dir().mkdir(parents=True, exist_ok=True)
    named = [baselines_dir() / "ann.json", baselines_dir() / "ann-reading.wav", baselines_dir() / "bob.json"]
    for path in named:
        path.write_bytes(b"x")
    assert main(["purge", "--trainee", "ann", "--yes"]) == 0
    assert [p.exists() for p in named] == [False, False, True]


def test_a_trainee_with_no_sessions_is_removed_without_an_empty_line_first(store, capsys):
    """QA: a trainee who had only calibrated printed an empty line (the empty list of sessions) before 'removed'."""
    store.save_trainee(Trainee("cal"))
    assert main(["purge", "--trainee", "cal", "--yes"]) == 0
    assert capsys.readouterr().out.startswith("removed trainee cal with their baselines: 0 session(s)")


def test_without_yes_and_no_terminal_nothing_is_removed(store, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    before = files(store)
    assert main(["purge", "--trainee", "ann"]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines()[-1] == "nothing removed" and "use --yes" in captured.err
    assert files(store) == before and len(store.list_sessions(trainee="ann")) == 3


def test_confirmation_on_a_terminal(store, capsys, monkeypatch):
    answers = iter(["n", "yes"])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda prompt: (print(prompt), next(answers))[1])
    assert main(["purge", "--trainee", BOB]) == 1
    assert "remove trainee <script>bob & co with their baselines: 1 session(s), 1 recording(s)" in \
        capsys.readouterr().out
    assert main(["purge", "--trainee", BOB]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith(f"removed trainee {BOB}")
    assert [t.name for t in store.list_trainees()] == ["ann"]


def test_purge_older_than_keeps_recent_sessions(store, capsys):
    store.save_session(Session("recent", "ann", "late-parcel", "Late parcel", utcnow() - timedelta(days=2),
                               status="complete"))
    add_turn(store, "recent", 0, "calm", "hello", perceived="calm", tone_level="suits")
    assert main(["purge", "--older-than", "30", "--yes"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 5 and "recent" not in "".join(out)
    assert re.fullmatch(r"removed sessions older than 30 days: 4 session\(s\), 7 recording\(s\) \(\d+ kB\)", out[-1])
    assert [s.uuid for s in store.list_sessions()] == ["recent"]
    assert files(store) == ["recordings/baselines/" + store.load_baseline("ann").audio_path.name,
                            "recordings/recent/turn-0-try-0.flac"]


def test_purge_with_nothing_old_says_so_in_one_line(store, capsys):
    """QA: a blank line, then 'removed sessions older than 1 days: 0 session(s)...'."""
    assert main(["purge", "--older-than", "1000", "--yes"]) == 0
    assert capsys.readouterr().out == "nothing to remove: no sessions older than 1000 days\n"
    assert main(["purge", "--older-than", "1", "--yes"]) == 0
    assert "sessions older than 1 day:" in capsys.readouterr().out


def test_unknown_trainee_and_bad_days_are_one_line_errors(store, capsys):
    assert main(["purge", "--trainee", "nobody", "--yes"]) == 1
    assert main(["purge", "--older-than", "-1", "--yes"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == ["callsim: error: no trainee called 'nobody' in the store",
                   "callsim: error: --older-than needs a number of days from 0 to 36500 (100 years), not -1"]


@pytest.mark.parametrize("days", ["1e9", "800000", "36501", "inf", "-inf", "nan"])
def test_absurd_day_counts_are_refused_in_one_line_and_nothing_is_removed(store, capsys, days):
    """QA: 1e9, 800000, inf and nan died with OverflowError/ValueError tracebacks."""
    before = len(store.list_sessions())
    assert main(["purge", f"--older-than={days}", "--yes"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("callsim: error: --older-than needs a number of days from 0 to 36500") and err.count("\n") == 1
    assert len(store.list_sessions()) == before


def test_the_largest_day_count_is_taken(store, capsys):
    assert main(["purge", "--older-than", "36500", "--yes"]) == 0
    assert capsys.readouterr().out == "nothing to remove: no sessions older than 36500 days\n"


def test_purged_text_is_not_left_in_the_database_files(store):
    from callsim.records import Note

    store.save_note(Note(A, 0, "ZEBRA-SECRET-42 said her address", "tom"))
    assert main(["purge", "--trainee", "ann", "--yes"]) == 0
    leftovers = [p for p in store.root.glob("callsim.db*") if b"ZEBRA-SECRET-42" in p.read_bytes()]
    assert leftovers == [] and b"sorry about the parcel" not in (store.root / "callsim.db").read_bytes()
