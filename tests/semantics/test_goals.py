"""What a target means (`obcrules.semantics.goals`): the values that meet it and which way is better.

One goal type serves the engine's statuses, the tender's gates and ambition scores
and the reports; these tests pin its arithmetic by hand.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from obcrules.model import Baseline, Target
from obcrules.semantics.goals import Goal, direction_of, goal_of, offer_margin
from obcrules.syntax.parser import parse_source, parse_target


def target(text: str) -> Target:
    parsed, diagnostics = parse_target(text)
    assert parsed is not None, diagnostics
    return parsed


def baseline(text: str) -> Baseline:
    ruleset = parse_source(f"""\
outcome o "O":
    measure share of people where age >= 65
    target less than 10%
    baseline {text}
""").ruleset
    assert ruleset is not None
    item = ruleset.item("o")
    assert item is not None and item.baseline is not None
    return item.baseline


def share(text: str, base: str | None = None) -> Goal:
    return goal_of(target(text), percent=True, unit="quarter",
                   baseline=baseline(base) if base else None)


@pytest.mark.parametrize(("text", "value", "met"), [
    ("less than 10%", Fraction(9, 100), True),
    ("less than 10%", Fraction(10, 100), False),   # the bound itself is not less than 10%
    ("at most 10%", Fraction(10, 100), True),
    ("at least 60%", Fraction(60, 100), True),
    ("more than 60%", Fraction(60, 100), False),
    ("between 40% and 60%", Fraction(40, 100), True),
    ("between 40% and 60%", Fraction(61, 100), False),
])
def test_met_at_and_around_each_bound(text: str, value: Fraction, met: bool) -> None:
    assert share(text).met(value) is met


def test_a_relative_target_is_judged_from_the_baseline() -> None:
    goal = share("2 points below baseline", "18% at 2025-Q4")
    assert (goal.high, goal.high_closed, goal.direction) == (Fraction(16, 100), True, "lower")
    assert goal.text == "2 points below baseline (at most 16%)"
    assert goal.met(Fraction(16, 100)) and not goal.met(Fraction(161, 1000))
    relative = share("10% higher than baseline", "50% at 2025-Q4")
    assert relative.low == Fraction(55, 100)
    assert relative.text == "10% higher than baseline (at least 55%)"


def test_without_a_baseline_a_relative_target_is_a_goal_on_the_change() -> None:
    goal = share("2 points below baseline")
    assert not goal.judged
    assert (goal.space, goal.high) == ("change", Fraction(-2, 100))


def test_a_count_per_year_is_converted_to_the_reporting_period() -> None:
    per_year = goal_of(target("at least 48 per year"), percent=False, unit="quarter",
                       baseline=None)
    assert per_year.low == 12
    assert per_year.text == "at least 48 per year"


def test_margin_is_signed_by_the_better_direction() -> None:
    assert share("less than 10%").margin(Fraction(7, 100)) == Fraction(3, 100)
    assert share("at least 60%").margin(Fraction(55, 100)) == Fraction(-5, 100)
    assert share("between 40% and 60%").margin(Fraction(50, 100)) is None
    assert share("between 40% and 60%").margin(Fraction(30, 100)) == Fraction(-10, 100)


def test_within_and_offer_margin_for_a_tender() -> None:
    required = share("less than 10%")
    assert share("less than 8%").within(required)
    assert not share("at most 10%").within(required)  # allows 10%, which is not less than 10%
    assert offer_margin(share("less than 8%"), required, in_points=True) == 2
    assert offer_margin(share("less than 12%"), required, in_points=True) == 0
    counts = goal_of(target("at least 12"), percent=False, unit="quarter", baseline=None)
    offered = goal_of(target("at least 60 per year"), percent=False, unit="quarter",
                      baseline=None)
    assert offer_margin(offered, counts, in_points=False) == Fraction(3, 12)  # 15 vs 12 a quarter


@pytest.mark.parametrize(("text", "direction"), [
    ("less than 10%", "lower"), ("at least 12", "higher"), ("between 1 and 2", "none"),
    ("2 points below baseline", "lower"), ("10% higher than baseline", "higher"),
])
def test_direction_from_the_form_alone(text: str, direction: str) -> None:
    assert direction_of(target(text)) == direction
