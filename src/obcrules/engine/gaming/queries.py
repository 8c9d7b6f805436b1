"""The queries of the gaming checks, as sqlglot trees: one builder per check.

Each reads a table's typed view (or, under ``cohort referrals``, its referred view) and
returns counts only, grouped so that the statistics (`obcrules.engine.gaming.statistics`)
are exact in Python whatever the engine: value counts per provider, not means or
variances computed by the database.
"""

from __future__ import annotations

from decimal import Decimal

import sqlglot.expressions as exp

from obcrules.engine.compile import conjunction
from obcrules.engine.expressions import column
from obcrules.engine.planner import PERSON, people_table
from obcrules.engine.validation import OK
from obcrules.plugins.sql import literal


def _has_person(key: str) -> exp.Expr:
    return conjunction([column(OK), exp.Not(this=exp.Is(this=column(key),
                                                        expression=exp.null()))])


def _sub(query: exp.Query, alias: str) -> exp.Expr:
    return exp.alias_(exp.Subquery(this=query), alias, table=True)


def case_mix_query(source: str, key: str, population: exp.Expr, value: exp.Expr
                   ) -> exp.Select:
    """Per provider, period taken on and value, the new people of a population (each
    person's first record with the provider) with that value of ``value``; the missing
    left out."""
    first = exp.Window(this=exp.RowNumber(),
                       partition_by=[column("provider"), column(key)],
                       order=exp.Order(expressions=[exp.Ordered(this=column("period"))]))
    people = (exp.select(column("provider"), exp.alias_(column("period"), "first", quoted=True),
                         exp.alias_(value, "v", quoted=True),
                         exp.alias_(first, "rn", quoted=True))
              .from_(source).where(conjunction([_has_person(key), population])))
    return (exp.select(column("provider"), column("first"), column("v"),
                       exp.alias_(exp.Count(this=exp.Star()), "n", quoted=True))
            .from_(_sub(people, "p"))
            .where(exp.and_(exp.EQ(this=column("rn"), expression=exp.Literal.number(1)),
                            exp.Not(this=exp.Is(this=column("v"), expression=exp.null()))))
            .group_by(exp.Literal.number(1), exp.Literal.number(2), exp.Literal.number(3)))


def parking_query(source: str, key: str, activity: list[tuple[str, str]]) -> exp.Select:
    """Per provider, period taken on and first period of activity since (null: none), the
    people taken on: a person is taken on in their first valid record in ``source``, and
    active in any valid record of the ``activity`` (view, key) relations."""
    taken = (exp.select(exp.alias_(column("provider"), "t_provider", quoted=True),
                        exp.alias_(column(key), "t_person", quoted=True),
                        exp.alias_(exp.Min(this=column("period")), "t_first", quoted=True))
             .from_(source).where(_has_person(key))
             .group_by(column("provider"), column(key)))
    parts = [exp.select(exp.alias_(column("provider"), "a_provider", quoted=True),
                        exp.alias_(column(k), "a_person", quoted=True),
                        exp.alias_(column("period"), "a_period", quoted=True))
             .from_(view).where(_has_person(k)) for view, k in activity]
    union: exp.Query = parts[0]
    for part in parts[1:]:
        union = exp.union(union, part, distinct=False)
    on = conjunction([exp.EQ(this=column("a_provider"), expression=column("t_provider")),
                      exp.EQ(this=column("a_person"), expression=column("t_person")),
                      exp.GTE(this=column("a_period"), expression=column("t_first"))])
    person = (exp.select(column("t_provider"), column("t_person"), column("t_first"),
                         exp.alias_(exp.Min(this=column("a_period")), "active", quoted=True))
              .from_(_sub(taken, "t"))
              .join(_sub(union, "a"), on=on, join_type="LEFT")
              .group_by(column("t_provider"), column("t_person"), column("t_first")))
    return (exp.select(exp.alias_(column("t_provider"), "provider", quoted=True),
                       exp.alias_(column("t_first"), "taken_on", quoted=True),
                       column("active"), exp.alias_(exp.Count(this=exp.Star()), "n", quoted=True))
            .from_(_sub(person, "x"))
            .group_by(exp.Literal.number(1), exp.Literal.number(2), exp.Literal.number(3)))


def bunching_query(source: str, key: str, population: exp.Expr, value: exp.Expr,
                   values: list[Decimal]) -> exp.Select:
    """Per provider and value, the records of a population whose ``value`` is one of
    ``values`` (a cut-off and its neighbours)."""
    where = conjunction([_has_person(key), population,
                         exp.In(this=exp.Paren(this=value.copy()),
                                expressions=[literal(v) for v in values])])
    return (exp.select(column("provider"), exp.alias_(value, "v", quoted=True),
                       exp.alias_(exp.Count(this=exp.Star()), "n", quoted=True))
            .from_(source).where(where)
            .group_by(exp.Literal.number(1), exp.Literal.number(2)))


def drop_out_query(source: str, key: str, base: exp.Expr, measured: exp.Expr) -> exp.Select:
    """Per provider, the people of ``base`` and those of them never ``measured`` in any of
    their records."""
    flag = exp.Case(ifs=[exp.If(this=measured, true=exp.Literal.number(1))],
                    default=exp.Literal.number(0))
    people = (exp.select(column("provider"),
                         exp.alias_(exp.Max(this=flag), "m", quoted=True))
              .from_(source).where(conjunction([_has_person(key), base]))
              .group_by(column("provider"), column(key)))
    unmeasured = exp.EQ(this=column("m"), expression=exp.Literal.number(0))
    return (exp.select(column("provider"),
                       exp.alias_(exp.Count(this=exp.Star()), "people", quoted=True),
                       exp.alias_(exp.CountIf(this=unmeasured), "unmeasured", quoted=True))
            .from_(_sub(people, "p")).group_by(column("provider")))


def double_claims_query(table: str, condition: int) -> exp.Select:
    """The people who first met rate-card condition ``condition`` (column ``c<n>`` of the
    table's people) with more than one provider: each provider's claim and its period."""
    met = column(f"c{condition}")
    claimed = exp.Not(this=exp.Is(this=met.copy(), expression=exp.null()))
    several = (exp.select(column(PERSON)).from_(people_table(table)).where(claimed)
               .group_by(column(PERSON))
               .having(exp.GT(this=exp.Count(this=exp.Star()),
                              expression=exp.Literal.number(1))))
    return (exp.select(column("provider"), exp.alias_(column(PERSON), "person", quoted=True),
                       exp.alias_(met, "period", quoted=True))
            .from_(people_table(table))
            .where(exp.and_(claimed.copy(), exp.In(this=column(PERSON),
                                                   query=exp.Subquery(this=several)))))
