"""Justice functions: the Ministry of Justice's proven reoffending rule, and when an
offender's outcome is known.

Source: Ministry of Justice, *Proven reoffending statistics: guide to proven
reoffending statistics* (definitions and measurement, quarterly bulletin). A proven
reoffence is an offence committed in a one-year follow-up period from the index date
that receives a court conviction or a caution in that year or in a further six-month
waiting period; so an offender's outcome is known 18 months after the index date.
Here, to the day: the follow-up year runs from the index date to the day before the
same date a year later (index + 12 months, not included), and the waiting period to
the day before index + 18 months.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from obcrules.plugins.dates import add_duration
from obcrules.plugins.declarations import Duration, FunctionContext, FunctionDecl, ParamDecl
from obcrules.plugins.sql import date_plus, exp, literal, missing_if_any_missing, operand
from obcrules.plugins.sql_context import SqlContext
from obcrules_justice.vocabulary import PROVEN

FOLLOW_UP = Duration(12, "month")
"""The follow-up year: offences committed from the index date until a year later."""

WAITING = Duration(18, "month")
"""The follow-up year and the six months' wait: proven before the index date + 18 months."""

NEXT_DAY = Duration(1, "day")


def reoffending_known(index_date: dt.date | None, ctx: FunctionContext) -> bool | None:
    """The offender's follow-up year and six-month wait have both passed by the period end:
    ``index_date + 18 months <= period_end + 1 day``. Missing when the date is."""
    if index_date is None:
        return None
    return add_duration(index_date, WAITING) <= ctx.period_end + dt.timedelta(days=1)


def proven_reoffence(
    index_date: dt.date | None,
    offence_date: dt.date | None,
    proven_date: dt.date | None,
    disposal: str | None,
) -> bool:
    """The offence counts as a proven reoffence: committed in the follow-up year, proven
    (convicted or cautioned, on or after the offence) before the waiting period ends."""
    if index_date is None or offence_date is None or proven_date is None:
        return False
    return (
        disposal in PROVEN
        and index_date <= offence_date < add_duration(index_date, FOLLOW_UP)
        and offence_date <= proven_date < add_duration(index_date, WAITING)
    )


def known_by(index_date: exp.Expression, period_end: exp.Expression) -> exp.Expression:
    """``index_date + 18 months <= period_end + 1 day`` in SQL (unknown if the date is)."""
    return exp.LTE(this=date_plus(index_date, WAITING),
                   expression=date_plus(operand(period_end), NEXT_DAY))


def reoffending_known_sql(args: Sequence[Any], ctx: SqlContext) -> exp.Expression:
    """SQL for `reoffending_known`."""
    (index_date,) = args
    return missing_if_any_missing([index_date], known_by(index_date, ctx.period_end))


def proven_reoffence_sql(index_date: exp.Expression, offence_date: exp.Expression,
                         proven_date: exp.Expression, disposal: exp.Expression) -> exp.Expression:
    """SQL for `proven_reoffence` (false, never unknown, when a date is missing)."""
    value = exp.and_(
        exp.In(this=operand(disposal), expressions=[literal(d) for d in PROVEN]),
        exp.LTE(this=operand(index_date), expression=operand(offence_date)),
        exp.LT(this=operand(offence_date), expression=date_plus(index_date, FOLLOW_UP)),
        exp.LTE(this=operand(offence_date), expression=operand(proven_date)),
        exp.LT(this=operand(proven_date), expression=date_plus(index_date, WAITING)),
    )
    return exp.Coalesce(this=exp.Paren(this=value), expressions=[exp.false()])


FUNCTIONS: tuple[FunctionDecl, ...] = (
    FunctionDecl(
        name="reoffending_known",
        title="Proven reoffending known",
        doc="True when the offender's one-year follow-up and the six-month wait for offences "
        "to be proven have both passed by the end of the period (Ministry of Justice, "
        "proven reoffending statistics): `index_date + 18 months <= period_end + 1 day`. "
        "The derived table proven_reoffending holds only these offenders. Missing when the "
        "date is.",
        params=(ParamDecl(name="index_date", type="date"),),
        returns="boolean",
        python=reoffending_known,
        compile_sql=reoffending_known_sql,
    ),
)
