"""The derived table ``accommodation_sustainment``: accommodation sustained across planned
moves, counted from the referral, deaths left out — the outcome the homelessness
payment-by-results programmes paid for.

Sources: the Fair Chance Fund (DCLG and Cabinet Office, 2015-2018) and the Rough
Sleeping Social Impact Bond (MHCLG, 2017-2021) outcome definitions: entry into
accommodation, then accommodation *sustained* for 3, 6, 12 and 18 months — the
person stays accommodated, whether in one tenancy or through a planned move to
another settled home — for the cohort referred to the service, from referral.

One row per person in ``people`` (referred), carrying their ``referral_date``,
``age``, ``sex``, ``ethnicity``, ``disability`` and ``accommodation_at_referral`` so
that cohorts can be drawn and broken down, with ``pe`` the last day of the row's
period (from its ``period`` text). The tenancies counted are those that began on or
after the person's ``referral_date`` and by ``pe`` (a tenancy that began before
support does not count). A tenancy's ending is, by ``ended_reason``:

- a **planned move** (``planned_move``, to other settled accommodation): the
  accommodation continues;
- a **death** (``died``): the accommodation ends, and the person leaves the outcomes
  they had not reached;
- anything else — eviction, abandonment, custody, hospital, ``other`` or no reason
  recorded — a **failure**: the accommodation ends that day.

A *spell* in accommodation runs from a counted tenancy's start to the first ending
after it, by ``pe``, that is not a planned move (or to ``pe``).

- ``accommodated_on``: the first counted tenancy's start (entry into accommodation).
- ``months_accommodated``: the complete calendar months of the longest spell, by ``pe``.
- ``died``: a counted tenancy ended in the person's death by ``pe``.
- ``sustained_3m`` … ``sustained_18m``: true when some spell lasted the months by ``pe``
  (a failure on the day they are reached still counts); **missing** when the person
  died without reaching them, or has not been accommodated long enough for the answer
  to be known (``accommodated_on + months > pe``); false otherwise. Measure a share of
  one over ``sustained_Nm is not missing`` (check HOU002): the cohort due the outcome,
  deaths left out.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from obcrules.plugins.common_tables import COMMON_PEOPLE_FIELDS
from obcrules.plugins.dates import add_duration, period_bounds, whole_months
from obcrules.plugins.declarations import DerivedTableDecl, Duration, FieldDecl, TableDecl
from obcrules.plugins.person_rows import (
    PERSON_KEY,
    Row,
    carried_fields_sql,
    each_person,
    person_key_aliased,
    person_key_columns,
    same_person_sql,
)
from obcrules.plugins.sql import column, date_plus, exp, literal, whole_months_sql
from obcrules.plugins.sql_context import SqlContext
from obcrules_housing.vocabulary import (
    ACCOMMODATION_AT_REFERRAL,
    DIED,
    PLANNED_MOVE,
    REFERRAL_DATE,
)

CARRIED = ("referral_date", "age", "sex", "ethnicity", "disability",
           "accommodation_at_referral")
"""The people fields each row carries, so that cohorts can be drawn (and broken down)."""
MILESTONES = (3, 6, 12, 18)
"""The months at which the Fair Chance Fund and the rough sleeping bonds paid."""

# --------------------------------------------------------------------------
# Python reference
# --------------------------------------------------------------------------

def _stops(row: Row, period_end: dt.date) -> bool:
    """The tenancy ended by ``period_end``, and not by a planned move."""
    end: dt.date | None = row["tenancy_end"]
    return end is not None and end <= period_end and row.get("ended_reason") != PLANNED_MOVE


def outcomes(referral: dt.date | None, tenancies: list[Row], period_end: dt.date) -> Row:
    """The outcome fields of one person."""
    counted = [t for t in tenancies
               if referral is not None and t["tenancy_start"] is not None
               and referral <= t["tenancy_start"] <= period_end]
    stops = [t["tenancy_end"] for t in counted if _stops(t, period_end)]
    spells = []
    for start in {t["tenancy_start"] for t in counted}:
        later = [end for end in stops if end > start]
        spells.append((start, min(later) if later else None))
    died = any(t["tenancy_end"] is not None and t["tenancy_end"] <= period_end
               and t.get("ended_reason") == DIED for t in counted)
    first = min((s for s, _ in spells), default=None)
    row: Row = {
        "accommodated_on": first,
        "months_accommodated": max((whole_months(s, f or period_end) for s, f in spells),
                                   default=None),
        "died": None if referral is None else died,
    }
    for months in MILESTONES:
        duration = Duration(months, "month")
        reached = any(add_duration(s, duration) <= period_end
                      and (f is None or f >= add_duration(s, duration)) for s, f in spells)
        due = first is not None and add_duration(first, duration) <= period_end
        row[f"sustained_{months}m"] = True if reached else (
            None if died or not due else False)
    return row


def python(inputs: dict[str, list[Row]], ctx: Any) -> list[Row]:
    """The reference implementation over lists of dicts (same rows as `build_sql`)."""
    return [{**key.as_row(), **carried,
             **outcomes(carried["referral_date"], tenancies, period_bounds(key.period)[1])}
            for key, carried, tenancies in each_person(inputs, "tenancies", CARRIED)]


# --------------------------------------------------------------------------
# SQL
# --------------------------------------------------------------------------


def _referrals(people: exp.Table, ctx: SqlContext) -> exp.Select:
    """One row per person referred: the carried fields and the period end ``pe``."""
    return carried_fields_sql(people, CARRIED, extra=[exp.alias_(ctx.period_end, "pe")])


def _counted(inputs: dict[str, exp.Table], ctx: SqlContext) -> exp.Select:
    """Tenancies begun on or after the referral and by the period end."""
    pe = ctx.period_end
    start = column("tenancy_start")
    begun = (
        exp.select(*person_key_columns(), exp.alias_(start.copy(), "s"),
                   exp.alias_(column("tenancy_end"), "e"),
                   exp.alias_(column("ended_reason"), "rn"), exp.alias_(pe.copy(), "pe"))
        .from_(inputs["tenancies"].copy())
        .where(exp.and_(exp.Not(this=exp.Is(this=start.copy(), expression=exp.null())),
                        exp.LTE(this=start.copy(), expression=pe.copy())))
    )
    return (
        exp.select(*[column(c, "t") for c in (*PERSON_KEY, "s", "e", "rn", "pe")])
        .from_(begun.subquery("t"))
        .join(_referrals(inputs["people"], ctx).subquery("r"), on=same_person_sql("t", "r"))
        .where(exp.GTE(this=column("s", "t"), expression=column("referral_date", "r")))
    )


def _ended_by_pe() -> exp.Expr:
    return exp.and_(exp.Not(this=exp.Is(this=column("e"), expression=exp.null())),
                    exp.LTE(this=column("e"), expression=column("pe")))


def _spells(inputs: dict[str, exp.Table], ctx: SqlContext) -> exp.Select:
    """Each counted start with the first ending after it that is not a planned move
    (``next_fail``)."""
    reason = exp.func("COALESCE", column("rn"), literal(""))
    failures = (
        exp.select(*person_key_columns(), exp.alias_(column("e"), "fail_end"))
        .from_(_counted(inputs, ctx).subquery("c"))
        .where(exp.and_(_ended_by_pe(),
                        exp.NEQ(this=reason, expression=literal(PLANNED_MOVE))))
    )
    on = exp.and_(same_person_sql("s0", "f"),
                  exp.GT(this=column("fail_end", "f"), expression=column("s", "s0")))
    return (
        exp.select(*person_key_columns("s0"), column("s", "s0"), column("pe", "s0"),
                   exp.alias_(exp.Min(this=column("fail_end", "f")), "next_fail"))
        .from_(_counted(inputs, ctx).subquery("s0"))
        .join(failures.subquery("f"), on=on, join_type="left")
        .group_by(*person_key_columns("s0"), column("s", "s0"), column("pe", "s0"))
    )


def _reached(months: int) -> exp.Expr:
    reached_on = date_plus(column("s"), Duration(months, "month"))
    return exp.and_(
        exp.LTE(this=reached_on, expression=column("pe")),
        exp.Paren(this=exp.or_(exp.Is(this=column("next_fail"), expression=exp.null()),
                               exp.GTE(this=column("next_fail"), expression=reached_on.copy()))),
    )


def build_sql(inputs: dict[str, exp.Table], ctx: SqlContext) -> exp.Select:
    """``SELECT … FROM people LEFT JOIN (spells) LEFT JOIN (deaths)``, one row per person."""
    until = exp.Coalesce(this=column("next_fail"), expressions=[column("pe")])
    per_person = (
        exp.select(*person_key_columns(), exp.alias_(exp.Min(this=column("s")), "accommodated_on"),
                   exp.alias_(exp.Max(this=whole_months_sql(column("s"), until)), "months"),
                   *[exp.alias_(exp.LogicalOr(this=_reached(m)), f"reached_{m}m")
                     for m in MILESTONES])
        .from_(_spells(inputs, ctx).subquery("sp"))
        .group_by(*person_key_columns())
    )
    deaths = (
        exp.select(*person_key_columns(), exp.alias_(exp.LogicalOr(this=exp.and_(
            _ended_by_pe(), exp.EQ(this=column("rn"), expression=literal(DIED)))), "died"))
        .from_(_counted(inputs, ctx).subquery("c"))
        .group_by(*person_key_columns())
    )
    unknown = exp.Is(this=column("referral_date", "r"), expression=exp.null())
    died = exp.Case(ifs=[exp.If(this=unknown, true=exp.null())],
                    default=exp.func("COALESCE", column("died", "d"), exp.false()))

    def sustained(months: int) -> exp.Expression:
        not_due = exp.or_(
            exp.Is(this=column("accommodated_on", "o"), expression=exp.null()),
            exp.GT(this=date_plus(column("accommodated_on", "o"), Duration(months, "month")),
                   expression=column("pe", "r")))
        return exp.Case(ifs=[
            exp.If(this=exp.func("COALESCE", column(f"reached_{months}m", "o"), exp.false()),
                   true=exp.true()),
            exp.If(this=exp.func("COALESCE", column("died", "d"), exp.false()), true=exp.null()),
            exp.If(this=not_due, true=exp.null()),
        ], default=exp.false())

    return (
        exp.select(
            *person_key_aliased("r"),
            *[exp.alias_(column(c, "r"), c) for c in CARRIED],
            exp.alias_(column("accommodated_on", "o"), "accommodated_on"),
            exp.alias_(column("months", "o"), "months_accommodated"),
            exp.alias_(died, "died"),
            *[exp.alias_(sustained(m), f"sustained_{m}m") for m in MILESTONES],
        )
        .from_(_referrals(inputs["people"], ctx).subquery("r"))
        .join(per_person.subquery("o"), on=same_person_sql("r", "o"), join_type="left")
        .join(deaths.subquery("d"), on=same_person_sql("r", "d"), join_type="left")
    )


def _milestone(months: int) -> FieldDecl:
    return FieldDecl(
        name=f"sustained_{months}m", type="boolean", title=f"Sustained {months} months",
        description=f"Accommodation sustained for {months} months by the period end, across "
        "planned moves; missing when the person died without reaching it or when it is not "
        "yet due.")


ACCOMMODATION_SUSTAINMENT = DerivedTableDecl(
    table=TableDecl(
        name="accommodation_sustainment",
        title="Accommodation sustained",
        description="Per person referred: entry into accommodation after referral and how "
        "long it has been sustained across planned moves, deaths left out.",
        subject="people",
        key="person_id",
        fields=(
            *COMMON_PEOPLE_FIELDS[:3],
            REFERRAL_DATE,
            *COMMON_PEOPLE_FIELDS[3:],
            ACCOMMODATION_AT_REFERRAL,
            FieldDecl(name="accommodated_on", type="date", title="Accommodated on",
                      description="The start of the first tenancy on or after the referral "
                      "date; missing when there is none yet."),
            FieldDecl(name="months_accommodated", type="integer", unit="months",
                      minimum=Decimal(0), title="Months accommodated",
                      description="Complete calendar months of the longest spell in "
                      "accommodation (across planned moves) by the period end."),
            FieldDecl(name="died", type="boolean", title="Died",
                      description="A tenancy counted ended in the person's death by the "
                      "period end."),
            *[_milestone(m) for m in MILESTONES],
        ),
    ),
    inputs=("tenancies", "people"),
    build_sql=build_sql,
    python=python,
)
