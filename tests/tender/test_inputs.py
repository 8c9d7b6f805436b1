"""Bad bids, score sheets and moderation rows are reported with file, field, cell or row."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from obcrules.tender import bid_layout
from obcrules.tender.evaluation import evaluate
from obcrules.tender.problems import TenderError
from obcrules.tender.result import evaluation_data
from tests.tender.conftest import bid, csv_bytes


def test_a_bad_bid_is_listed_and_the_others_still_evaluate(build) -> None:
    builder = (build().write()
               .bid("a.yaml", bid("A", 100000))
               .bid("b.yaml", {**bid("B", "lots", "less then 8%"), "colour": "red"})
               .quality({"A": (4, 4, 4)}))
    ws = builder.open()
    data = evaluation_data(ws, evaluate(ws))
    assert [(b["bidder"], b["status"]) for b in data["bids"]] == [("A", "ranked"),
                                                                  ("B", "invalid")]
    assert data["bids"][1]["reasons"] == [
        "bids/b.yaml: colour: `colour` is not a field of a bid (fields: bidder, lot, price, "
        "provider_id, outcomes, track_record)",
        "bids/b.yaml: price: `lots` is not an amount of money (write the total price as a "
        "number, e.g. 1150000)",
        "bids/b.yaml: outcomes.untreated.target: `less then 8%` is not a target (write a "
        "target as in the ruleset: `less than 8%`, `at least 120`, `between 40% and 60%`, "
        "`2 points below baseline`)",
    ]


def test_units_and_names_are_checked_like_the_ruleset(build) -> None:
    data = bid("B", 1000, untreated="less than 8")
    data["outcomes"]["wellbeing"]["verify"] = ["survy"]
    data["outcomes"]["welbeing"] = {"target": "at least 70%", "people": 1, "verify": []}
    data["lot"] = "lot2"
    builder = build().write().bid("b.json", data).quality({})
    ws = builder.open()
    reasons = evaluation_data(ws, evaluate(ws))["bids"][0]["reasons"]
    assert reasons == [
        "bids/b.json: lot: this bid is for lot `lot2`; the workspace evaluates lot `lot1` "
        "(move the bid to that lot's workspace, or fix the lot)",
        "bids/b.json: outcomes.untreated.target: `less than 8`: this target must be a "
        "percentage, because the measure is a share (write it with `%`, e.g. `8%`)",
        "bids/b.json: outcomes.wellbeing.verify[0]: `survy` is not a verification method "
        "(did you mean `survey`?)",
        "bids/b.json: outcomes.welbeing: `welbeing` is not an outcome of the ruleset "
        "(did you mean `wellbeing`?)",
    ]


def test_xlsx_bid_problems_name_the_cell(build) -> None:
    builder = build().write()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = bid_layout.SHEET
    for offset, (label, value) in enumerate([("Bidder", "X Ltd"), ("Lot", "lot1"),
                                              ("Price (£)", 90000)]):
        sheet.cell(bid_layout.FIRST_LABEL_ROW + offset, 1, label)
        sheet.cell(bid_layout.FIRST_LABEL_ROW + offset, 2, value)
    for col, title in enumerate(bid_layout.COLUMNS.values(), start=1):
        sheet.cell(bid_layout.HEADER_ROW, col, title)
    sheet.cell(10, 1, "untreated")
    sheet.cell(10, 6, "fewer than 8%")
    sheet.cell(10, 7, 100)
    sheet.cell(10, 8, "provider_return")
    sheet.cell(11, 1, "wellbeing")
    sheet.cell(11, 6, "at least 61%")
    sheet.cell(11, 7, "many")
    sheet.cell(11, 8, "survey")
    (builder.root / "bids").mkdir()
    book.save(builder.root / "bids" / "x.xlsx")
    builder.quality({})
    ws = builder.open()
    reasons = evaluation_data(ws, evaluate(ws))["bids"][0]["reasons"]
    assert reasons[0].startswith("bids/x.xlsx: Bid!F10 (outcomes.untreated.target): "
                                 "`fewer than 8%` is not a target")
    assert reasons[1] == ("bids/x.xlsx: Bid!G11 (outcomes.wellbeing.people): `many` is not "
                          "a whole number of people")


def test_an_unreadable_bid_names_the_line(build) -> None:
    builder = build().write()
    (builder.root / "bids").mkdir()
    (builder.root / "bids" / "a.yaml").write_text("bidder: [unclosed\n")
    (builder.root / "bids" / "notes.pdf").write_bytes(b"%PDF")
    ws = builder.quality({}).open()
    bids = evaluation_data(ws, evaluate(ws))["bids"]
    assert [(b["file"], b["status"]) for b in bids] == [("bids/a.yaml", "invalid"),
                                                        ("bids/notes.pdf", "invalid")]
    assert bids[0]["reasons"][0].startswith("bids/a.yaml: line 2, column 1: is not valid YAML")
    assert bids[1]["reasons"] == ["bids/notes.pdf: `.pdf` is not a bid format (submit the bid "
                                  "return as .yaml, .json or .xlsx)"]


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


def test_moderation_rows_are_checked(build) -> None:
    builder = (build().write().bid("a.yaml", bid("A", 100000)).quality({"A": (4, 4, 4)}))
    (builder.root / "moderation.csv").write_bytes(csv_bytes(
        ("bidder", "criterion", "score", "justification"), [("A", "quality", 3, "")]))
    with pytest.raises(TenderError) as failed:
        evaluate(builder.open())
    assert [str(p) for p in failed.value.problems] == [
        "moderation.csv: row 2, column justification: has no justification (every score "
        "needs a written reason)"]
