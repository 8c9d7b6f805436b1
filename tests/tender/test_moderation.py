"""Moderation (`obcrules.tender.moderation`): the mode, agreed scores and `moderation.csv`.

Every number is worked out by hand in the comments first; the lot is conftest.RULESET.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from obcrules.tender.evaluation import assess, evaluate
from obcrules.tender.moderation import adopted_evaluators, mode_score, settle_score
from obcrules.tender.problems import TenderError
from obcrules.tender.workflow import init_workspace, moderation_todo
from tests.tender.conftest import RULESET, bid, by_bidder, csv_bytes, published


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
    assert "1 item needs an agreed score" in refused.value.summary
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


def test_the_settle_rule_is_chosen_in_obc_toml(build) -> None:
    # A: 3, 4, 4 and B: 3, 3, 4 (spread 1: no agreement needed).
    # mode-lower: A 4 → 4 ÷ 5 × 60 = 48.00, B 3 → 36.00.
    # median:     A 4 → 48.00, B 3 → 36.00.
    # mean:       A 11/3 = 3.666… → 3.67 → 3.67 ÷ 5 × 60 = 44.04; B 10/3 → 3.33 → 39.96.
    expected = {"mode-lower": ("mode", "4", "4.00", "48.00", "3.00", "36.00"),
                "median": ("median", "4", "4.00", "48.00", "3.00", "36.00"),
                "mean": ("mean", "3.666667", "3.67", "44.04", "3.33", "39.96")}
    for rule, (method, logged, a_agreed, a_weighted, b_agreed, b_weighted) in expected.items():
        builder = (build().write(settle=rule)
                   .bid("a.yaml", bid("A", 100000)).bid("b.yaml", bid("B", 100000))
                   .quality({"A": (3, 4, 4), "B": (3, 3, 4)}))
        data = published(builder)
        assert data["settings"]["settle"] == rule
        assert (data["moderation"][0]["method"], data["moderation"][0]["agreed"]) == (
            method, logged), rule
        bids = by_bidder(data)
        assert [bids["A"]["scores"]["quality"][k] for k in ("agreed", "weighted")] == [
            a_agreed, a_weighted], rule
        assert [bids["B"]["scores"]["quality"][k] for k in ("agreed", "weighted")] == [
            b_agreed, b_weighted], rule


def test_median_and_mean_by_hand() -> None:
    scores = [Decimal(2), Decimal(3), Decimal(5), Decimal(4)]
    assert settle_score(scores, "median") == Decimal("3.5")  # (3 + 4) ÷ 2
    assert settle_score(scores, "mean") == Decimal("3.5")  # 14 ÷ 4
    assert settle_score(scores, "mode-lower") == 2  # all equally common: the lowest
    assert settle_score([Decimal(60), Decimal(70), Decimal(70)], "median") == 70


def test_the_adopted_evaluators_are_those_whose_score_the_rule_takes() -> None:
    scores = {"ann": Decimal(3), "ben": Decimal(4), "cat": Decimal(4)}
    assert adopted_evaluators(scores, "mode-lower") == ("ben", "cat")
    assert adopted_evaluators(scores, "median") == ("ben", "cat")
    assert adopted_evaluators(scores, "mean") == ("ann", "ben", "cat")
    four = {"ann": Decimal(2), "ben": Decimal(3), "cat": Decimal(4), "dan": Decimal(5)}
    assert adopted_evaluators(four, "median") == ("ben", "cat")  # the two middle scores
    assert adopted_evaluators(four, "mode-lower") == ("ann",)


def test_each_item_keeps_every_justification(build) -> None:
    builder = (build().write().bid("a.yaml", bid("A", 100000)).quality({"A": (3, 4, 4)}))
    [item] = assess(builder.open()).moderation
    assert item.justifications == {"ann": "reason 0", "ben": "reason 1", "cat": "reason 2"}
    assert item.adopted == ("ben", "cat")


def test_an_unknown_settle_rule_is_refused(build) -> None:
    builder = build().write()
    config = builder.root / "obc.toml"
    config.write_text(config.read_text().replace('settle = "mode-lower"', 'settle = "vote"'))
    with pytest.raises(TenderError) as refused:
        builder.open()
    assert [str(p) for p in refused.value.problems] == [
        'obc.toml: moderation.settle: `vote` is not one of "mode-lower", "median", "mean" '
        '(write e.g. settle = "mode-lower" (the default))']


def test_init_warns_a_panel_of_two_that_mode_lower_takes_the_lower_score(tmp_path, registry
                                                                       ) -> None:
    ruleset = tmp_path / "ruleset.obc"
    ruleset.write_text(RULESET, encoding="utf-8")
    two = init_workspace(tmp_path / "two", ruleset, "lot1", ["ann", "ben"], registry=registry)
    assert two.messages[1] == (
        "warning: with two evaluators, the most common score (mode-lower) is always the lower "
        "of their two scores when they differ; to settle on their mean instead, set "
        'settle = "mean" under [moderation] in obc.toml before scoring')
    three = init_workspace(tmp_path / "three", ruleset, "lot1", ["ann", "ben", "cat"],
                           registry=registry)
    assert not any(m.startswith("warning") for m in three.messages)
