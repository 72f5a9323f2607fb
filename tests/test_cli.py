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


def test_doctor_reports_one_line_per_check(model_path, monkeypatch):
    monkeypatch.setenv("CALLSIM_VOSK_MODEL", str(model_path))
    result = subprocess.run([sys.executable, "-m", "callsim.cli", "doctor", "--json"], capture_output=True, text=True)
    checks = {c["name"]: c for c in json.loads(result.stdout)}
    assert set(checks) == {"python", "packages", "audio", "model", "data directory", "numba cache"}
    assert checks["model"]["ok"] and checks["python"]["ok"] and checks["data directory"]["ok"]
    assert all(c["ok"] or c["fix"] for c in checks.values())


def test_doctor_names_the_fix_for_a_missing_model(monkeypatch, capsys):
    monkeypatch.delenv("CALLSIM_VOSK_MODEL", raising=False)
    main(["doctor"])
    out = capsys.readouterr().out
    assert "FAIL model" in out and "fix: callsim model download" in out
