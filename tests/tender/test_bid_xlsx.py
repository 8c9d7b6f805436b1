"""An XLSX bid return (`obcrules.tender.bid_xlsx`): problems name the cell."""

from __future__ import annotations

from openpyxl import Workbook

from obcrules.tender import bid_layout
from obcrules.tender.evaluation import evaluate
from obcrules.tender.result import evaluation_data


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
    sheet.cell(13, 1, "untreated")
    sheet.cell(13, 6, "fewer than 8%")
    sheet.cell(13, 7, 100)
    sheet.cell(13, 8, "provider_return")
    sheet.cell(14, 1, "wellbeing")
    sheet.cell(14, 6, "at least 61%")
    sheet.cell(14, 7, "many")
    sheet.cell(14, 8, "survey")
    (builder.root / "bids").mkdir()
    book.save(builder.root / "bids" / "x.xlsx")
    builder.quality({})
    ws = builder.open()
    reasons = evaluation_data(ws, evaluate(ws))["bids"][0]["reasons"]
    assert reasons[0].startswith("bids/x.xlsx: Bid!F13 (outcomes.untreated.target): "
                                 "`fewer than 8%` is not a target")
    assert reasons[1] == ("bids/x.xlsx: Bid!G14 (outcomes.wellbeing.people): `many` is not "
                          "a whole number of people (write how many people, from 0 to "
                          "100,000,000)")
