"""What a target means: the values that meet it, and which way is better.

A target is read as a `Goal`: the interval of values that meet it and the
direction that counts as better. ``less than 10%`` is the half-line below 1/10
(lower is better), ``at least 60%`` the half-line from 6/10 up (higher is
better), ``between 40% and 60%`` a closed range (no direction). A relative
target (``2 points below baseline``, ``10% higher than baseline``) becomes the
interval beyond the baseline moved by the change; without a baseline it stays a
goal *on the change itself* (``space == "change"``), which a tender can compare
with another relative target but against which no value can be judged.

Values are exact `Fraction`s on the measure's scale: a percentage is a fraction
of one, and points are hundredths when the measure is a percentage. A count
``per PERIOD`` is converted to the reporting period, so that ``at least 48 per
year`` and ``at least 12`` in a quarterly ruleset are the same goal.

The engine judges values against goals (`Goal.met`, `Goal.margin`), the tender
compares an offered goal with the required one (`Goal.within`, `offer_margin`),
and the reports show `Goal.text`, the target as the ruleset states it
(`obcrules.syntax.printer.format_target`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from obcrules.model import (
    MONTHS,
    Baseline,
    BetweenTarget,
    BoundTarget,
    DurationLit,
    MoneyLit,
    Node,
    NumberLit,
    PercentLit,
    PeriodUnit,
    PointsLit,
    RelativeTarget,
    Target,
)
from obcrules.syntax.printer import format_target

Direction = Literal["lower", "higher", "none"]
Space = Literal["absolute", "change"]
Value = NumberLit | PercentLit | PointsLit | MoneyLit | DurationLit

NO_BASELINE = "the ruleset gives no baseline"
"""Why a relative target without a baseline cannot be judged."""


@dataclass(frozen=True)
class Goal:
    """The interval a value must fall in to meet a target, and which way is better.

    A missing bound is unbounded. ``text`` is the target as a policy lead wrote
    it, with the absolute bound a relative target works out to
    (``2 points below baseline (at most 16%)``).
    """

    low: Fraction | None
    low_closed: bool
    high: Fraction | None
    high_closed: bool
    direction: Direction
    text: str
    space: Space = "absolute"

    @property
    def judged(self) -> bool:
        """True when a measured value can be judged against the goal (not a bare change)."""
        return self.space == "absolute"

    @property
    def sign(self) -> int:
        """-1 when lower is better, +1 when higher is better, 0 for a range."""
        return {"lower": -1, "higher": 1, "none": 0}[self.direction]

    @property
    def threshold(self) -> Fraction | None:
        """The bound a better value moves away from (None for a range)."""
        if self.direction == "lower":
            return self.high
        if self.direction == "higher":
            return self.low
        return None

    def met(self, value: Fraction) -> bool:
        """True when ``value`` meets the target."""
        if self.low is not None and (value < self.low or
                                     (value == self.low and not self.low_closed)):
            return False
        return not (self.high is not None and (value > self.high or
                                               (value == self.high and not self.high_closed)))

    def margin(self, value: Fraction) -> Fraction | None:
        """How far ``value`` is on the better side of the target (negative when worse).

        For a range: how far outside it ``value`` lies, negated, or None inside it.
        """
        threshold = self.threshold
        if threshold is not None:
            return (value - threshold) * self.sign
        outside = Fraction(0)
        if self.low is not None and value < self.low:
            outside = self.low - value
        if self.high is not None and value > self.high:
            outside = value - self.high
        return -outside if outside else None

    def within(self, other: Goal) -> bool:
        """True when every value that meets this goal also meets ``other``."""
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


def amount(value: Value, percent: bool) -> Fraction:
    """A literal as a fraction on the measure's scale (points are hundredths of a percentage)."""
    if isinstance(value, MoneyLit):
        return Fraction(value.amount)
    if isinstance(value, DurationLit):
        return Fraction(value.amount)
    if isinstance(value, PointsLit):
        return Fraction(value.value) / 100 if percent else Fraction(value.value)
    return Fraction(value.value)


def direction_of(target: Target) -> Direction:
    """Which values are better under ``target``, read from its form alone."""
    if isinstance(target, BoundTarget):
        return "lower" if target.op in ("<", "<=") else "higher"
    if isinstance(target, RelativeTarget):
        return "lower" if target.direction == "below" else "higher"
    return "none"


@dataclass(frozen=True)
class TargetProblem:
    """A target whose form does not fit its measure (the checker reports it as OBC105)."""

    node: Node
    message: str
    suggestion: str


def target_values(target: Target) -> tuple[Value, ...]:
    """The literals of ``target`` that must be in the measure's unit (none for a change)."""
    if isinstance(target, BoundTarget):
        return (target.value,)
    if isinstance(target, BetweenTarget):
        return (target.low, target.high)
    return ()


MOST_POINTS = Decimal(100)
"""The most a share or percentage can move: from 0% to 100%."""
POINTS_BEYOND_RANGE = ("a share or percentage moves at most 100 points (from 0% to 100%), "
                       "so this is never reached")


