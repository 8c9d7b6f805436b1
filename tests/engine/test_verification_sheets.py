"""The sample's sheets (`obcrules.engine.verification.sheets`): a person_id that a
spreadsheet would run as a formula is written as text and read back as it was, and a
provider's code that is no file name gets one."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import openpyxl

from obcrules.engine.verification.claims import Claim
from obcrules.engine.verification.sampling import Drawn, Stratum
from obcrules.engine.verification.sheets import Sample, read_returned, sheet_names, write_sample

NASTY = '=HYPERLINK("http://example.org","x")'


def test_data_never_runs_as_a_formula_and_comes_back_as_it_was(tmp_path: Path) -> None:
    claim = Claim("../P1", 1, NASTY, "2026-Q1", "o")
    stratum = Stratum("../P1", "o", Decimal("0.1"), 1, 1, [Drawn(claim, "ab", 1)])
    written = write_sample(tmp_path, Sample("t", "seed", "t.obc", "2026-Q1", "audit", 1,
                                            [stratum], {(1, None): Decimal("100")}))
    folder = tmp_path / "2026-Q1" / "audit"
    assert [p.relative_to(folder).as_posix() for p in written] == [
        "sample.json", "_P1.csv", "_P1.xlsx"]
    assert json.loads((folder / "sample.json").read_text())["sheets"] == {"../P1": "_P1"}
    text = (folder / "_P1.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text
    book = openpyxl.load_workbook(folder / "_P1.xlsx")
    cell = book.worksheets[0]["B2"]
    assert (cell.value, cell.data_type) == (NASTY, "s")
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
