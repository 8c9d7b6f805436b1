"""The queries of a monitoring run, built from the compiled plan: one builder per kind.

`obcrules.engine.run` creates and fetches them in order; no other module
assembles these SELECTs. By concern:

- *relations*: the names of the views and temporary tables a run creates;
- *views*: a table's valid records, a plugin's derived table;
- *measures*: the one scan per table (`fine_query`), its roll-ups to provider and
  period and to each equality group (`rollup_query`), and medians (`median_query`);
- *people*: the once-per-person conditions (`people_plan`: rate-card lines and their
  price groups, then people helped), each person's first period meeting each
  (`first_periods_query`), the people counted by provider and period
  (`first_period_counts`), a deadweight line's population (`population_counts_query`)
  and the people among whom it pays the first by person_id (`first_people_query`);
- *evidence*: the earliest evidence of each process (`evidence_query`).

Elsewhere, one home each: which records are valid (typed views, checks, repeated
keys) is `validation`'s, the listing of invalid records `findings`', the records
per provider and period as written `loading`'s, and what each measure aggregates
`compile`'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import sqlglot.expressions as exp

from obcrules.engine.compile import (
    INVALID,
    POPULATION,
    ROWS,
    Compiler,
    TablePlan,
    conjunction,
    filtered,
    whole_count,
)
from obcrules.engine.contract import Contract
from obcrules.engine.errors import MonitoringError
from obcrules.engine.expressions import column
from obcrules.engine.milestones import NAME as MILESTONES
from obcrules.engine.validation import OK, ROW, TypedTable
from obcrules.model import Item, RateLine, Ruleset
from obcrules.plugins.catalog import Vocabulary
from obcrules.plugins.common_tables import EQUALITY_FIELDS
from obcrules.plugins.declarations import DerivedTableDecl, TableDecl
from obcrules.plugins.sql import literal
from obcrules.plugins.sql_context import SqlContext
from obcrules.semantics.goals import direction_of

# --------------------------------------------------------------------------
# Relations
# --------------------------------------------------------------------------


def typed_view(table: str) -> str:
    """The view of a table's records typed and checked (``_obc_ok``, ``_obc_row``)."""
    return f"obc_typed_{table}"


def valid_view(table: str) -> str:
    """The view of a table's valid records, its declared columns only."""
    return f"obc_valid_{table}"


def duplicates_table(table: str) -> str:
    """The temporary table of a table's repeated (provider, period, key) triples."""
    return f"obc_dups_{table}"


def fine_table(table: str) -> str:
    """The temporary table of a table's one scan (the fine groups)."""
    return f"obc_fine_{table}"


def people_table(table: str) -> str:
    """The temporary table of each person's first period meeting each condition."""
    return f"obc_people_{table}"


# --------------------------------------------------------------------------
# Views
# --------------------------------------------------------------------------


def valid_records(decl: TableDecl) -> exp.Select:
    """The valid records of a typed view, with the declared columns only."""
    return (exp.select(*[column(f.name) for f in decl.fields])
            .from_(typed_view(decl.name)).where(column(OK)))


def derived_query(derived: DerivedTableDecl, context: SqlContext) -> exp.Select:
    """A derived table as a typed view: the plugin's query over the valid records of its
    inputs, every row valid and without a row number. Raises what the plugin raises."""
    inputs = {name: exp.to_table(valid_view(name)) for name in derived.inputs}
    query = derived.build_sql(inputs, context)
    columns: list[exp.Expr] = [column(f.name) for f in derived.table.fields]
    columns += [exp.alias_(exp.true(), OK, quoted=True),
                exp.alias_(exp.null(), ROW, quoted=True)]
    return exp.select(*columns).from_(exp.alias_(exp.Subquery(this=query), "d", table=True))


# --------------------------------------------------------------------------
# Measures
# --------------------------------------------------------------------------


def measure_keys(typed: TypedTable | None, breakdowns: bool) -> list[str]:
    """Provider and period, and the equality fields (sex, ethnicity, disability) the data
    carries when an outcome (a share or a mean) is broken down by them."""
    present = set(typed.typed) if typed is not None and breakdowns else set()
    return ["provider", "period", *[f for f in EQUALITY_FIELDS if f in present]]


