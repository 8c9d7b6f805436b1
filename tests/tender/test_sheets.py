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


def _formula_sheet(builder, rows: int) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Scores"
    sheet.append(["bidder", "criterion", "score", "justification"])
    for n in range(rows):
        sheet.append(["A", "quality", f"={n}+1", "x"])
    (builder.root / "scores").mkdir()
    book.save(builder.root / "scores" / "ann.xlsx")


def test_every_formula_of_a_score_sheet_is_named_by_its_cell(build) -> None:
    # Three formulas: all three are reported at once, not the first and "2 more".
    builder = build().write(evaluators=("ann",)).bid("a.yaml", bid("A", 100000))
    _formula_sheet(builder, 3)
    with pytest.raises(TenderError) as failed:
        evaluate(builder.open())
    assert [p.where for p in failed.value.problems] == ["Scores!C2", "Scores!C3", "Scores!C4"]
    assert str(failed.value.problems[2]) == (
        "scores/ann.xlsx: Scores!C4: enter a value, not a formula (`=2+1`) (type the value "
        "itself: obc does not run formulas, and a formula's saved result may not be what it "
        "shows)")


def test_a_sheet_of_many_formulas_lists_twenty_then_counts_the_rest(build) -> None:
    builder = build().write(evaluators=("ann",)).bid("a.yaml", bid("A", 100000))
    _formula_sheet(builder, 25)
    with pytest.raises(TenderError) as failed:
        evaluate(builder.open())
    problems = failed.value.problems
    assert [p.where for p in problems[:20]] == [f"Scores!C{n}" for n in range(2, 22)]
    assert len(problems) == 21
    assert problems[20].message == "and 5 more cell(s) like these"
