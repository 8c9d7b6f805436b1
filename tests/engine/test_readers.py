"""CSV, Parquet and XLSX give the same numbers; row numbers are as a spreadsheet shows them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook

from obcrules.engine import monitor
from obcrules.engine.readers import cell_text
from obcrules.plugins.manager import Registry
from tests.engine.conftest import checked_ruleset, write_csv

RULESET = '''
outcome improved_share "Improved":
    measure share of people where improved and start_date >= 2026-01-15
    target at least 50%
'''

ROWS = [
    ("a", True, dt.date(2026, 1, 20), 30),
    ("b", False, dt.date(2026, 2, 1), 40),
    ("c", True, dt.date(2026, 1, 1), 50),
    ("d", True, None, 130),                 # age out of range: invalid, row 5
]


def _write(fmt: str, directory: Path) -> None:
    directory.mkdir()
    names = ["person_id", "provider", "period", "code", "improved", "start_date", "age"]
    records = [(pid, "P", "2026-Q1", "x", imp, start, age) for pid, imp, start, age in ROWS]
    if fmt == "csv":
        write_csv(directory / "people.csv", [dict(zip(names, r, strict=True))
                                             for r in records])
    elif fmt == "parquet":
        columns = list(zip(*records, strict=True))
        pq.write_table(pa.table({n: list(c) for n, c in zip(names, columns, strict=True)}),
                       directory / "people.parquet")
    else:
        book = Workbook()
        sheet = book.active
        sheet.append(names)
        for r in records:
            sheet.append(list(r))
        sheet.append([None] * len(names))     # a blank line at the end is not a record
        book.save(directory / "people.xlsx")


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx"])
def test_formats_agree(svc_registry: Registry, tmp_path: Path, fmt: str) -> None:
    _write(fmt, tmp_path / fmt)
    result = monitor(checked_ruleset(RULESET, svc_registry), tmp_path / fmt)
    [entry] = result.document["results"]
    assert (entry["numerator"], entry["denominator"]) == (1, 3)
    [problem] = result.document["data_quality"]
    assert (problem["row"], problem["field"], problem["problem"]) == (
        5, "age", "'130' is above the maximum 120")
    assert result.document["inputs"][0]["rows"] == 4


def test_cell_text() -> None:
    assert cell_text(dt.datetime(2026, 3, 31)) == "2026-03-31"
    assert cell_text(12.0) == "12"
    assert cell_text(True) == "true"
    assert cell_text("  ") is None