def fine_query(table: str, tplan: TablePlan, keys: list[str], typed: TypedTable | None,
               provider: str | None, excluded: exp.Expr | None) -> exp.Select:
    """The one scan of a table: its records (with ``_obc_ok``) grouped by ``keys``, validity
    and each population, with the fine aggregates.

    A data file is read through its typed select, the checks of key columns left out
    and made once per group instead (``_obc_ok`` of a group joins them after); a derived
    table is read from its materialised typed view. Category keys beyond provider and
    period (the equality fields) are grouped by their value's position in the declared
    list (`category_code`) and named again after the grouping (`category_name`): grouping
    by small numbers rather than text is a fifth of the scan at 10 M rows.
    """
    source: exp.Expr = exp.select("*").from_(typed_view(table))
    group_ok: exp.Expr = exp.true()
    coded: dict[str, tuple[str, ...]] = {}
    if typed is not None:
        deferred = typed.deferrable(keys)
        source = typed.select(provider, excluded, deferred)
        group_ok = typed.group_ok(deferred)
        coded = {k: f.values for k in keys[2:] if k in deferred
                 and (f := typed.decl.field(k)) is not None and f.type == "category"
                 and f.values}
    populations = [exp.alias_(exp.func("COALESCE", exp.Paren(this=p.copy()), exp.false()),
                              f"{POPULATION}{i}", quoted=True)
                   for i, p in enumerate(tplan.populations)]
    groups = [exp.alias_(category_code(column(k), coded[k]), k, quoted=True) if k in coded
              else column(k) for k in keys] + [column(OK)] + populations
    scan = (exp.select(*groups, exp.alias_(exp.Count(this=exp.Star()), ROWS, quoted=True),
                       *[exp.alias_(agg.copy(), name, quoted=True) for name, agg in tplan.fine])
            .from_(exp.alias_(exp.Subquery(this=source), "t", table=True))
            .group_by(*[exp.Literal.number(i + 1) for i in range(len(groups))]))
    names = [*keys, *[f"{POPULATION}{i}" for i in range(len(tplan.populations))], ROWS,
             *[name for name, _ in tplan.fine]]
    if coded:
        scan = exp.select(*[exp.alias_(category_name(column(n), coded[n]), n, quoted=True)
                            if n in coded else column(n) for n in [*names, OK]]).from_(
            exp.alias_(exp.Subquery(this=scan), "c", table=True))
    ok = exp.And(this=column(OK), expression=exp.Paren(this=group_ok.copy()))
    return (exp.select(*[column(n) for n in names], exp.alias_(ok, OK, quoted=True))
            .from_(exp.alias_(exp.Subquery(this=scan), "g", table=True)))


def category_code(value: exp.Expr, values: tuple[str, ...]) -> exp.Expr:
    """A category's value as a number: 0 when missing, its position (from 1) among the
    declared ``values``, -1 for any other."""
    return exp.Case(ifs=[exp.If(this=exp.Is(this=value.copy(), expression=exp.null()),
                                true=exp.Literal.number(0))] +
                    [exp.If(this=exp.EQ(this=value.copy(), expression=literal(v)),
                            true=exp.Literal.number(i)) for i, v in enumerate(values, start=1)],
                    default=exp.Literal.number(-1))


def category_name(code: exp.Expr, values: tuple[str, ...]) -> exp.Expr:
    """The value again from `category_code`'s number: NULL for 0, the declared value for
    its position, and for -1 (values outside the list) a text that is not one of them, so
    that the category's check, made once per group after, still finds them wrong."""
    other = "?"
    while other in values:
        other += "?"
    return exp.Case(ifs=[exp.If(this=exp.EQ(this=code.copy(), expression=exp.Literal.number(i)),
                                true=literal(v)) for i, v in enumerate(values, start=1)] +
                    [exp.If(this=exp.EQ(this=code.copy(), expression=exp.Literal.number(-1)),
                            true=literal(other))],
                    default=exp.cast(exp.null(), exp.DataType.build("VARCHAR")))


def rollup_query(table: str, tplan: TablePlan, keys: list[str]) -> exp.Select:
    """Records, invalid records and every measure's aggregates by ``keys``, summed over
    the fine groups of ``table``."""
    rows = exp.Sum(this=column(ROWS))
    columns: list[exp.Expr] = [column(k) for k in keys]
    columns.append(exp.alias_(whole_count(rows), ROWS, quoted=True))
    columns.append(exp.alias_(whole_count(filtered(rows.copy(), exp.Not(this=column(OK)))),
                              INVALID, quoted=True))
    columns += [exp.alias_(agg.copy(), name, quoted=True) for name, agg in tplan.aggregates]
    return (exp.select(*columns).from_(exp.to_table(fine_table(table)))
            .group_by(*[column(k) for k in keys]))


