"""The callsim command: help, transcribe output, doctor."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from callsim.cli import main


def test_help_lists_commands_and_data_dir(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("transcribe", "model", "doctor"):
        assert command in out
    assert "Data directory:" in out


def test_plain_callsim_takes_the_practice_options(monkeypatch):
    """QA: `callsim --trainee X` was refused although plain `callsim` opens the app."""
    seen = []
    monkeypatch.setattr("callsim.commands.practice.run", lambda args: seen.append(args) or 0)
    assert main(["--trainee", "Dana", "--hide-caller-text"]) == 0
    assert main(["practice", "--trainee", "Ben"]) == 0
    assert [(a.trainee, a.hide_caller_text) for a in seen] == [("Dana", True), ("Ben", False)]


@pytest.mark.parametrize("command", [[], ["practice"], ["review"]])
def test_the_app_without_a_terminal_is_one_line(command, monkeypatch, capsys):
    """QA: `callsim > log` (or run from cron) drew escape codes into the file and waited for keys forever."""
    opened = []
    monkeypatch.setattr("callsim.tui.run_app", lambda args, start="home": opened.append(start) or 0)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False, raising=False)
    assert main(command) == 1
    err = capsys.readouterr().err
    assert err.startswith("callsim: error: the app needs a terminal") and err.count("\n") == 1
    assert opened == []


@pytest.mark.shared
def test_transcribe_json_and_text(shared, model_path, capsys, tmp_path):
    jfk = str(shared / "data/asr/misc/jfk.flac")
    missing = str(tmp_path / "missing.wav")
    assert main(["transcribe", "--model", str(model_path), "--json", jfk, missing]) == 1
    captured = capsys.readouterr()
    record = json.loads(captured.out.strip())
    assert record["file"] == jfk and "ask not" in record["text"]
    assert {"text", "start", "end", "conf"} <= set(record["words"][0])
    assert f"{missing}: no such file" in captured.err


def test_transcribe_says_when_it_heard_no_words(model_path, capsys, tmp_path):
    """QA: a 0.1 s file (sound, but no words) printed an empty line."""
    import numpy as np
    import soundfile as sf

    blip = tmp_path / "blip.wav"
    sf.write(str(blip), (0.2 * np.sin(np.arange(1600) / 16000 * 2 * np.pi * 440)).astype(np.float32), 16000)
    silent = tmp_path / "silent.wav"
    sf.write(str(silent), np.zeros(16000, np.float32), 16000)
    assert main(["transcribe", "--model", str(model_path), str(blip), str(silent)]) == 0
    assert capsys.readouterr().out == f"{blip}: (no words recognised)\n{silent}: (silent: no sound above -60 dBFS)\n"


def test_doctor_reports_one_line_per_check(model_path, monkeypatch):
    monkeypatch.setenv("CALLSIM_VOSK_MODEL", str(model_path))
    result = subprocess.run([sys.executable, "-m", "callsim.cli", "doctor", "--json"], capture_output=True, text=True)
    checks = {c["name"]: c for c in json.loads(result.stdout)}
    assert set(checks) == {"python", "packages", "audio", "model", "scenarios", "own wording", "data directory",
                           "session store", "numba cache"}
    assert checks["model"]["ok"] and checks["python"]["ok"] and checks["data directory"]["ok"]
    assert all(c["ok"] or c["fix"] for c in checks.values())


def test_doctor_names_the_fix_for_a_missing_model(monkeypatch, capsys):
    monkeypatch.delenv("CALLSIM_VOSK_MODEL", raising=False)
    main(["doctor"])
    out = capsys.readouterr().out
    assert "FAIL model" in out and "fix: callsim model download" in out


def test_doctor_does_not_send_a_wrong_model_variable_to_model_download(monkeypatch, capsys, tmp_path):
    """`callsim model download` installs into the data folder, which CALLSIM_VOSK_MODEL overrides: with the
    variable set to a folder that is not a model, the fix is to correct or unset it."""
    monkeypatch.setenv("CALLSIM_VOSK_MODEL", str(tmp_path / "nowhere"))
    main(["doctor"])
    out = capsys.readouterr().out
    assert "FAIL model" in out and "fix: point CALLSIM_VOSK_MODEL at a whole, unpacked Vosk model folder, or unset " \
                                   "it (callsim model download fetches one if callsim has none)" in out


def test_a_closed_pipe_ends_quietly():
    """`callsim scenarios list | head -1` must not print a BrokenPipeError traceback."""
    cmd = f"{sys.executable} -m callsim.cli scenarios list | head -c 10"
    result = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], capture_output=True, text=True)
    assert result.returncode == 0 and "Traceback" not in result.stderr and len(result.stdout) == 10


def test_a_data_folder_that_is_a_file_is_one_line(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("CALLSIM_DATA_DIR", str(blocker))
    result = subprocess.run([sys.executable, "-m", "callsim.cli", "scenarios", "new", "my-call"],
                            capture_output=True, text=True)
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert result.stderr.startswith("callsim: error: ") and "Traceback" not in result.stderr


def test_doctor_fails_on_a_corrupt_session_store_and_leaves_it_alone(tmp_path, monkeypatch, capsys):
    """A store every other command refuses is named by the doctor too, with the fix, and is not changed."""
    data = tmp_path / "data"
    data.mkdir()
    junk = bytes(range(256)) * 32
    (data / "callsim.db").write_bytes(junk)
    monkeypatch.setenv("CALLSIM_DATA_DIR", str(data))
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert f"FAIL session store   {data / 'callsim.db'}: not an SQLite database, so not a callsim store\n" in out
    assert "fix: callsim left it untouched: move it away to start a new store, or restore a backup" in out
    assert (data / "callsim.db").read_bytes() == junk


def test_doctor_passes_without_a_session_store_and_does_not_make_one(tmp_path, monkeypatch):
    from callsim.doctor import check_store

    monkeypatch.setenv("CALLSIM_DATA_DIR", str(tmp_path / "data"))
    assert check_store().ok
    assert not (tmp_path / "data" / "callsim.db").exists()


def test_doctor_names_a_file_standing_where_a_parent_folder_should_be(tmp_path):
    """QA: with ~/.cache a file, the doctor said to fix the permissions of ~/.cache/callsim/numba, which does not
    exist; the fix is to remove the file in the way."""
    from callsim.doctor import check_writable

    (tmp_path / ".cache").write_text("x")
    check = check_writable("numba cache", tmp_path / ".cache" / "callsim" / "numba")
    assert not check.ok and check.fix == f"remove the file {tmp_path / '.cache'} or set NUMBA_CACHE_DIR"


def test_doctor_creates_the_data_folder_private(tmp_path, monkeypatch):
    from callsim.doctor import check_writable

    folder = tmp_path / "fresh" / "callsim"
    assert check_writable("data folder", folder).ok
    assert (folder.stat().st_mode & 0o777) == 0o700


@pytest.mark.parametrize("argv", [
    ["--scenarios", "{packs}", "scenarios", "list"],
    ["scenarios", "--scenarios", "{packs}", "list"],
    ["scenarios", "list", "--scenarios", "{packs}"],
])
def test_scenarios_option_before_the_command_or_its_action_works_too(argv, tmp_path, capsys):
    """QA: `callsim --scenarios DIR scenarios list` said 'unrecognized arguments: scenarios list' (it was read as
    the practice app's option) and `callsim scenarios --scenarios DIR list` said "invalid choice: 'DIR'"."""
    from test_scenarios import write_pack

    write_pack(tmp_path / "mini")
    assert main([a.format(packs=tmp_path) for a in argv]) == 0
    assert any(line.startswith("mini ") for line in capsys.readouterr().out.splitlines())


def test_options_before_any_command_go_to_that_command(monkeypatch, capsys):
    """Every command takes its options before its name, as the app's options are taken before none; an option's
    first value stays its value even when it names a command."""
    from callsim.cli import build_parser, options_after_command

    parser = build_parser()
    moved = {"--json progress --trainee anna": "progress --json --trainee anna",
             "--trainee anna review": "review --trainee anna",
             "--model /m transcribe a.wav": "transcribe --model /m a.wav",
             "-o x.html export --all": "export -o x.html --all",
             "--window -3 progress --trainee a": "progress --window -3 --trainee a",
             "--scenarios review review": "review --scenarios review"}
    kept = ["--trainee review", "--trainee anna", "bogus doctor", "--json bogus doctor", "-h progress",
            "scenarios -h", "--version", "analyze --baseline a.wav -- doctor", "--hide-caller-text"]
    for typed, meant in moved.items() | {(k, k) for k in kept}:
        assert options_after_command(typed.split(), parser) == meant.split(), typed
    seen = []
    monkeypatch.setattr("callsim.commands.practice.run", lambda args: seen.append(args.trainee) or 0)
    assert main(["--trainee", "review"]) == 0 and seen == ["review"]


def test_the_readme_tour_says_which_commands_need_a_terminal():
    """The tour names the commands that refuse without a terminal (those calling ``need_terminal``), and says the
    others work in scripts."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    tour = " ".join((root / "README.md").read_text().split("## A short tour", 1)[1].split("\n\n", 2)[1].split())
    named = re.match(r"The app \(([^)]*)\) needs an interactive terminal", tour)
    assert named and "Every other sub-command" in tour and "works in scripts" in tour
    commands = {p.stem for p in (root / "callsim/commands").glob("[a-z]*.py") if "need_terminal()" in p.read_text()}
    assert named.group(1) == ", ".join(["`callsim`", *(f"`callsim {c}`" for c in sorted(commands))])


def test_a_shortened_option_before_the_command_keeps_its_value(monkeypatch, capsys):
    """QA: `callsim progress --train anna` works (argparse takes --train for --trainee), but `callsim --train anna
    progress` said "unrecognized arguments: progress": the shortened option was not known to take a value, so
    its value "anna" ended the leading options and nothing moved. A prefix counts as taking a value when every
    option it could stand for takes one."""
    from callsim.cli import build_parser, options_after_command

    parser = build_parser()
    moved = {"--train anna progress": "progress --train anna",
             "--wind 2 --tr anna progress": "progress --wind 2 --tr anna",
             "--train review": "--train review",
             "--js progress --trainee a": "progress --js --trainee a"}
    for typed, meant in moved.items():
        assert options_after_command(typed.split(), parser) == meant.split(), typed
    seen = []
    monkeypatch.setattr("callsim.commands.progress.run", lambda args: seen.append(args.trainee) or 0)
    assert main(["--train", "anna", "progress"]) == 0 and seen == ["anna"]
