"""``callsim export``: picking sessions, the format from the suffix, stdout, private files, one-line errors."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import threading
from datetime import datetime

import pytest

from callsim.cli import main
from callsim.report import choose_format, parse_day
from callsim.store import Store
from report_helpers import fill


@pytest.fixture
def ids():
    with Store.open() as store:
        return fill(store)


def test_csv_to_stdout_for_a_date_range(ids, capsys):
    assert main(["export", "--since", "2026-03-04", "--until", "2026-03-06", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["session"] for r in rows] == [ids["bob"], ids["c"]]  # days 3 and 5: --until's day is included


def test_json_to_stdout_for_one_session(ids, capsys):
    assert main(["export", "--session", ids["b"]]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [s["uuid"] for s in doc["sessions"]] == [ids["b"]] and doc["format"] == "callsim-export"


def test_html_file_by_suffix_is_private(ids, tmp_path, capsys):
    out = tmp_path / "ann.html"
    assert main(["export", "--trainee", "ann", "-o", str(out), "--audio"]) == 0
    page = out.read_text()
    assert page.startswith("<!DOCTYPE html>") and "Progress of ann" in page and "data:audio/flac;base64," in page
    assert out.stat().st_mode & 0o777 == 0o600
    assert "wrote 3 session(s) as html" in capsys.readouterr().err
    out.chmod(0o644)
    assert main(["export", "--trainee", "ann", "-o", str(out), "--force"]) == 0
    assert out.stat().st_mode & 0o777 == 0o600 and "data:audio" not in out.read_text()


def test_an_existing_file_is_kept_unless_force_is_given(ids, tmp_path, capsys):
    """QA: `callsim export -o FILE` replaced an existing FILE without a word (an --audio export made earlier was
    lost to a later one without recordings). It is refused in one line naming the file and --force; with --force
    it is replaced whole (temp file + rename)."""
    out = tmp_path / "team.json"
    assert main(["export", "--all", "--audio", "-o", str(out)]) == 0
    before = out.read_bytes()
    capsys.readouterr()
    assert main(["export", "--all", "-o", str(out)]) == 1
    assert capsys.readouterr().err == (f"callsim: error: {out} already exists; nothing written "
                                       "(add --force to replace it)\n")
    assert out.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["team.json"]
    assert main(["export", "--all", "-o", str(out), "--force"]) == 0
    assert b"audio_data" not in out.read_bytes() and out.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["team.json"]  # no temp file left


def test_a_file_made_while_the_report_was_rendered_is_kept(ids, tmp_path, capsys, monkeypatch):
    """The check before rendering is not the only one: the report is moved into place by a rename that never
    replaces (store_files.rename_unless_taken), so a file someone made meanwhile is kept too."""
    from callsim import report

    out = tmp_path / "ann.csv"
    render = report.render

    def render_while_someone_writes(*args, **kwargs):
        out.write_text("theirs\n")
        return render(*args, **kwargs)

    monkeypatch.setattr(report, "render", render_while_someone_writes)
    assert main(["export", "--trainee", "ann", "-o", str(out)]) == 1
    assert capsys.readouterr().err == (f"callsim: error: {out} already exists; nothing written "
                                       "(add --force to replace it)\n")
    assert out.read_text() == "theirs\n" and sorted(p.name for p in tmp_path.iterdir()) == ["ann.csv"]


def test_a_symlink_planted_at_the_old_temp_name_is_not_written_through(ids, tmp_path, capsys):
    """QA: reports went through a fixed temp name (.tmp-NAME) opened without O_EXCL/O_NOFOLLOW, so in a shared
    folder like /tmp a planted symlink there sent the trainee data (and a truncation) to the attacker's target."""
    victim = tmp_path / "victim.txt"
    victim.write_text("untouched")
    out = tmp_path / "ann.csv"
    (tmp_path / ".tmp-ann.csv").symlink_to(victim)
    assert main(["export", "--trainee", "ann", "-o", str(out)]) == 0
    assert victim.read_text() == "untouched" and (tmp_path / ".tmp-ann.csv").is_symlink()
    assert not out.is_symlink() and out.read_text().startswith("session,") and out.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == [".tmp-ann.csv", "ann.csv", "victim.txt"]  # no temp left


def test_a_failed_write_leaves_no_temp_file(tmp_path, monkeypatch):
    from callsim.errors import CallsimError
    from callsim.report import write_private

    monkeypatch.setattr("os.replace", lambda *a: (_ for _ in ()).throw(OSError(28, "No space left on device")))
    with pytest.raises(CallsimError, match="ann.html: cannot write the report \\(No space left on device\\)"):
        write_private(tmp_path / "ann.html", "<html>")
    assert list(tmp_path.iterdir()) == []


