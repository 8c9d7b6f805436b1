"""Text read as a number or a date where a SQL engine's own cast would fail or guess.

DuckDB has ``TRY_CAST``; PostgreSQL has none (a bad value stops the query) and
Spark's casts read more than a person means. `try_cast` rewrites the engine's
``TRY_CAST(text AS type)`` as a pattern test before a plain cast, so every engine
reads the same cells: whole numbers as integers, decimal or scientific numbers
(finite) as numbers, real ISO calendar dates from year 1 as dates; anything else
is NULL, which validation reports as not of the declared type.
"""

from __future__ import annotations

import sqlglot.expressions as exp

INTEGER_PATTERN = r"^[+-]?0*[0-9]{1,18}$"
"""How a whole number is written: an optional sign and up to 18 digits."""
_INTEGER = INTEGER_PATTERN
_NUMBER = r"^[+-]?([0-9]{1,200}(\.[0-9]{0,200})?|\.[0-9]{1,200})([eE][+-]?[0-9]{1,2})?$"
"""At most 200 digits and a two-digit exponent: never beyond a double's range, which
PostgreSQL's cast would reject with an error rather than a NULL."""
_DATE = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"


def _matches(text: exp.Expr, pattern: str) -> exp.Expr:
    return exp.RegexpLike(this=text.copy(), expression=exp.Literal.string(pattern))


def _guarded(condition: exp.Expr, value: exp.Expr) -> exp.Case:
    return exp.Case(ifs=[exp.If(this=condition, true=value)])


def try_cast(node: exp.TryCast) -> exp.Expr:
    """``TRY_CAST(text AS type)`` as an engine without a strict one can run it: NULL
    unless the text reads as the type."""
    text, to = node.this, node.to
    if to.is_type("bigint", "int"):
        return _guarded(_matches(text, _INTEGER), exp.cast(text.copy(), to.copy()))
    if to.is_type("double", "float", "decimal"):
        return _guarded(_matches(text, _NUMBER), exp.cast(text.copy(), to.copy()))
    if to.is_type("date"):
        def part(start: int, length: int) -> exp.Expr:
            return exp.cast(exp.Substring(this=text.copy(), start=exp.Literal.number(start),
                                          length=exp.Literal.number(length)), "INT")
        first = exp.Anonymous(this="MAKE_DATE", expressions=[part(1, 4), part(6, 2),
                                                            exp.Literal.number(1)])
        last = exp.Extract(this=exp.Var(this="DAY"), expression=exp.Sub(
            this=exp.Add(this=first, expression=exp.Interval(
                this=exp.Literal.string("1"), unit=exp.Var(this="MONTH"))),
            expression=exp.Interval(this=exp.Literal.string("1"), unit=exp.Var(this="DAY"))))
        real = exp.And(this=exp.GT(this=part(1, 4), expression=exp.Literal.number(0)),
                       expression=exp.LTE(this=part(9, 2), expression=last))
        return _guarded(_matches(text, _DATE), _guarded(real, exp.cast(text.copy(), to.copy())))
    return exp.cast(text.copy(), to.copy())
