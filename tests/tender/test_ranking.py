"""Weighted totals, ranks, ties and the abnormally-low-price check (`obcrules.tender.ranking`).

Every number is worked out by hand in the comments first. The lot (conftest.RULESET):
quality 60% scored by evaluators 0 to 5 (minimum 2), price 40% scored by lowest
price; budget £150,000; tie break by quality.
"""

from __future__ import annotations

from tests.tender.conftest import bid, by_bidder, published


def test_abnormally_low_price_is_flagged_not_excluded(build) -> None:
    # C 70,000 against the mean of A and B (100,000 + 125,000) ÷ 2 = 112,500:
    # 37.78% below, more than 30%.
    builder = (build().write()
               .bid("a.yaml", bid("A", 100000)).bid("b.yaml", bid("B", 125000))
               .bid("c.yaml", bid("C", 70000))
               .quality({"A": (4, 4, 4), "B": (4, 4, 4), "C": (4, 4, 4)}))
    bids = by_bidder(published(builder))
    assert bids["C"]["status"] == "ranked"
    assert bids["C"]["flags"] == [
        "the price 70000.00 is 37.78% below the mean 112500.00 of the other compliant bids "
        "(threshold 30.00%): ask the bidder to explain it"]
    assert bids["A"]["flags"] == []


def test_tie_broken_by_the_named_criterion(build) -> None:
    # A: quality 5 → 60.00; price 70,000 ÷ 100,000 × 40 = 28.00; total 88.00.
    # B: quality 4 → 48.00; price lowest → 40.00; total 88.00. Tie break by
    # quality: A (60.00) before B (48.00), although B is cheaper.
    builder = (build().write()
               .bid("a.yaml", bid("A", 100000)).bid("b.yaml", bid("B", 70000))
               .quality({"A": (5, 5, 5), "B": (4, 4, 4)}))
    data = published(builder)
    bids = by_bidder(data)
    assert bids["A"]["total"] == bids["B"]["total"] == "88.00"
    assert (bids["A"]["rank"], bids["B"]["rank"]) == (1, 2)
    assert data["ties"] == [{"bidders": ["A", "B"], "total": "88.00", "decided_by": "quality"}]
    assert data["winner"] == "A"


def test_tie_on_the_tie_break_too_goes_to_the_lower_price(build) -> None:
    builder = (build().write()
               .bid("a.yaml", bid("A", 100000)).bid("b.yaml", bid("B", 100000))
               .quality({"A": (4, 4, 4), "B": (4, 4, 4)}))
    data = published(builder)
    assert data["ties"] == [{"bidders": ["A", "B"], "total": "88.00", "decided_by": "name"}]
    assert data["winner"] == "A"
