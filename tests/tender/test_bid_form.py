"""The bid return forms (`obcrules.tender.bid_form`): written from the ruleset, filled in,
read back as a valid bid; the blank score sheets beside them."""

from __future__ import annotations

from pathlib import Path

import yaml
from openpyxl import load_workbook

from obcrules.tender.bids import load_bids
from obcrules.tender.workflow import init_workspace, write_bid_forms, write_sheets
from tests.tender.conftest import PRICED_RULESET, RULESET


def _initialised(build, tmp_path: Path, ruleset: str):  # type: ignore[no-untyped-def]
    builder = build()
    source = tmp_path / "rules.obc"
    source.write_text(ruleset)
    init_workspace(builder.root, source, "lot1", ["ann"], registry=builder.registry)
    return builder, builder.open()


def test_bid_form_round_trip_and_sheets(build, tmp_path: Path) -> None:
    builder, ws = _initialised(build, tmp_path, RULESET)
    assert ws.config.ruleset == "rules.obc"
    written = write_bid_forms(ws).written
    assert written == ["out/bid-template.yaml", "out/bid-template.xlsx"]
    form = yaml.safe_load((builder.root / written[0]).read_text())
    assert form["lot"] == "lot1" and set(form["outcomes"]) == {"untreated", "wellbeing"}
    book = load_workbook(builder.root / written[1])
    assert book["Bid"]["D10"].value == "less than 10%"
    # A bidder fills in the YAML bid form: it reads back as a valid bid.
    form.update(bidder="A", price=90000)
    form["outcomes"]["untreated"].update(target="less than 9%", people=50,
                                         verify=["provider_return"])
    form["outcomes"]["wellbeing"].update(target="at least 61%", people=40, verify=["survey"])
    builder.bid("a.yaml", form)
    sheets = write_sheets(builder.open()).written
    assert sheets == ["out/scoresheets/ann.csv", "out/scoresheets/ann.xlsx"]
    assert (builder.root / sheets[0]).read_text() == (
        "bidder,criterion,score,justification,criterion_title,scale\n"
        "A,quality,,,Quality,0 to 5\n")


def test_a_priced_lot_asks_a_price_and_people_per_rate_card_line(build, tmp_path: Path) -> None:
    builder, ws = _initialised(build, tmp_path, PRICED_RULESET)
    yaml_form, xlsx_form = (builder.root / p for p in write_bid_forms(ws).written)
    form = yaml.safe_load(yaml_form.read_text())
    assert "price" not in form and form["fixed_fee"] is None
    assert form["rate_card"] == {"1": {"price": None, "people": None},
                                 "2": {"price": None, "people": None}}
    assert '"1":   # untreated pays at most £450.00 per resident where continence_problem ' \
        "and continence_treated" in yaml_form.read_text()
    # The XLSX form: "Fixed fee" in place of "Price", and a rate-card table below the
    # outcomes (header row 13), which a bidder fills in; a price over the ruleset's is
    # reported on its cell.
    book = load_workbook(xlsx_form)
    sheet = book["Bid"]
    assert sheet["A5"].value == "Fixed fee (optional) (£)"
    assert [sheet.cell(13, c).value for c in range(1, 7)] == [
        "Rate-card line", "Outcome", "Pays at most", "For each", "Your price (or discount)",
        "People expected"]
    assert [sheet["A14"].value, sheet["C14"].value] == ["1", "£450.00"]
    sheet["B3"], sheet["B5"] = "X Ltd", 0
    for row, (target, people, verify) in ((10, ("less than 9%", 50, "provider_return")),
                                          (11, ("at least 61%", 40, "survey"))):
        sheet[f"F{row}"], sheet[f"G{row}"], sheet[f"H{row}"] = target, people, verify
    sheet["E14"], sheet["F14"] = 460, 50
    sheet["E15"], sheet["F15"] = 0.1, 40
    sheet["E15"].number_format = "0%"
    book.save(builder.root / "bids" / "x.xlsx")
    bids = load_bids(builder.open())
    [invalid] = bids.invalid
    assert [str(p) for p in invalid.problems] == [
        "bids/x.xlsx: Bid!E14 (rate_card.1.price): £460.00 is above the ruleset's price of "
        "£450.00 for this line (ask at most £450.00)"]
    sheet["E14"] = 450
    book.save(builder.root / "bids" / "x.xlsx")
    [valid] = load_bids(builder.open()).valid
    # £450 × 50 + 10% off £200 = £180 × 40: £22,500 + £7,200 = £29,700.
    assert [(line.price, line.people) for line in valid.rate_card] == [(450, 50), (180, 40)]
    assert valid.price == 29700 and valid.fixed_fee == 0