def median_query(table: str, tplan: TablePlan) -> exp.Select:
    """The medians of a table by provider and period (they do not add up from fine groups)."""
    columns: list[exp.Expr] = [column("provider"), column("period")]
    columns += [exp.alias_(m.copy(), n, quoted=True) for n, m in tplan.medians]
    return (exp.select(*columns).from_(typed_view(table))
            .group_by(column("provider"), column("period")))


# --------------------------------------------------------------------------
# People counted once
# --------------------------------------------------------------------------


PersonRole = Literal["line", "group", "plain", "plain_group", "helped"]
"""What a once-per-person condition counts: the people a rate-card line pays for (in the
referred cohort, when there is one), those of one of its price groups, the same without
the cohort (``plain``, for what the cohort saves), or an outcome's people helped."""


@dataclass(frozen=True)
class PersonCondition:
    """A condition each person counts for once. ``index`` is the rate-card line's number
    (0 for people helped); ``group`` the price group's name; ``of`` the position, among
    its table's conditions, of the line condition whose first period a group's people
    are counted in."""

    role: PersonRole
    index: int
    item: Item
    condition: exp.Expr
    group: str | None = None
    of: int | None = None


PeoplePlan = dict[str, list[PersonCondition]]
"""Per table, its once-per-person conditions in query order."""

REFERRED = "_obc_referred"
"""The column of a table's referred view: the record's person was referred to its provider
(the earlier referral, when there are two) by the end of its period."""


@dataclass(frozen=True)
class PopulationCount:
    """The members of a deadweight line's population per provider and period (``N``)."""

    index: int
    condition: exp.Expr


def people_plan(ruleset: Ruleset, vocabulary: Vocabulary, contract: Contract | None,
                compiler: Compiler) -> PeoplePlan:
    """Per table, the once-per-person conditions: rate-card lines (with their price groups
    and, under a referred cohort, the same without it), then people helped (outcomes a
    bid expects numbers for)."""
    plan: PeoplePlan = {}
    payment = ruleset.payment
    lines = payment.rate_lines if payment else ()
    cohort = payment is not None and payment.cohort is not None
    for index, line in enumerate(lines, start=1):
        item = ruleset.item(line.outcome.name)
        if item is None or item.measure is None:
            continue
        table, population, _ = compiler.source(item.measure.source.name)
        where = compiler.condition(table, line.where)
        base = conjunction([column(OK), population, where])
        conditions = plan.setdefault(table, [])
        roles: list[tuple[PersonRole, PersonRole, exp.Expr]] = [
            ("line", "group", conjunction([base, column(REFERRED)]) if cohort else base)]
        if cohort:
            roles.append(("plain", "plain_group", base))
        for role, group_role, condition in roles:
            at = len(conditions)
            conditions.append(PersonCondition(role, index, item, condition))
            for group in line.groups:
                conditions.append(PersonCondition(
                    group_role, index, item,
                    conjunction([condition, compiler.condition(table, group.where)]),
                    group=group.name, of=at))
    paid: dict[str, RateLine] = {}
    for line in lines:
        paid.setdefault(line.outcome.name, line)  # the first line says who is helped
    for item in ruleset.items:
        measure = item.measure
        if item.kind != "outcome" or measure is None:
            continue
        table, population, _ = compiler.source(measure.source.name)
        decl = vocabulary.table(table)
        if decl is None or decl.key is None:
            continue
        if contract is None or item.name not in contract.expected:
            continue  # people helped are counted against a bid's expected numbers
        if item.name in paid:
            where = compiler.condition(table, paid[item.name].where)
        elif (measure.kind in ("share", "count") and item.target is not None
              and direction_of(item.target) == "higher"):
            where = compiler.condition(table, measure.where)
        else:
            continue
        plan.setdefault(table, []).append(PersonCondition(
            "helped", 0, item, conjunction([column(OK), population, where])))
    return plan


PERSON = "_obc_person"
"""The column of a people table that holds the person's key."""


def population_plan(ruleset: Ruleset, compiler: Compiler) -> dict[str, list[PopulationCount]]:
    """Per table, the population of each rate-card line paid above a deadweight: its
    valid members (in the referred cohort, when there is one), counted per provider and
    period."""
    plan: dict[str, list[PopulationCount]] = {}
    payment = ruleset.payment
    if payment is None:
        return plan
    for index, line in enumerate(payment.rate_lines, start=1):
        item = ruleset.item(line.outcome.name)
        if line.deadweight is None or item is None or item.measure is None:
            continue
        table, population, _ = compiler.source(item.measure.source.name)
        parts = [column(OK), population]
        if payment.cohort is not None:
            parts.append(column(REFERRED))
        plan.setdefault(table, []).append(PopulationCount(index, conjunction(parts)))
    return plan


