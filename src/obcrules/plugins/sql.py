"""sqlglot building blocks for plugins' SQL compilers and derived tables.

Everything here returns sqlglot expression trees, never SQL text, so a compiler
composes them with `sqlglot.exp` constructors and the engine renders the result
for its dialect. The calendar rules match `obcrules.plugins.dates`.

Periods in data are text (``2026-Q1``, ``2026-03``, ``2026``). `period_start_sql`
and `period_end_sql` turn such a column into dates in SQL: the year is the first
four characters; a quarter ``Qn`` covers months 3n-2 to 3n; a month ``-MM`` is
that month; a bare year covers January to December. The end is the first day of
the month after the period, minus one day. A compiler reaches them through its
context (`obcrules.plugins.sql_context.SqlContext`), which the engine and
`obcrules.testing` both build on these two.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from decimal import Decimal
from types import ModuleType
from typing import TYPE_CHECKING, Any

from obcrules.plugins.declarations import Duration


class _DeferredModule:
    """A module imported on the first use of one of its names."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attr: str) -> Any:
        module = self._module
        if module is None:
            module = self._module = importlib.import_module(self._name)
        return getattr(module, attr)


if TYPE_CHECKING:
    import sqlglot.expressions as exp
else:
    exp = _DeferredModule("sqlglot.expressions")
    """``sqlglot.expressions``, imported when a compiler first builds an expression.

    Plugins write ``from obcrules.plugins.sql import exp`` rather than importing
    sqlglot at the top of the module that declares their functions and derived
    tables: importing sqlglot takes about 0.2 s, which `obc check` (which loads
    every plugin but compiles no SQL) need not pay.
    """

_UNITS = {"day": "DAY", "week": "WEEK", "month": "MONTH", "year": "YEAR"}


def column(name: str, table: str | None = None) -> exp.Column:
    """The column ``name``, qualified by ``table`` (an alias) when given: ``t.name``."""
    return exp.column(name, table)


def literal(value: int | Decimal | str | bool | None) -> exp.Expression:
    """A sqlglot literal for a Python value (None is NULL)."""
    if value is None:
        return exp.null()
    if isinstance(value, bool):
        return exp.true() if value else exp.false()
    if isinstance(value, int | Decimal):
        return exp.Literal.number(str(value))
    return exp.Literal.string(value)


def date_type() -> exp.DataType:
    """The SQL ``DATE`` type."""
    return exp.DataType.build("DATE")


def as_date(expression: exp.Expression) -> exp.Expression:
    """``CAST(expression AS DATE)``."""
    return exp.cast(expression, date_type())


def any_missing(args: Sequence[exp.Expression]) -> exp.Expression:
    """``a IS NULL OR b IS NULL OR …`` over the arguments."""
    tests: list[exp.Expression] = [exp.Is(this=a.copy(), expression=exp.null()) for a in args]
    condition = tests[0]
    for test in tests[1:]:
        condition = exp.Or(this=condition, expression=test)
    return condition


def missing_if_any_missing(args: Sequence[exp.Expression], value: exp.Expression) -> exp.Case:
    """``CASE WHEN <any argument is NULL> THEN NULL ELSE value END``.

    SQL's three-valued logic would make ``TRUE OR NULL`` true; the plugin contract
    says a function with a missing argument returns missing, so compilers wrap
    their result in this.
    """
    return exp.Case(
        ifs=[exp.If(this=exp.Paren(this=any_missing(args)), true=exp.null())],
        default=value,
    )


def operand(expression: exp.Expression) -> exp.Expression:
    """A copy of ``expression``, parenthesised when it is an operator (sqlglot does not
    add parentheses to trees built by hand)."""
    copy = expression.copy()
    return exp.Paren(this=copy) if isinstance(copy, exp.Binary | exp.Unary) else copy


def interval(duration: Duration) -> exp.Interval:
    """``INTERVAL n UNIT`` for a duration literal."""
    return exp.Interval(
        this=exp.Literal.number(duration.amount), unit=exp.Var(this=_UNITS[duration.unit])
    )


