"""Employment functions: has a job started long enough ago for its outcome to be known?

Source: DWP, *Work Programme* provider guidance (2011): a job outcome is paid once a
participant has been in work for 13 or 26 weeks, so a job that started fewer than
that many weeks before the end of the period has not yet had the chance to reach it
and is not a failure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from obcrules.plugins.dates import add_duration
from obcrules.plugins.declarations import Duration, FunctionContext, FunctionDecl, ParamDecl
from obcrules.plugins.sql import date_plus, exp, missing_if_any_missing, operand
from obcrules.plugins.sql_context import SqlContext

NEXT_DAY = Duration(1, "day")


def job_outcome_due(
    job_start: dt.date | None, duration: Duration, ctx: FunctionContext
) -> bool | None:
    """A job that started on ``job_start`` could have lasted ``duration`` by the period end,
    both days worked: ``job_start + duration <= period_end + 1 day`` (a job started 91 days
    before the day after the period end has had its 13 weeks). Missing when the start is."""
    if job_start is None:
        return None
    return add_duration(job_start, duration) <= ctx.period_end + dt.timedelta(days=1)


def job_outcome_due_sql(args: Sequence[Any], ctx: SqlContext) -> exp.Expression:
    """SQL for `job_outcome_due`."""
    start, duration = args
    value = exp.LTE(this=date_plus(start, duration),
                    expression=date_plus(operand(ctx.period_end), NEXT_DAY))
    return missing_if_any_missing([start], value)


FUNCTIONS: tuple[FunctionDecl, ...] = (
    FunctionDecl(
        name="job_outcome_due",
        title="Job outcome due",
        doc="True when a job that started on the date could have lasted the duration by the "
        "end of the period, the first and last days both worked: "
        "`job_outcome_due(job_start, 13 weeks)`. Measure a job-outcome rate over job "
        "starts for which it is due (check EMP001), or a job that started last week counts "
        "as a failure. Missing when the start is.",
        params=(ParamDecl(name="job_start", type="date"),
                ParamDecl(name="duration", type="duration", literal=True)),
        returns="boolean",
        python=job_outcome_due,
        compile_sql=job_outcome_due_sql,
    ),
)
