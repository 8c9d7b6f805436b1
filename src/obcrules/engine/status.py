"""Trajectory: how a period's value compares with the one before.

What a target means (its `Goal`) lives in `obcrules.semantics.goals`; here a
trajectory rule (``improves every quarter by 1 point``, ``no worse than
previous quarter``) is judged in the goal's direction.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from obcrules.model import Trajectory
from obcrules.semantics.goals import Goal, amount
from obcrules.syntax.printer import format_trajectory


@dataclass(frozen=True)
class TrajectoryCheck:
    """The trajectory rule's verdict for one period."""

    rule: str
    status: str
    previous: Fraction | None = None
    change: Fraction | None = None


def trajectory_rule(trajectory: Trajectory) -> str:
    """The rule in words, as the ruleset states it."""
    return format_trajectory(trajectory)


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
    direction = goal_.sign if goal_ is not None else 0
    if direction == 0:
        return TrajectoryCheck(rule, "no direction", previous, change)
    better = change * direction
    if trajectory.kind == "no_worse":
        return TrajectoryCheck(rule, "no worse" if better >= 0 else "worse", previous, change)
    step = amount(trajectory.by, percent) if trajectory.by is not None else None
    improving = better >= step if step is not None else better > 0
    return TrajectoryCheck(rule, "improving" if improving else "not improving", previous, change)
