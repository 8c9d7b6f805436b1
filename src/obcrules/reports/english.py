"""Measures, conditions and targets of a ruleset in plain English.

The outcomes framework is published with a tender and read by bidders,
commissioners and the public, so a measure such as
``share of residents where continence_problem and not continence_treated`` reads
as "the share of Care home residents aged 65+ who have a continence problem and
whose continence problem is not treated". Field and function titles come from
the plugins' declarations; a name the vocabulary does not know is shown as words.

The subject of a condition is always plural ("residents who have …"), because a
condition describes the members of a population.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    Expr,
    FieldRef,
    InList,
    IsMissing,
    Measure,
    MoneyLit,
    Negate,
    Not,
    NumberLit,
    PercentLit,
    PeriodLit,
    PointsLit,
    Ruleset,
    StringLit,
    Target,
    Trajectory,
)
from obcrules.plugins.catalog import Vocabulary
from obcrules.reports import formatting as fmt
from obcrules.syntax.printer import format_target

_CONTEXT_VALUES = {"period_start": "the start of the period", "period_end": "the end of the period"}
_ARITH_WORDS = {"+": "plus", "-": "minus", "*": "times", "/": "divided by"}
_COMPARE_WORDS = {
    "=": "is",
    "!=": "is not",
    "<": "is less than",
    "<=": "is at most",
    ">": "is more than",
    ">=": "is at least",
}
_DIFFERENCE_WORDS = {">": "more than", ">=": "at least"}


@dataclass(frozen=True)
class Phrases:
    """Renders the expressions of one ruleset with its vocabulary."""

    ruleset: Ruleset
    vocabulary: Vocabulary | None = None

    # ---------------------------------------------------------------- names

    def root_table(self, source: str) -> str:
        """The plugin table a population (or table) name finally reads from."""
        seen: set[str] = set()
        while (pop := self.ruleset.population(source)) is not None and source not in seen:
            seen.add(source)
            source = pop.source.name
        return source

    def source_title(self, source: str) -> str:
        """A population's title as written, or a table's title in sentence case."""
        pop = self.ruleset.population(source)
        if pop is not None:
            return pop.title
        table = self.vocabulary.table(source) if self.vocabulary else None
        return fmt.sentence_case(table.title) if table else fmt.humanise(source)

    def field_title(self, table: str, name: str) -> str:
        """A field's title in sentence case, or the name as words."""
        if name in _CONTEXT_VALUES:
            return _CONTEXT_VALUES[name]
        decl = self.vocabulary.table(table) if self.vocabulary else None
        field = decl.field(name) if decl else None
        return fmt.sentence_case(field.title) if field and field.title else fmt.humanise(name)

    def _function_title(self, name: str) -> str:
        decl = self.vocabulary.functions.get(name) if self.vocabulary else None
        return decl.title if decl else fmt.capitalise(fmt.humanise(name))

    # ---------------------------------------------------------------- measures

    def measure(self, measure: Measure) -> str:
        """A measure as a noun phrase: "the share of … who …"."""
        table = self.root_table(measure.source.name)
        subject = self.source_title(measure.source.name)
        where = f" {self.condition(measure.where, table)}" if measure.where is not None else ""
        if measure.kind == "share":
            return f"the share of {subject}{where}"
        if measure.kind == "count":
            return f"the number of {subject}{where}"
        what = self.value(measure.expr, table) if measure.expr is not None else "value"
        word = {"mean": "average", "median": "median", "total": "total"}[measure.kind]
        return f"the {word} {what} of {subject}{where}"

    def population(self, name: str) -> str:
        """A population's definition: "People served whose care setting is …"."""
        pop = self.ruleset.population(name)
        if pop is None:
            return fmt.capitalise(self.source_title(name))
        table = self.root_table(name)
        base = fmt.capitalise(self.source_title(pop.source.name))
        if pop.where is None:
            return base
        return f"{base} {self.condition(pop.where, table)}"

    # ---------------------------------------------------------------- conditions

    def condition(self, expr: Expr, table: str, negated: bool = False) -> str:
        """A condition as a relative clause on a plural subject ("who …", "whose …")."""
        if isinstance(expr, Not):
            return self.condition(expr.operand, table, not negated)
        if isinstance(expr, BoolExpr):
            op = expr.op
            if negated:  # De Morgan keeps each clause readable
                op = "or" if op == "and" else "and"
            parts = [self._clause(side, table, negated, op) for side in (expr.left, expr.right)]
            return f" {op} ".join(parts)
        if isinstance(expr, FieldRef):
            return self._predicate(self.field_title(table, expr.name), negated)
        if isinstance(expr, Call):
            title = self._function_title(expr.name)
            details = [self.value(a, table) for a in expr.args if _is_literal(a)]
            suffix = f" ({', '.join(details)})" if details else ""
            return self._predicate(title, negated) + suffix
        if isinstance(expr, Compare):
            return self._comparison(expr, table, negated)
        if isinstance(expr, InList):
            values = _or_list([self._literal(v) for v in expr.values])
            verb = "is not" if negated else "is"
            return f"whose {self.value(expr.operand, table)} {verb} {values}"
        if isinstance(expr, Between):
            verb = "is not" if negated else "is"
            low, high = self.value(expr.low, table), self.value(expr.high, table)
            return f"whose {self.value(expr.operand, table)} {verb} between {low} and {high}"
        if isinstance(expr, IsMissing):
            recorded = expr.negated != negated
            state = "is recorded" if recorded else "is not recorded"
            return f"whose {self.value(expr.operand, table)} {state}"
        if isinstance(expr, BoolLit):
            return "all" if expr.value != negated else "none"
        verb = "is not" if negated else "is"
        return f"for whom {self.value(expr, table)} {verb} true"

    def _clause(self, expr: Expr, table: str, negated: bool, op: str) -> str:
        text = self.condition(expr, table, negated)
        inner = expr.operand if isinstance(expr, Not) else expr
        if isinstance(inner, BoolExpr):
            inner_op = inner.op if (isinstance(expr, Not)) == negated else (
                "or" if inner.op == "and" else "and"
            )
            if inner_op != op:
                return f"({text})"
        return text

    def _comparison(self, expr: Compare, table: str, negated: bool) -> str:
        op: str = expr.op
        if negated:
            op = {"=": "!=", "!=": "=", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}[op]
        left = expr.left
        if isinstance(left, Arith) and left.op == "-" and op in _DIFFERENCE_WORDS:
            a, b = self.value(left.left, table), self.value(left.right, table)
            amount = self.value(expr.right, table)
            return f"whose {a} is {_DIFFERENCE_WORDS[op]} {amount} higher than their {b}"
        right = self.value(expr.right, table)
        return f"whose {self.value(left, table)} {_COMPARE_WORDS[op]} {right}"

    @staticmethod
    def _predicate(title: str, negated: bool) -> str:
        """A yes/no field or function title as a clause: "who have …", "whose … is …"."""
        words = title.split()
        if not words:
            return "who qualify" if not negated else "who do not qualify"
        first = words[0].lower()
        rest = fmt.sentence_case(" ".join(words[1:]))
        if first in ("has", "have"):
            return f"who {'do not have' if negated else 'have'} {rest}".rstrip()
        if first in ("is", "are"):
            return f"who {'are not' if negated else 'are'} {rest}".rstrip()
        if first in ("in", "at", "on", "still", "living", "not"):
            phrase = fmt.sentence_case(title)
            return f"who {'are not' if negated else 'are'} {phrase}"
        if first.endswith("ed"):
            phrase = fmt.sentence_case(title)
            return f"who have not {phrase}" if negated else f"who {phrase}"
        if len(words) >= 2 and words[-1].lower().endswith("ed"):
            noun = fmt.sentence_case(" ".join(words[:-1]))
            return f"whose {noun} is {'not ' if negated else ''}{words[-1].lower()}"
        phrase = fmt.sentence_case(title)
        return f"without {phrase}" if negated else f"with {phrase}"

    # ---------------------------------------------------------------- values

    def value(self, expr: Expr, table: str) -> str:
        """An expression that yields a value, as a noun phrase or a number."""
        if isinstance(expr, FieldRef):
            return self.field_title(table, expr.name)
        if _is_literal(expr):
            return self._literal(expr)
        if isinstance(expr, Arith):
            a, b = self.value(expr.left, table), self.value(expr.right, table)
            return f"{a} {_ARITH_WORDS[expr.op]} {b}"
        if isinstance(expr, Negate):
            return f"minus {self.value(expr.operand, table)}"
        if isinstance(expr, DaysBetween):
            a, b = self.value(expr.start, table), self.value(expr.end, table)
            return f"the days from {a} to {b}"
        if isinstance(expr, Call):
            args = ", ".join(self.value(a, table) for a in expr.args)
            return f"{fmt.sentence_case(self._function_title(expr.name))} ({args})"
        return self.condition(expr, table)

    @staticmethod
    def _literal(expr: Expr) -> str:
        if isinstance(expr, StringLit):
            return fmt.humanise(expr.value)
        if isinstance(expr, BoolLit):
            return "yes" if expr.value else "no"
        if isinstance(expr, DateLit):
            return expr.value.strftime("%-d %B %Y")
        if isinstance(expr, PeriodLit):
            return expr.text
        if isinstance(expr, NumberLit | PercentLit | PointsLit | MoneyLit | DurationLit):
            return fmt.value(expr)
        raise TypeError(f"not a literal: {expr!r}")


def _is_literal(expr: Expr) -> bool:
    return isinstance(
        expr,
        NumberLit | PercentLit | PointsLit | MoneyLit | DurationLit | DateLit | PeriodLit
        | StringLit | BoolLit,
    )


def _or_list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} or {items[-1]}"


# -------------------------------------------------------------------- targets


def target(node: Target, per_unit: str | None = None) -> str:
    """A target as written for a reader: "less than 10%", "at least 12 per quarter"."""
    return format_target(node, fmt.value, "the baseline")


def trajectory(node: Trajectory) -> str:
    """``improves every quarter by 1 point`` → "improves every quarter by at least 1 point"."""
    if node.kind == "no_worse":
        return f"no worse than the previous {node.every}"
    by = f" by at least {fmt.value(node.by)}" if node.by else ""
    return f"improves every {node.every}{by}"
