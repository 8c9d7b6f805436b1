"""Whether two conditions can both hold for one record (OBC126, the price groups of a line).

The groups of a rate-card line must be exclusive: a person in two of them would have two
prices. Conditions are arbitrary, so the check proves what it can and is cautious about
the rest: two groups pass only when they are *provably* exclusive. Each condition is
turned into a disjunction of conjunctions (negations pushed inwards, as SQL's
three-valued logic allows: ``not (age >= 85)`` holds exactly when ``age < 85``), and two
conjunctions exclude each other when, for some field, what they ask of it cannot hold
together: ``age >= 85`` and ``age < 85``, ``setting = "a"`` and ``setting in ("b", "c")``,
``lives_alone`` and ``not lives_alone``, ``x is missing`` and ``x > 3``. Anything else (a
function call, arithmetic) is compared as written, so ``C`` and ``not C`` always exclude
each other: ``group b … where B and not (A)`` is exclusive of ``group a … where A``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from obcrules.model import (
    Between,
    BoolExpr,
    BoolLit,
    Compare,
    DateLit,
    Expr,
    FieldRef,
    InList,
    IsMissing,
    MoneyLit,
    Node,
    Not,
    NumberLit,
    PercentLit,
    StringLit,
    dump,
)
from obcrules.plugins.declarations import TableDecl

MAX_TERMS = 64
"""Conjunctions a condition may expand to before the check gives up (and says "may overlap")."""

_NEGATE = {"=": "!=", "!=": "=", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}
_FLIP = {"=": "=", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}

Literal_ = tuple[Node, bool]
"""A condition that is not ``and``/``or``/``not``, and whether it is negated."""


def may_overlap(a: Expr, b: Expr, table: TableDecl | None) -> bool:
    """False when no record can meet both ``a`` and ``b``; True when one might."""
    left, right = _dnf(a, False), _dnf(b, False)
    if left is None or right is None:
        return True
    integers = {f.name for f in table.fields if f.type == "integer"} if table else set()
    return any(not _Conjunction.of([*x, *y], integers).empty for x in left for y in right)


def _dnf(node: Node, negated: bool) -> list[list[Literal_]] | None:
    """``node`` (negated or not) as a list of conjunctions of literals; None when too large."""
    if isinstance(node, Not):
        return _dnf(node.operand, not negated)
    if isinstance(node, BoolExpr):
        left, right = _dnf(node.left, negated), _dnf(node.right, negated)
        if left is None or right is None:
            return None
        if (node.op == "or") != negated:  # an or, or a negated and
            terms = left + right
        else:
            terms = [x + y for x in left for y in right]
        return terms if len(terms) <= MAX_TERMS else None
    if isinstance(node, Between) and negated:  # outside the range: below it, or above it
        below = Compare(op="<", left=node.operand, right=node.low)
        above = Compare(op=">", left=node.operand, right=node.high)
        return [[(below, False)], [(above, False)]]
    return [[(node, negated)]]


def _value(node: Node) -> Any:
    """A literal's value, or None for anything else."""
    if isinstance(node, NumberLit | PercentLit):
        return node.value
    if isinstance(node, MoneyLit):
        return node.amount
    if isinstance(node, DateLit | StringLit | BoolLit):
        return node.value
    return None


@dataclass
class _Field:
    """What a conjunction asks of one field."""

    null: bool | None = None  # True: must be missing; False: must be present
    low: tuple[Any, bool] | None = None  # (value, included)
    high: tuple[Any, bool] | None = None
    equal: set[Any] | None = None
    unequal: set[Any] = field(default_factory=set)

    def bound(self, op: str, value: Any, integer: bool) -> None:
        if op in (">", ">="):
            low = (value, op == ">=")
            if integer:
                low = (math.ceil(value) if op == ">=" else math.floor(value) + 1, True)
            if self.low is None or _tighter_low(low, self.low):
                self.low = low
        else:
            high = (value, op == "<=")
            if integer:
                high = (math.floor(value) if op == "<=" else math.ceil(value) - 1, True)
            if self.high is None or _tighter_high(high, self.high):
                self.high = high

    def restrict(self, values: set[Any]) -> None:
        self.equal = set(values) if self.equal is None else self.equal & values

    @property
    def empty(self) -> bool:
        valued = self.low is not None or self.high is not None or self.equal is not None or \
            bool(self.unequal)
        if self.null is True:
            return valued
        if self.equal is not None:
            return not any(v not in self.unequal and self._within(v) for v in self.equal)
        if self.low is not None and self.high is not None:
            (low, low_in), (high, high_in) = self.low, self.high
            if low > high or (low == high and not (low_in and high_in)):
                return True
            if low == high and low in self.unequal:
                return True
        return False

    def _within(self, value: Any) -> bool:
        if self.low is not None:
            low, included = self.low
            if value < low or (value == low and not included):
                return False
        if self.high is not None:
            high, included = self.high
            if value > high or (value == high and not included):
                return False
        return True


