"""Choosing devices by name, index, environment or default; PortAudio missing is one clear line."""

from __future__ import annotations

import sys

import pytest

from callsim import audio
from callsim.audio_devices import DeviceInfo, choose, sounddevice
from callsim.errors import CallsimError

DEVICES = [
    DeviceInfo(0, "HDA Intel PCH: ALC257 Analog (hw:0,0)", "ALSA", 2, 2, 48000.0),
    DeviceInfo(1, "USB Headset: Audio (hw:1,0)", "ALSA", 1, 2, 44100.0),
    DeviceInfo(2, "HDMI 0 (hw:0,3)", "ALSA", 0, 8, 48000.0),
    DeviceInfo(3, "pulse", "ALSA", 32, 32, 44100.0),
    DeviceInfo(4, "default", "ALSA", 32, 32, 44100.0, default_input=True, default_output=True),
]


def test_default_is_used_without_a_choice():
    assert choose(DEVICES, None, "input").index == 4
    assert choose(DEVICES, None, "output").index == 4


def test_without_a_default_the_first_usable_device_is_used():
    plain = [DeviceInfo(d.index, d.name, d.hostapi, d.inputs, d.outputs, d.default_rate) for d in DEVICES]
    assert choose(plain, None, "input").index == 0


@pytest.mark.parametrize("spec, index", [(1, 1), ("1", 1), ("usb", 1), ("PULSE", 3), ("default", 4)])
def test_choose_by_index_or_name(spec, index):
    assert choose(DEVICES, spec, "input").index == index


def test_exact_name_wins_over_partial_matches():
    assert choose(DEVICES, "pulse", "output").index == 3


def test_output_only_device_is_not_a_microphone():
    assert choose(DEVICES, "hdmi", "output").index == 2
    with pytest.raises(CallsimError, match="no input device named 'hdmi'"):
        choose(DEVICES, "hdmi", "input")
    with pytest.raises(CallsimError, match="no input device with index 2"):
        choose(DEVICES, 2, "input")


def test_an_unknown_device_names_the_ones_there_are():
    """QA: 'no input device named ...; see: callsim devices' was printed by callsim devices itself."""
    with pytest.raises(CallsimError) as err:
        choose(DEVICES, "nosuch", "input")
    assert str(err.value) == ("no input device named 'nosuch' (the inputs are 0 HDA Intel PCH: ALC257 Analog (hw:0,0), "
                              "1 USB Headset: Audio (hw:1,0), 3 pulse, 4 default)")
    many = [DeviceInfo(i, f"mic {i}", "ALSA", 1, 0, 48000.0) for i in range(9)]
    with pytest.raises(CallsimError, match=r"the inputs are 0 mic 0, .*5 mic 5 and 3 more \(callsim devices\)\)$"):
        choose(many, 42, "input")


def test_ambiguous_name_lists_the_candidates():
    with pytest.raises(CallsimError, match="ambiguous.*0: HDA.*1: USB"):
        choose(DEVICES, "hw:", "output")


def test_no_devices_at_all_says_what_to_do():
    with pytest.raises(CallsimError, match="no input device found.*microphone"):
        choose([], None, "input")


def test_environment_chooses_when_no_argument(monkeypatch):
    monkeypatch.setattr(audio, "list_devices", lambda: DEVICES)
    monkeypatch.setenv("CALLSIM_INPUT_DEVICE", "usb")
    monkeypatch.setenv("CALLSIM_OUTPUT_DEVICE", "0")
    mic, speaker = audio.selected_devices()
    assert (mic.index, speaker.index) == (1, 0)
    mic, speaker = audio.selected_devices(input="pulse", output=4)
    assert (mic.index, speaker.index) == (3, 4)


class _NoPortAudio:
    """An import hook that fails like sounddevice does without libportaudio2."""

    def find_spec(self, name, path=None, target=None):
        if name == "sounddevice":
            raise OSError("PortAudio library not found")
        return None


def test_missing_portaudio_names_the_fix(monkeypatch):
    monkeypatch.delitem(sys.modules, "sounddevice", raising=False)
    monkeypatch.setattr(sys, "meta_path", [_NoPortAudio(), *sys.meta_path])
    with pytest.raises(CallsimError, match="PortAudio.*sudo apt-get install libportaudio2") as err:
        sounddevice()
    assert "\n" not in str(err.value)
    with pytest.raises(CallsimError, match="libportaudio2"):
        audio.open_device()


def test_without_portaudio_the_app_and_the_doctor_show_the_fix(monkeypatch, tmp_path):
    """QA: on an 80-column home screen the notice was cut before its fix ("... PortAudio is not installed (ca…"),
    and the doctor's line ended in a stray ';'."""
    from types import SimpleNamespace

    from callsim.doctor import check_portaudio
    from callsim.tui.home_notices import notices_text
    from callsim.tui.services import Settings, _open_device

    monkeypatch.delitem(sys.modules, "sounddevice", raising=False)
    monkeypatch.setattr(sys, "meta_path", [_NoPortAudio(), *sys.meta_path])
    device, notice = _open_device(Settings())
    home = SimpleNamespace(device_error=notice, find_device=object(), store_error="",
                           library=SimpleNamespace(problems=[]))
    shown = notices_text(home).plain.splitlines()[0][:78]  # the line inside the screen's padding
    assert device is None and "sudo apt-get install libportaudio2" in shown
    check = check_portaudio()
    assert check.detail == "PortAudio is not installed (PortAudio library not found)"
    assert check.fix == "sudo apt-get install libportaudio2" and not check.required


def test_missing_sounddevice_package(monkeypatch):
    monkeypatch.setitem(sys.modules, "sounddevice", None)
    with pytest.raises(CallsimError, match="sounddevice package is missing"):
        audio.list_devices()


def test_core_modules_do_not_import_sounddevice_or_textual():
    import subprocess

    code = ("import sys, callsim.audio, callsim.endpoint, callsim.commands.devices; "
            "print(sorted(m for m in ('sounddevice', 'textual') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_devices_without_any_device_prints_one_line_not_an_empty_table():
    """QA: `callsim devices` printed a header and legend with no rows before its error."""
    import io

    from callsim.commands.devices import _print_table

    out = io.StringIO()
    _print_table([], None, "no input device found (connect a microphone)", out=out)
    assert out.getvalue() == "PortAudio sees no sound devices: no input device found (connect a microphone)\n"


def test_the_level_test_without_a_microphone_is_the_usual_line_and_records_nothing(monkeypatch, capsys):
    from callsim.cli import main

    speaker_only = [DeviceInfo(0, "HDMI 0 (hw:0,3)", "ALSA", 0, 8, 48000.0, default_output=True)]
    monkeypatch.setattr(audio, "list_devices", lambda: speaker_only)
    monkeypatch.setattr(audio, "open_device", lambda *a, **k: pytest.fail("tried to open a device"))
    assert main(["devices", "--test"]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == (
        "callsim cannot use these: no input device found (connect a microphone, or check that PulseAudio/PipeWire "
        "is running)")


def test_seconds_goes_with_the_level_test(capsys):
    from callsim.cli import main

    assert main(["devices", "--seconds", "5"]) == 1
    assert capsys.readouterr().err == "callsim: error: --seconds is the length of the level test: add --test\n"
    for bad in ("0.5", "31", "nan", "soon"):
        with pytest.raises(SystemExit):
            main(["devices", "--test", "--seconds", bad])
        assert f"give 1 to 30 seconds, not '{bad}'" in capsys.readouterr().err
