"""Conditions and expressions of the ruleset model compiled to sqlglot trees.

No SQL text is ever pasted together: field names become quoted identifiers and
literals become sqlglot literals, so nothing in a ruleset or in data can change
the shape of a query.

Units in SQL: a field declared with ``unit="percent"`` holds 0 to 100, so every
percentage literal is compiled as its value times 100 (``>= 90%`` compares with
90) and percentage points as themselves. Money is its amount. Division is
floating point and a division by zero is missing. Missing values follow SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

import sqlglot.expressions as exp

from obcrules.engine import periods
from obcrules.engine.errors import MonitoringError
from obcrules.model import (
    PERIOD_FIELD,
    Arith,
    Between,
    BoolExpr,
    BoolLit,
    Call,
    Compare,
    DateLit,
    DaysBetween,
    DurationLit,
    Expr,
    FieldRef,
    InList,
    IsMissing,
    MoneyLit,
    Negate,
    Node,
    Not,
    NumberLit,
    PercentLit,
    PeriodLit,
    PeriodUnit,
    PointsLit,
    StringLit,
    period_literal_of,
)
from obcrules.plugins.catalog import Vocabulary
from obcrules.plugins.declarations import Duration
from obcrules.plugins.sql import (
    as_date,
    date_minus,
    date_plus,
    literal,
    operand,
    period_end_sql,
    period_start_sql,
)

_COMPARE: dict[str, type[exp.Binary]] = {
    "=": exp.EQ, "!=": exp.NEQ, "<": exp.LT, "<=": exp.LTE, ">": exp.GT, ">=": exp.GTE,
}


@dataclass(frozen=True)
class RowContext:
    """What plugin SQL compilers and derived tables see besides their arguments: the
    engine's `obcrules.plugins.sql_context.SqlContext`.

    ``period_start`` and ``period_end`` are the first and last day of each row's
    period, computed in SQL from its ``period`` text; ``period_start_sql`` and
    ``period_end_sql`` do the same for any period-text expression.
    """

    period_unit: PeriodUnit
    period_column: str = "period"

    @property
    def period_start(self) -> exp.Expression:
        """The first day of the row's period."""
        return period_start_sql(exp.column(self.period_column, quoted=True))

    @property
    def period_end(self) -> exp.Expression:
        """The last day of the row's period."""
        return period_end_sql(exp.column(self.period_column, quoted=True))

    def period_start_sql(self, period: exp.Expression) -> exp.Expression:
        """The first day of the period named by a text expression."""
        return period_start_sql(period)

    def period_end_sql(self, period: exp.Expression) -> exp.Expression:
        """The last day of the period named by a text expression."""
        return period_end_sql(period)


def column(name: str) -> exp.Column:
    """A quoted column reference (a declared field name; never data or ruleset text)."""
    return exp.column(name, quoted=True)


def python_literal(node: Node) -> Any:
    """A literal argument as a plugin function receives it (int, Decimal, Duration, str)."""
    if isinstance(node, NumberLit):
        return int(node.value) if node.value == node.value.to_integral_value() else node.value
    if isinstance(node, PercentLit | PointsLit):
        return node.value
    if isinstance(node, MoneyLit):
        return node.amount
    if isinstance(node, DurationLit):
        return Duration(node.amount, node.unit)
    if isinstance(node, StringLit | BoolLit):
        return node.value
    if isinstance(node, DateLit):
        return node.value
    if isinstance(node, PeriodLit):
        return node.text
    raise MonitoringError(f"a literal was expected, not {type(node).__name__}")


