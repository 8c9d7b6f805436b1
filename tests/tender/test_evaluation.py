"""The evaluation pipeline end to end (`obcrules.tender.evaluation`), by hand: bids, gates,
automatic scores, moderation, weighted totals, ranking and price checks in one published
result, every number worked out on paper first.

The lot (conftest.RULESET): quality 60% scored by evaluators 0 to 5 (minimum 2),
price 40% scored by lowest price; budget £150,000; tie break by quality. The
tests of each stage are in the file of its module (test_ranking.py, test_moderation.py…).
"""

from __future__ import annotations

from tests.tender.conftest import PRICED_RULESET, bid, by_bidder, priced_bid, published


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
    assert bids["A"]["scores"]["price"] == {
        "agreed": "80.00", "max": "100", "weighted": "32.00", "settled_by": "automatic",
        "reasons": [], "working": {"formula": "lowest compliant price ÷ this price × 100",
                                   "calculation": "£80,000 ÷ £100,000 × 100 = 80.00",
                                   "targets": []}}
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


def test_every_score_by_evaluators_carries_its_reasons(build) -> None:
    # A: ann 3, ben 4, cat 4 → the most common score 4, adopted from ben and cat
    # (Evaluators 2 and 3). B: 2, 4, 3 spreads 2: agreed 3 at moderation, whose note
    # is the reason.
    builder = (build().write()
               .bid("a.yaml", bid("A", 100000)).bid("b.yaml", bid("B", 100000))
               .scores("ann", [("A", "quality", 3, "Thin on staffing"),
                               ("B", "quality", 2, "No plan")])
               .scores("ben", [("A", "quality", 4, "A named lead, a clear plan"),
                               ("B", "quality", 4, "A plan")])
               .scores("cat", [("A", "quality", 4, "Credible timetable"),
                               ("B", "quality", 3, "Some plan")])
               .moderation([("B", "quality", 3, "Agreed: the plan lacks dates")]))
    data = published(builder)
    assert data["panel"] == [{"role": "Evaluator 1", "evaluator": "ann"},
                             {"role": "Evaluator 2", "evaluator": "ben"},
                             {"role": "Evaluator 3", "evaluator": "cat"}]
    bids = by_bidder(data)
    assert bids["A"]["scores"]["quality"] == {
        "agreed": "4.00", "max": "5", "weighted": "48.00", "settled_by": "mode",
        "reasons": [{"by": "Evaluator 2", "score": "4", "text": "A named lead, a clear plan"},
                    {"by": "Evaluator 3", "score": "4", "text": "Credible timetable"}],
        "working": None}
    assert bids["B"]["scores"]["quality"]["settled_by"] == "agreed"
    assert bids["B"]["scores"]["quality"]["reasons"] == [
        {"by": "Moderation", "score": "3", "text": "Agreed: the plan lacks dates"}]


def test_roles_follow_the_order_of_obc_toml_and_mean_adopts_everyone(build) -> None:
    builder = (build().write(evaluators=("cat", "ann", "ben"), settle="mean")
               .bid("a.yaml", bid("A", 100000)).quality({"A": (3, 4, 4)}))
    reasons = by_bidder(published(builder))["A"]["scores"]["quality"]["reasons"]
    # quality() gives ann 3 ("reason 0"), ben 4 ("reason 1"), cat 4 ("reason 2").
    assert reasons == [{"by": "Evaluator 1", "score": "4", "text": "reason 2"},
                       {"by": "Evaluator 2", "score": "3", "text": "reason 0"},
                       {"by": "Evaluator 3", "score": "4", "text": "reason 1"}]


def test_a_lot_priced_from_the_rate_card_scores_the_expected_outcome_cost(build) -> None:
    # Rate card: line 1 at most £450 (untreated), line 2 at most £200 (wellbeing).
    # A: fixed fee £10,000; £400 × 100 = £40,000; £180 × 80 = £14,400 → £64,400.
    # B: no fixed fee; 10% off £450 = £405 × 120 = £48,600; £200 × 50 = £10,000 → £58,600.
    # C: fixed fee £5,000; £450 × 90 = £40,500; 25% off £200 = £150 × 100 = £15,000 → £60,500.
    # price: lowest 58,600 ÷ cost × 100 → A 90.99, B 100.00, C 96.86; × 40% → 36.40, 40.00,
    # 38.74. quality A 5, B 3, C 4 → 60.00, 36.00, 48.00. Totals A 96.40, B 76.00, C 86.74.
    builder = (build().write(PRICED_RULESET)
               .bid("a.yaml", priced_bid("A", 10000, (400, 100), ("£180", 80)))
               .bid("b.yaml", priced_bid("B", None, ("10%", 120), (200, 50)))
               .bid("c.json", priced_bid("C", "£5,000", (450, 90), ("25%", 100)))
               .quality({"A": (5, 5, 5), "B": (3, 3, 3), "C": (4, 4, 4)}))
    data = published(builder)
    bids = by_bidder(data)
    assert [bids[b]["price"] for b in "ABC"] == ["64400.00", "58600.00", "60500.00"]
    assert [bids[b]["scores"]["price"]["agreed"] for b in "ABC"] == ["90.99", "100.00", "96.86"]
    assert [bids[b]["scores"]["price"]["weighted"] for b in "ABC"] == ["36.40", "40.00",
                                                                       "38.74"]
    assert [bids[b]["total"] for b in "ABC"] == ["96.40", "76.00", "86.74"]
    assert [b["bidder"] for b in data["bids"]] == ["A", "C", "B"]
    working = data["criteria"][1]["working"]
    assert working["lowest_price"] == "58600"
    assert working["expected_costs"]["B"] == {
        "fixed_fee": "0", "expected_cost": "58600",
        "lines": [{"line": "1", "outcome": "untreated", "price": "405", "people": 120,
                   "cost": "48600"},
                  {"line": "2", "outcome": "wellbeing", "price": "200", "people": 50,
                   "cost": "10000"}]}
    assert [line["cost"] for line in working["expected_costs"]["A"]["lines"]] == [
        "40000", "14400"]
    assert working["expected_costs"]["C"]["fixed_fee"] == "5000"
