"""Atomic writes: whole files or none, with the mode `open()` would give (umask respected).

The last test runs over the whole demo (the ``demo_out`` fixture, run under umask
022): every file it writes, by whichever module, must be 0644.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from obcrules.io.atomic import (
    atomic_path,
    rewrite_text_atomic,
    write_bytes_atomic,
    write_text_atomic,
)


@pytest.fixture
def umask_027() -> Iterator[None]:
    previous = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_file_is_written_whole_with_its_folder(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b.txt"
    write_text_atomic(target, "héllo\n")
    assert target.read_bytes() == "héllo\n".encode()
    assert [p.name for p in target.parent.iterdir()] == ["b.txt"]


@pytest.mark.usefixtures("umask_027")
def test_the_mode_is_what_open_would_give_under_the_umask(tmp_path: Path) -> None:
    write_bytes_atomic(tmp_path / "a.bin", b"x")
    with atomic_path(tmp_path / "b.bin") as temporary:
        temporary.write_bytes(b"y")
    assert mode(tmp_path / "a.bin") == mode(tmp_path / "b.bin") == 0o640


def test_a_writer_that_fails_leaves_the_previous_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_path(target) as temporary:
        temporary.write_text("half")
        raise RuntimeError("interrupted")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


@pytest.mark.slow
def test_every_file_the_demo_writes_is_0644_under_umask_022(demo_out: Path) -> None:
    files = [p for p in demo_out.rglob("*") if p.is_file()]
    kinds = {p.suffix for p in files}
    assert {".json", ".yaml", ".parquet", ".xlsx", ".csv", ".pdf", ".html"} <= kinds, kinds
    wrong = sorted(f"{p.relative_to(demo_out)}: {oct(mode(p))}" for p in files
                   if mode(p) != 0o644)
    assert wrong == []
    assert not [p for p in files if p.name.startswith(".") and p.suffix == ".tmp"]


@pytest.mark.parametrize("bits", [0o640, 0o664, 0o600])
def test_a_file_rewritten_in_place_keeps_its_mode(tmp_path: Path, bits: int) -> None:
    path = tmp_path / "r.obc"
    path.write_text("old")
    path.chmod(bits)
    rewrite_text_atomic(path, "new")
    assert (path.read_text(), mode(path)) == ("new", bits)


def test_a_link_rewritten_in_place_stays_a_link(tmp_path: Path) -> None:
    (tmp_path / "r.obc").write_text("old")
    (tmp_path / "link.obc").symlink_to("r.obc")
    rewrite_text_atomic(tmp_path / "link.obc", "new")
    assert (tmp_path / "link.obc").is_symlink()
    assert (tmp_path / "r.obc").read_text() == "new"


def test_a_file_its_owner_may_not_write_is_refused(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "r.obc"
    path.write_text("old")
    path.chmod(0o444)
    # root may write anything; what open() would refuse anyone else is refused here too
    monkeypatch.setattr(os, "access", lambda *_: False)
    with pytest.raises(PermissionError):
        rewrite_text_atomic(path, "new")
    assert path.read_text() == "old"
