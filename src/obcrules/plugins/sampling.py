"""Building blocks for sample-data generators: seeded, vectorised, Arrow only.

A generator lays out person rows over providers and quarters with `people_frame`
and then draws its own fields with a `Sampler`. Every draw is a pyarrow compute
kernel (``pyarrow.compute.random`` seeded from the generator's seed and a draw
counter), so ten million rows take seconds and the same seed gives the same data
(with the same pyarrow version).

Each provider has a ``skill`` from 0 to 1 that generators turn into outcome
probabilities, so that providers perform differently; a provider may be
``silent`` in some periods (it made no return), so that rulesets see *no data*.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from obcrules.plugins.common_tables import people_table
from obcrules.plugins.dates import period_bounds
from obcrules.plugins.declarations import FieldDecl, TableDecl

QUARTERS: tuple[str, ...] = tuple(f"{y}-Q{q}" for y in (2025, 2026) for q in range(1, 5))
"""The eight quarters that sample data covers: 2025-Q1 to 2026-Q4."""

SEX = (("female", 0.50), ("male", 0.47), ("other", 0.01), ("not_known", 0.02))
ETHNICITY = (
    ("white", 0.78),
    ("mixed", 0.03),
    ("asian", 0.09),
    ("black", 0.05),
    ("other", 0.02),
    ("not_known", 0.03),
)
DISABILITY = (("yes", 0.22), ("no", 0.70), ("not_known", 0.08))


@dataclass(frozen=True)
class ProviderProfile:
    """A synthetic provider: its name, an id prefix, relative size and performance."""

    name: str
    code: str
    size: float
    skill: float
    silent: tuple[str, ...] = ()


class Sampler:
    """Seeded random draws as Arrow arrays; each call advances a draw counter."""

    def __init__(self, seed: int) -> None:
        self._seed = seed
        self._draws = 0

    def uniform(self, n: int) -> Any:
        """``n`` doubles uniform on [0, 1)."""
        self._draws += 1
        initializer = (self._seed * 1_000_003 + self._draws * 7_919) % (2**63)
        return pc.random(n, initializer=initializer)

    def chance(self, n: int, p: float | Any) -> Any:
        """``n`` booleans, each true with probability ``p`` (a number or an array)."""
        return pc.less(self.uniform(n), p)

    def integers(self, n: int, low: int, high: int) -> Any:
        """``n`` integers uniform from ``low`` to ``high`` inclusive (int64)."""
        scaled = pc.floor(pc.multiply(self.uniform(n), high - low + 1))
        return pc.add(pc.cast(scaled, pa.int64()), low)

    def around(self, n: int, centre: float | Any, spread: float, low: int, high: int) -> Any:
        """``n`` integers near ``centre`` (bell-shaped, sd ``spread``), clipped to [low, high]."""
        total = pc.add(pc.add(self.uniform(n), self.uniform(n)), self.uniform(n))
        value = pc.add(pc.multiply(pc.subtract(total, 1.5), 2 * spread), centre)
        rounded = pc.cast(pc.round(value), pa.int64())
        return pc.min_element_wise(pc.max_element_wise(rounded, low), high)

    def choice(self, n: int, options: Sequence[tuple[str, float]]) -> Any:
        """``n`` values drawn from ``(value, weight)`` options."""
        total = sum(w for _, w in options)
        u = self.uniform(n)
        index = pc.multiply(u, 0)
        running = 0.0
        for _, weight in options[:-1]:
            running += weight / total
            index = pc.add(index, pc.cast(pc.greater_equal(u, running), pa.float64()))
        values = pa.array([v for v, _ in options], pa.string())
        return pc.take(values, pc.cast(index, pa.int64()))

    def blank(self, array: Any, rate: float | Any) -> Any:
        """``array`` with each value missing with probability ``rate``."""
        return pc.if_else(self.chance(len(array), rate), pa.nulls(len(array), array.type), array)


@dataclass
class PeopleFrame:
    """Person rows laid out over providers and periods, with the common people fields.

    ``skill`` is each row's provider skill; ``period_index`` counts periods from 0
    (for trends); ``period_end`` is each row's period end date.
    """

    size: int
    skill: Any
    period_index: Any
    period_end: Any
    columns: dict[str, Any] = field(default_factory=dict)


def group_sizes(
    rows: int, providers: Sequence[ProviderProfile], periods: Sequence[str]
) -> list[tuple[int, int, int]]:
    """``(provider index, period index, rows)`` for each provider and period with a return.

    Rows are shared in proportion to provider size; the remainder goes to the
    first groups so that the sizes add up to ``rows`` exactly.
    """
    groups = [
        (i, j, p.size)
        for i, p in enumerate(providers)
        for j, period in enumerate(periods)
        if period not in p.silent
    ]
    total = sum(w for _, _, w in groups)
    sizes = [int(rows * w / total) for _, _, w in groups]
    for k in range(rows - sum(sizes)):
        sizes[k % len(sizes)] += 1
    return [(i, j, n) for (i, j, _), n in zip(groups, sizes, strict=True)]


def _repeat_by_group(values: Sequence[Any], sizes: Sequence[int], type_: Any) -> Any:
    chunks = [pa.repeat(pa.scalar(v, type_), n) for v, n in zip(values, sizes, strict=True) if n]
    return pa.chunked_array(chunks, type_).combine_chunks() if chunks else pa.array([], type_)


def people_frame(
    rows: int,
    sampler: Sampler,
    providers: Sequence[ProviderProfile],
    ages: tuple[int, int],
    periods: Sequence[str] = QUARTERS,
) -> PeopleFrame:
    """``rows`` person rows with person_id, provider, period, age, sex, ethnicity, disability.

    ``person_id`` is ``<provider code>-<period>-<n>``: unique within provider and
    period (and across them). About 2% of ages and equality fields are missing.
    """
    groups = group_sizes(rows, providers, periods)
    sizes = [n for _, _, n in groups]
    provider = _repeat_by_group([providers[i].name for i, _, _ in groups], sizes, pa.string())
    period = _repeat_by_group([periods[j] for _, j, _ in groups], sizes, pa.string())
    skill = _repeat_by_group([providers[i].skill for i, _, _ in groups], sizes, pa.float64())
    period_index = _repeat_by_group([j for _, j, _ in groups], sizes, pa.int64())
    ends = [period_bounds(periods[j])[1] for _, j, _ in groups]
    period_end = _repeat_by_group(ends, sizes, pa.date32())
    prefix = _repeat_by_group(
        [f"{providers[i].code}-{periods[j]}-" for i, j, _ in groups], sizes, pa.string()
    )
    starts = [0]
    for n in sizes[:-1]:
        starts.append(starts[-1] + n)
    position = pc.subtract(pc.cumulative_sum(pa.repeat(pa.scalar(1, pa.int64()), rows)), 1)
    ordinal = pc.add(pc.subtract(position, _repeat_by_group(starts, sizes, pa.int64())), 1)
    person_id = pc.binary_join_element_wise(
        prefix, pc.utf8_lpad(pc.cast(ordinal, pa.string()), 6, "0"), ""
    )
    columns = {
        "person_id": person_id,
        "provider": provider,
        "period": period,
        "age": sampler.blank(sampler.integers(rows, ages[0], ages[1]), 0.02),
        "sex": sampler.blank(sampler.choice(rows, SEX), 0.02),
        "ethnicity": sampler.blank(sampler.choice(rows, ETHNICITY), 0.02),
        "disability": sampler.blank(sampler.choice(rows, DISABILITY), 0.02),
    }
    return PeopleFrame(
        size=rows, skill=skill, period_index=period_index, period_end=period_end, columns=columns
    )


def days_before(dates: Any, days: Any) -> Any:
    """Each date minus a number of days (an int array or number), as date32."""
    as_int = pc.cast(pc.cast(dates, pa.int32()), pa.int64())
    return pc.cast(pc.cast(pc.subtract(as_int, days), pa.int32()), pa.date32())


def days_after(dates: Any, days: Any) -> Any:
    """Each date plus a number of days (an int array or number), as date32."""
    return days_before(dates, pc.negate(days) if not isinstance(days, int) else -days)


def only_where(mask: Any, values: Any) -> Any:
    """``values`` where ``mask`` holds, missing elsewhere."""
    return pc.if_else(mask, values, pa.nulls(len(values), values.type))


def people_with(fields: Sequence[FieldDecl]) -> TableDecl:
    """The core ``people`` table with a service's fields added, to type its sample data."""
    core = people_table()
    return core.model_copy(update={"fields": core.fields + tuple(fields)})