def target_problems(target: Target, measure_kind: str, measure_type: str,
                    percent: bool) -> list[TargetProblem]:
    """What in the form of ``target`` does not fit a ``measure_kind`` measure.

    ``measure_type`` names the measure's type for the message and ``percent``
    says it is a percentage. The units of `target_values` are the checker's to
    compare with the measure's.
    """
    if isinstance(target, BoundTarget):
        if target.per is not None and measure_kind not in ("count", "total"):
            return [TargetProblem(target, f"`per {target.per}` fits a count, not a "
                                  f"{measure_kind}", "drop `per …`")]
    elif isinstance(target, BetweenTarget):
        low, high = (v.value if isinstance(v, NumberLit | PercentLit) else None
                     for v in (target.low, target.high))
        if low is not None and high is not None and low > high:
            return [TargetProblem(target, "the lower bound of `between` is above the upper",
                                  "write the smaller value first")]
    elif isinstance(target.amount, PointsLit) and not percent:
        return [TargetProblem(target.amount, "points below or above baseline fit a share or "
                              f"percentage; this measure is {measure_type}",
                              "write a relative change instead, e.g. `10% lower than baseline`")]
    elif isinstance(target.amount, PointsLit) and target.amount.value > MOST_POINTS:
        return [TargetProblem(target.amount, POINTS_BEYOND_RANGE, "check the number")]
    return []


def goal_of(target: Target, *, percent: bool, unit: PeriodUnit,
            baseline: Baseline | None, currency: str = "") -> Goal:
    """The goal of ``target`` on a measure reported every ``unit``.

    ``percent`` says the measure is a percentage (a share, or the mean of a
    0–100 field), so points are hundredths; ``currency`` shows the bound a
    relative target works out to on a money measure.
    """
    text = format_target(target)
    if isinstance(target, BoundTarget):
        bound = amount(target.value, percent)
        if target.per is not None:
            bound = bound * MONTHS[unit] / MONTHS[target.per]
        if target.op in ("<", "<="):
            return Goal(None, False, bound, target.op == "<=", "lower", text)
        return Goal(bound, target.op == ">=", None, False, "higher", text)
    if isinstance(target, BetweenTarget):
        return Goal(amount(target.low, percent), True, amount(target.high, percent), True,
                    "none", text)
    return _relative(target, text, percent=percent, baseline=baseline, currency=currency)


def _relative(target: RelativeTarget, text: str, *, percent: bool,
              baseline: Baseline | None, currency: str) -> Goal:
    below = target.direction == "below"
    if baseline is None:  # a goal on the change itself: points or a relative change
        change = (Fraction(target.amount.value) / 100 if isinstance(target.amount, PointsLit)
                  else Fraction(target.amount.value))
        if below:
            return Goal(None, False, -change, True, "lower", text, "change")
        return Goal(change, True, None, False, "higher", text, "change")
    base = amount(baseline.value, percent)
    if isinstance(target.amount, PointsLit):
        delta = amount(target.amount, percent)
    else:
        delta = base * Fraction(target.amount.value)
    if below:
        bound = base - delta
        return Goal(None, False, bound, True, "lower",
                    f"{text} (at most {show(bound, percent, currency)})")
    bound = base + delta
    return Goal(bound, True, None, False, "higher",
                f"{text} (at least {show(bound, percent, currency)})")


def offer_margin(offered: Goal, required: Goal, *, in_points: bool) -> Fraction:
    """How far an offered target beats the required one (0 when it does not).

    In points when ``in_points`` (shares) or when both are changes without a
    baseline; otherwise as a relative change: the difference ÷ the required
    threshold. Goals in different spaces, a required range, or an offer
    pointing the other way beat nothing.
    """
    if (offered.space != required.space or required.direction == "none"
            or offered.direction != required.direction):
        return Fraction(0)
    required_threshold, offered_threshold = required.threshold, offered.threshold
    assert required_threshold is not None and offered_threshold is not None
    difference = (offered_threshold - required_threshold) * required.sign
    if difference <= 0:
        return Fraction(0)
    if in_points or offered.space == "change":
        return difference * 100
    return difference / abs(required_threshold) if required_threshold != 0 else difference


def show(value: Fraction, percent: bool, currency: str = "") -> str:
    """A computed bound as a policy lead writes it: ``16%``, ``£1200``, ``12.5``."""
    if percent:
        return f"{plain(value * 100)}%"
    return f"{currency}{plain(value)}"


def plain(number: Fraction) -> str:
    """A fraction as short decimal text: 0.1 → ``0.1``, 12 → ``12``, 1/3 → ``0.333333``."""
    text = f"{Decimal(number.numerator) / Decimal(number.denominator):.6f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


__all__ = ["NO_BASELINE", "Direction", "Goal", "TargetProblem", "amount", "direction_of",
           "goal_of", "offer_margin", "plain", "show", "target_problems", "target_values"]
