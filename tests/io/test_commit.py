"""Outputs put in place together (`obcrules.io.commit`): staged, applied, and rolled back from
wherever a run stopped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from obcrules.io import commit
from obcrules.io.commit import StagedFiles, pending, roll_back


def _base(tmp_path: Path) -> tuple[Path, StagedFiles]:
    base = tmp_path / "ws"
    (base / "out").mkdir(parents=True)
    (base / "out" / "a.json").write_text("old a")
    (base / "out" / "b.yaml").write_text("old b")
    staged = StagedFiles(base, base / "out" / ".commit")
    staged.write("out/a.json", b"new a")
    staged.write("out/c/new.txt", b"new c")
    staged.move("out/b.yaml", "out/superseded/1/b.yaml")
    return base, staged


def _files(base: Path) -> dict[str, str]:
    return {p.relative_to(base).as_posix(): p.read_text() for p in sorted(base.rglob("*"))
            if p.is_file() and ".commit" not in p.parts}


def test_staged_outputs_change_nothing_until_applied_then_all_at_once(tmp_path: Path) -> None:
    base, staged = _base(tmp_path)
    assert staged.staged() == ["out/a.json", "out/c/new.txt"]
    assert (base / "out" / "a.json").read_text() == "old a"
    manifest = staged.apply({"note": "x"})
    assert pending(staged.folder) == manifest
    staged.finish()
    assert _files(base) == {"out/a.json": "new a", "out/c/new.txt": "new c",
                            "out/superseded/1/b.yaml": "old b"}


@pytest.mark.parametrize("calls", [0, 1, 2, 3])  # the renames: b away, a out, a in, c in
def test_a_run_stopped_after_any_rename_is_rolled_back_to_the_previous_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, calls: int) -> None:
    base, staged = _base(tmp_path)
    before = _files(base)
    real = commit.move_file
    done = []

    def stop_after(source: Path, target: Path) -> None:
        if len(done) == calls:
            raise KeyboardInterrupt
        done.append(target)
        real(source, target)

    monkeypatch.setattr(commit, "move_file", stop_after)
    with pytest.raises(KeyboardInterrupt):
        staged.apply({})
    monkeypatch.setattr(commit, "move_file", real)
    manifest = pending(staged.folder)
    assert manifest is not None
    roll_back(base, staged.folder, manifest)
    assert _files(base) == before
    assert not (base / "out" / "superseded").exists()  # emptied folders go too
    assert pending(staged.folder) is None and not staged.folder.exists()


def test_paths_leaving_the_folder_are_refused(tmp_path: Path) -> None:
    staged = StagedFiles(tmp_path, tmp_path / ".commit")
    for bad in ("../x", "/etc/passwd", ""):
        with pytest.raises(ValueError, match="is not a path inside the folder"):
            staged.write(bad, b"")


def test_a_retired_file_goes_with_the_change_and_comes_back_with_its_roll_back(
        tmp_path: Path) -> None:
    base = tmp_path / "out"
    base.mkdir()
    (base / "monitoring.json").write_text("old result")
    (base / "monitoring.pdf").write_text("old report")
    staged = StagedFiles(base, base / ".commit")
    staged.write("monitoring.json", b"new result")
    staged.retire("monitoring.pdf")
    manifest = staged.apply({})
    assert _files(base) == {"monitoring.json": "new result"}
    assert roll_back(base, staged.folder, manifest) == ["monitoring.json"]
    assert _files(base) == {"monitoring.json": "old result", "monitoring.pdf": "old report"}
    assert not staged.folder.exists()

    staged = StagedFiles(base, base / ".commit")
    staged.write("monitoring.json", b"new result")
    staged.retire("monitoring.pdf")
    staged.apply({})
    staged.finish()
    assert sorted(p.name for p in base.iterdir()) == ["monitoring.json"]


def test_together_puts_all_in_place_or_discards_all(tmp_path: Path) -> None:
    base = tmp_path / "out"
    base.mkdir()
    (base / "report.html").write_text("old html")
    (base / "report.pdf").write_text("old pdf")
    with pytest.raises(RuntimeError), commit.together(base, base / ".c") as staged:
        staged.write("report.html", b"new html")
        raise RuntimeError("the template failed")
    assert _files(base) == {"report.html": "old html", "report.pdf": "old pdf"}
    assert not (base / ".c").exists()

    with commit.together(base, base / ".c") as staged:
        staged.write("report.html", b"new html")
        staged.retire("report.pdf")
    assert _files(base) == {"report.html": "new html"}
    assert not (base / ".c").exists()


def test_together_first_rolls_back_a_commit_killed_while_renaming(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = tmp_path / "out"
    base.mkdir()
    (base / "a.txt").write_text("old a")
    (base / "b.txt").write_text("old b")
    killed = StagedFiles(base, base / ".c")
    killed.write("a.txt", b"new a")
    killed.write("b.txt", b"new b")
    real = commit.move_file
    calls: list[Path] = []

    def die_on_the_third(source: Path, target: Path) -> None:
        calls.append(target)
        if len(calls) == 3:
            raise SystemExit("killed")  # a kill leaves the manifest: no handler runs
        real(source, target)

    monkeypatch.setattr(commit, "move_file", die_on_the_third)
    with pytest.raises(SystemExit):
        killed.apply({})
    monkeypatch.setattr(commit, "move_file", real)
    assert pending(base / ".c") is not None
    with commit.together(base, base / ".c") as staged:
        assert _files(base) == {"a.txt": "old a", "b.txt": "old b"}
        staged.write("b.txt", b"newer b")
    assert _files(base) == {"a.txt": "old a", "b.txt": "newer b"}


def test_together_never_follows_a_staging_folder_that_is_a_link(tmp_path: Path) -> None:
    """A link planted where the staging folder goes is no run's: its "manifest" is not
    obeyed (it would move the files it names), and the link is removed, not followed."""
    base = tmp_path / "out"
    base.mkdir()
    (base / "a.txt").write_text("mine")
    planted = tmp_path / "planted"
    (planted / "new").mkdir(parents=True)
    (planted / "manifest.json").write_text(json.dumps(
        {"outputs": ["a.txt"], "moves": [], "extra": {}}))
    (base / ".c").symlink_to(planted)
    with commit.together(base, base / ".c") as staged:
        staged.write("b.txt", b"new b")
    assert _files(base) == {"a.txt": "mine", "b.txt": "new b"}
    assert (planted / "manifest.json").is_file()  # the link's target is left alone
