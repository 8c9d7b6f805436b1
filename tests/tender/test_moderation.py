"""Moderation (`obcrules.tender.moderation`): the mode, agreed scores and `moderation.csv`.

Every number is worked out by hand in the comments first; the lot is conftest.RULESET.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from obcrules.tender.evaluation import evaluate
from obcrules.tender.moderation import mode_score
from obcrules.tender.problems import TenderError
from obcrules.tender.workflow import moderation_todo
from tests.tender.conftest import bid, by_bidder, csv_bytes, published


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


def test_moderation_rows_are_checked(build) -> None:
    builder = (build().write().bid("a.yaml", bid("A", 100000)).quality({"A": (4, 4, 4)}))
    (builder.root / "moderation.csv").write_bytes(csv_bytes(
        ("bidder", "criterion", "score", "justification"), [("A", "quality", 3, "")]))
    with pytest.raises(TenderError) as failed:
        evaluate(builder.open())
    assert [str(p) for p in failed.value.problems] == [
        "moderation.csv: row 2, column justification: has no justification (every score "
        "needs a written reason)"]
