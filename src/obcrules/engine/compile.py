"""The checked ruleset compiled to aggregates: one scan per table for all its measures.

Every measured item (outcome, output, input) becomes a few aggregate columns of
one ``SELECT … GROUP BY provider, period[, sex, ethnicity, disability]`` over
its table's typed view, whatever population it is drawn from: the population's
conditions go into each aggregate's FILTER. Shares and counts are added up from
these fine groups to provider and period, and to each equality group, without
reading the data again. Medians, which do not add up, get their own query. The
queries themselves are built from this plan by `obcrules.engine.planner`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlglot.expressions as exp

from obcrules.engine.errors import MonitoringError
from obcrules.engine.expressions import ExpressionCompiler, RowContext, column
from obcrules.engine.validation import OK
from obcrules.model import Expr, Item, MeasureKind, Ruleset
from obcrules.plugins.catalog import Vocabulary
from obcrules.semantics.expressions import ExpressionChecker
from obcrules.semantics.scope import resolve_source
from obcrules.semantics.types import PERCENT

SUM_TYPE = exp.DataType.build("DECIMAL(38, 6)")
"""Sums are exact decimals, so the same data gives the same result in any order."""

ROWS, INVALID, POPULATION = "_rows", "_invalid", "_obc_p"
MAX_POPULATION_KEYS = 6
"""Populations of one table grouped by in its scan; any more are filtered in the scan."""


@dataclass
class MeasurePlan:
    """Where one item's measure comes from and which aggregate columns hold it."""

    item: Item
    table: str
    kind: MeasureKind
    population: exp.Expr
    condition: exp.Expr
    value: exp.Expr | None = None
    percent_data: bool = False  # a mean/median/total of a 0-100 percentage field
    columns: dict[str, str] = field(default_factory=dict)  # role → aggregate column


@dataclass
class TablePlan:
    """The aggregates of one table, computed in one scan.

    The scan groups by the table's keys, by record validity and by each population
    (a boolean key), so that its aggregates need only the measures' own conditions:
    ``fine`` are those aggregates, and ``aggregates`` add them up over the fine groups
    of valid members (``SUM(fine) FILTER (WHERE _obc_ok AND population)``).
    """

    name: str
    populations: list[exp.Expr] = field(default_factory=list)
    fine: list[tuple[str, exp.Expr]] = field(default_factory=list)
    aggregates: list[tuple[str, exp.Expr]] = field(default_factory=list)
    medians: list[tuple[str, exp.Expr]] = field(default_factory=list)
    fields: set[str] = field(default_factory=set)
    _known: dict[str, str] = field(default_factory=dict)

    def aggregate(self, name: str, aggregate: exp.Expr, population: exp.Expr,
                  condition: exp.Expr) -> str:
        """Plan ``aggregate`` over the valid members of ``population`` meeting ``condition``;
        an identical one already planned is shared (outcomes over one population share
        its denominator). Returns the name of the column that holds it."""
        member = self._population(population)
        if member is None:  # too many populations to group by: filter by it in the scan
            condition = conjunction([population, condition])
            member = exp.true()
        fine = self._fine(aggregate, condition)
        total = filtered(exp.Sum(this=column(fine)), conjunction([column(OK), member]))
        if isinstance(aggregate, exp.Count):
            total = whole_count(total)
        return self._add(self.aggregates, name, total)

    def _population(self, population: exp.Expr) -> exp.Expr | None:
        if population == exp.true():
            return exp.true()
        for i, known in enumerate(self.populations):
            if known == population:
                return column(f"{POPULATION}{i}")
        if len(self.populations) == MAX_POPULATION_KEYS:
            return None
        self.populations.append(population)
        return column(f"{POPULATION}{len(self.populations) - 1}")

    def _fine(self, aggregate: exp.Expr, condition: exp.Expr) -> str:
        counts_rows = isinstance(aggregate, exp.Count) and isinstance(aggregate.this, exp.Star)
        if condition == exp.true():
            if counts_rows:
                return ROWS
            return self._add(self.fine, f"f{len(self.fine)}", aggregate)
        if counts_rows:
            return self._add(self.fine, f"f{len(self.fine)}", exp.CountIf(this=condition))
        return self._add(self.fine, f"f{len(self.fine)}", filtered(aggregate, condition))

    def _add(self, into: list[tuple[str, exp.Expr]], name: str, expression: exp.Expr) -> str:
        text = f"{id(into)}:{expression.sql()}"
        if text not in self._known:
            self._known[text] = name
            into.append((name, expression))
        return self._known[text]


