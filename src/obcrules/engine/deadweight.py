"""Whom a rate-card line pays for in one period: everyone who first qualified, or above a
deadweight only the outcomes above it, split among the line's price groups.

For a provider and period, ``n`` people first meet the line's condition (the people paid
without deadweight) and ``N`` people are members of the line's population. A line
``above D deadweight`` pays for ``max(0, n − floor(D × N))`` of them; ``above comparison
NAME`` takes ``D`` from the commissioner's comparison rate for the period, and pays
nobody in a period without one. When fewer are paid than qualified, those paid are the
first ``person_id``\\s in text order; that matters only for a line's price groups, whose
people among them the run counts (`chosen`). Each person still qualifies in one period
only, so is paid at most once over the contract, and the line's cap applies after.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

from obcrules.engine.aggregates import Aggregates
from obcrules.engine.backend import Backend
from obcrules.engine.planner import PERSON, PeoplePlan, first_people_query
from obcrules.model import Payment, RateLine

NO_RATE = ("no rate for the comparison group in this period: nobody is paid on this line "
           "for it until the commissioner supplies one")


@dataclass(frozen=True)
class LineCounts:
    """What the queries found for one rate-card line and one provider, by period."""

    qualifying: Mapping[str, int]
    """``n``: the people who first met the line's condition in each period."""
    groups: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    """Price group → period → its people among those qualifying."""
    population: Mapping[str, int] = field(default_factory=dict)
    """``N``: the members of the line's population in each period (a deadweight line)."""
    chosen: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    """Period → price group → its people among those paid, where fewer were paid than
    qualified."""


@dataclass(frozen=True)
class PeriodPeople:
    """The people a line pays for in one period, and how that number was reached."""

    period: str
    qualifying: int
    paid: int
    groups: dict[str | None, int]
    """People paid per price group (None: at the line's own price)."""
    population: int | None = None
    share: Decimal | None = None
    deadweight: int | None = None
    """floor(D × N): the outcomes expected anyway."""
    note: str | None = None


Shares = Callable[[str], Decimal | None]
"""A deadweight line's share ``D`` in a period (None: no comparison rate for it)."""


def shares_of(line: RateLine, comparisons: Mapping[tuple[str, str], Decimal]) -> Shares | None:
    """The line's deadweight share by period: its fixed share, or its comparison group's
    rate in each period; None for a line without deadweight."""
    deadweight = line.deadweight
    if deadweight is None:
        return None
    if deadweight.share is not None:
        share = Decimal(deadweight.share.value)
        return lambda _period: share
    name = deadweight.comparison.name if deadweight.comparison is not None else ""
    return lambda period: comparisons.get((name, period))


def paid_people(qualifying: int, population: int, share: Decimal) -> int:
    """max(0, n − floor(D × N)): the people paid for above the deadweight."""
    return max(0, qualifying - _expected(population, share))


def _expected(population: int, share: Decimal) -> int:
    """floor(D × N), exactly."""
    return int((share * population).to_integral_value(rounding=ROUND_FLOOR))


def period_people(line: RateLine, counts: LineCounts, period: str,
                  shares: Shares | None) -> PeriodPeople:
    """Whom ``line`` pays for in ``period``: ``shares`` None pays everyone who qualified."""
    qualifying = counts.qualifying.get(period, 0)
    if shares is None:
        return PeriodPeople(period, qualifying, qualifying,
                            _split(line, counts, period, qualifying, qualifying))
    population = counts.population.get(period, 0)
    share = shares(period)
    if share is None:
        return PeriodPeople(period, qualifying, 0, {}, population, None, None, NO_RATE)
    paid = paid_people(qualifying, population, share)
    return PeriodPeople(period, qualifying, paid,
                        _split(line, counts, period, qualifying, paid), population, share,
                        _expected(population, share))


def _split(line: RateLine, counts: LineCounts, period: str, qualifying: int,
           paid: int) -> dict[str | None, int]:
    if not line.groups or paid == 0:
        return {None: paid} if paid else {}
    grouped: dict[str | None, int] = {}
    chosen = counts.chosen.get(period, {})
    for group in line.groups:
        grouped[group.name] = (counts.groups.get(group.name, {}).get(period, 0)
                               if paid == qualifying else chosen.get(group.name, 0))
    return {None: paid - sum(grouped.values()), **grouped}


def partial_periods(line: RateLine, counts: LineCounts,
                    shares: Shares | None) -> list[str]:
    """The periods in which a line with price groups pays some but not all who qualified:
    there, which groups the people paid are in depends on who they are."""
    if shares is None or not line.groups:
        return []
    found = []
    for period, qualifying in sorted(counts.qualifying.items()):
        share = shares(period)
        if share is None:
            continue
        paid = paid_people(qualifying, counts.population.get(period, 0), share)
        if 0 < paid < qualifying:
            found.append(period)
    return found


def chosen_groups(rows: list[tuple[str, list[bool]]], paid: int,
                  groups: list[str]) -> dict[str, int]:
    """Among people ``(person_id, [in group 0, in group 1, …])``, the price groups of the
    first ``paid`` by person_id (compared as text, the same on every engine)."""
    counted = dict.fromkeys(groups, 0)
    for _, member in sorted(rows)[:paid]:
        for name, inside in zip(groups, member, strict=True):
            if inside:
                counted[name] += 1
    return counted


def choose_paid(backend: Backend, payment: Payment, people: PeoplePlan,
                found: Aggregates) -> None:
    """For each deadweight line with price groups, in each period where it pays fewer than
    qualified, count the groups of those it pays (the first by person_id) into
    ``found.chosen``."""
    for table, conditions in people.items():
        for at, condition in enumerate(conditions):
            line = payment.rate_lines[condition.index - 1] if condition.index else None
            if condition.role != "line" or line is None or not line.groups:
                continue
            groups = [i for i, c in enumerate(conditions) if c.role == "group" and c.of == at]
            names = [str(conditions[i].group) for i in groups]
            shares = shares_of(line, found.comparisons)
            counts = found.first.get((table, at), {})
            population = found.population.get(condition.index, {})
            wanted = [(provider, period) for provider, by_period in sorted(counts.items())
                      for period in partial_periods(
                          line, LineCounts(by_period, {}, population.get(provider, {})),
                          shares)]
            if not wanted or shares is None:
                continue
            members: dict[tuple[str, str], list[tuple[str, list[bool]]]] = {}
            for row in backend.fetch(first_people_query(table, at, groups, wanted)):
                members.setdefault((str(row["provider"]), str(row["period"])), []).append(
                    (str(row[PERSON]), [bool(row[f"g{i}"]) for i in range(len(groups))]))
            chosen = found.chosen.setdefault(condition.index, {})
            for provider, period in wanted:
                share = shares(period)
                assert share is not None  # partial periods have a share
                paid = paid_people(counts[provider][period],
                                   population.get(provider, {}).get(period, 0), share)
                chosen.setdefault(provider, {})[period] = chosen_groups(
                    members.get((provider, period), []), paid, names)
