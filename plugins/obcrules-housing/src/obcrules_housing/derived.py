"""The derived table ``tenancy_sustainment``: per person, provider and period, from ``tenancies``.

- ``months_sustained``: the most complete calendar months any of the person's
  tenancies had lasted by the period end (counting to its end if it ended);
  missing when no tenancy has a start on or before the period end.
- ``sustained_6m`` / ``sustained_12m``: some tenancy was `sustained` for 6 / 12
  months by the period end (missing when no tenancy has a start).

The period end of each row comes from its ``period`` text (``2026-Q1`` →
2026-03-31): the context's ``period_end``, computed in SQL by the engine (and by
`obcrules.testing`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from obcrules.plugins.common_tables import COMMON_PEOPLE_FIELDS
from obcrules.plugins.dates import period_bounds, whole_months
from obcrules.plugins.declarations import (
    DerivedTableDecl,
    Duration,
    FieldDecl,
    FunctionContext,
    TableDecl,
)
from obcrules.plugins.person_rows import (
    Row,
    person_key_aliased,
    person_key_columns,
    rows_by_person,
)
from obcrules.plugins.sql import exp, whole_months_sql
from obcrules.plugins.sql_context import SqlContext
from obcrules_housing.functions import sustained, sustained_sql

SIX_MONTHS = Duration(6, "month")
TWELVE_MONTHS = Duration(12, "month")


def _months_sql(start: exp.Expression, end: exp.Expression, pe: exp.Expression) -> exp.Case:
    until = exp.Least(this=exp.func("COALESCE", end.copy(), pe.copy()), expressions=[pe.copy()])
    unknown = exp.Or(
        this=exp.Is(this=start.copy(), expression=exp.null()),
        expression=exp.GT(this=start.copy(), expression=pe.copy()),
    )
    return exp.Case(
        ifs=[exp.If(this=unknown, true=exp.null())], default=whole_months_sql(start, until)
    )


def build_sql(inputs: dict[str, exp.Table], ctx: SqlContext) -> exp.Select:
    """``SELECT person_id, provider, period, … FROM tenancies t GROUP BY provider, period,
    person_id``, the period end of each row computed from its period text."""
    source = inputs["tenancies"]
    alias = "t"
    start, end = exp.column("tenancy_start", alias), exp.column("tenancy_end", alias)
    pe = ctx.period_end

    def sustained_for(duration: Duration) -> exp.Expression:
        return exp.LogicalOr(this=sustained_sql([start, end, duration], ctx))

    return (
        exp.select(
            *person_key_aliased(alias),
            exp.alias_(exp.Max(this=_months_sql(start, end, pe)), "months_sustained"),
            exp.alias_(sustained_for(SIX_MONTHS), "sustained_6m"),
            exp.alias_(sustained_for(TWELVE_MONTHS), "sustained_12m"),
        )
        .from_(exp.alias_(source.copy(), alias, table=True))
        .group_by(*person_key_columns(alias))
    )


def _any(values: Iterable[bool | None]) -> bool | None:
    known = [v for v in values if v is not None]
    return any(known) if known else None


def _some_sustained(rows: list[Row], duration: Duration, ctx: FunctionContext) -> bool | None:
    return _any(sustained(r["tenancy_start"], r["tenancy_end"], duration, ctx) for r in rows)


def _months(start: dt.date | None, end: dt.date | None, period_end: dt.date) -> int | None:
    if start is None or start > period_end:
        return None
    return whole_months(start, min(end or period_end, period_end))


def python(inputs: dict[str, list[Row]], ctx: Any) -> list[Row]:
    """The reference implementation over lists of dicts (same rows as `build_sql`)."""
    out = []
    for key, rows in rows_by_person(inputs.get("tenancies", [])).items():
        fctx = FunctionContext(*period_bounds(key.period))
        months = [_months(r["tenancy_start"], r["tenancy_end"], fctx.period_end) for r in rows]
        known = [m for m in months if m is not None]

        out.append(
            {
                **key.as_row(),
                "months_sustained": max(known) if known else None,
                "sustained_6m": _some_sustained(rows, SIX_MONTHS, fctx),
                "sustained_12m": _some_sustained(rows, TWELVE_MONTHS, fctx),
            }
        )
    return out


TENANCY_SUSTAINMENT = DerivedTableDecl(
    table=TableDecl(
        name="tenancy_sustainment",
        title="Tenancy sustainment",
        description="Per person, provider and period: how long their tenancies have lasted.",
        subject="people",
        key="person_id",
        fields=(
            *COMMON_PEOPLE_FIELDS[:3],
            FieldDecl(
                name="months_sustained",
                type="integer",
                unit="months",
                minimum=Decimal(0),
                title="Months sustained",
                description="Complete calendar months the longest tenancy had lasted by "
                "the period end.",
            ),
            FieldDecl(
                name="sustained_6m",
                type="boolean",
                title="Sustained 6 months",
                description="A tenancy had lasted 6 months by the period end.",
            ),
            FieldDecl(
                name="sustained_12m",
                type="boolean",
                title="Sustained 12 months",
                description="A tenancy had lasted 12 months by the period end.",
            ),
        ),
    ),
    inputs=("tenancies",),
    build_sql=build_sql,
    python=python,
)
