"""The sample's sheets (`obcrules.engine.verification.sheets`): a person_id that a
spreadsheet would run as a formula is written as text and read back as it was, and a
provider's code that is no file name gets one."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from obcrules.engine.errors import MonitoringError
from obcrules.engine.verification.claims import Claim
from obcrules.engine.verification.sampling import Drawn, Stratum
from obcrules.engine.verification.sheets import Sample, read_returned, sheet_names, write_sample
from obcrules.io.cells import unguard

NASTY = '=HYPERLINK("http://example.org","x")'


def test_data_never_runs_as_a_formula_and_comes_back_as_it_was(tmp_path: Path) -> None:
    claim = Claim("../P1", 1, NASTY, "2026-Q1", "o")
    stratum = Stratum("../P1", "o", Decimal("0.1"), 1, 1, [Drawn(claim, "ab", 1)])
    written, kept = write_sample(tmp_path, Sample("t", "seed", "t.obc", "2026-Q1", "audit", 1,
                                                  [stratum], {(1, None): Decimal("100")}))
    assert kept == []
    folder = tmp_path / "2026-Q1" / "audit"
    assert [p.relative_to(folder).as_posix() for p in written] == [
        "sample.json", "_P1.csv", "_P1.xlsx"]
    assert json.loads((folder / "sample.json").read_text())["sheets"] == {"../P1": "_P1"}
    text = (folder / "_P1.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text
    book = openpyxl.load_workbook(folder / "_P1.xlsx")
    cell = book.worksheets[0]["B2"]
    assert (cell.value, cell.data_type) == ("'" + NASTY, "s")  # guarded, as in the CSV
    assert unguard(cell.value) == NASTY
    with (folder / "_P1.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][9:11] = ["not confirmed", "no record"]
    with (folder / "_P1.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    [sample] = read_returned(tmp_path)
    [case] = sample.cases
    assert (case.claim.person, case.claim.provider, case.finding) == (
        NASTY, "../P1", "not confirmed")


def test_sheet_names_are_safe_and_distinct() -> None:
    assert sheet_names(["A/B", "A_B", ".hidden", "Oak Trust"]) == {
        ".hidden": "hidden", "A/B": "A_B", "A_B": "A_B-2", "Oak Trust": "Oak Trust"}


def test_a_sample_is_drawn_once_its_filled_sheets_kept_and_another_draw_refused(
        tmp_path: Path) -> None:
    """The same draw again keeps the sheets an auditor filled in (and writes one that went
    missing); a different draw into the same folder is refused, naming it."""
    claim = Claim("P1", 1, "person-1", "2026-Q1", "o")
    stratum = Stratum("P1", "o", Decimal("0.1"), 1, 1, [Drawn(claim, "ab", 1)])

    def sample(seed: str) -> Sample:
        return Sample("t", seed, "t.obc", "2026-Q1", "audit", 1, [stratum],
                      {(1, None): Decimal("100")})

    write_sample(tmp_path, sample("seed"))
    folder = tmp_path / "2026-Q1" / "audit"
    filled = (folder / "P1.csv").read_text(encoding="utf-8").replace(
        ",ab,,\n", ",ab,confirmed,\n")  # the auditor's finding
    assert "confirmed" in filled
    (folder / "P1.csv").write_text(filled, encoding="utf-8")
    (folder / "P1.xlsx").unlink()
    written, kept = write_sample(tmp_path, sample("seed"))
    assert [p.name for p in written] == ["P1.xlsx"]
    assert [p.name for p in kept] == ["sample.json", "P1.csv"]
    assert (folder / "P1.csv").read_text(encoding="utf-8") == filled

    with pytest.raises(MonitoringError, match=f"{folder} holds an earlier, different draw of "
                       "this period and method .*: to draw again, move the folder away"):
        write_sample(tmp_path, sample("another seed"))
    assert (folder / "P1.csv").read_text(encoding="utf-8") == filled
