"""What a fresh user trips over: damaged or empty audio, vague messages, help texts, argument checks."""

from __future__ import annotations

import re
import subprocess
import sys

import numpy as np
import pytest
import soundfile as sf

from callsim.cli import main
from callsim.clip import load
from callsim.errors import CallsimError

MODEL_ENV = "CALLSIM_VOSK_MODEL"


def text_file(path, text="hello, this is not audio at all, just some text"):
    """A file of text bytes under an audio name."""
    path.write_text(text)
    return path


def one_error_line(err: str) -> str:
    """The single `callsim: error:` line ``err`` must consist of."""
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("callsim: error: "), err
    return lines[0]


def help_text(capsys, *argv) -> str:
    with pytest.raises(SystemExit):
        main([*argv, "--help"])
    return capsys.readouterr().out


# 1. a damaged .mp3: no decoder chatter, no "does not exist"

def test_text_bytes_named_mp3_are_called_damaged_not_missing(tmp_path):
    path = text_file(tmp_path / "reply.mp3")
    with pytest.raises(CallsimError) as caught:
        load(path)
    assert str(caught.value) == f"{path}: not a readable audio file (damaged, or not audio)"


def test_the_mp3_decoders_notes_do_not_reach_the_terminal(tmp_path):
    path = text_file(tmp_path / "reply.mp3")
    result = subprocess.run([sys.executable, "-m", "callsim.cli", "analyze", "--no-transcribe", str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 1 and "Note:" not in result.stderr
    assert one_error_line(result.stderr) == f"callsim: error: {path}: not a readable audio file (damaged, or not audio)"


# 2. an empty file

@pytest.mark.parametrize("name", ["empty.wav", "empty.mp3", "empty.flac"])
def test_an_empty_file_says_so(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    with pytest.raises(CallsimError) as caught:
        load(path)
    assert str(caught.value) == f"{path}: the file is empty"


def test_a_pipe_is_refused_without_waiting_on_it(tmp_path):
    import os

    path = tmp_path / "reply.wav"
    os.mkfifo(path)
    with pytest.raises(CallsimError, match="not a regular file"):
        load(path)


# 3. analyze's messages

def test_analyze_without_files_only_mentions_dashes_after_audio_baselines(capsys):
    assert main(["analyze", "--no-transcribe"]) == 1
    assert main(["analyze", "--no-transcribe", "--baseline", "anna"]) == 1
    plain, named = capsys.readouterr().err.splitlines()
    assert plain == named == "callsim: error: no reply files given: callsim analyze REPLY.wav [REPLY.wav ...]"
    assert main(["analyze", "--no-transcribe", "--baseline", "a.wav", "b.wav"]) == 1
    assert "--baseline a.wav b.wav -- reply.wav" in one_error_line(capsys.readouterr().err)


def test_analyze_without_a_model_suggests_no_transcribe(shared, monkeypatch, capsys):
    monkeypatch.delenv(MODEL_ENV, raising=False)
    reply = shared / "data/tone/ravdess/actor07/03-01-01-01-01-01-07.flac"
    assert main(["analyze", str(reply)]) == 1
    line = one_error_line(capsys.readouterr().err)
    assert "--no-transcribe" in line and "callsim model download" in line


def test_a_silent_reply_shows_no_internal_codes(tmp_path, capsys):
    path = tmp_path / "silent.wav"
    sf.write(path, np.zeros(32000, dtype=np.float32), 16000)
    assert main(["analyze", "--no-transcribe", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{path}: no speech heard") and "_" not in out.replace(str(path), "")


def test_a_baseline_that_is_no_name_is_not_sent_to_calibrate(tmp_path, capsys):
    reply = text_file(tmp_path / "reply.wav")
    assert main(["analyze", "--no-transcribe", "--baseline", "../anna", str(reply)]) == 1
    line = one_error_line(capsys.readouterr().err)
    assert "calibrate --name ../anna" not in line and "--baseline ../anna: no such file" in line
    assert main(["analyze", "--no-transcribe", "--baseline", "anna", str(reply)]) == 1
    assert "callsim calibrate --name anna" in one_error_line(capsys.readouterr().err)


# 4. content --require

def test_require_takes_the_british_spelling(capsys):
    assert main(["content", "--require", "apologise,Time-Frame", "i'm so sorry, it will come by friday"]) == 0
    assert "  missing: none" in capsys.readouterr().out.splitlines()


def test_an_unknown_move_is_one_line_naming_the_moves(capsys):
    assert main(["content", "--require", "apologise,grovel", "sorry"]) == 1
    line = one_error_line(capsys.readouterr().err)
    assert "grovel" in line and "apologise" not in line and "own_mistake" in line and "accept_no" in line


def test_content_help_lists_the_moves(capsys):
    text = " ".join(help_text(capsys, "content").split())
    assert "acknowledge, apologize, own_mistake, action, time_frame, restate, offer_help, accept_no" in text


# 5. help texts

def test_every_option_of_doctor_and_progress_is_explained(capsys):
    assert re.search(r"--json\s+\S", help_text(capsys, "doctor"))
    assert re.search(r"--trainee NAME\s+\S", help_text(capsys, "progress"))


def test_content_describes_itself_in_a_sentence(capsys):
    description = help_text(capsys, "content").split("\n\n")[1]
    assert description[0].isupper() and description.rstrip().endswith(".")


def test_review_help_describes_review(capsys):
    text = help_text(capsys, "review")
    assert "practising" not in text and "--hide-caller-text" not in text and "--trainee" not in text
    assert "replay" in text and "--output-device" in text


# 6. argument checks

@pytest.mark.parametrize("command", ["analyze", "transcribe"])
@pytest.mark.parametrize("seconds", ["-1", "0"])
def test_max_seconds_must_be_above_zero(tmp_path, capsys, command, seconds):
    reply = text_file(tmp_path / "reply.wav")
    extra = ["--no-transcribe"] if command == "analyze" else []
    assert main([command, *extra, "--max-seconds", seconds, str(reply)]) == 1
    assert "--max-seconds needs a number of seconds above 0" in one_error_line(capsys.readouterr().err)


@pytest.mark.parametrize("seconds", ["-5", "0", "nan"])
def test_calibrate_max_seconds_must_be_above_zero_too(tmp_path, capsys, seconds):
    """calibrate checks --max-seconds as analyze and transcribe do (it said '4 s is longer than the -5 s maximum',
    and nan lifted the limit)."""
    reply = text_file(tmp_path / "reply.wav")
    assert main(["calibrate", "--name", "z", "--no-transcribe", "--max-seconds", seconds, str(reply)]) == 1
    assert "--max-seconds needs a number of seconds above 0" in one_error_line(capsys.readouterr().err)


def test_progress_window_must_be_positive(capsys):
    assert main(["progress", "--trainee", "ann", "--window", "-3"]) == 1
    assert one_error_line(capsys.readouterr().err) == "callsim: error: --window needs a number of sessions >= 1 (got -3)"


def test_export_refuses_a_backwards_range(capsys):
    assert main(["export", "--since", "2027-01-01", "--until", "2026-01-01"]) == 1
    assert "is after --until 2026-01-01" in one_error_line(capsys.readouterr().err)
    assert main(["export", "--since", "2026-01-01", "--until", "2026-01-01"]) == 1  # one day is a range
    assert "no sessions match --since 2026-01-01 --until 2026-01-01" in one_error_line(capsys.readouterr().err)


def test_export_audio_only_with_formats_that_hold_it(tmp_path, capsys):
    assert main(["export", "--all", "--format", "csv", "--audio"]) == 1
    assert main(["export", "--all", "--audio", "-o", str(tmp_path / "r.csv")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and all("--audio embeds recordings in HTML or JSON only" in line for line in err)
    assert not (tmp_path / "r.csv").exists()
    assert main(["export", "--all", "--format", "json", "--audio"]) == 1  # accepted, but the store is empty
    assert "the store has no sessions yet; nothing written" in one_error_line(capsys.readouterr().err)


# 7. model path and an offline download

def test_model_path_prints_where_the_model_would_be(monkeypatch, capsys):
    from callsim.model import default_location

    monkeypatch.delenv(MODEL_ENV, raising=False)
    assert main(["model", "path"]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"{default_location()}\n"
    assert "no model there yet" in captured.err and "callsim model download" in captured.err


def test_model_path_with_a_model_is_quiet(model_path, capsys):
    assert main(["model", "path", "--model", str(model_path)]) == 0
    assert capsys.readouterr() == (f"{model_path}\n", "")


def test_offline_download_says_where_to_copy_the_model(capsys):
    from callsim.model import default_location

    assert main(["model", "download", "--url", "http://127.0.0.1:1/model.zip"]) == 1
    line = capsys.readouterr().err.splitlines()[-1]
    assert f"to {default_location()}" in line and "CALLSIM_VOSK_MODEL" in line


# 8. doctor without a sound card

class _NoCard:
    """sounddevice on a machine with PortAudio but no sound card."""

    @staticmethod
    def get_portaudio_version():
        return 1246976, "PortAudio V19.7.0-devel, revision unknown"


def _no_sound_card(monkeypatch):
    def none(*_a, **_k):
        raise CallsimError("no input device found (connect a microphone)")

    monkeypatch.setattr("callsim.audio_devices.sounddevice", lambda: _NoCard)
    monkeypatch.setattr("callsim.audio.selected_devices", none)


def test_doctor_only_warns_about_a_missing_sound_card(model_path, monkeypatch, capsys):
    monkeypatch.setenv(MODEL_ENV, str(model_path))
    _no_sound_card(monkeypatch)
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert "WARN audio           no input device found" in out and "fix: connect a microphone and speaker" in out
    assert "FAIL" not in out


def test_doctor_still_fails_without_a_model(monkeypatch, capsys):
    import json

    monkeypatch.delenv(MODEL_ENV, raising=False)
    _no_sound_card(monkeypatch)
    assert main(["doctor", "--json"]) == 1
    checks = {c["name"]: c for c in json.loads(capsys.readouterr().out)}
    assert not checks["model"]["ok"] and checks["model"]["required"]
    assert not checks["audio"]["ok"] and not checks["audio"]["required"]


# 9. purge counts recordings and the saved profile apart

def test_purge_does_not_count_the_profile_as_a_recording(capsys):
    from callsim.baseline import baselines_dir
    from callsim.store import Store
    from report_helpers import fill

    with Store.open() as store:
        fill(store)
    baselines_dir().mkdir(parents=True, exist_ok=True)
    (baselines_dir() / "ann.json").write_text("{}")
    (baselines_dir() / "ann-reading.wav").write_bytes(b"RIFF")
    assert main(["purge", "--trainee", "ann", "--yes"]) == 0
    last = capsys.readouterr().out.splitlines()[-1]
    assert re.fullmatch(r"removed trainee ann with their baselines: 3 session\(s\), 8 recording\(s\), "
                        r"1 saved baseline profile\(s\) \(\d+ kB\)", last), last


def test_python_dash_m_callsim_is_the_callsim_command():
    """``python -m callsim`` runs the same entry point (it used to do nothing and exit 0)."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "callsim", "analyze"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and done.stderr.startswith("callsim: error: no reply files given")
