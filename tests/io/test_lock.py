"""The folder lock (`obcrules.io.lock`): one holder at a time, named to whoever waits, and
released by the kernel when its holder is killed."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from obcrules.io.lock import LockBusy, holder_info, locked, read_holder


def test_a_second_holder_waits_a_bounded_time_then_learns_who_holds_it(tmp_path: Path) -> None:
    lock = tmp_path / ".lock"
    with locked(lock, holder_info(command="tender evaluate"), wait=0):
        started = time.monotonic()
        with pytest.raises(LockBusy) as caught, locked(lock, {"command": "x"}, wait=0.2):
            pass
        assert 0.2 <= time.monotonic() - started < 2
    holder = caught.value.holder
    assert holder["command"] == "tender evaluate"
    assert holder["pid"] == os.getpid() and holder["host"] == socket.gethostname()
    assert holder["since"].endswith("Z")
    assert read_holder(lock) == {}  # released: the file says nobody holds it


def test_a_waiting_holder_gets_the_lock_when_it_is_released(tmp_path: Path) -> None:
    lock = tmp_path / ".lock"
    order = []

    def second() -> None:
        with locked(lock, {"command": "second"}, wait=5):
            order.append("second")

    with locked(lock, {"command": "first"}, wait=0):
        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.2)
        order.append("first")
    thread.join(5)
    assert order == ["first", "second"]


def test_readers_share_the_lock_and_a_reader_of_a_folder_never_locked_needs_no_file(
        tmp_path: Path) -> None:
    lock = tmp_path / ".lock"
    with locked(lock, {}, wait=0, shared=True):  # no lock file: nothing to wait for
        assert not lock.exists()
    with locked(lock, {"command": "w"}, wait=0):
        pass
    with (locked(lock, {}, wait=0, shared=True), locked(lock, {}, wait=0, shared=True),
          pytest.raises(LockBusy), locked(lock, {"command": "w"}, wait=0.1)):
        pass


def test_a_killed_holder_leaves_no_stale_lock(tmp_path: Path) -> None:
    lock = tmp_path / ".lock"
    script = ("import sys, time\n"
              "from pathlib import Path\n"
              "from obcrules.io.lock import holder_info, locked\n"
              "with locked(Path(sys.argv[1]), holder_info(command='tender award'), wait=0):\n"
              "    time.sleep(60)\n")
    holder = subprocess.Popen([sys.executable, "-c", script, str(lock)])
    try:
        deadline = time.monotonic() + 20
        while read_holder(lock).get("pid") != holder.pid:
            assert time.monotonic() < deadline, "the holder never took the lock"
            time.sleep(0.05)
        with pytest.raises(LockBusy) as caught, locked(lock, {}, wait=0):
            pass
        assert caught.value.holder["command"] == "tender award"
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    # The file still names the dead holder, but the kernel released its lock.
    assert json.loads(lock.read_text())["pid"] == holder.pid
    with locked(lock, {"command": "next"}, wait=1):
        assert read_holder(lock) == {"command": "next"}
