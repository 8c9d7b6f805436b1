"""Equality breakdowns: each outcome's share by sex, ethnicity and disability.

Groups with fewer than `SMALL_NUMBER` people (the denominator) are suppressed:
their counts and value are withheld. When only one group of a breakdown would be
suppressed, it could be worked out from the total and the others, so the next
smallest group is suppressed too (secondary suppression). Records with no value
for the field form the group ``not recorded``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

SMALL_NUMBER = 10
"""Groups of fewer people than this are suppressed (the plugin contract's default)."""

NOT_RECORDED = "not recorded"


@dataclass(frozen=True)
class GroupCount:
    """One group of one breakdown before suppression."""

    provider: str
    period: str
    name: str
    field: str
    group: str
    numerator: int
    denominator: int


def suppress(counts: Iterable[GroupCount], small: int = SMALL_NUMBER) -> list[dict[str, Any]]:
    """The breakdown entries, small groups suppressed, sorted by provider, period, name,
    field and group."""
    breakdowns: dict[tuple[str, str, str, str], list[GroupCount]] = defaultdict(list)
    for count in counts:
        if count.denominator > 0:
            breakdowns[(count.provider, count.period, count.name, count.field)].append(count)
    out: list[dict[str, Any]] = []
    for key in sorted(breakdowns):
        groups = sorted(breakdowns[key], key=lambda g: g.group)
        hidden = {g.group for g in groups if g.denominator < small}
        if len(hidden) == 1 and len(groups) > 1:
            shown = sorted((g for g in groups if g.group not in hidden),
                           key=lambda g: (g.denominator, g.group))
            hidden.add(shown[0].group)
        for g in groups:
            suppressed = g.group in hidden
            out.append({
                "provider": g.provider,
                "period": g.period,
                "name": g.name,
                "field": g.field,
                "group": g.group,
                "suppressed": suppressed,
                "numerator": None if suppressed else g.numerator,
                "denominator": None if suppressed else g.denominator,
                "value": None if suppressed else ratio(g.numerator, g.denominator),
            })
    return out


def ratio(numerator: int, denominator: int) -> float | None:
    """``numerator / denominator`` rounded to six decimals (None over no records)."""
    if denominator == 0:
        return None
    if numerator % denominator == 0:
        return numerator // denominator
    return round(numerator / denominator, 6)  # true division is correctly rounded


def number(value: Fraction) -> int | float:
    """A value for the JSON result: a whole number as such, others to six decimals."""
    return value.numerator if value.denominator == 1 else round(float(value), 6)
