"""Comparing a bid's offered target with the ruleset's required one.

A target is read as the set of values that meet it: ``less than 8%`` is the
half-line below 8%, ``between 40% and 60%`` a closed range, ``2 points below
baseline`` the values at or below the baseline minus 2 points. Then:

* an offer is **no weaker** than the requirement when every value that meets the
  offer also meets the requirement (its set lies inside the required set);
* its **margin** is how far its threshold beats the required threshold, in the
  direction the requirement points: in points for shares, as a relative change
  (difference ÷ required value) for counts, means and totals. A ``between``
  requirement has no direction, so no offer beats it (margin 0).

Relative targets are turned into absolute ones with the outcome's ``baseline``.
Without a baseline, two relative targets in the same form are compared by their
amounts (a larger change is stronger); a relative and an absolute target cannot
be compared, and the offer fails the gate with that reason. Counts ``per
PERIOD`` are compared as rates per year (a count without ``per`` is per the
ruleset's reporting period).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from obcrules.model import (
    BetweenTarget,
    BoundTarget,
    Item,
    MoneyLit,
    NumberLit,
    PercentLit,
    PeriodUnit,
    PointsLit,
    RelativeTarget,
    Target,
)
from obcrules.syntax.printer import format_target

PER_YEAR: dict[str, Decimal] = {"month": Decimal(12), "quarter": Decimal(4), "year": Decimal(1)}


@dataclass(frozen=True)
class Interval:
    """The values that meet a target; a missing bound is unbounded."""

    low: Decimal | None
    low_closed: bool
    high: Decimal | None
    high_closed: bool
    space: str  # "absolute" or "change" (a relative target without a baseline)

    def within(self, other: Interval) -> bool:
        """True when every value of this interval lies in ``other``."""
        if other.low is not None:
            if self.low is None or self.low < other.low:
                return False
            if self.low == other.low and not other.low_closed and self.low_closed:
                return False
        if other.high is not None:
            if self.high is None or self.high > other.high:
                return False
            if self.high == other.high and not other.high_closed and self.high_closed:
                return False
        return True

    @property
    def direction(self) -> str:
        """``lower`` or ``higher``: which values are better; ``none`` for a range."""
        if self.high is not None and self.low is None:
            return "lower"
        if self.low is not None and self.high is None:
            return "higher"
        return "none"


def value_of(value: object) -> Decimal:
    """The number in a target value (a percentage as its fraction, points in points)."""
    if isinstance(value, PercentLit | NumberLit | PointsLit):
        return value.value
    if isinstance(value, MoneyLit):
        return value.amount
    raise TypeError(f"not a target value: {value!r}")


def interval(target: Target, item: Item, period: PeriodUnit | None,
             rate: bool = False) -> Interval:
    """The set of values that meet ``target`` for ``item`` (see the module docstring).

    With ``rate``, bounds are counts per year: ``per PERIOD`` converts, and a bound
    without ``per`` is per the ruleset's reporting ``period``.
    """
    if isinstance(target, BoundTarget):
        scale = PER_YEAR[target.per or period or "year"] if rate else Decimal(1)
        value = value_of(target.value) * scale
        closed = target.op in ("<=", ">=")
        if target.op in ("<", "<="):
            return Interval(None, False, value, closed, "absolute")
        return Interval(value, closed, None, False, "absolute")
    if isinstance(target, BetweenTarget):
        return Interval(value_of(target.low), True, value_of(target.high), True, "absolute")
    return _relative(target, item)


def _relative(target: RelativeTarget, item: Item) -> Interval:
    amount = target.amount.value
    if item.baseline is None:
        change = amount / 100 if isinstance(target.amount, PointsLit) else amount
        if target.direction == "below":
            return Interval(None, False, -change, True, "change")
        return Interval(change, True, None, False, "change")
    base = value_of(item.baseline.value)
    if isinstance(target.amount, PointsLit):
        threshold = base - amount / 100 if target.direction == "below" else base + amount / 100
    else:
        factor = 1 - amount if target.direction == "below" else 1 + amount
        threshold = base * factor
    if target.direction == "below":
        return Interval(None, False, threshold, True, "absolute")
    return Interval(threshold, True, None, False, "absolute")


def _pair(offered: Target, item: Item, period: PeriodUnit | None
          ) -> tuple[Interval, Interval] | None:
    required = item.target
    if required is None:
        return None
    rate = any(isinstance(t, BoundTarget) and t.per is not None for t in (offered, required))
    return interval(offered, item, period, rate), interval(required, item, period, rate)


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
    if got.space != want.space or want.direction == "none" or got.direction != want.direction:
        return Decimal(0)
    if want.direction == "lower":
        assert got.high is not None and want.high is not None
        threshold, difference = want.high, want.high - got.high
    else:
        assert got.low is not None and want.low is not None
        threshold, difference = want.low, got.low - want.low
    if difference <= 0:
        return Decimal(0)
    if _in_points(item) or got.space == "change":
        return difference * 100
    return difference / abs(threshold) if threshold != 0 else difference


def margin_unit(item: Item) -> str:
    """``points`` or ``relative``: how margins on ``item`` are measured."""
    if _in_points(item) or (item.baseline is None and isinstance(item.target, RelativeTarget)):
        return "points"
    return "relative"


def _in_points(item: Item) -> bool:
    return (item.measure is not None and item.measure.kind == "share") or isinstance(
        getattr(item.target, "value", None), PercentLit)
