"""Rows of a CSV or XLSX sheet (`obcrules.tender.sheets`): an XLSX problem names its cell."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from obcrules.tender.evaluation import evaluate
from obcrules.tender.problems import TenderError
from tests.tender.conftest import bid


def test_xlsx_score_sheet_cells(build) -> None:
    builder = build().write(evaluators=("ann",)).bid("a.yaml", bid("A", 100000))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Scores"
    sheet.append(["bidder", "criterion", "score", "justification"])
    sheet.append(["A", "quality", 9, "x"])
    (builder.root / "scores").mkdir()
    book.save(builder.root / "scores" / "ann.xlsx")
    with pytest.raises(TenderError) as failed:
        evaluate(builder.open())
    assert str(failed.value.problems[0]) == (
        "scores/ann.xlsx: Scores!C2: 9 is off the scale 0 to 5 (give a number from 0 to 5)")
