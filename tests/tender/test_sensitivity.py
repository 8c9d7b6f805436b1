"""How robust the winner is to the weights (`obcrules.tender.sensitivity`), by hand."""

from __future__ import annotations

from tests.tender.conftest import bid, published


def test_sensitivity_on_two_criteria(build) -> None:
    # A: quality 5 (s = 1), price 100,000 (s = 0.8): 60 + 32 = 92.00.
    # B: quality 3 (s = 0.6), price 80,000 (s = 1): 36 + 40 = 76.00.
    # Moving t points quality → price: A 92 − 0.2t, B 76 + 0.4t; equal at
    # t = 16 ÷ 0.6 = 26.666…, published rounded up: 26.67 (of 60 available).
    # Price → quality only widens A's lead: none.
    builder = (build().write()
               .bid("a.yaml", bid("A", 100000)).bid("b.yaml", bid("B", 80000))
               .quality({"A": (5, 5, 5), "B": (3, 3, 3)}))
    data = published(builder)
    assert [b["total"] for b in data["bids"]] == ["92.00", "76.00"]
    assert data["sensitivity"] == {
        "winner": "A",
        "pairs": [
            {"from": "price", "to": "quality", "points": None, "new_winner": None,
             "note": "none within the available weight"},
            {"from": "quality", "to": "price", "points": "26.67", "new_winner": "B",
             "note": None},
        ],
        "smallest": {"from": "quality", "to": "price", "points": "26.67", "new_winner": "B",
                     "note": None},
    }
