"""Runs the tender cases of the hostile corpus (`tests.hostile.cases_tender`) through ``obc``
in this process and asserts, for each: no traceback and no unexpected exception, the exit
code and message, no live formula in any CSV or XLSX written, and the time limit."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from obcrules.cli import main
from obcrules.io.cells import is_live
from tests.hostile.cases_tender import CASES, Case


class _Folder:
    """What a case's ``setup`` is given: the case's folder."""

    def __init__(self, root: Path) -> None:
        self.root = root


def test_the_corpus_is_large_and_its_ids_unique() -> None:
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 150


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_tender_hostile_input(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                              capfd: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "case"
    root.mkdir()
    monkeypatch.chdir(root)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    if case.setup is not None:
        case.setup(_Folder(root))
    before = _files(tmp_path)
    if case.fault is not None:
        case.fault(monkeypatch, root)
    args = [a.replace("{root}", str(root)) for a in case.args]
    started = time.perf_counter()
    result = CliRunner().invoke(main, args)
    took = time.perf_counter() - started
    monkeypatch.undo()
    captured = capfd.readouterr()
    output = result.output + captured.out + captured.err

    assert "Traceback" not in output, output
    unexpected = result.exception is not None and not isinstance(result.exception, SystemExit)
    assert not unexpected, f"{result.exception!r}\n{output}"
    assert result.exit_code == case.exit, output
    assert case.message.replace("{root}", str(root)) in output, output
    if case.within is not None:
        assert took < case.within, f"{took:.2f} s"
    for path, mtime in _files(tmp_path).items():
        if before.get(path) != mtime:
            assert _live_formulas(path) == [], path
    if case.check is not None:
        case.check(root)


def _files(folder: Path) -> dict[Path, float]:
    return {p: p.lstat().st_mtime for p in folder.rglob("*") if p.is_file()
            and not p.is_symlink()}


def _live_formulas(path: Path) -> list[str]:
    """Cells of a CSV or XLSX file a spreadsheet would run as formulas."""
    if path.suffix == ".csv":
        import csv
        import io

        rows = csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline=""))
        return [cell for row in rows for cell in row if is_live(cell)]
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path)
        return [f"{s.title}!{c.coordinate}" for s in book.worksheets for row in s.iter_rows()
                for c in row if c.data_type == "f" or (isinstance(c.value, str)
                                                        and is_live(c.value))]
    return []
