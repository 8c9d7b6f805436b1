"""Hand-computed evaluations: every published number worked out on paper first.

The lot (conftest.RULESET): quality 60% scored by evaluators 0 to 5 (minimum 2),
price 40% scored by lowest price; budget £150,000; tie break by quality.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from obcrules.tender.evaluation import evaluate
from obcrules.tender.moderation import mode_score
from obcrules.tender.problems import TenderError
from obcrules.tender.result import evaluation_data
from obcrules.tender.workflow import moderation_todo
from tests.tender.conftest import RULESET, Builder, bid


def published(builder: Builder) -> dict[str, Any]:
    ws = builder.open()
    return evaluation_data(ws, evaluate(ws))


def by_bidder(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {b["bidder"]: b for b in data["bids"]}


def test_lowest_price_with_three_bids(build) -> None:
    # price: lowest 80,000 ÷ price × 100 → A 80.00, B 64.00, C 100.00; × 40% →
    # 32.00, 25.60, 40.00. quality (mode) A 4, B 5, C 3 → ÷ 5 × 60 → 48.00, 60.00,
    # 36.00. Totals A 80.00, B 85.60, C 76.00: B, A, C.
    builder = (build().write()
               .bid("a.yaml", bid("A", 100000)).bid("b.yaml", bid("B", 125000))
               .bid("c.json", bid("C", "£80,000"))
               .quality({"A": (4, 4, 3), "B": (5, 5, 5), "C": (3, 3, 2)}))
    data = published(builder)
    bids = by_bidder(data)
    assert [b["bidder"] for b in data["bids"]] == ["B", "A", "C"]
    assert bids["A"]["scores"]["price"] == {"agreed": "80.00", "max": "100",
                                            "weighted": "32.00"}
    assert bids["B"]["scores"]["price"]["agreed"] == "64.00"
    assert bids["B"]["scores"]["price"]["weighted"] == "25.60"
    assert bids["C"]["scores"]["price"]["weighted"] == "40.00"
    assert [bids[b]["scores"]["quality"]["weighted"] for b in "ABC"] == [
        "48.00", "60.00", "36.00"]
    assert [bids[b]["total"] for b in "ABC"] == ["80.00", "85.60", "76.00"]
    assert [bids[b]["rank"] for b in "ABC"] == [2, 1, 3]
    assert bids["C"]["price"] == "80000.00"
    assert data["winner"] == "B"
    assert data["criteria"][1]["working"] == {"lowest_price": "80000"}
    # 80,000 is 28.9% below the mean 112,500 of the others: under the 30% threshold.
    assert all(b["flags"] == [] for b in data["bids"])


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


def test_moderation_by_mode(build) -> None:
    # A: 3, 4, 4 → mode 4. B: 2, 3, 3 → 3. Neither spreads 2 points.
    builder = (build().write()
               .bid("a.yaml", bid("A", 100000)).bid("b.yaml", bid("B", 100000))
               .quality({"A": (3, 4, 4), "B": (2, 3, 3)}))
    data = published(builder)
    assert [(m["bidder"], m["method"], m["agreed"], m["spread"]) for m in data["moderation"]] == [
        ("A", "mode", "4", "1"), ("B", "mode", "3", "1")]
    assert by_bidder(data)["A"]["scores"]["quality"]["weighted"] == "48.00"


def test_moderation_by_agreement(build) -> None:
    # A: 2, 4, 3 spread 2 on 0–5 (40% of 5): needs an agreed score.
    builder = (build().write()
               .bid("a.yaml", bid("A", 100000)).bid("b.yaml", bid("B", 100000))
               .quality({"A": (2, 4, 3), "B": (4, 4, 5)}))
    with pytest.raises(TenderError) as refused:
        evaluate(builder.open())
    assert "1 item(s) need an agreed score" in refused.value.summary
    assert str(refused.value.problems[0]) == (
        "moderation.csv: A × quality: evaluators scored ann 2, ben 4, cat 3 (spread 2, "
        "limit 2) (agree a score and write it with a justification)")
    pending, _ = moderation_todo(builder.open())
    assert [(p.bidder, p.criterion) for p in pending] == [("A", "quality")]
    builder.moderation([("A", "quality", 3, "Agreed at the moderation meeting of 3 March")])
    data = published(builder)
    assert data["moderation"][0] == {
        "bidder": "A", "criterion": "quality", "scores": {"ann": "2", "ben": "4", "cat": "3"},
        "spread": "2", "threshold": "2", "needs_agreement": True, "method": "agreed",
        "agreed": "3", "justification": "Agreed at the moderation meeting of 3 March"}
    # A row of moderation.csv wins even where no agreement was needed (B's mode is 4).
    builder.moderation([("A", "quality", 3, "Agreed"), ("B", "quality", 5, "Re-read p. 12")])
    bids = by_bidder(published(builder))
    assert bids["A"]["scores"]["quality"]["agreed"] == "3.00"
    assert bids["B"]["scores"]["quality"]["agreed"] == "5.00"
    assert bids["B"]["total"] == "100.00"


def test_mode_ties_go_to_the_lower_score() -> None:
    assert mode_score([Decimal(60), Decimal(70), Decimal(80)]) == 60
    assert mode_score([Decimal(3), Decimal(4), Decimal(4), Decimal(3)]) == 3
    assert mode_score([Decimal(2), Decimal(5), Decimal(5)]) == 5


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


def test_scored_from_targets_by_hand(build) -> None:
    # Required: untreated less than 10%, wellbeing at least 60%.
    # A: 8% (beats by 2 points), 63% (3). B: 9% (1), 66% (6). C: 10%, 60% (0, 0).
    # Largest margins 2 and 6. A: (2/2 + 3/6) ÷ 2 = 0.75 → 75.00;
    # B: (1/2 + 6/6) ÷ 2 = 0.75 → 75.00; C: 0.00.
    builder = (build().write(RULESET_WITH_AMBITION)
               .bid("a.yaml", bid("A", 100000, "less than 8%", "at least 63%"))
               .bid("b.yaml", bid("B", 100000, "less than 9%", "at least 66%"))
               .bid("c.yaml", bid("C", 100000))
               .quality({"A": (3, 3, 3), "B": (3, 3, 3), "C": (3, 3, 3)}))
    data = published(builder)
    bids = by_bidder(data)
    assert [bids[b]["scores"]["ambition"]["agreed"] for b in "ABC"] == [
        "75.00", "75.00", "0.00"]
    assert [bids[b]["scores"]["ambition"]["weighted"] for b in "ABC"] == [
        "15.00", "15.00", "0.00"]
    assert data["criteria"][2]["working"]["outcomes"]["wellbeing"] == {
        "unit": "points", "largest": "6", "margins": {"A": "3", "B": "6", "C": "0"}}


RULESET_WITH_AMBITION = RULESET.replace(
    """        weight 40%
        scored by lowest price""",
    """        weight 20%
        scored by lowest price
    criterion ambition "Ambition":
        weight 20%
        scored from targets""")
