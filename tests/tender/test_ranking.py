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


def test_the_rounding_policy_example(build) -> None:
    # The example of docs/tender.md. A quality 4 (48.00), £112,000; B quality 3 (36.00),
    # £100,000. A's price score 100,000 ÷ 112,000 × 100 = 89.2857… → 89.29.
    # published: 89.29 ÷ 100 × 40 = 35.716 → 35.72; total 48.00 + 35.72 = 83.72.
    # exact:     89.2857… ÷ 100 × 40 = 35.7142… → 35.71; total 83.7142… → 83.71.
    # B: 100.00 → 40.00; total 76.00 under both.
    expected = {"published": ("35.72", "83.72"), "exact": ("35.71", "83.71")}
    for rounding, (weighted, total) in expected.items():
        builder = (build().write(rounding=rounding)
                   .bid("a.yaml", bid("A", 112000)).bid("b.yaml", bid("B", 100000))
                   .quality({"A": (4, 4, 4), "B": (3, 3, 3)}))
        data = published(builder)
        assert data["settings"]["rounding"] == rounding
        bids = by_bidder(data)
        assert bids["A"]["scores"]["price"]["agreed"] == "89.29"
        assert (bids["A"]["scores"]["price"]["weighted"], bids["A"]["total"]) == (
            weighted, total), rounding
        assert bids["B"]["total"] == "76.00"


def test_exact_rounding_ties_on_the_published_totals(build) -> None:
    # A quality 5 (60.00), £100,000 → price 70,000 ÷ 100,000 × 40 = 28.00: 88.00.
    # B quality 4 (48.00), £70,000 → 40.00: 88.00. Exact figures are the same here,
    # so the tie and its break by quality are as under the published policy.
    builder = (build().write(rounding="exact")
               .bid("a.yaml", bid("A", 100000)).bid("b.yaml", bid("B", 70000))
               .quality({"A": (5, 5, 5), "B": (4, 4, 4)}))
    data = published(builder)
    assert data["ties"] == [{"bidders": ["A", "B"], "total": "88.00", "decided_by": "quality"}]


def test_exact_rounding_checks_the_minimum_on_the_exact_score(build) -> None:
    # settle = mean: A's quality 2, 2, 1 → 5 ÷ 3 = 1.666…, shown 1.67, below the minimum 2.
    builder = (build().write(rounding="exact", settle="mean")
               .bid("a.yaml", bid("A", 100000)).bid("b.yaml", bid("B", 100000))
               .quality({"A": (2, 2, 1), "B": (4, 4, 4)}))
    bids = by_bidder(published(builder))
    assert bids["A"]["status"] == "excluded"
    assert bids["A"]["reasons"] == [
        "`quality` scored 1.666666… (shown as 1.67), below its minimum of 2"]
