"""Compliance gates (`obcrules.tender.gates`): the core's `require` lines, the budget, the
minimums and a plugin's gate exclude a bid with one reason per failure.

The plugin gate is the test service `panel`'s (`tests.tender.panel_plugin`).
"""

from __future__ import annotations

from pathlib import Path

from tests.tender.conftest import PRICED_RULESET, bid, by_bidder, priced_bid, published
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


def test_a_priced_bid_is_gated_on_its_expected_cost_and_its_fixed_fee(build) -> None:
    # D: £450 × 300 + £200 × 200 = £175,000, over the budget of £150,000.
    # E: £110,000 + £400 × 50 + £200 × 25 = £135,000; `at risk 20%` leaves 80% of it,
    #    £108,000, to be fixed: a fixed fee of £110,000 is more.
    # G: £100,000 + £400 × 50 + £200 × 25 = £125,000; 80% is £100,000: the fee fits exactly.
    builder = (build().write(PRICED_RULESET)
               .bid("d.yaml", priced_bid("D", 0, (450, 300), (200, 200)))
               .bid("e.yaml", priced_bid("E", 110000, (400, 50), (200, 25)))
               .bid("g.yaml", priced_bid("G", 100000, (400, 50), (200, 25)))
               .quality({"G": (4, 4, 4)}))
    bids = by_bidder(published(builder))
    assert bids["D"]["reasons"] == [
        "the expected cost £175,000.00 is over the budget of £150,000.00"]
    assert bids["E"]["reasons"] == [
        "the fixed fee £110,000.00 is more than £108,000.00, the part of the expected cost "
        "£135,000.00 that `at risk 20%` leaves fixed"]
    assert bids["G"]["status"] == "ranked" and bids["G"]["price"] == "125000.00"


def test_a_plugin_gate_excludes_a_bid_with_its_reasons(tmp_path: Path) -> None:
    data = _published(_builder(tmp_path, "people_offered"))
    bids = {b["bidder"]: b for b in data["bids"]}
    assert bids["U"]["status"] == "excluded"
    assert bids["U"]["reasons"] == ["U holds no insurance"]
    assert bids["A"]["status"] == bids["B"]["status"] == "ranked"
