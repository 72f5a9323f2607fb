"""Finding sound devices: PortAudio import, the device list, choosing by name or index."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from callsim.errors import CallsimError

PORTAUDIO_FIX = "sudo apt-get install libportaudio2"


@dataclass(frozen=True)
class DeviceInfo:
    """One PortAudio device as ``callsim devices`` shows it."""

    index: int
    name: str
    hostapi: str
    inputs: int
    outputs: int
    default_rate: float
    default_input: bool = False
    default_output: bool = False

    @property
    def is_default(self) -> bool:
        """True for the system's default input or output."""
        return self.default_input or self.default_output


class PortAudioMissing(CallsimError):
    """The PortAudio library is not there (or does not load): ``PORTAUDIO_FIX`` installs it."""


def sounddevice():
    """The ``sounddevice`` module; PortAudioMissing, naming the fix, when PortAudio is missing."""
    try:
        import sounddevice as sd
    except OSError as err:  # "PortAudio library not found"
        raise PortAudioMissing(f"PortAudio is not installed ({err}); fix: {PORTAUDIO_FIX}") from None
    except ImportError as err:
        raise CallsimError(f"the sounddevice package is missing ({err}); reinstall callsim") from None
    return sd


@contextmanager
def portaudio_errors(what: str):
    """Turn PortAudio failures inside the block into a one-line CallsimError."""
    try:
        yield
    except CallsimError:
        raise
    except Exception as err:  # sd.PortAudioError, ValueError for bad settings
        raise CallsimError(f"cannot {what}: {err}") from None


def list_devices() -> list[DeviceInfo]:
    """Every device PortAudio sees, with the defaults marked."""
    sd = sounddevice()
    try:
        raw = sd.query_devices()
        apis = [api["name"] for api in sd.query_hostapis()]
        default_in, default_out = (int(i) for i in sd.default.device)
    except Exception as err:  # PortAudioError when no host API works
        raise CallsimError(f"PortAudio cannot list sound devices: {err}") from None
    return [_info(d, apis, default_in, default_out) for d in raw]


def _info(d: dict, apis: list[str], default_in: int, default_out: int) -> DeviceInfo:
    index = int(d["index"])
    hostapi = apis[d["hostapi"]] if 0 <= d["hostapi"] < len(apis) else "?"
    return DeviceInfo(index, str(d["name"]), hostapi, int(d["max_input_channels"]),
                      int(d["max_output_channels"]), float(d["default_samplerate"]),
                      index == default_in, index == default_out)


def refresh_devices() -> None:
    """Make PortAudio look again (after plugging in a headset or starting a sound server)."""
    sd = sounddevice()
    sd._terminate()  # sounddevice's documented way to re-scan devices
    sd._initialize()


def choose(devices: list[DeviceInfo], spec: int | str | None, kind: str) -> DeviceInfo:
    """The ``kind`` ("input"/"output") device for ``spec``: index, exact or partial name, or default."""
    usable = [d for d in devices if (d.inputs if kind == "input" else d.outputs) > 0]
    if not usable:
        raise CallsimError(f"no {kind} device found ({_missing_hint(kind)})")
    if spec is None:
        default = [d for d in usable if (d.default_input if kind == "input" else d.default_output)]
        return default[0] if default else usable[0]
    if isinstance(spec, int) or str(spec).strip().isdigit():
        return _by_index(usable, int(spec), kind)
    return _by_name(usable, str(spec).strip(), kind)


def _by_index(usable: list[DeviceInfo], index: int, kind: str) -> DeviceInfo:
    for d in usable:
        if d.index == index:
            return d
    raise CallsimError(f"no {kind} device with index {index} ({_choices(usable, kind)})")


def _by_name(usable: list[DeviceInfo], name: str, kind: str) -> DeviceInfo:
    exact = [d for d in usable if d.name.lower() == name.lower()]
    partial = exact or [d for d in usable if name.lower() in d.name.lower()]
    if len(partial) == 1:
        return partial[0]
    if not partial:
        raise CallsimError(f"no {kind} device named {name!r} ({_choices(usable, kind)})")
    names = ", ".join(f"{d.index}: {d.name}" for d in partial)
    raise CallsimError(f"{kind} device name {name!r} is ambiguous ({names}); use the index")


def _choices(usable: list[DeviceInfo], kind: str, *, most: int = 6) -> str:
    """'the inputs are 0 pulse, 5 default': what can be given instead, by index and name."""
    listed = ", ".join(f"{d.index} {d.name}" for d in usable[:most])
    more = f" and {len(usable) - most} more (callsim devices)" if len(usable) > most else ""
    return f"the {kind}s are {listed}{more}"


def _missing_hint(kind: str) -> str:
    thing = "microphone" if kind == "input" else "speaker or headset"
    return f"connect a {thing}, or check that PulseAudio/PipeWire is running"
