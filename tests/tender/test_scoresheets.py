"""Returned score sheets (`obcrules.tender.scoresheets`): errors name the sheet, row and column."""

from __future__ import annotations

import pytest

from obcrules.tender.evaluation import evaluate
from obcrules.tender.problems import TenderError
from tests.tender.conftest import bid


def _refusal(builder) -> list[str]:  # type: ignore[no-untyped-def]
    """The problems for which the evaluation of ``builder``'s workspace stops."""
    with pytest.raises(TenderError) as failed:
        evaluate(builder.open())
    return [str(p) for p in failed.value.problems]


def test_score_sheet_errors_name_the_sheet_and_row(build) -> None:
    builder = (build().write()
               .bid("a.yaml", bid("A", 100000)).bid("b.yaml", bid("B", 100000))
               .scores("ann", [("A", "quality", 4, "fine"), ("B", "quality", 6, "great"),
                               ("Z", "quality", 3, "who?"), ("A", "price", 3, "no")])
               .scores("ben", [("A", "quality", 4, ""), ("B", "qualty", 4, "ok"),
                               ("B", "quality", "four", "ok")]))
    assert _refusal(builder) == [
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


def test_with_every_bid_excluded_no_sheet_is_awaited(build) -> None:  # type: ignore[no-untyped-def]
    # every bid failed a gate, so the sheets were blank; evaluate still refused until each
    # evaluator returned one ("the score sheet of evaluator `ann` is missing")
    from obcrules.tender.result import evaluation_data

    builder = (build().write()
               .bid("a.yaml", bid("A", 200000))
               .bid("b.yaml", bid("B", 100000, untreated="less than 12%")))
    ws = builder.open()
    data = evaluation_data(ws, evaluate(ws))
    assert data["winner"] is None
    assert [(b["bidder"], b["status"], b["reasons"]) for b in data["bids"]] == [
        ("A", "excluded", ["the price £200,000.00 is over the budget of £150,000.00"]),
        ("B", "excluded", ["`untreated`: the offered target `less than 12%` is weaker than "
                           "the required `less than 10%`"])]
    # a sheet that does come back is still read, and its problems still stop the evaluation
    builder.scores("ann", [("A", "quality", 9, "")])
    assert _refusal(builder) == [
        "scores/ann.csv: row 2, column score: 9 is off the scale 0 to 5 (give a number from "
        "0 to 5)",
        "scores/ann.csv: row 2, column justification: has no justification (every score "
        "needs a written reason)"]