class ExpressionCompiler:
    """Compiles model expressions over one table's typed view to sqlglot."""

    def __init__(self, vocabulary: Vocabulary, context: RowContext) -> None:
        self.vocabulary = vocabulary
        self.context = context
        self.fields: set[str] = set()
        """Every field the compiled expressions read (the engine checks the data has them)."""

    def compile(self, node: Expr | Node) -> exp.Expression:
        """The sqlglot expression of ``node``."""
        if isinstance(node, NumberLit):
            return literal(node.value)
        if isinstance(node, PercentLit):
            return literal((node.value * 100).normalize())
        if isinstance(node, PointsLit):
            return literal(node.value)
        if isinstance(node, MoneyLit):
            return literal(node.amount)
        if isinstance(node, StringLit):
            return literal(node.value)
        if isinstance(node, BoolLit):
            return literal(node.value)
        if isinstance(node, DateLit):
            return as_date(exp.Literal.string(node.value.isoformat()))
        if isinstance(node, PeriodLit):
            return literal(node.text)
        if isinstance(node, DurationLit):
            raise MonitoringError(f"a duration ({node.amount} {node.unit}) can only be added to "
                                  "or subtracted from a date")
        if isinstance(node, FieldRef):
            return self._field(node)
        if isinstance(node, Call):
            return self._call(node)
        if isinstance(node, Negate):
            return exp.Neg(this=operand(self.compile(node.operand)))
        if isinstance(node, Not):
            return exp.Not(this=exp.Paren(this=self.compile(node.operand)))
        if isinstance(node, BoolExpr):
            cls = exp.And if node.op == "and" else exp.Or
            return exp.Paren(this=cls(this=operand(self.compile(node.left)),
                                      expression=operand(self.compile(node.right))))
        if isinstance(node, Arith):
            return self._arith(node)
        if isinstance(node, Compare):
            left, right = self._in_time(node.left, node.right)
            compared = _COMPARE[node.op](this=operand(left), expression=operand(right))
            return cast(exp.Expression, compared)
        if isinstance(node, InList):
            return exp.In(this=operand(self.compile(node.operand)),
                          expressions=[self.compile(v) for v in node.values])
        if isinstance(node, Between):
            value, low = self._in_time(node.operand, node.low)
            value, high = self._in_time(node.operand, node.high)
            return exp.Between(this=operand(value), low=operand(low), high=operand(high))
        if isinstance(node, IsMissing):
            test = exp.Is(this=operand(self.compile(node.operand)), expression=exp.null())
            return exp.Not(this=test) if node.negated else test
        if isinstance(node, DaysBetween):
            return exp.DateDiff(this=as_date(self.compile(node.end)),
                                expression=as_date(self.compile(node.start)),
                                unit=exp.Var(this="DAY"))
        raise MonitoringError(f"obc cannot compute {type(node).__name__} yet")

    def _in_time(self, left: Expr | Node, right: Expr | Node
                 ) -> tuple[exp.Expression, exp.Expression]:
        """Both sides compiled; the ``period`` field against a period literal as their
        first days (`obcrules.model.period_literal_of`), on every engine."""
        for field, other, flipped in ((left, right, False), (right, left, True)):
            found = period_literal_of(field, other)
            if found is not None:
                self.fields.add(PERIOD_FIELD)
                record = self.context.period_start_sql(column(PERIOD_FIELD))
                start = as_date(exp.Literal.string(periods.bounds(found.text)[0].isoformat()))
                return (start, record) if flipped else (record, start)
        return self.compile(left), self.compile(right)

    def _field(self, ref: FieldRef) -> exp.Expression:
        if ref.name == "period_start":
            return self.context.period_start
        if ref.name == "period_end":
            return self.context.period_end
        self.fields.add(ref.name)
        return column(ref.name)

    def _call(self, call: Call) -> exp.Expression:
        decl = self.vocabulary.functions.get(call.name)
        if decl is None:
            raise MonitoringError(f"there is no function `{call.name}`")
        if decl.compile_sql is None:
            owner = self.vocabulary.function_owner.get(call.name, "?")
            raise MonitoringError(f"the function `{call.name}` of plugin {owner} has no SQL "
                                  "compiler, so it cannot be monitored; ask its authors for one")
        args = [python_literal(arg) if param.literal else self.compile(arg)
                for arg, param in zip(call.args, decl.params, strict=True)]
        return exp.Paren(this=decl.compile_sql(args, self.context))

    def _arith(self, node: Arith) -> exp.Expression:
        if isinstance(node.right, DurationLit) and node.op in "+-":
            duration = Duration(node.right.amount, node.right.unit)
            date = self.compile(node.left)
            return date_plus(date, duration) if node.op == "+" else date_minus(date, duration)
        if isinstance(node.left, DurationLit) and node.op == "+":
            return date_plus(self.compile(node.right),
                             Duration(node.left.amount, node.left.unit))
        left, right = operand(self.compile(node.left)), operand(self.compile(node.right))
        if node.op == "+":
            return exp.Add(this=left, expression=right)
        if node.op == "-":
            return exp.Sub(this=left, expression=right)
        if node.op == "*":
            return exp.Mul(this=left, expression=right)
        double = exp.DataType.build("DOUBLE")
        return exp.Div(this=exp.cast(left, double),
                       expression=exp.func("NULLIF", exp.cast(right, double), literal(Decimal(0))))