def _tighter_low(new: tuple[Any, bool], old: tuple[Any, bool]) -> bool:
    return bool(new[0] > old[0] or (new[0] == old[0] and not new[1]))


def _tighter_high(new: tuple[Any, bool], old: tuple[Any, bool]) -> bool:
    return bool(new[0] < old[0] or (new[0] == old[0] and not new[1]))


@dataclass
class _Conjunction:
    """Literals that must all hold: per field what they ask, and the opaque ones as written."""

    fields: dict[str, _Field] = field(default_factory=dict)
    opaque: dict[str, set[bool]] = field(default_factory=dict)
    contradiction: bool = False

    @classmethod
    def of(cls, literals: list[Literal_], integers: set[str]) -> _Conjunction:
        conjunction = cls()
        for node, negated in literals:
            try:
                understood = conjunction._add(node, negated, integers)
            except TypeError:  # values of different kinds: do not reason about them
                understood = False
            if not understood:
                key = json.dumps(dump(node), sort_keys=True, default=str)
                conjunction.opaque.setdefault(key, set()).add(not negated)
        return conjunction

    @property
    def empty(self) -> bool:
        if self.contradiction or any(len(p) == 2 for p in self.opaque.values()):
            return True
        try:
            return any(f.empty for f in self.fields.values())
        except TypeError:
            return False

    def _field(self, name: str) -> _Field:
        return self.fields.setdefault(name, _Field())

    def _present(self, name: str) -> _Field:
        found = self._field(name)
        if found.null is True:
            self.contradiction = True
        found.null = False
        return found

    def _add(self, node: Node, negated: bool, integers: set[str]) -> bool:
        if isinstance(node, FieldRef):  # a yes/no field: true, or (negated) false
            self._present(node.name).restrict({not negated})
            return True
        if isinstance(node, IsMissing) and isinstance(node.operand, FieldRef):
            missing = node.negated == negated
            found = self._field(node.operand.name)
            if found.null is not None and found.null != missing:
                self.contradiction = True
            found.null = missing
            return True
        if isinstance(node, InList) and isinstance(node.operand, FieldRef):
            values = {_value(v) for v in node.values}
            if None in values:
                return False
            found = self._present(node.operand.name)
            if negated:
                found.unequal |= values
            else:
                found.restrict(values)
            return True
        if isinstance(node, Between) and isinstance(node.operand, FieldRef):
            low, high = _value(node.low), _value(node.high)
            if low is None or high is None:
                return False
            found = self._present(node.operand.name)
            integer = node.operand.name in integers
            found.bound(">=", low, integer)
            found.bound("<=", high, integer)
            return True
        if isinstance(node, Compare):
            return self._compare(node, negated, integers)
        return False

    def _compare(self, node: Compare, negated: bool, integers: set[str]) -> bool:
        op: str = node.op
        if isinstance(node.left, FieldRef) and _value(node.right) is not None:
            name, value = node.left.name, _value(node.right)
        elif isinstance(node.right, FieldRef) and _value(node.left) is not None:
            name, value, op = node.right.name, _value(node.left), _FLIP[op]
        else:
            return False
        if negated:
            op = _NEGATE[op]
        found = self._present(name)
        if op == "=":
            found.restrict({value})
        elif op == "!=":
            found.unequal.add(value)
        else:
            if isinstance(value, bool | str):
                return False
            found.bound(op, Decimal(value) if isinstance(value, int) else value,
                        name in integers and isinstance(value, Decimal))
        return True