@dataclass
class Plan:
    """Every measure of a ruleset, grouped by the table it reads."""

    measures: list[MeasurePlan] = field(default_factory=list)
    tables: dict[str, TablePlan] = field(default_factory=dict)

    def table(self, name: str) -> TablePlan:
        """The plan of table ``name`` (created on first use)."""
        return self.tables.setdefault(name, TablePlan(name))


def conjunction(parts: list[exp.Expr]) -> exp.Expr:
    """``a AND b AND …`` (TRUE for no parts), each part parenthesised."""
    if not parts:
        return exp.true()
    result: exp.Expr = exp.Paren(this=parts[0])
    for part in parts[1:]:
        result = exp.And(this=result, expression=exp.Paren(this=part))
    return result


def whole_count(total: exp.Expr) -> exp.Expr:
    """A sum of counts as a BIGINT: DuckDB sums into a 128-bit integer, which its Python
    client turns into an int ten times slower (a fifth of a second for the roll-ups of
    20 shares by 400 groups and their equality groups), and PostgreSQL into a NUMERIC
    (a Decimal); a count of records fits 64 bits."""
    return exp.cast(total, exp.DataType.build("BIGINT"))


def filtered(aggregate: exp.Expr, condition: exp.Expr) -> exp.Expr:
    """``aggregate FILTER (WHERE condition)``."""
    return exp.Filter(this=aggregate, expression=exp.Where(this=condition))


class Compiler:
    """Compiles the measures (and payment conditions) of one ruleset."""

    def __init__(self, ruleset: Ruleset, vocabulary: Vocabulary, context: RowContext) -> None:
        self.ruleset = ruleset
        self.vocabulary = vocabulary
        self.context = context

    def source(self, name: str) -> tuple[str, exp.Expr, list[Expr]]:
        """The table, compiled population condition and raw conditions of a population."""
        source = resolve_source(self.ruleset, name)
        if source is None or self.vocabulary.table(source.table) is None:
            raise MonitoringError(f"`{name}` does not resolve to a table; run `obc check`")
        compiler = ExpressionCompiler(self.vocabulary, self.context)
        condition = conjunction([compiler.compile(c) for c in source.conditions])
        self.plan.table(source.table).fields |= compiler.fields
        return source.table, condition, list(source.conditions)

    def condition(self, table: str, node: Expr | None) -> exp.Expr:
        """A condition over ``table`` compiled (TRUE when there is none)."""
        if node is None:
            return exp.true()
        compiler = ExpressionCompiler(self.vocabulary, self.context)
        result = compiler.compile(node)
        self.plan.table(table).fields |= compiler.fields
        return result

    def compile(self) -> Plan:
        """The plan of every measured item."""
        self.plan = Plan()
        for item in self.ruleset.items:
            if item.measure is not None:
                self.plan.measures.append(self._measure(item))
        return self.plan

    def _measure(self, item: Item) -> MeasurePlan:
        measure = item.measure
        assert measure is not None
        table, population, _ = self.source(measure.source.name)
        where = self.condition(table, measure.where)
        plan = MeasurePlan(item=item, table=table, kind=measure.kind, population=population,
                           condition=where)
        tplan = self.plan.table(table)
        prefix = f"m{len(self.plan.measures)}"
        star = exp.Count(this=exp.Star())
        if measure.kind == "share":
            plan.columns = {
                "den": tplan.aggregate(f"{prefix}_den", star, population, exp.true()),
                "num": tplan.aggregate(f"{prefix}_num", star.copy(), population, where),
            }
            return plan
        if measure.kind == "count":
            plan.columns = {"num": tplan.aggregate(f"{prefix}_num", star, population, where)}
            return plan
        if measure.expr is None:
            raise MonitoringError(f"the {measure.kind} of `{item.name}` has no expression")
        compiler = ExpressionCompiler(self.vocabulary, self.context)
        value = compiler.compile(measure.expr)
        tplan.fields |= compiler.fields
        plan.value = value
        checker = ExpressionChecker(self.vocabulary.table(table), self.vocabulary,
                                    lambda *_: None)
        plan.percent_data = checker.infer(measure.expr) == PERCENT
        if measure.kind == "median":
            plan.columns = {"median": f"{prefix}_median"}
            tplan.medians.append((f"{prefix}_median", filtered(
                exp.Median(this=value.copy()), conjunction([column(OK), population, where]))))
            return plan
        plan.columns = {
            "sum": tplan.aggregate(f"{prefix}_sum", exp.Sum(this=exp.cast(value.copy(), SUM_TYPE)),
                                   population, where),
            "n": tplan.aggregate(f"{prefix}_n", exp.Count(this=value.copy()), population, where),
        }
        return plan

