"""Housing functions: did one tenancy last for a duration, or end before?

Both take the tenancy's start and end dates and a duration literal
(``sustained(tenancy_start, tenancy_end, 6 months)``). A missing end means the
tenancy still runs; a missing start makes the result missing. Months are
calendar months (2026-01-31 + 1 month = 2026-02-28).

They measure a single tenancy and do not know why it ended: a planned move to
another settled home counts as ending it, and a death is not told apart. The
outcome the homelessness programmes paid for — accommodation sustained across
planned moves, from the referral, deaths left out — is the derived table
``accommodation_sustainment`` (`obcrules_housing.accommodation`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from obcrules.plugins.dates import add_duration
from obcrules.plugins.declarations import Duration, FunctionContext, FunctionDecl, ParamDecl
from obcrules.plugins.sql import date_plus, exp, operand
from obcrules.plugins.sql_context import SqlContext

Date = dt.date | None


def sustained(start: Date, end: Date, duration: Duration, ctx: FunctionContext) -> bool | None:
    """By ``period_end`` the tenancy has lasted at least ``duration``, ended since or not.

    ``start + duration <= coalesce(end, period_end)`` and ``start + duration <= period_end``:
    a tenancy that ends on the day the duration is reached was sustained.
    """
    if start is None:
        return None
    reached = add_duration(start, duration)
    return reached <= (end if end is not None else ctx.period_end) and reached <= ctx.period_end


def tenancy_failed(start: Date, end: Date, duration: Duration, ctx: FunctionContext) -> bool | None:
    """The tenancy ended, by ``period_end``, before lasting ``duration``.

    False while it still runs (``end`` missing); missing when ``start`` is.
    """
    if start is None:
        return None
    if end is None:
        return False
    return end < add_duration(start, duration) and end <= ctx.period_end


def sustained_sql(args: Sequence[Any], ctx: SqlContext) -> exp.Expression:
    """SQL for `sustained`."""
    start, end, duration = args
    reached = date_plus(start, duration)
    until = exp.func("COALESCE", operand(end), operand(ctx.period_end))
    value = exp.And(
        this=exp.LTE(this=reached, expression=until),
        expression=exp.LTE(this=reached.copy(), expression=operand(ctx.period_end)),
    )
    return _missing_without_start(start, value)


def tenancy_failed_sql(args: Sequence[Any], ctx: SqlContext) -> exp.Expression:
    """SQL for `tenancy_failed`."""
    start, end, duration = args
    ended = exp.Not(this=exp.Is(this=operand(end), expression=exp.null()))
    early = exp.LT(this=operand(end), expression=date_plus(start, duration))
    by_period_end = exp.LTE(this=operand(end), expression=operand(ctx.period_end))
    value = exp.And(this=exp.And(this=ended, expression=early), expression=by_period_end)
    return _missing_without_start(start, value)


def _missing_without_start(start: exp.Expression, value: exp.Expression) -> exp.Case:
    return exp.Case(
        ifs=[exp.If(this=exp.Is(this=operand(start), expression=exp.null()), true=exp.null())],
        default=value,
    )


_PARAMS = (
    ParamDecl(name="start", type="date"),
    ParamDecl(name="end", type="date"),
    ParamDecl(name="duration", type="duration", literal=True),
)

FUNCTIONS: tuple[FunctionDecl, ...] = (
    FunctionDecl(
        name="sustained",
        title="Tenancy sustained",
        doc="True when, by the end of the period, the tenancy has lasted at least the "
        "duration, whether it has ended since or still runs: "
        "`sustained(tenancy_start, tenancy_end, 6 months)`. A missing end means the tenancy "
        "still runs; a missing start makes the result missing. Measure it over tenancies "
        "old enough to have reached the duration (check HOU001). One tenancy only, whatever "
        "ended it: for accommodation sustained across planned moves, with deaths left out, "
        "use the table accommodation_sustainment.",
        params=_PARAMS,
        returns="boolean",
        python=sustained,
        compile_sql=sustained_sql,
    ),
    FunctionDecl(
        name="tenancy_failed",
        title="Tenancy failed",
        doc="True when the tenancy ended, by the end of the period, before lasting the "
        "duration: `tenancy_failed(tenancy_start, tenancy_end, 6 months)`. False while it "
        "still runs; missing when the start is. It does not know why the tenancy ended (a "
        "planned move counts as ending it): accommodation_sustainment does.",
        params=_PARAMS,
        returns="boolean",
        python=tenancy_failed,
        compile_sql=tenancy_failed_sql,
    ),
)
