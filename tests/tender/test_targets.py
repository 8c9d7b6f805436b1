"""`targets no weaker than required` and the margins of `scored from targets`."""

from __future__ import annotations

from decimal import Decimal

import pytest

from obcrules.model import Item
from obcrules.syntax.parser import parse_source, parse_target
from obcrules.tender.targets import margin, weaker_reason
from tests.tender.conftest import RULESET, bid, by_bidder, published

ITEMS = parse_source("""\
outcome share "Share":
    measure share of people where age >= 65
    target less than 10%
    baseline 18% at 2025-Q4

outcome happy "Happy":
    measure share of people where age >= 65
    target at least 60%

outcome range "Range":
    measure share of people where age >= 65
    target between 40% and 60%

outcome sessions "Sessions":
    measure count of people
    target at least 12 per quarter

outcome relative "Relative":
    measure share of people where age >= 65
    target 2 points below baseline
""").ruleset


def item(name: str) -> Item:
    assert ITEMS is not None
    found = ITEMS.item(name)
    assert found is not None
    return found


def target(text: str):  # type: ignore[no-untyped-def]
    parsed, diagnostics = parse_target(text)
    assert parsed is not None, diagnostics
    return parsed


@pytest.mark.parametrize(("name", "offered", "weaker"), [
    ("share", "less than 8%", False),
    ("share", "less than 10%", False),
    ("share", "at most 10%", True),          # allows exactly 10%, which `less than` does not
    ("share", "at most 9.9%", False),
    ("share", "between 5% and 9%", False),
    ("share", "at least 5%", True),          # the wrong direction
    ("share", "9 points below baseline", False),   # ≤ 18% − 9 = 9%
    ("share", "8 points below baseline", True),    # ≤ 10% includes 10%
    ("share", "50% lower than baseline", False),   # ≤ 9%
    ("happy", "more than 60%", False),
    ("happy", "at least 59%", True),
    ("range", "between 45% and 55%", False),
    ("range", "between 35% and 55%", True),
    ("range", "at least 45%", True),
    ("sessions", "at least 15 per quarter", False),
    ("sessions", "at least 5 per month", False),   # 60 a year against 48
    ("sessions", "at least 3 per month", True),    # 36 a year
    ("sessions", "at least 13", False),            # per the reporting period (quarter)
    ("relative", "3 points below baseline", False),
    ("relative", "1 point below baseline", True),
    ("relative", "less than 8%", True),            # no baseline: cannot be compared
])
def test_no_weaker(name: str, offered: str, weaker: bool) -> None:
    reason = weaker_reason(target(offered), offered, item(name), "quarter")
    assert (reason is not None) is weaker, reason


def test_weaker_reasons_say_why() -> None:
    assert weaker_reason(target("at most 10%"), "at most 10%", item("share"), "quarter") == (
        "`share`: the offered target `at most 10%` is weaker than the required "
        "`less than 10%`")
    assert weaker_reason(target("less than 8%"), "less than 8%", item("relative"), None) == (
        "`relative`: the offered target `less than 8%` cannot be compared with the required "
        "`2 points below baseline` without a baseline; offer it in the same form")


@pytest.mark.parametrize(("name", "offered", "expected"), [
    ("share", "less than 8%", Decimal(2)),            # points
    ("share", "less than 12%", Decimal(0)),           # weaker: no margin
    ("share", "9 points below baseline", Decimal(1)),  # 18 − 9 = 9%: one point under 10%
    ("happy", "at least 66%", Decimal(6)),
    ("range", "between 45% and 55%", Decimal(0)),     # a range has no direction
    ("sessions", "at least 15 per quarter", Decimal("0.25")),  # relative change 3 ÷ 12
    ("sessions", "at least 6 per month", Decimal("0.5")),      # 72 a year ÷ 48 − 1
    ("relative", "5 points below baseline", Decimal(3)),
])
def test_margins(name: str, offered: str, expected: Decimal) -> None:
    assert margin(target(offered), item(name), "quarter") == expected


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
    # each bid's own working: its offers against the requirements, the formula with figures
    working = bids["A"]["scores"]["ambition"]["working"]
    assert working["formula"] == ("mean over the outcomes of (this bid's margin ÷ the largest "
                                  "margin any compliant bid offered) × 100")
    assert working["calculation"] == "(2 ÷ 2 + 3 ÷ 6) ÷ 2 × 100 = 75.00"
    assert working["targets"] == [
        {"outcome": "untreated", "title": "Untreated continence", "required": "less than 10%",
         "offered": "less than 8%", "unit": "points", "margin": "2", "largest": "2",
         "ratio": "1"},
        {"outcome": "wellbeing", "title": "Wellbeing", "required": "at least 60%",
         "offered": "at least 63%", "unit": "points", "margin": "3", "largest": "6",
         "ratio": "0.5"}]
    assert [bids[b]["scores"]["ambition"]["working"]["calculation"] for b in "BC"] == [
        "(1 ÷ 2 + 6 ÷ 6) ÷ 2 × 100 = 75.00", "(0 ÷ 2 + 0 ÷ 6) ÷ 2 × 100 = 0.00"]


RULESET_WITH_AMBITION = RULESET.replace(
    """        weight 40%
        scored by lowest price""",
    """        weight 20%
        scored by lowest price
    criterion ambition "Ambition":
        weight 20%
        scored from targets""")