def sample_referrals(people: Any, seed: int) -> Any:
    """The commissioner's ``referrals`` for a sample ``people`` table (Arrow), for
    ``cohort referrals``: most people referred to their provider before or during their
    first period; some never referred (the provider added them); some also referred
    earlier to another provider; and some referred but never seen in a return.

    Drawn with Python's seeded generator from the people's ids, so the same people and
    seed give the same referrals.
    """
    import datetime as dt
    import random

    rng = random.Random(seed)  # noqa: S311  # reproducible sample data, not secrets
    first: dict[tuple[str, str], str] = {}
    for person, provider, period in zip(people.column("person_id").to_pylist(),
                                        people.column("provider").to_pylist(),
                                        people.column("period").to_pylist(), strict=True):
        if person is None or provider is None or period is None:
            continue
        key = (str(provider), str(person))
        if key not in first or str(period) < first[key]:
            first[key] = str(period)
    providers = sorted({provider for provider, _ in first})
    rows: list[tuple[str, str, dt.date]] = []
    for (provider, person), period in sorted(first.items()):
        start, end = period_bounds(period)
        draw = rng.random()
        if draw < 0.05:
            continue  # not referred: the provider added them to its return
        referred = start - dt.timedelta(days=rng.randint(0, 60))
        if draw > 0.98:  # referred only after the period their outcome was returned in
            referred = end + dt.timedelta(days=rng.randint(1, 60))
        rows.append((person, provider, referred))
        others = [p for p in providers if p != provider]
        if others and rng.random() < 0.01:  # also referred, earlier, to another provider
            rows.append((person, rng.choice(others),
                         referred - dt.timedelta(days=rng.randint(1, 30))))
    for index, provider in enumerate(providers):
        periods = sorted({period for (p, _), period in first.items() if p == provider})
        for n in range(max(1, len([k for k in first if k[0] == provider]) // 25)):
            start, _ = period_bounds(periods[rng.randrange(len(periods))])
            rows.append((f"ref-{index + 1}-{n + 1:05d}", provider,
                         start + dt.timedelta(days=rng.randint(0, 80))))  # never seen
    rows.sort(key=lambda r: (r[2], r[1], r[0]))
    return pa.table({"person_id": pa.array([r[0] for r in rows], pa.string()),
                     "provider": pa.array([r[1] for r in rows], pa.string()),
                     "referred_on": pa.array([r[2] for r in rows], pa.date32())})
