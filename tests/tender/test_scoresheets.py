"""Returned score sheets (`obcrules.tender.scoresheets`): errors name the sheet, row and column."""

from __future__ import annotations

import pytest

from obcrules.tender.evaluation import evaluate
from obcrules.tender.problems import TenderError
from tests.tender.conftest import bid


def test_score_sheet_errors_name_the_sheet_and_row(build) -> None:
    builder = (build().write()
               .bid("a.yaml", bid("A", 100000)).bid("b.yaml", bid("B", 100000))
               .scores("ann", [("A", "quality", 4, "fine"), ("B", "quality", 6, "great"),
                               ("Z", "quality", 3, "who?"), ("A", "price", 3, "no")])
               .scores("ben", [("A", "quality", 4, ""), ("B", "qualty", 4, "ok"),
                               ("B", "quality", "four", "ok")]))
    with pytest.raises(TenderError) as failed:
        evaluate(builder.open())
    assert [str(p) for p in failed.value.problems] == [
        "scores/ann.csv: row 3, column score: 6 is off the scale 0 to 5 (give a number from "
        "0 to 5)",
        "scores/ann.csv: row 4, column bidder: `Z` is not a bidder (write the bidder exactly "
        "as in its bid; if its bid is invalid, fix the bid)",
        "scores/ann.csv: row 5, column criterion: `price` is scored automatically, not by "
        "evaluators (remove this row)",
        "scores/ben.csv: row 2, column justification: has no justification (every score "
        "needs a written reason)",
        "scores/ben.csv: row 3, column criterion: `qualty` is not a criterion of lot `lot1` "
        "(did you mean `quality`?)",
        "scores/ben.csv: row 4, column score: `four` is not a score (give a number from 0 "
        "to 5)",
        "scores/cat.csv: the score sheet of evaluator `cat` is missing (put the returned "
        "sheet in scores/ as .csv or .xlsx)",
    ]
