"""Comparing a bid's offered target with the ruleset's required one.

Both targets are read as `obcrules.semantics.goals.Goal`s, the values that meet
them. Then:

* an offer is **no weaker** than the requirement when every value that meets the
  offer also meets the requirement (`Goal.within`);
* its **margin** is how far its threshold beats the required threshold, in the
  direction the requirement points: in points for shares, as a relative change
  (difference ÷ required value) for counts, means and totals
  (`obcrules.semantics.goals.offer_margin`). A ``between`` requirement has no
  direction, so no offer beats it (margin 0).

Relative targets are turned into absolute ones with the outcome's ``baseline``.
Without a baseline, two relative targets in the same form are compared by their
amounts (a larger change is stronger); a relative and an absolute target cannot
be compared, and the offer fails the gate with that reason. Counts ``per
PERIOD`` are compared per the ruleset's reporting period (a count without
``per`` is per that period).
"""

from __future__ import annotations

from decimal import Decimal

from obcrules.model import Item, PercentLit, PeriodUnit, Target
from obcrules.semantics.goals import Goal, goal_of, offer_margin
from obcrules.syntax.printer import format_target


def _pair(offered: Target, item: Item, period: PeriodUnit | None) -> tuple[Goal, Goal] | None:
    required = item.target
    if required is None:
        return None
    unit: PeriodUnit = period or "year"
    goals = tuple(goal_of(t, percent=True, unit=unit, baseline=item.baseline)
                  for t in (offered, required))
    return goals[0], goals[1]


def weaker_reason(offered: Target, offered_text: str, item: Item,
                  period: PeriodUnit | None) -> str | None:
    """Why ``offered`` is weaker than ``item``'s required target, or None when it is not."""
    pair = _pair(offered, item, period)
    if pair is None:
        return None
    got, want = pair
    assert item.target is not None
    if got.space != want.space:
        return (f"`{item.name}`: the offered target `{offered_text}` cannot be compared with "
                f"the required `{format_target(item.target)}` without a baseline; offer it in the "
                "same form")
    if got.within(want):
        return None
    return (f"`{item.name}`: the offered target `{offered_text}` is weaker than the required "
            f"`{format_target(item.target)}`")


def margin(offered: Target, item: Item, period: PeriodUnit | None) -> Decimal:
    """How far ``offered`` beats ``item``'s required target (0 when it does not).

    In points for shares (and relative targets without a baseline); as a relative
    change (difference ÷ required threshold) for other measures.
    """
    pair = _pair(offered, item, period)
    if pair is None:
        return Decimal(0)
    got, want = pair
    value = offer_margin(got, want, in_points=_in_points(item))
    return Decimal(value.numerator) / Decimal(value.denominator)


def margin_unit(item: Item) -> str:
    """``points`` or ``relative``: how margins on ``item`` are measured."""
    if item.target is None:
        return "relative"
    required = goal_of(item.target, percent=True, unit="year", baseline=item.baseline)
    return "points" if _in_points(item) or required.space == "change" else "relative"


def _in_points(item: Item) -> bool:
    return (item.measure is not None and item.measure.kind == "share") or isinstance(
        getattr(item.target, "value", None), PercentLit)
