"""A lock on a folder that one writer holds at a time, and that names its holder.

The lock is the operating system's lock on a lock file (``flock`` on POSIX,
``msvcrt.locking`` on Windows), so it is released by the kernel when its holder
ends, however it ends: a killed holder never leaves a stale lock behind. The
file stays; while the lock is held it says who holds it (a JSON object the
caller gives, e.g. the command, pid, host and since when), so that a second
command can say whom it waited for.

Writers take the lock exclusively; readers may take it shared (POSIX only; on
Windows every lock is exclusive). A reader that cannot create the lock file
(a read-only copy of a folder) reads without it: no writer can be running there.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

POLL = 0.05
"""Seconds between two attempts while waiting for the lock."""


class LockBusy(Exception):
    """The lock was held by another process for longer than the wait; ``holder`` says who."""

    def __init__(self, path: Path, holder: Mapping[str, Any]) -> None:
        self.path = path
        self.holder = dict(holder)
        super().__init__(f"{path} is held by {self.holder or 'an unknown process'}")


def holder_info(**fields: Any) -> dict[str, Any]:
    """``fields`` with this process's ``pid``, ``host`` and ``since`` (UTC, to the second)."""
    return {**fields, "pid": os.getpid(), "host": socket.gethostname(),
            "since": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}


def read_holder(path: Path) -> dict[str, Any]:
    """Who the lock file says holds it (empty when it says nothing readable)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


@contextmanager
def locked(path: Path, holder: Mapping[str, Any], *, wait: float,
           shared: bool = False) -> Iterator[None]:
    """Hold the lock on ``path`` for the ``with`` block, waiting at most ``wait`` seconds.

    Raises `LockBusy` (with the holder the file names) when the wait runs out. An
    exclusive holder writes ``holder`` into the file, and empties it on release.
    """
    flags = os.O_RDONLY if shared else os.O_RDWR | os.O_CREAT
    try:
        fd = os.open(path, flags, 0o644)
    except (FileNotFoundError, PermissionError):
        if not shared:
            raise
        yield  # a reader of a folder no writer has locked, or cannot write to
        return
    try:
        deadline = time.monotonic() + wait
        while not _try_lock(fd, shared):
            if time.monotonic() >= deadline:
                raise LockBusy(path, read_holder(path))
            time.sleep(POLL)
        try:
            if not shared:
                _write(fd, json.dumps(dict(holder), sort_keys=True).encode("utf-8"))
            yield
        finally:
            if not shared:
                _write(fd, b"")
            _unlock(fd)
    finally:
        os.close(fd)


def _write(fd: int, data: bytes) -> None:
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, data)


if sys.platform == "win32":  # pragma: no cover - the tests run on POSIX
    import msvcrt

    _REGION = 1 << 30
    """Windows locks a byte range; lock one byte far past the holder text so that
    others can still read who holds it."""

    def _try_lock(fd: int, shared: bool) -> bool:
        os.lseek(fd, _REGION, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, _REGION, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int, shared: bool) -> bool:
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
