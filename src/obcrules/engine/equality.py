"""Equality breakdowns: each outcome measured as a share or a mean, by sex, ethnicity
and disability.

A share's group gives the people who met the condition (numerator) of those counted
(denominator); a mean's, the sum of the values (numerator) over the people with one
(denominator), and the mean. Groups with fewer than `SMALL_NUMBER` people (the
denominator) are suppressed: their figures are withheld. When only one group of a
breakdown would be suppressed, it could be worked out from the total and the others,
so the next smallest group is suppressed too (secondary suppression). Records with no
value for the field form the group ``not recorded``. Medians do not add up from the
groups the scan keeps, and counts and totals have no denominator to judge a group's
size by, so they are not broken down.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from obcrules.engine.compile import Plan

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


Breakdown = dict[tuple[str, str, str, str], list[tuple[str, int | Fraction, int]]]
"""(provider, period, outcome, field) → its groups as (group, numerator, denominator):
a share's numerator a count, a mean's the sum of its values (exact)."""

BROKEN_DOWN = ("share", "mean")
"""The measures broken down by the equality fields (see the module)."""


@dataclass(frozen=True)
class BrokenDownOutcome:
    """An outcome broken down: its name and the aggregate columns of its numerator (a
    share's count, a mean's sum) and denominator (the people counted, or with a value);
    ``scale`` divides a mean of a 0-100 percentage field into a fraction, as its result."""

    name: str
    numerator: str
    denominator: str
    mean: bool = False
    scale: int = 1


def breakdowns(outcomes: list[BrokenDownOutcome], by_field: dict[str, list[dict[str, Any]]],
               providers: set[str], periods: set[str]) -> Breakdown:
    """The groups of each breakdown from one table's aggregates by provider, period and
    each equality field (``by_field``); groups without members are left out."""
    out: Breakdown = defaultdict(list)
    for field_name, rows in by_field.items():
        if not field_name:
            continue
        for r in rows:
            provider, period = str(r["provider"]), str(r["period"])
            if provider not in providers or period not in periods:
                continue
            group = r[field_name]
            group = NOT_RECORDED if group is None else str(group)
            for outcome in outcomes:
                denominator = int(r[outcome.denominator] or 0)
                if denominator > 0:
                    numerator = Fraction(Decimal(r[outcome.numerator] or 0)) / outcome.scale \
                        if outcome.mean else int(r[outcome.numerator] or 0)
                    out[(provider, period, outcome.name, field_name)].append(
                        (group, numerator, denominator))
    return out


def equality_entries(plan: Plan, fine: dict[str, dict[str, list[dict[str, Any]]]],
                     providers: list[str], span: list[str]) -> list[dict[str, Any]]:
    """The document's breakdowns: every outcome measured as a share or a mean, by each
    equality field its table's aggregates (``fine``: table → field → rows) carry."""
    outcomes: dict[str, list[BrokenDownOutcome]] = defaultdict(list)
    for measure in plan.measures:
        if measure.item.kind != "outcome" or measure.kind not in BROKEN_DOWN:
            continue
        name, columns = measure.item.name, measure.columns
        outcomes[measure.table].append(
            BrokenDownOutcome(name, columns["num"], columns["den"]) if measure.kind == "share"
            else BrokenDownOutcome(name, columns["sum"], columns["n"], mean=True,
                                   scale=100 if measure.percent_data else 1))
    grouped: Breakdown = {}
    for table, table_outcomes in outcomes.items():
        grouped.update(breakdowns(table_outcomes, fine.get(table, {}), set(providers), set(span)))
    return suppressed(grouped)


def suppress(counts: Iterable[GroupCount], small: int = SMALL_NUMBER) -> list[dict[str, Any]]:
    """The breakdown entries, small groups suppressed, sorted by provider, period, name,
    field and group."""
    grouped: Breakdown = defaultdict(list)
    for c in counts:
        if c.denominator > 0:
            grouped[(c.provider, c.period, c.name, c.field)].append(
                (c.group, c.numerator, c.denominator))
    return suppressed(grouped, small)


def suppressed(grouped: Breakdown, small: int = SMALL_NUMBER) -> list[dict[str, Any]]:
    """The entries of every breakdown, small groups suppressed (see `suppress`)."""
    out: list[dict[str, Any]] = []
    for key in sorted(grouped):
        provider, period, name, field = key
        groups = sorted(grouped[key])
        hidden = {g for g, _, d in groups if d < small}
        if len(hidden) == 1 and len(groups) > 1:
            smallest = min((d, g) for g, _, d in groups if g not in hidden)
            hidden.add(smallest[1])
        for group, numerator, denominator in groups:
            if group in hidden:
                out.append({"provider": provider, "period": period, "name": name,
                            "field": field, "group": group, "suppressed": True,
                            "numerator": None, "denominator": None, "value": None})
            elif isinstance(numerator, Fraction):  # a mean: the sum, and the mean
                out.append({"provider": provider, "period": period, "name": name,
                            "field": field, "group": group, "suppressed": False,
                            "numerator": number(numerator), "denominator": denominator,
                            "value": number(numerator / denominator)})
            else:
                out.append({"provider": provider, "period": period, "name": name,
                            "field": field, "group": group, "suppressed": False,
                            "numerator": numerator, "denominator": denominator,
                            "value": ratio(numerator, denominator)})
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
