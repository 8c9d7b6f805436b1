"""Compliance gates (`obcrules.tender.gates`): the core's `require` lines, the budget, the
minimums and a plugin's gate exclude a bid with one reason per failure.

The plugin gate is the test service `panel`'s (`tests.tender.panel_plugin`).
"""

from __future__ import annotations

from pathlib import Path

from tests.tender.conftest import bid, by_bidder, published
from tests.tender.panel_plugin import _builder, _published


def test_exclusion_by_minimum_and_by_gates(build) -> None:
    # D would be the lowest price (60,000) but fails a gate, so the lowest
    # compliant price is B's 80,000: A scores 80,000 ÷ 100,000 × 40 = 32.00.
    builder = (build().write()
               .bid("a.yaml", bid("A", 100000))
               .bid("b.yaml", bid("B", 80000))
               .bid("d.yaml", bid("D", 60000, untreated="at most 10%"))
               .bid("e.yaml", bid("E", 160000))
               .bid("f.yaml", {**bid("F", 90000), "outcomes": {
                   "untreated": {"target": "less than 9%", "people": 10, "verify": []}}})
               .quality({"A": (4, 4, 4), "B": (1, 1, 2)}))
    data = published(builder)
    bids = by_bidder(data)
    assert bids["A"]["scores"]["price"]["weighted"] == "32.00"
    assert bids["B"]["status"] == "excluded"
    assert bids["B"]["reasons"] == ["`quality` scored 1.00, below its minimum of 2"]
    assert bids["B"]["total"] == "52.00" and bids["B"]["rank"] is None
    assert bids["D"]["status"] == "excluded"
    assert bids["D"]["reasons"] == [
        "`untreated`: the offered target `at most 10%` is weaker than the required "
        "`less than 10%`"]
    assert bids["E"]["reasons"] == ["the price £160,000.00 is over the budget of £150,000.00"]
    assert bids["F"]["reasons"] == ["`wellbeing` is not offered",
                                    "`untreated` offers no verification method"]
    assert [b["bidder"] for b in data["bids"]] == ["A", "B", "D", "E", "F"]
    assert data["winner"] == "A"


def test_a_plugin_gate_excludes_a_bid_with_its_reasons(tmp_path: Path) -> None:
    data = _published(_builder(tmp_path, "people_offered"))
    bids = {b["bidder"]: b for b in data["bids"]}
    assert bids["U"]["status"] == "excluded"
    assert bids["U"]["reasons"] == ["U holds no insurance"]
    assert bids["A"]["status"] == bids["B"]["status"] == "ranked"