def date_plus(date: exp.Expression, duration: Duration) -> exp.Expression:
    """``CAST(date + INTERVAL n UNIT AS DATE)``: calendar months clamp to the month's end."""
    return as_date(exp.Add(this=operand(date), expression=interval(duration)))


def date_minus(date: exp.Expression, duration: Duration) -> exp.Expression:
    """``CAST(date - INTERVAL n UNIT AS DATE)``."""
    return as_date(exp.Sub(this=operand(date), expression=interval(duration)))


def whole_months_sql(start: exp.Expression, end: exp.Expression) -> exp.Expression:
    """Complete calendar months from ``start`` to ``end`` (see `dates.whole_months`).

    The month difference of the two dates, less one when ``start`` plus that many
    months passes ``end``. Written without dialect-specific date_diff semantics.
    """

    def month_index(date: exp.Expression) -> exp.Expression:
        return exp.Paren(
            this=exp.Add(
                this=exp.Mul(this=exp.Year(this=date.copy()), expression=exp.Literal.number(12)),
                expression=exp.Month(this=date.copy()),
            )
        )

    diff = exp.Paren(this=exp.Sub(this=month_index(end), expression=month_index(start)))
    reached = as_date(
        exp.Add(
            this=operand(start),
            expression=exp.Interval(this=diff.copy(), unit=exp.Var(this="MONTH")),
        )
    )
    overshoot = exp.Case(
        ifs=[exp.If(this=exp.GT(this=reached, expression=end.copy()), true=exp.Literal.number(1))],
        default=exp.Literal.number(0),
    )
    return exp.Sub(this=diff, expression=overshoot)


def _period_parts(period: exp.Expression) -> tuple[exp.Expression, exp.Expression, exp.Expression]:
    """Year, first month and number of months of a period-text column, as SQL."""

    def piece(start: int, length: int) -> exp.Expression:
        return exp.cast(
            exp.Substring(
                this=period.copy(),
                start=exp.Literal.number(start),
                length=exp.Literal.number(length),
            ),
            exp.DataType.build("INT"),
        )

    length = exp.Length(this=period.copy())
    is_year = exp.EQ(this=length, expression=exp.Literal.number(4))
    is_quarter = exp.EQ(
        this=exp.Substring(
            this=period.copy(), start=exp.Literal.number(6), length=exp.Literal.number(1)
        ),
        expression=exp.Literal.string("Q"),
    )
    first_month = exp.Case(
        ifs=[
            exp.If(this=is_year.copy(), true=exp.Literal.number(1)),
            exp.If(
                this=is_quarter.copy(),
                true=exp.Sub(
                    this=exp.Mul(this=piece(7, 1), expression=exp.Literal.number(3)),
                    expression=exp.Literal.number(2),
                ),
            ),
        ],
        default=piece(6, 2),
    )
    months = exp.Case(
        ifs=[
            exp.If(this=is_year, true=exp.Literal.number(12)),
            exp.If(this=is_quarter, true=exp.Literal.number(3)),
        ],
        default=exp.Literal.number(1),
    )
    return piece(1, 4), first_month, months


def period_start_sql(period: exp.Expression) -> exp.Expression:
    """The first day of the period named by a text column (``2026-Q1`` → 2026-01-01)."""
    year, first_month, _ = _period_parts(period)
    return exp.DateFromParts(year=year, month=first_month, day=exp.Literal.number(1))


def period_end_sql(period: exp.Expression) -> exp.Expression:
    """The last day of the period named by a text column (``2026-Q1`` → 2026-03-31)."""
    year, first_month, months = _period_parts(period)
    first_day = exp.DateFromParts(year=year, month=first_month, day=exp.Literal.number(1))
    next_start = exp.Add(
        this=first_day, expression=exp.Interval(this=months, unit=exp.Var(this="MONTH"))
    )
    return as_date(exp.Sub(this=next_start, expression=interval(Duration(1, "day"))))

