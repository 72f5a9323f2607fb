"""A private PulseAudio daemon that gives PortAudio a speaker and a microphone, even as root.

Layout: sink ``speaker`` (default output; capture it from ``speaker.monitor``),
sink ``micsrc`` (play test audio into it) and source ``mic`` = remap of
``micsrc.monitor`` (default input). PortAudio reaches the daemon through ALSA's
pulse plugin (libasound2-plugins): the ALSA devices "default" and "pulse".

A null sink renders in blocks of up to 2 s while nobody asks for low latency,
so a fresh recording would wait that long for its first sample; two loopbacks
into a third sink (``hole``) keep both monitors ticking every 20 ms, the way a
real sound card does.

Every daemon lives in /tmp/callsim-pulse-<owner pid>-*/ and dies with its
owner (PR_SET_PDEATHSIG); daemons whose owner is gone are reaped at start.
"""

from __future__ import annotations

import ctypes
import glob
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

PREFIX = "callsim-pulse-"
TOOLS = ("pulseaudio", "pactl", "paplay", "parec")
PLUGIN_GLOBS = ("/usr/lib/*/alsa-lib/libasound_module_pcm_pulse.so", "/usr/lib*/alsa-lib/libasound_module_pcm_pulse.so")
ALSA_DEFAULT_HOOK = "/usr/share/alsa/pulse-alsa.conf"  # from the pulseaudio package
APT_PACKAGES = "pulseaudio pulseaudio-utils libasound2-plugins libportaudio2"
MODULES = (
    "module-null-sink sink_name=speaker",
    "module-null-sink sink_name=micsrc",
    "module-null-sink sink_name=hole",
    "module-remap-source master=micsrc.monitor source_name=mic",
    "module-loopback source=micsrc.monitor sink=hole latency_msec=20 source_dont_move=true sink_dont_move=true",
    "module-loopback source=speaker.monitor sink=hole latency_msec=20 source_dont_move=true sink_dont_move=true",
)


def missing() -> str | None:
    """Why the harness cannot run here (None when it can)."""
    tools = [t for t in TOOLS if shutil.which(t) is None]
    if tools:
        return f"{', '.join(tools)} not found"
    if not any(glob.glob(g) for g in PLUGIN_GLOBS):
        return "the ALSA pulse plugin (libasound_module_pcm_pulse.so) is not installed"
    if not Path(ALSA_DEFAULT_HOOK).exists():
        return f"{ALSA_DEFAULT_HOOK} (routes ALSA's default device to PulseAudio) is missing"
    return None


