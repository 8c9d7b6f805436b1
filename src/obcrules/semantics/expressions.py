"""Type-check conditions and expressions against the fields and functions in scope."""

from __future__ import annotations

from collections.abc import Callable

from obcrules.diagnostics import did_you_mean
from obcrules.model import (
    Arith,
    Between,
    BoolExpr,
    BoolLit,
    Call,
    Compare,
    DateLit,
    DaysBetween,
    DurationLit,
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
    PointsLit,
    StringLit,
    period_literal_of,
)
from obcrules.plugins.catalog import Vocabulary
from obcrules.plugins.declarations import TableDecl
from obcrules.semantics.types import (
    BOOLEAN,
    CONTEXT_VALUES,
    DATE,
    DURATION,
    MONEY,
    NUMBER,
    PERCENT,
    PERIOD,
    POINTS,
    TEXT,
    UNKNOWN,
    Type,
    comparable,
    field_type,
    orderable,
    value_type,
)

Report = Callable[[str, Node, str, str | None], None]
"""``report(code, node, message, suggestion)`` records an error."""

LITERAL_TYPES: dict[type, Type] = {
    NumberLit: NUMBER,
    PercentLit: PERCENT,
    PointsLit: POINTS,
    MoneyLit: MONEY,
    DurationLit: DURATION,
    DateLit: DATE,
    PeriodLit: PERIOD,
    StringLit: TEXT,
    BoolLit: BOOLEAN,
}