def _person_key(decl: TableDecl | None, table: str) -> str:
    key = decl.key if decl else None
    if key is None:
        raise MonitoringError(f"the table `{table}` has no person_id, so people cannot be "
                              "paid for or counted once each")
    return key


def _has_person(key: str) -> exp.Expr:
    return conjunction([column(OK), exp.Not(this=exp.Is(this=column(key),
                                                        expression=exp.null()))])


def first_periods_query(decl: TableDecl | None, table: str, conditions: list[PersonCondition],
                        source: str | None = None) -> exp.Select:
    """Per provider and person (``_obc_person``), the first period in which they met each
    condition (column ``c0``, ``c1``, … in the order of ``conditions``), over ``source``
    (the table's typed view, or its referred view under a cohort)."""
    key = _person_key(decl, table)
    columns: list[exp.Expr] = [column("provider"), exp.alias_(column(key), PERSON, quoted=True)]
    columns += [exp.alias_(exp.Filter(this=exp.Min(this=column("period")),
                                      expression=exp.Where(this=c.condition.copy())),
                           f"c{i}", quoted=True) for i, c in enumerate(conditions)]
    return (exp.select(*columns).from_(source or typed_view(table))
            .where(_has_person(key))
            .group_by(column("provider"), column(key)))


def first_period_counts(table: str, condition: int, of: int | None = None) -> exp.Select:
    """People by provider and the period in which they first met condition ``condition``;
    with ``of``, those who met it first in the period they first met condition ``of`` (a
    price group's people, in the period its line pays for them)."""
    first = column(f"c{condition if of is None else of}")
    met: exp.Expr = exp.Not(this=exp.Is(this=first.copy(), expression=exp.null()))
    if of is not None:
        met = exp.EQ(this=column(f"c{condition}"), expression=first.copy())
    return (exp.select(column("provider"), exp.alias_(first, "period"),
                       exp.alias_(exp.Count(this=exp.Star()), "n"))
            .from_(people_table(table))
            .where(met)
            .group_by(exp.Literal.number(1), exp.Literal.number(2)))


def population_counts_query(decl: TableDecl | None, table: str,
                            counts: list[PopulationCount], source: str | None = None
                            ) -> exp.Select:
    """The members of each deadweight line's population per provider and period (column
    ``n0``, ``n1``, … in the order of ``counts``): each person once, as a person has one
    valid record per provider and period."""
    key = _person_key(decl, table)
    columns: list[exp.Expr] = [column("provider"), column("period")]
    columns += [exp.alias_(exp.CountIf(this=count.condition.copy()), f"n{i}", quoted=True)
                for i, count in enumerate(counts)]
    return (exp.select(*columns).from_(source or typed_view(table)).where(_has_person(key))
            .group_by(column("provider"), column("period")))


def first_people_query(table: str, line: int, groups: list[int],
                       periods: list[tuple[str, str]]) -> exp.Select:
    """The people who first met condition ``line`` in the given (provider, period) pairs,
    each with whether they are in each price group (``g0``, ``g1``, …): those among whom a
    deadweight line pays only the first by person_id."""
    first = column(f"c{line}")
    columns: list[exp.Expr] = [column("provider"), exp.alias_(first, "period"),
                               column(PERSON)]
    columns += [exp.alias_(exp.func("COALESCE", exp.EQ(this=column(f"c{g}"),
                                                       expression=first.copy()), exp.false()),
                           f"g{i}", quoted=True) for i, g in enumerate(groups)]
    either: exp.Expr | None = None
    for provider, period in periods:
        one = exp.And(this=exp.EQ(this=column("provider"), expression=literal(provider)),
                      expression=exp.EQ(this=first.copy(), expression=literal(period)))
        either = one if either is None else exp.Or(this=either, expression=one)
    return exp.select(*columns).from_(people_table(table)).where(either or exp.false())


# --------------------------------------------------------------------------
# Evidence of processes
# --------------------------------------------------------------------------


def evidence_query() -> exp.Select:
    """The earliest valid evidence of each process per provider."""
    return (exp.select("provider", "process", exp.alias_(
        exp.Min(this=column("evidence_date")), "evidence_date"))
        .from_(typed_view(MILESTONES)).where(column(OK))
        .group_by("provider", "process"))
