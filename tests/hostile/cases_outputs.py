"""Where ``obc monitor`` writes: a read-only or full ``out/``, a failure between the renames
that put the outputs in place, ``out`` that is a file. Each is one clear line, and the
previous outputs (a run with ``--html`` made by the setup) are left exactly as they were.

The faults are injected (the tests run as root in CI, for whom no folder is read-only, and
not every machine can mount a small disk); tests/api/test_monitoring.py fills a real one.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.hostile.corpus import RULESETS, Case, Workspace

MONITOR = ["monitor", "{rulesets}/continence.obc", "--data", "{root}/data", "--out",
           "{root}/out"]
KEPT = "nothing was written: the previous outputs are as they were"


def _previous(workspace: Workspace) -> None:
    """Sample data, a first run with its HTML report in ``out``, and a copy of ``out``."""
    from obcrules import api

    workspace.sample("continence")
    api.monitor(RULESET, workspace.root / "data", out=workspace.root / "out", report="html")
    shutil.copytree(workspace.root / "out", workspace.root / "previous")


RULESET = RULESETS / "continence.obc"


def _unchanged(root: Path) -> None:
    def files(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes()
                for p in sorted(folder.rglob("*")) if p.is_file()}

    assert files(root / "out") == files(root / "previous")


def _read_only(monkeypatch: Any, root: Path) -> None:
    real = tempfile.mkstemp

    def refuse(*args: Any, **kwargs: Any) -> Any:
        if str(kwargs.get("dir", "")).startswith(str(root / "out")):
            raise PermissionError(errno.EACCES, "Permission denied", str(kwargs["dir"]))
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", refuse)


def _full_when_writing(suffix: str) -> Callable[[Any, Path], None]:
    """The disk fills up when a file ending in ``suffix`` is flushed to it."""

    def fault(monkeypatch: Any, root: Path) -> None:
        real = os.fsync

        def fsync(fd: int) -> None:
            name = Path(f"/proc/self/fd/{fd}").readlink()
            if name.is_relative_to(root / "out") and f"{suffix}." in name.name:
                raise OSError(errno.ENOSPC, "No space left on device")
            real(fd)

        monkeypatch.setattr(os, "fsync", fsync)

    return fault


def _fails_at_rename(number: int) -> Callable[[Any, Path], None]:
    def fault(monkeypatch: Any, root: Path) -> None:
        import obcrules.io.commit as commit

        real, moves = commit.move_file, []

        def move_file(source: Path, target: Path) -> None:
            moves.append(target)
            if len(moves) == number:
                raise OSError(errno.EIO, "Input/output error", str(target))
            real(source, target)

        monkeypatch.setattr(commit, "move_file", move_file)

    return fault


CASES = [
    Case("out-read-only", [*MONITOR, "--pdf"], exit=1,
         message=f"(Permission denied); {KEPT}", setup=_previous, fault=_read_only,
         check=_unchanged),
    Case("out-disk-full-writing-the-pdf", [*MONITOR, "--pdf"], exit=1,
         message=f"(No space left on device); {KEPT}", setup=_previous,
         fault=_full_when_writing(".pdf"), check=_unchanged),
    Case("out-disk-full-writing-the-result", [*MONITOR, "--html"], exit=1,
         message=f"(No space left on device); {KEPT}", setup=_previous,
         fault=_full_when_writing(".json"), check=_unchanged),
    *[Case(f"out-fails-at-rename-{n}", [*MONITOR, "--pdf"], exit=1,
           message=f"(Input/output error); {KEPT}", setup=_previous,
           fault=_fails_at_rename(n), check=_unchanged) for n in (1, 2, 3, 4, 5)],
    Case("out-is-a-file", [*MONITOR, "--html"], exit=1,
         message="cannot write to {root}/out (Not a directory)",
         setup=lambda w: (w.sample("continence"), w.write("out", "a file"), None)[-1]),
]