class ExpressionChecker:
    """Infers the type of each expression over one table, reporting what does not fit."""

    def __init__(self, table: TableDecl | None, vocabulary: Vocabulary, report: Report) -> None:
        self.table = table
        self.vocabulary = vocabulary
        self.report = report

    def condition(self, expr: Node) -> None:
        """Check an expression that must be a yes/no condition."""
        found = self.infer(expr)
        if not found.is_unknown and found != BOOLEAN:
            self.report("OBC104", expr, f"a condition must be yes or no, but this is {found}",
                        "compare it with something, e.g. `score >= 3`")

    def infer(self, expr: Node) -> Type:
        """The type of ``expr`` (UNKNOWN after an error already reported)."""
        literal = LITERAL_TYPES.get(type(expr))
        if literal is not None:
            return literal
        if isinstance(expr, FieldRef):
            return self._field(expr)
        if isinstance(expr, Call):
            return self._call(expr)
        if isinstance(expr, Not):
            self._expect(expr.operand, BOOLEAN, "`not` applies to a yes/no condition")
            return BOOLEAN
        if isinstance(expr, BoolExpr):
            for side in (expr.left, expr.right):
                self._expect(side, BOOLEAN, f"both sides of `{expr.op}` must be yes/no conditions")
            return BOOLEAN
        if isinstance(expr, Negate):
            inner = self.infer(expr.operand)
            if inner.kind not in ("number", "percent", "money", "points", "unknown"):
                self.report("OBC104", expr, f"cannot negate {inner}", None)
                return UNKNOWN
            return inner
        if isinstance(expr, Arith):
            return self._arith(expr)
        if isinstance(expr, Compare):
            return self._compare(expr)
        if isinstance(expr, InList):
            return self._in_list(expr)
        if isinstance(expr, Between):
            operand = self.infer(expr.operand)
            for bound in (expr.low, expr.high):
                other = self.infer(bound)
                if period_literal_of(expr.operand, bound) is not None:
                    continue
                if not orderable(operand, other):
                    self.report("OBC104", bound,
                                f"`between` compares {operand} with {other}", None)
            return BOOLEAN
        if isinstance(expr, IsMissing):
            self.infer(expr.operand)
            return BOOLEAN
        if isinstance(expr, DaysBetween):
            for side in (expr.start, expr.end):
                self._expect(side, DATE, "`days from A to B` counts days between two dates")
            return NUMBER
        return UNKNOWN

    # ------------------------------------------------------------------ parts

    def _expect(self, expr: Node, wanted: Type, message: str) -> None:
        found = self.infer(expr)
        if not found.is_unknown and found.kind != wanted.kind:
            self.report("OBC104", expr, f"{message}, but this is {found}", None)

    def _field(self, ref: FieldRef) -> Type:
        if ref.name in CONTEXT_VALUES:
            return CONTEXT_VALUES[ref.name]
        if self.table is None:
            return UNKNOWN
        decl = self.table.field(ref.name)
        if decl is not None:
            return field_type(decl)
        fields = [f.name for f in self.table.fields] + list(CONTEXT_VALUES)
        guess = did_you_mean(ref.name, fields)
        hidden = self.vocabulary.hidden_fields.get(ref.name)
        if hidden:  # the exact name exists in a service the ruleset does not name
            _table, plugin = hidden[0]
            suggestion = (f"`{ref.name}` is a field of the {plugin} service: "
                          f"add `{plugin}` to the ruleset's `service` line")
        elif guess:
            suggestion = f"did you mean `{guess}`?"
        else:
            suggestion = f"the fields of `{self.table.name}` are listed by `obc plugins`"
        self.report("OBC102", ref, f"`{ref.name}` is not a field of `{self.table.name}`",
                    suggestion)
        return UNKNOWN

    def _call(self, call: Call) -> Type:
        decl = self.vocabulary.functions.get(call.name)
        if decl is None:
            guess = did_you_mean(call.name, self.vocabulary.functions)
            hidden = self.vocabulary.hidden_functions.get(call.name)
            if guess:
                suggestion: str | None = f"did you mean `{guess}`?"
            elif hidden:
                suggestion = (f"`{call.name}` comes with the {hidden} service: add `{hidden}` "
                              "to the ruleset's `service` line")
            else:
                suggestion = None
            self.report("OBC103", call, f"there is no function `{call.name}`", suggestion)
            for arg in call.args:
                self.infer(arg)
            return UNKNOWN
        if len(call.args) != len(decl.params):
            names = ", ".join(p.name for p in decl.params)
            self.report("OBC116", call,
                        f"`{call.name}` takes {len(decl.params)} argument(s) ({names}), "
                        f"not {len(call.args)}", f"write `{call.name}({names})`")
        for arg, param in zip(call.args, decl.params, strict=False):
            found = self.infer(arg)
            if param.literal and type(arg) not in LITERAL_TYPES:
                self.report("OBC104", arg,
                            f"argument `{param.name}` of `{call.name}` must be written as a "
                            "literal value", None)
            wanted = value_type(param.type)
            if wanted is not None and not found.is_unknown and found.kind != wanted.kind:
                self.report("OBC104", arg,
                            f"argument `{param.name}` of `{call.name}` must be {wanted}, "
                            f"but this is {found}", None)
        return value_type(decl.returns) or UNKNOWN

    def _arith(self, expr: Arith) -> Type:
        left, right = self.infer(expr.left), self.infer(expr.right)
        if left.is_unknown or right.is_unknown:
            return UNKNOWN
        kinds = (left.kind, right.kind)
        if expr.op in "+-":
            if left.kind == right.kind and left.kind in ("number", "percent", "money", "points"):
                return left
            if kinds == ("date", "duration"):
                return DATE
            if expr.op == "+" and kinds == ("duration", "date"):
                return DATE
        else:
            if kinds == ("number", "number"):
                return NUMBER
            if "number" in kinds and ({"percent", "money"} & set(kinds)):
                other = left if left.kind != "number" else right
                if expr.op == "*" or left.kind != "number":
                    return other
        suggestion = ("to count days between dates, write `days from A to B`"
                      if kinds == ("date", "date") else None)
        self.report("OBC104", expr, f"cannot compute {left} {expr.op} {right}", suggestion)
        return UNKNOWN

    def _compare(self, expr: Compare) -> Type:
        left, right = self.infer(expr.left), self.infer(expr.right)
        if period_literal_of(expr.left, expr.right) or period_literal_of(expr.right, expr.left):
            return BOOLEAN  # the record's period against a period: in time
        check = comparable if expr.op in ("=", "!=") else orderable
        if not check(left, right):
            suggestion = None
            if {left.kind, right.kind} == {"percent", "number"}:
                suggestion = "write the percentage with `%`, e.g. `>= 90%`"
            elif {left.kind, right.kind} == {"number", "duration"}:
                suggestion = ("a number of days compares with a number: write e.g. `<= 42` "
                              "rather than `<= 6 weeks`")
            self.report("OBC104", expr, f"cannot compare {left} with {right} using `{expr.op}`",
                        suggestion)
            return BOOLEAN
        for side, other in ((expr.right, left), (expr.left, right)):
            if isinstance(side, StringLit):
                self._category_value(side, other)
        return BOOLEAN

    def _in_list(self, expr: InList) -> Type:
        operand = self.infer(expr.operand)
        for value in expr.values:
            found = self.infer(value)
            if not comparable(operand, found):
                self.report("OBC104", value, f"`in` compares {operand} with {found}", None)
            elif isinstance(value, StringLit):
                self._category_value(value, operand)
        return BOOLEAN

    def _category_value(self, literal: StringLit, category: Type) -> None:
        if category.kind != "category" or literal.value in category.values:
            return
        guess = did_you_mean(literal.value, category.values)
        allowed = ", ".join(f'"{v}"' for v in category.values)
        self.report("OBC117", literal, f'"{literal.value}" is not one of the allowed values',
                    f'did you mean "{guess}"?' if guess else f"the allowed values are {allowed}")
