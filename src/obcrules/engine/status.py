"""Targets, status and trajectory: how a value compares with what was promised.

Values are exact `Fraction`s. A share is its numerator over its denominator; a
percentage (a share, or the mean of a 0-100 percentage field) is a fraction of
one, so ``less than 10%`` compares with 1/10 and ``2 points`` is 2/100. A
target becomes a `Goal`: the interval the value must fall in and the direction
that counts as better (down for ``less than``, up for ``at least``, none for
``between``). A relative target is the interval around the baseline.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from obcrules.engine.periods import MONTHS
from obcrules.model import (
    Baseline,
    BetweenTarget,
    BoundTarget,
    DurationLit,
    MoneyLit,
    NumberLit,
    PercentLit,
    PeriodUnit,
    PointsLit,
    RelativeTarget,
    Target,
    Trajectory,
)

Value = NumberLit | PercentLit | PointsLit | MoneyLit | DurationLit


@dataclass(frozen=True)
class Goal:
    """The interval a value must fall in to meet its target, and which way is better."""

    low: Fraction | None
    high: Fraction | None
    low_inclusive: bool
    high_inclusive: bool
    direction: int  # -1 lower is better, +1 higher is better, 0 neither
    text: str

    def met(self, value: Fraction) -> bool:
        """True when ``value`` meets the target."""
        if self.low is not None and (value < self.low or
                                     (value == self.low and not self.low_inclusive)):
            return False
        return not (self.high is not None and (value > self.high or
                                               (value == self.high and not self.high_inclusive)))

    def margin(self, value: Fraction) -> Fraction | None:
        """How far ``value`` is on the better side of the target (negative when worse)."""
        if self.direction < 0 and self.high is not None:
            return self.high - value
        if self.direction > 0 and self.low is not None:
            return value - self.low
        outside = Fraction(0)
        if self.low is not None and value < self.low:
            outside = self.low - value
        if self.high is not None and value > self.high:
            outside = value - self.high
        return -outside if outside else None


def amount(value: Value, percent_measure: bool) -> Fraction:
    """A literal as a fraction on the measure's scale (points and percentages of one)."""
    if isinstance(value, MoneyLit):
        return Fraction(value.amount)
    if isinstance(value, DurationLit):
        return Fraction(value.amount)
    if isinstance(value, PointsLit):
        return Fraction(value.value) / 100 if percent_measure else Fraction(value.value)
    return Fraction(value.value)


def show(value: Value | Fraction, percent: bool, currency: str = "") -> str:
    """A value as a policy lead writes it: ``10%``, ``12``, ``£450``, ``2 points``."""
    if isinstance(value, PointsLit):
        return f"{_plain(Fraction(value.value))} points"
    if isinstance(value, MoneyLit):
        return f"{value.currency}{_plain(Fraction(value.amount))}"
    if isinstance(value, DurationLit):
        return f"{value.amount} {value.unit}s"
    number = value if isinstance(value, Fraction) else Fraction(value.value)
    if percent or isinstance(value, PercentLit):
        return f"{_plain(number * 100)}%"
    return f"{currency if isinstance(value, Fraction) else ''}{_plain(number)}"


def goal(target: Target, *, percent: bool, unit: PeriodUnit, baseline: Baseline | None,
         currency: str = "") -> Goal | str:
    """The goal of a target, or the reason there is none (a relative target, no baseline)."""
    if isinstance(target, BoundTarget):
        bound = amount(target.value, percent)
        if target.per is not None:
            bound = bound * MONTHS[unit] / MONTHS[target.per]
        text = f"{target.words} {show(target.value, percent, currency)}"
        if target.per is not None:
            text += f" per {target.per}"
        if target.op in ("<", "<="):
            return Goal(None, bound, False, target.op == "<=", -1, text)
        return Goal(bound, None, target.op == ">=", False, 1, text)
    if isinstance(target, BetweenTarget):
        low, high = amount(target.low, percent), amount(target.high, percent)
        text = (f"between {show(target.low, percent, currency)} and "
                f"{show(target.high, percent, currency)}")
        return Goal(low, high, True, True, 0, text)
    return _relative(target, percent=percent, baseline=baseline, currency=currency)


def _relative(target: RelativeTarget, *, percent: bool, baseline: Baseline | None,
              currency: str) -> Goal | str:
    if isinstance(target.amount, PointsLit):
        words = f"{_plain(Fraction(target.amount.value))} points {target.direction} baseline"
    else:
        change = "lower" if target.direction == "below" else "higher"
        words = f"{_plain(Fraction(target.amount.value) * 100)}% {change} than baseline"
    if baseline is None:
        return f"{words}: the ruleset gives no baseline"
    base = amount(baseline.value, percent)
    if isinstance(target.amount, PointsLit):
        delta = amount(target.amount, percent)
    else:
        delta = base * Fraction(target.amount.value)
    if target.direction == "below":
        bound = base - delta
        return Goal(None, bound, False, True, -1,
                    f"{words} (at most {show(bound, percent, currency)})")
    bound = base + delta
    return Goal(bound, None, True, False, 1,
                f"{words} (at least {show(bound, percent, currency)})")


@dataclass(frozen=True)
class TrajectoryCheck:
    """The trajectory rule's verdict for one period."""

    rule: str
    status: str
    previous: Fraction | None = None
    change: Fraction | None = None


def trajectory_rule(trajectory: Trajectory) -> str:
    """The rule in words, as the ruleset states it."""
    if trajectory.kind == "no_worse":
        return f"no worse than previous {trajectory.every}"
    text = f"improves every {trajectory.every}"
    if trajectory.by is not None:
        text += f" by {_plain(Fraction(trajectory.by.value))} points"
    return text


def check_trajectory(trajectory: Trajectory, goal_: Goal | None, value: Fraction | None,
                     previous: Fraction | None, *, has_previous: bool,
                     percent: bool) -> TrajectoryCheck:
    """Compare a period's value with the value ``lag`` periods before.

    Statuses: ``first period`` (nothing to compare with yet), ``no data`` (either
    value missing), ``no direction`` (a ``between`` target, or none), and then
    ``improving``/``not improving`` or ``no worse``/``worse``.
    """
    rule = trajectory_rule(trajectory)
    if not has_previous:
        return TrajectoryCheck(rule, "first period")
    if value is None or previous is None:
        return TrajectoryCheck(rule, "no data", previous)
    change = value - previous
    direction = goal_.direction if goal_ is not None else 0
    if direction == 0:
        return TrajectoryCheck(rule, "no direction", previous, change)
    better = change * direction
    if trajectory.kind == "no_worse":
        return TrajectoryCheck(rule, "no worse" if better >= 0 else "worse", previous, change)
    step = amount(trajectory.by, percent) if trajectory.by is not None else None
    improving = better >= step if step is not None else better > 0
    return TrajectoryCheck(rule, "improving" if improving else "not improving", previous, change)


def _plain(number: Fraction) -> str:
    """A fraction as short decimal text: 0.1 → ``0.1``, 12 → ``12``, 1/3 → ``0.333333``."""
    text = f"{Decimal(number.numerator) / Decimal(number.denominator):.6f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
