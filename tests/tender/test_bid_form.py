"""The bid return forms (`obcrules.tender.bid_form`): written from the ruleset, filled in,
read back as a valid bid; the blank score sheets beside them."""

from __future__ import annotations

from pathlib import Path

import yaml
from openpyxl import load_workbook

from obcrules.tender.workflow import init_workspace, write_bid_forms, write_sheets
from tests.tender.conftest import RULESET


def test_bid_form_round_trip_and_sheets(build, tmp_path: Path) -> None:
    builder = build()
    source = tmp_path / "rules.obc"
    source.write_text(RULESET)
    init_workspace(builder.root, source, "lot1", ["ann"], registry=builder.registry)
    ws = builder.open()
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
