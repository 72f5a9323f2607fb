"""The store across processes: SIGKILL mid-session loses no finished turn; readers run beside a writer."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import numpy as np
import pytest
import soundfile as sf

from callsim.store import Store

SR = 16000

WRITER = """
import sys, time
import numpy as np
from callsim.clip import Clip
from callsim.records import TurnRecord
from callsim.store import Store

def samples(i):
    t = np.arange(2 * {sr}) / {sr}
    return (0.5 * np.sin(2 * np.pi * (200 + 10 * i) * t)).astype(np.float32)

turns, pause, finish = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3] == "finish"
store = Store.open()
session = store.start_session("kim", "late", "Late parcel")
print("session", session.uuid, flush=True)
for i in range(turns):
    record = TurnRecord(session.uuid, i, f"c{{i}}", "Where is my parcel?", "calm", tone={{"verdict": "suits"}})
    store.save_turn(record, Clip(samples(i), {sr}))
    print("saved", i, flush=True)
    time.sleep(pause)
if finish:
    store.finish_session(session.uuid, score=50.0)
    print("finished", flush=True)
else:
    sys.stdin.readline()
""".format(sr=SR)


def expected(i: int) -> np.ndarray:
    t = np.arange(2 * SR) / SR
    return (0.5 * np.sin(2 * np.pi * (200 + 10 * i) * t)).astype(np.float32)


@pytest.fixture
def writer(tmp_path):
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    started = []

    def start(turns: int = 10**6, pause: float = 0.0, finish: bool = False) -> tuple[subprocess.Popen, str]:
        proc = subprocess.Popen([sys.executable, str(script), str(turns), str(pause), "finish" if finish else "wait"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        started.append(proc)
        kind, uuid = proc.stdout.readline().split()
        assert kind == "session"
        return proc, uuid

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.wait()


def read_saved(proc: subprocess.Popen, count: int) -> list[int]:
    saved = []
    while len(saved) < count:
        line = proc.stdout.readline()
        assert line.startswith("saved"), f"writer stopped early: {line!r}"
        saved.append(int(line.split()[1]))
    return saved


def kill_and_collect(proc: subprocess.Popen, saved: list[int]) -> list[int]:
    time.sleep(random.uniform(0, 0.03))  # land anywhere: inside the audio write, the commit, or between
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    rest = proc.stdout.read().split("\n")
    return saved + [int(line.split()[1]) for line in rest if line.startswith("saved")]


def check_turns_survived(store: Store, uuid: str, saved: list[int]) -> None:
    turns = {t.index: t for t in store.load_turns(uuid)}
    assert set(saved) <= set(turns)
    for i in saved:
        y, sr = sf.read(turns[i].audio_path, dtype="float32")
        assert sr == SR and np.allclose(y, expected(i), atol=2 / 32767), f"turn {i} audio damaged"


@pytest.mark.parametrize("round_", range(4))
def test_sigkill_mid_session_loses_no_saved_turn(writer, round_):
    proc, uuid = writer()
    saved = kill_and_collect(proc, read_saved(proc, random.randint(2, 8)))
    assert saved == list(range(len(saved)))
    with Store.open() as store:
        assert store.load_session(uuid).status == "incomplete"
        check_turns_survived(store, uuid, saved)
        assert not list(store.session_dir(uuid).glob(".tmp-*"))
        assert not (store.root / "locks" / f"{uuid}.lock").exists()


def test_review_store_leaves_a_live_writer_alone_until_it_dies(writer):
    proc, uuid = writer(turns=2)
    read_saved(proc, 2)
    with Store.open() as review:
        assert review.load_session(uuid).status == "in_progress"
        assert review.recover() == [] and review.is_live(uuid)
        proc.kill()
        proc.wait()
        assert review.recover() == [uuid]
        assert review.load_session(uuid).status == "incomplete"
        check_turns_survived(review, uuid, [0, 1])


def test_reader_process_beside_a_writer_process(writer):
    proc, uuid = writer(turns=40, pause=0.005, finish=True)
    seen, reads = [], 0
    while proc.poll() is None:
        with Store.open() as reader:
            session = reader.load_session(uuid)
            count = len(reader.session_detail(uuid).turns)
            assert session.status == "in_progress" or count == 40
            reader.list_sessions(trainee="kim")
        seen.append(count)
        reads += 1
    assert proc.wait() == 0 and proc.stdout.read().split("\n")[-2] == "finished"
    assert seen == sorted(seen) and reads > 5 and any(0 < n < 40 for n in seen)
    with Store.open() as store:
        assert store.load_session(uuid).status == "complete" and len(store.load_turns(uuid)) == 40


def test_a_session_killed_before_its_first_try_was_saved_is_gone_on_the_next_open(writer):
    proc, uuid = writer(turns=0)  # QA: kill -9 while the first reply was being judged
    with Store.open() as review:
        assert review.recover() == [] and review.load_session(uuid).status == "in_progress"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with Store.open() as store:
        assert uuid not in {s.uuid for s in store.list_sessions()}
        assert not store.session_dir(uuid).exists() and not (store.root / "locks" / f"{uuid}.lock").exists()