class PulseServer:
    """One private daemon; ``start()``, use ``env``/``play_into_mic``/``capture``, ``stop()``."""

    def __init__(self):
        reap_orphans()
        self.root = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir="/tmp"))
        self.socket = self.root / "native"
        self.log = self.root / "daemon.log"
        self.env = {
            "PULSE_SERVER": f"unix:{self.socket}",
            "PULSE_CLIENTCONFIG": str(self._client_conf()),
            "PULSE_COOKIE": str(self.root / "cookie"),
        }
        self.proc: subprocess.Popen | None = None

    def _client_conf(self) -> Path:
        conf = self.root / "client.conf"
        conf.write_text("autospawn = no\n")
        return conf

    def start(self, *, timeout: float = 10.0) -> "PulseServer":
        """Start the daemon and wait until it answers; RuntimeError with its log if it does not."""
        args = ["pulseaudio", "-n", "--daemonize=no", "--system=false", "--exit-idle-time=-1",
                "--disallow-exit", "--use-pid-file=false", "--realtime=false", "--high-priority=false",
                "--log-target=stderr", "--log-level=warning",
                "-L", f"module-native-protocol-unix socket={self.socket} auth-anonymous=1"]
        for module in MODULES:
            args += ["-L", module]
        env = os.environ | self.env | {"HOME": str(self.root), "XDG_RUNTIME_DIR": str(self.root),
                                       "PULSE_RUNTIME_PATH": str(self.root), "PULSE_STATE_PATH": str(self.root)}
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent)
        self._wait_ready(timeout)
        self.pactl("set-default-sink", "speaker")
        self.pactl("set-default-source", "mic")
        self._wait_ticking(timeout)
        return self

    def _wait_ticking(self, timeout: float) -> None:
        """Wait out the null sinks' first 2 s block, rendered before the loopbacks asked for 20 ms."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if max(self.sink_latencies().values(), default=0.0) < 0.1:
                return
            time.sleep(0.05)
        raise RuntimeError(f"the null sinks still lag after {timeout} s: {self.sink_latencies()}")

    def sink_latencies(self) -> dict[str, float]:
        """Each sink's current latency in seconds (how far ahead it has rendered)."""
        out, name, found = self.pactl("list", "sinks").stdout, None, {}
        for line in out.splitlines():
            line = line.strip()
            if line.startswith("Name:"):
                name = line.split(":", 1)[1].strip()
            elif line.startswith("Latency:") and name:
                found[name] = int(line.split()[1]) / 1e6
        return found

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"pulseaudio exited with {self.proc.returncode}: {self.log_tail()}")
            if self.socket.exists() and self.pactl("info", check=False).returncode == 0:
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"pulseaudio did not answer within {timeout} s: {self.log_tail()}")

    def log_tail(self, lines: int = 8) -> str:
        """The end of the daemon's log, for error messages."""
        try:
            return " | ".join(self.log.read_text(errors="replace").strip().splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def client_env(self) -> dict[str, str]:
        """``os.environ`` plus what a client needs to reach this daemon."""
        return os.environ | self.env

    def pactl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """Run ``pactl`` against this daemon."""
        return subprocess.run(["pactl", *args], env=self.client_env(), capture_output=True,
                              text=True, timeout=10, check=check)

    def play_into_mic(self, path: str | Path) -> subprocess.Popen:
        """Start "speaking" the audio file ``path`` into the microphone; returns the paplay process."""
        return subprocess.Popen(["paplay", "--device=micsrc", str(path)], env=self.client_env(),
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def capture(self, source: str = "speaker.monitor", *, rate: int = 16000) -> "Capture":
        """Start recording ``source`` (float32 mono at ``rate``); ``stop()`` returns the samples."""
        return Capture(self, source, rate)

    def stop(self) -> None:
        """Kill the daemon and remove its folder."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        shutil.rmtree(self.root, ignore_errors=True)


class Capture:
    """``parec`` writing raw float32 into a file until ``stop()``."""

    def __init__(self, server: PulseServer, source: str, rate: int):
        self.rate = rate
        self.path = Path(tempfile.mkstemp(dir=server.root, suffix=".f32")[1])
        self._file = open(self.path, "wb")
        self.proc = subprocess.Popen(
            ["parec", f"--device={source}", "--format=float32le", f"--rate={rate}", "--channels=1",
             "--raw", "--latency-msec=20"], env=server.client_env(), stdout=self._file,
            stderr=subprocess.DEVNULL)

    def stop(self) -> np.ndarray:
        """End the capture; the samples recorded."""
        self.proc.terminate()
        self.proc.wait(5)
        self._file.close()
        data = np.fromfile(self.path, dtype="<f4")
        self.path.unlink(missing_ok=True)
        return data


def _die_with_parent() -> None:
    """In the child: get SIGTERM when the test process dies, so no daemon outlives it."""
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def reap_orphans() -> int:
    """Kill daemons of earlier runs whose test process is gone; return how many."""
    killed = 0
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            cmd = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        owner = _owner(cmd)
        if owner and not Path(f"/proc/{owner}").exists():
            try:
                os.kill(int(proc.name), signal.SIGKILL)
                killed += 1
            except OSError:
                pass
    for folder in glob.glob(f"/tmp/{PREFIX}*-*"):
        owner = Path(folder).name[len(PREFIX):].split("-")[0]
        if owner.isdigit() and not Path(f"/proc/{owner}").exists():
            shutil.rmtree(folder, ignore_errors=True)
    return killed


def _owner(cmd: list[bytes]) -> int | None:
    if not cmd or not cmd[0].endswith(b"pulseaudio"):
        return None
    for arg in cmd:
        marker = arg.find(f"/tmp/{PREFIX}".encode())
        if marker >= 0:
            owner = arg[marker + len(PREFIX) + 5 :].split(b"-")[0]
            return int(owner) if owner.isdigit() else None
    return None
