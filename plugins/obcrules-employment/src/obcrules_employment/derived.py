"""The derived table ``employment_outcomes``: per person referred, their job start and how
long they have stayed in work, from ``employment_spells`` and ``people``.

Sources: DWP, *Work Programme* provider guidance and invitation to tender (2011): a
job start, then a job outcome once the participant has been in work for 13 or 26
weeks (by payment group), then sustainment payments for each further four weeks in
work; NHS England, *Individual Placement and Support* (IPS) in the NHS Long Term
Plan, with the IPS fidelity scale (Bond, Becker and Drake): competitive employment,
a paid job in the open labour market or self-employment.

One row per person in ``people``, with ``pe`` the last day of the row's period (from
its ``period`` text). The spells counted are paid work (``employee`` or
``self_employed``) that began on or after the referral date and by ``pe``; a spell
runs to its ``job_end`` or, while it continues, to ``pe``. Spells with no break
between them — the next begins on or before the day after one ends — make one period
in work, so a change of job does not restart the count.

- ``referral_date``, ``benefit_at_referral``, ``secondary_mental_health_care``: from
  ``people``, so that populations can be drawn by them.
- ``job_start``: the first day of counted work; missing when there is none yet.
- ``weeks_in_work``: the longest period in work, in complete weeks of days worked
  (both ends included) up to ``pe``: 91 days are 13 weeks. 0 with no counted work;
  missing when the referral date is. A job outcome at 13 weeks is
  ``weeks_in_work >= 13``.
- ``in_work_at_period_end``: in counted work on ``pe``; missing when the referral
  date is.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from obcrules.plugins.common_tables import COMMON_PEOPLE_FIELDS
from obcrules.plugins.dates import period_bounds
from obcrules.plugins.declarations import DerivedTableDecl, Duration, FieldDecl, TableDecl
from obcrules.plugins.person_rows import (
    PERSON_KEY,
    Row,
    carried_fields_sql,
    each_person,
    over_person,
    person_key_aliased,
    person_key_columns,
    same_person_sql,
)
from obcrules.plugins.sql import column, date_plus, exp, literal
from obcrules.plugins.sql_context import SqlContext
from obcrules_employment.vocabulary import PAID_WORK, PEOPLE_FIELDS

CARRIED = ("referral_date", "benefit_at_referral", "secondary_mental_health_care")
"""The people fields each row carries, so that populations can be drawn by them."""
PEOPLE_FIELDS_CARRIED = tuple(f for name in CARRIED for f in PEOPLE_FIELDS if f.name == name)
NEXT_DAY = Duration(1, "day")
WEEK_DAYS = 7

# --------------------------------------------------------------------------
# Python reference
# --------------------------------------------------------------------------

def runs(spells: list[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    """Periods in work: spells (first day, last day) joined when no day falls between."""
    out: list[tuple[dt.date, dt.date]] = []
    for start, end in sorted(spells):
        if out and start <= out[-1][1] + dt.timedelta(days=1):
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def weeks_worked(start: dt.date, end: dt.date) -> int:
    """Complete weeks from ``start`` to ``end``, both days worked."""
    return ((end - start).days + 1) // WEEK_DAYS


def outcome(referral: dt.date | None, spells: list[Row], period_end: dt.date) -> Row:
    """``job_start``, ``weeks_in_work`` and ``in_work_at_period_end`` of one person."""
    if referral is None:
        return {"job_start": None, "weeks_in_work": None, "in_work_at_period_end": None}
    counted = [
        (s["job_start"], min(s["job_end"] or period_end, period_end))
        for s in spells
        if s.get("employment_type") in PAID_WORK and s["job_start"] is not None
        and referral <= s["job_start"] <= period_end
        and (s["job_end"] is None or s["job_end"] >= s["job_start"])
    ]
    periods = runs(counted)
    return {
        "job_start": min((a for a, _ in periods), default=None),
        "weeks_in_work": max((weeks_worked(a, b) for a, b in periods), default=0),
        "in_work_at_period_end": any(b >= period_end for _, b in periods),
    }


def python(inputs: dict[str, list[Row]], ctx: Any) -> list[Row]:
    """The reference implementation over lists of dicts (same rows as `build_sql`)."""
    return [{**key.as_row(), **carried,
             **outcome(carried["referral_date"], spells, period_bounds(key.period)[1])}
            for key, carried, spells in each_person(inputs, "employment_spells", CARRIED)]


# --------------------------------------------------------------------------
# SQL
# --------------------------------------------------------------------------


def _over_person(value: exp.Expression, frame_end: str | exp.Expression) -> exp.Window:
    """``value OVER (PARTITION BY person ORDER BY s, e ROWS BETWEEN UNBOUNDED PRECEDING AND
    …)``: the spells in order of start (then end), up to ``frame_end``."""
    spec = exp.WindowSpec(kind="ROWS", start="UNBOUNDED", start_side="PRECEDING",
                          end=frame_end, end_side=None if frame_end == "CURRENT ROW"
                          else "PRECEDING")
    order = exp.Order(expressions=[exp.Ordered(this=column("s"), nulls_first=False),
                                   exp.Ordered(this=column("e"), nulls_first=False)])
    return over_person(value, order=order, spec=spec)


def _referrals(people: exp.Table) -> exp.Select:
    """One row per person with the carried fields."""
    return carried_fields_sql(people, CARRIED, booleans={"secondary_mental_health_care"})


def _spells(spells: exp.Table, ctx: SqlContext) -> exp.Select:
    """Paid work begun by the period end, each running to its end or the period end."""
    pe = ctx.period_end
    start, end = column("job_start"), column("job_end")
    last_day = exp.Least(this=exp.func("COALESCE", end.copy(), pe.copy()),
                         expressions=[pe.copy()])
    return (
        exp.select(*person_key_columns(), exp.alias_(start.copy(), "s"), exp.alias_(last_day, "e"),
                   exp.alias_(pe.copy(), "pe"))
        .from_(spells.copy())
        .where(exp.and_(
            exp.In(this=column("employment_type"), expressions=[literal(t) for t in PAID_WORK]),
            exp.LTE(this=start.copy(), expression=pe.copy()),
            exp.Paren(this=exp.Or(this=exp.Is(this=end.copy(), expression=exp.null()),
                                  expression=exp.GTE(this=end.copy(),
                                                     expression=start.copy()))),
        ))
    )


def _periods_in_work(inputs: dict[str, exp.Table], ctx: SqlContext) -> exp.Select:
    """One row per period in work (``run``) of each person: its first and last day."""
    since_referral = (
        exp.select(*[column(c, "w") for c in (*PERSON_KEY, "s", "e", "pe")])
        .from_(_spells(inputs["employment_spells"], ctx).subquery("w"))
        .join(_referrals(inputs["people"]).subquery("r"), on=same_person_sql("w", "r"))
        .where(exp.GTE(this=column("s", "w"), expression=column("referral_date", "r")))
    )
    with_previous = exp.select("*", exp.alias_(
        _over_person(exp.Max(this=column("e")), exp.Literal.number(1)), "previous_end"
    )).from_(since_referral.subquery("a"))
    starts_run = exp.Case(ifs=[exp.If(this=exp.or_(
        exp.Is(this=column("previous_end"), expression=exp.null()),
        exp.GT(this=column("s"), expression=date_plus(column("previous_end"), NEXT_DAY)),
    ), true=literal(1))], default=literal(0))
    numbered = exp.select("*", exp.alias_(_over_person(exp.Sum(this=starts_run),
                                                       "CURRENT ROW"), "run")
                          ).from_(with_previous.subquery("b"))
    return (
        exp.select(*person_key_columns(), column("pe"),
                   exp.alias_(exp.Min(this=column("s")), "run_start"),
                   exp.alias_(exp.Max(this=column("e")), "run_end"))
        .from_(numbered.subquery("c"))
        .group_by(*person_key_columns(), column("pe"), column("run"))
    )


def build_sql(inputs: dict[str, exp.Table], ctx: SqlContext) -> exp.Select:
    """``SELECT … FROM people LEFT JOIN (periods in work per person)``."""
    days = exp.Add(this=exp.DateDiff(this=column("run_end"), expression=column("run_start"),
                                     unit=exp.Var(this="DAY")), expression=literal(1))
    weeks = exp.cast(exp.Floor(this=exp.Div(this=exp.Paren(this=days),
                                            expression=exp.Literal.number("7.0"))),
                     exp.DataType.build("INT"))
    per_person = (
        exp.select(*person_key_columns(),
                   exp.alias_(exp.Min(this=column("run_start")), "job_start"),
                   exp.alias_(exp.Max(this=weeks), "weeks"),
                   exp.alias_(exp.LogicalOr(this=exp.GTE(this=column("run_end"),
                                                         expression=column("pe"))), "at_end"))
        .from_(_periods_in_work(inputs, ctx).subquery("p"))
        .group_by(*person_key_columns())
    )
    unknown = exp.Is(this=column("referral_date", "r"), expression=exp.null())

    def known(value: exp.Expr) -> exp.Expression:
        return exp.Case(ifs=[exp.If(this=unknown.copy(), true=exp.null())], default=value)

    return (
        exp.select(
            *person_key_aliased("r"),
            *[exp.alias_(column(c, "r"), c) for c in CARRIED],
            exp.alias_(column("job_start", "o"), "job_start"),
            exp.alias_(known(exp.func("COALESCE", column("weeks", "o"), literal(0))),
                       "weeks_in_work"),
            exp.alias_(known(exp.func("COALESCE", column("at_end", "o"), exp.false())),
                       "in_work_at_period_end"),
        )
        .from_(_referrals(inputs["people"]).subquery("r"))
        .join(per_person.subquery("o"), on=same_person_sql("r", "o"), join_type="left")
    )


EMPLOYMENT_OUTCOMES = DerivedTableDecl(
    table=TableDecl(
        name="employment_outcomes",
        title="Employment outcomes",
        description="Per person referred: the first day of paid work since referral, the "
        "longest period in work in complete weeks, and whether in work at the period end.",
        subject="people",
        key="person_id",
        fields=(
            *COMMON_PEOPLE_FIELDS[:3],
            *PEOPLE_FIELDS_CARRIED,
            FieldDecl(name="job_start", type="date", title="Job start",
                      description="The first day of paid work (employee or self-employed) "
                      "on or after the referral date; missing when there is none yet."),
            FieldDecl(name="weeks_in_work", type="integer", unit="weeks",
                      minimum=Decimal(0), title="Weeks in work",
                      description="The longest period in paid work since referral, in "
                      "complete weeks to the period end; a change of job with no day "
                      "between does not end it."),
            FieldDecl(name="in_work_at_period_end", type="boolean",
                      title="In work at the period end",
                      description="In paid work on the last day of the period."),
        ),
    ),
    inputs=("employment_spells", "people"),
    build_sql=build_sql,
    python=python,
)
