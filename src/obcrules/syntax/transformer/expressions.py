"""Populations and the expressions of conditions: logic, comparison, arithmetic, calls.

A leading minus on a non-negative number literal folds into the literal
(``-3`` is ``NumberLit(-3)``, not ``Negate(NumberLit(3))``).
"""

from __future__ import annotations

from typing import Any

from obcrules.model import (
    Arith,
    ArithOp,
    Between,
    BoolExpr,
    Call,
    Compare,
    CompareOp,
    DaysBetween,
    Expected,
    FieldRef,
    InList,
    IsMissing,
    Negate,
    Not,
    NumberLit,
    Population,
    Ref,
)
from obcrules.syntax.tokens import Meta
from obcrules.syntax.transformer.fields import RuleBase
from obcrules.syntax.transformer.literals import unquote
from obcrules.syntax.transformer.spans import header_span, span_of

COMPARE_OPS: dict[str, CompareOp] = {op: op for op in ("=", "!=", "<", "<=", ">", ">=")}
"""The comparison operators as the model spells them (a lookup, as nodes are not validated)."""


class ExpressionRules(RuleBase):
    """The rules of ``population`` blocks and of expressions."""

    # ---------------------------------------------------------------- populations

    def population(self, meta: Meta, children: list[Any]) -> Population:
        name, title, (source, where), *rest = children
        expected = rest[0] if rest else None
        return Population.model_construct(
            span=header_span(meta, title), name=name.name, title=unquote(title), source=source,
            where=where, expected=expected)

    def population_expected(self, meta: Meta, children: list[Any]) -> Expected:
        number, unit = children
        text = str(number).replace("_", "")
        if not text.isdigit():
            self._error("OBC124", span_of(meta), f"the people expected are a whole number: "
                        f"`{number}`", "write e.g. `expected 60 per quarter`")
            text = text.split(".")[0] or "0"
        return Expected(span=span_of(meta), count=int(text), per=unit)

    def population_from(self, meta: Meta, children: list[Any]) -> tuple[Ref, Any]:
        source = children[0]
        where = children[1] if len(children) > 1 else None
        return (source, where)

    # ---------------------------------------------------------------- conditions

    def or_op(self, meta: Meta, children: list[Any]) -> BoolExpr:
        return BoolExpr.model_construct(
            span=span_of(meta), op="or", left=children[0], right=children[1])

    def and_op(self, meta: Meta, children: list[Any]) -> BoolExpr:
        return BoolExpr.model_construct(
            span=span_of(meta), op="and", left=children[0], right=children[1])

    def not_op(self, meta: Meta, children: list[Any]) -> Not:
        return Not.model_construct(span=span_of(meta), operand=children[0])

    def compare(self, meta: Meta, children: list[Any]) -> Compare:
        left, op, right = children
        return Compare.model_construct(span=span_of(meta), op=COMPARE_OPS[op], left=left,
                                       right=right)

    def in_list(self, meta: Meta, children: list[Any]) -> InList:
        return InList.model_construct(
            span=span_of(meta), operand=children[0], values=tuple(children[1:]))

    def between(self, meta: Meta, children: list[Any]) -> Between:
        return Between.model_construct(
            span=span_of(meta), operand=children[0], low=children[1], high=children[2])

    def is_missing(self, meta: Meta, children: list[Any]) -> IsMissing:
        return IsMissing.model_construct(span=span_of(meta), operand=children[0])

    def is_not_missing(self, meta: Meta, children: list[Any]) -> IsMissing:
        return IsMissing.model_construct(span=span_of(meta), operand=children[0], negated=True)

    # ---------------------------------------------------------------- arithmetic

    def _arith(self, op: ArithOp, meta: Meta, children: list[Any]) -> Arith:
        return Arith.model_construct(span=span_of(meta), op=op, left=children[0], right=children[1])

    def add(self, meta: Meta, children: list[Any]) -> Arith:
        return self._arith("+", meta, children)

    def subtract(self, meta: Meta, children: list[Any]) -> Arith:
        return self._arith("-", meta, children)

    def multiply(self, meta: Meta, children: list[Any]) -> Arith:
        return self._arith("*", meta, children)

    def divide(self, meta: Meta, children: list[Any]) -> Arith:
        return self._arith("/", meta, children)

    def negate(self, meta: Meta, children: list[Any]) -> Any:
        operand = children[0]
        if isinstance(operand, NumberLit) and operand.value >= 0:
            return NumberLit.model_construct(span=span_of(meta), value=-operand.value)
        return Negate.model_construct(span=span_of(meta), operand=operand)

    # ---------------------------------------------------------------- fields and calls

    def field_ref(self, meta: Meta, children: list[Any]) -> FieldRef:
        return FieldRef.model_construct(span=span_of(meta), name=children[0].name)

    def call(self, meta: Meta, children: list[Any]) -> Call:
        name, *args = children
        return Call.model_construct(
            span=span_of(meta), name=name.name, args=tuple(a for a in args if a is not None))

    def days_between(self, meta: Meta, children: list[Any]) -> DaysBetween:
        return DaysBetween.model_construct(span=span_of(meta), start=children[0], end=children[1])