def test_a_fifo_is_written_into_not_replaced(ids, tmp_path, capsys):
    """QA: ``-o FIFO`` renamed a temp file over the FIFO: its reader got nothing and it became a regular file."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    assert main(["export", "--trainee", "ann", "--format", "csv", "-o", str(fifo)]) == 0
    reader.join(timeout=10)
    assert got and got[0].decode().startswith("session,") and stat.S_ISFIFO(fifo.lstat().st_mode)
    err = capsys.readouterr().err
    assert f"as csv to {fifo}\n" in err and "0600" not in err  # a FIFO has no file mode to promise
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_a_symlink_has_its_target_replaced_and_stays_a_link(ids, tmp_path, capsys):
    """QA: ``-o link.json`` replaced the link with a file instead of writing the file it points to."""
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "ann.json"
    target.write_text("old")
    target.chmod(0o644)
    link = tmp_path / "link.json"
    link.symlink_to("real/ann.json")
    assert main(["export", "--trainee", "ann", "-o", str(link)]) == 1  # its target is a file already there
    assert target.read_text() == "old" and "already exists" in capsys.readouterr().err
    assert main(["export", "--trainee", "ann", "-o", str(link), "--force"]) == 0
    assert link.is_symlink() and os.readlink(link) == "real/ann.json"
    assert json.loads(target.read_text())["format"] == "callsim-export" and target.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["ann.json"]  # no temp file left
    assert "(mode 0600)" in capsys.readouterr().err


def test_a_dangling_symlink_creates_its_target(tmp_path):
    from callsim.report import write_private

    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "new.csv")
    write_private(link, "a,b\n")
    assert link.is_symlink() and (tmp_path / "new.csv").read_text() == "a,b\n"


def test_a_file_this_process_was_handed_is_written_into(tmp_path):
    """``-o /dev/stdout`` leads through /proc/self/fd: a pipe is written into, and so is a file the shell opened
    (same inode, written as the shell opened it), rather than a new file being renamed over its name."""
    from callsim.report import write_private

    read_end, write_end = os.pipe()
    try:
        write_private(f"/proc/self/fd/{write_end}", "piped\n")
        assert os.read(read_end, 100) == b"piped\n"
    finally:
        os.close(read_end)
        os.close(write_end)
    shell_file = tmp_path / "out.txt"
    shell_file.write_text("an older, longer text\n")
    with open(shell_file, "w") as handed:  # > out.txt: the shell empties it
        inode = os.fstat(handed.fileno()).st_ino
        write_private(f"/proc/self/fd/{handed.fileno()}", "new\n")
    assert shell_file.stat().st_ino == inode and shell_file.read_text() == "new\n"
    with open(shell_file, "a") as handed:  # >> out.txt: review QA, the log it was appended to was emptied
        write_private(f"/proc/{os.getpid()}/fd/{handed.fileno()}", "more\n")
    assert shell_file.read_text() == "new\nmore\n"


def test_a_write_error_into_a_special_file_is_one_line(tmp_path, monkeypatch):
    """As root ``-o /dev/full`` replaced the device node; now it is written into, and ENOSPC is one line.
    (Emulated with a FIFO whose writes fail: tests never write to /dev.)"""
    import errno

    from callsim.errors import CallsimError
    from callsim.report import write_private

    fifo = tmp_path / "full"
    os.mkfifo(fifo)
    reader = threading.Thread(target=lambda: fifo.read_bytes())
    reader.start()
    monkeypatch.setattr("os.write", lambda fd, data: (_ for _ in ()).throw(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))))
    try:
        with pytest.raises(CallsimError, match=r"full: cannot write the report \(No space left on device\)$"):
            write_private(fifo, "<html>")
    finally:
        reader.join(timeout=10)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full"] and fifo.is_fifo()


@pytest.mark.parametrize("argv, message", [
    (["export"], "say what to export"),
    (["export", "--session", "x", "--trainee", "ann"], "--session picks one session"),
    (["export", "--session", "nope"], "no session nope in the store"),
    (["export", "--trainee", "zed"], "no trainee called 'zed'"),
    (["export", "--all", "-o", "report.txt"], "cannot tell the format from report.txt"),
    (["export", "--since", "March"], "not a date: 'March'"),
])
def test_user_errors_are_one_line(ids, capsys, argv, message):
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith("callsim: error: ") and message in err and err.count("\n") == 1


def test_format_choice_and_days():
    assert choose_format(None, "x.CSV") == "csv" and choose_format("html", "x.json") == "html"
    assert choose_format(None, None) == "json"
    assert parse_day("2026-03-01", end=True).day == 2 and parse_day("2026-03-01T10:00:00Z").hour == 10


@pytest.mark.parametrize("since, until", [("0001-01-01", "9999-12-31"), ("0001-01-01T00:00:00-05:00", None),
                                          (None, "9999-12-31T23:59:59+14:00"), ("0500-01-01", None)])
def test_the_first_and_last_days_datetime_holds_mean_from_the_start_and_to_the_end(ids, capsys, new_york, since,
                                                                                   until):
    """QA: --since 0001-01-01 died with 'year 0 is out of range', --until 9999-12-31 with OverflowError."""
    argv = ["export", "--format", "csv"] + (["--since", since] if since else []) + (["--until", until] if until else [])
    assert main(argv) == 0
    assert {r["session"] for r in csv.DictReader(io.StringIO(capsys.readouterr().out))} == set(ids.values())


def test_days_are_held_within_what_the_store_can_compare():
    assert parse_day("0001-01-01") == datetime(1000, 1, 2) and parse_day("9999-12-31", end=True) == datetime(9999, 12, 30)
    assert parse_day("0001-01-01T00:00+05:00").year == 1000 and parse_day("2026-03-01") == datetime(2026, 3, 1)


def test_nothing_matched_is_one_line_error_and_writes_nothing(ids, capsys, tmp_path):
    earlier = tmp_path / "report.csv"
    earlier.write_text("an earlier report\n")
    assert main(["export", "--since", "2030-01-01", "-o", str(earlier)]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and earlier.read_text() == "an earlier report\n"
    assert captured.err == "callsim: error: no sessions match --since 2030-01-01; nothing written\n"
    assert main(["export", "--trainee", "ann", "--until", "2000-01-01", "--format", "csv"]) == 1
    assert capsys.readouterr().err == ("callsim: error: no sessions match --trainee ann --until 2000-01-01; "
                                       "nothing written\n")


def test_a_session_can_be_picked_by_the_start_of_its_id(ids, capsys):
    """QA: --session needed the whole uuid; the first 8 characters are enough when only one session has them."""
    from callsim.records import Session, utcnow

    assert main(["export", "--session", ids["b"][:8]]) == 0
    assert [s["uuid"] for s in json.loads(capsys.readouterr().out)["sessions"]] == [ids["b"]]
    with Store.open() as store:
        for uuid in ("abcd1234-0000", "abcd1234-1111"):
            store.save_session(Session(uuid, "ann", "late-parcel", "Late parcel", utcnow(), status="complete"))
    assert main(["export", "--session", "abcd1234"]) == 1
    assert capsys.readouterr().err.strip() == ("callsim: error: several sessions start with abcd1234: abcd1234-000, "
                                               "abcd1234-111; give more of the id")
    assert main(["export", "--session", "abcd1234-1"]) == 0 and main(["export", "--session", "ab%"]) == 1


def test_dash_as_output_is_standard_output(ids, tmp_path, capsys, monkeypatch):
    """QA: `callsim export --all -o -` wrote the trainees' data to a file named "-" in the current folder (without
    --format it said "cannot tell the format from -", and a second run said "- already exists"). `-o -` is standard
    output, as leaving out -o is (JSON unless --format says otherwise)."""
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--all", "-o", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["format"] == "callsim-export"
    assert main(["export", "--all", "-o", "-", "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("session,trainee,")
    assert list(tmp_path.iterdir()) == []


def test_trainee_and_session_can_be_given_more_than_once(ids, capsys):
    """QA: `callsim export --trainee anna --trainee ben` (the README: "sessions, trainees, date ranges") exported ben
    alone, without a word; the same with two --session. Each is repeatable: the report holds every session picked,
    once, oldest first, and HTML has each trainee's progress."""
    from report_helpers import BOB

    assert main(["export", "--trainee", "ann", "--trainee", BOB, "--trainee", "ANN", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(dict.fromkeys(r["session"] for r in rows)) == [ids["a"], ids["b"], ids["bob"], ids["c"]]
    assert main(["export", "--session", ids["c"], "--session", ids["b"][:8], "--session", ids["c"]]) == 0
    assert [s["uuid"] for s in json.loads(capsys.readouterr().out)["sessions"]] == [ids["b"], ids["c"]]
    assert main(["export", "--trainee", "ann", "--trainee", BOB, "--format", "html"]) == 0
    page = capsys.readouterr().out
    assert "Progress of ann" in page and "Progress of &lt;script&gt;bob &amp; co" in page
    assert main(["export", "--trainee", "ann", "--trainee", "zed"]) == 1
    assert "no trainee called 'zed'" in capsys.readouterr().err
