"""Turn lark's parse tree into the frozen model of `obcrules.model`.

One method per grammar rule. The transformer is non-recursive (lark's
``Transformer_NonRecursive``), so deep expressions cannot exhaust the stack.
Problems that the grammar cannot see (a field given twice, a field that does not
belong to the kind, an impossible date) are collected as diagnostics rather than
raised, so one run reports them all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from lark import Token, Tree
from lark.tree import Meta

from obcrules.diagnostics import Diagnostic
from obcrules.model import (
    Adjustment,
    Arith,
    Baseline,
    Between,
    BetweenTarget,
    BoolExpr,
    BoolLit,
    BoundTarget,
    Call,
    Compare,
    Criterion,
    DateLit,
    DaysBetween,
    DurationLit,
    EvaluatorScoring,
    FieldRef,
    Gate,
    Header,
    InList,
    IsMissing,
    Item,
    Measure,
    MoneyLit,
    Negate,
    Not,
    NumberLit,
    Payment,
    PercentLit,
    PeriodLit,
    PluginScoring,
    PointsLit,
    Population,
    PriceScoring,
    RateLine,
    Ref,
    RelativeTarget,
    Ruleset,
    Span,
    StringLit,
    TargetScoring,
    Tender,
    Theme,
    Trajectory,
    Verification,
)

BOUND_OPS = {
    "less than": "<",
    "under": "<",
    "below": "<",
    "at most": "<=",
    "no more than": "<=",
    "more than": ">",
    "over": ">",
    "above": ">",
    "at least": ">=",
    "no less than": ">=",
}
"""Target wordings and the comparison each means."""

ITEM_FIELDS: dict[str, tuple[str, ...]] = {
    "outcome": ("level", "theme", "contributes", "measure", "target", "baseline",
                "trajectory", "evidence", "verify"),
    "output": ("theme", "contributes", "measure", "target", "baseline", "trajectory",
               "evidence", "verify"),
    "input": ("theme", "contributes", "measure", "target", "baseline", "trajectory",
              "evidence", "verify"),
    "process": ("theme", "contributes", "due", "evidence", "verify"),
}
"""The fields each of the four kinds accepts."""

FIELD_LABELS = {
    "period_field": "period", "theme_def": "theme", "contributes": "contributes to",
    "scored": "scored by/from", "rate_line": "rate-card line", "adjustment": "bonus/penalty",
}
"""How a field is named in messages."""

REPEATABLE = {
    "theme", "contributes", "verify", "service", "theme_def", "require", "rate_line", "adjustment",
}


@dataclass(frozen=True)
class _Field:
    key: str
    value: Any
    span: Span


def span_of(meta: Meta | Token) -> Span | None:
    """The span of a tree's meta or a token (None for an empty meta)."""
    if isinstance(meta, Token):
        return Span(meta.line or 1, meta.column or 1, meta.end_line or meta.line or 1,
                    meta.end_column or meta.column or 1)
    if meta.empty:
        return None
    return Span(meta.line, meta.column, meta.end_line, meta.end_column)


def _header_span(meta: Meta, title: Token) -> Span | None:
    """The span of a block's first line: from its keyword to the end of its title."""
    if meta.empty:
        return None
    return Span(meta.line, meta.column, title.end_line or meta.line,
                title.end_column or meta.column)


def unquote(token: str) -> str:
    """The text of a string literal without its quotes and escapes."""
    body = token[1:-1]
    return body.replace('\\"', '"').replace("\\\\", "\\")


def canonical(value: Decimal) -> Decimal:
    """One representation per value (10.0% and 10% give the same model)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _decimal(text: str) -> Decimal:
    return canonical(Decimal(text.replace("_", "")))


class ToModel:
    """The lark tree → `Ruleset` transformer. Read `diagnostics` after `transform`.

    One method per grammar rule, each called as ``method(meta, children)`` with the
    children already transformed. `transform` walks the tree bottom-up without
    recursion, so nesting depth never touches Python's stack, and calls the
    methods directly (lark's own Transformer wraps each call, which cost a third
    of the time on large rulesets).
    """

    def __init__(self, file: str) -> None:
        self.file = file
        self.diagnostics: list[Diagnostic] = []

    def transform(self, tree: Tree[Any]) -> Any:
        """The model built from ``tree`` (a `Ruleset` for ``start``, a target for ``target``)."""
        methods: dict[str, Any] = {}
        values: list[Any] = []  # results of finished subtrees and leaves, in order
        stack: list[tuple[Tree[Any], bool]] = [(tree, False)]
        while stack:
            node, expanded = stack.pop()
            if not expanded:
                stack.append((node, True))
                for child in reversed(node.children):
                    if isinstance(child, Tree):
                        stack.append((child, False))
                    else:
                        stack.append((child, True))  # a token: its own value
                continue
            if not isinstance(node, Tree):
                values.append(node)
                continue
            count = len(node.children)
            children = values[len(values) - count:] if count else []
            del values[len(values) - count:]
            method = methods.get(node.data)
            if method is None:
                method = methods[node.data] = getattr(self, node.data)
            values.append(method(node.meta, children))
        return values[0]

    # ---------------------------------------------------------------- helpers

    def _error(self, code: str, span: Span | None, message: str,
               suggestion: str | None = None) -> None:
        self.diagnostics.append(
            Diagnostic(
                code=code,
                severity="error",
                message=message,
                file=self.file,
                line=span.line if span else 1,
                column=span.column if span else 1,
                end_line=span.end_line if span else None,
                end_column=span.end_column if span else None,
                suggestion=suggestion,
            )
        )

    def _fields(self, what: str, allowed: tuple[str, ...] | None,
                children: list[Any]) -> dict[str, Any]:
        """Gather field children into a dict; report repeats and misplaced fields."""
        found: dict[str, Any] = {}
        for child in children:
            if not isinstance(child, _Field):
                continue
            label = FIELD_LABELS.get(child.key, child.key.replace("_", " "))
            if allowed is not None and child.key not in allowed:
                self._error(
                    "OBC121", child.span, f"`{label}` does not belong in {what}",
                    f"{what} takes: "
                    + ", ".join(f"`{FIELD_LABELS.get(a, a)}`" for a in allowed),
                )
                continue
            if child.key in REPEATABLE:
                found.setdefault(child.key, []).append(child.value)
            elif child.key in found:
                self._error("OBC108", child.span, f"`{label}` is given twice in {what}",
                            "keep one of the two lines")
            else:
                found[child.key] = child.value
        return found

    # ---------------------------------------------------------------- file

    def start(self, meta: Meta, children: list[Any]) -> Ruleset:
        headers = [c for c in children if isinstance(c, Header)]
        statements = [c for c in children if not isinstance(c, _Field)]
        header: Header | None = headers[0] if headers else None
        if header is None:
            self._error(
                "OBC115", Span(line=1, column=1, end_line=1, end_column=2),
                "this file has no `ruleset` header",
                'start the file with `ruleset NAME "Title":` and its indented fields',
            )
        else:
            for extra in headers[1:]:
                self._error("OBC115", extra.span, "a file has exactly one `ruleset` header",
                            "move these fields into the first header, or split the file")
            if statements and statements[0] is not header:
                self._error("OBC115", header.span,
                            "the `ruleset` header must come first in the file",
                            "move this block to the top of the file")
        payments = [c for c in children if isinstance(c, Payment)]
        for surplus in payments[1:]:
            self._error("OBC108", surplus.span, "a ruleset has one `payment:` block",
                        "merge the payment blocks into one")
        return Ruleset(
            span=span_of(meta),
            header=header,
            populations=tuple(c for c in children if isinstance(c, Population)),
            items=tuple(c for c in children if isinstance(c, Item)),
            tenders=tuple(c for c in children if isinstance(c, Tender)),
            payment=payments[0] if payments else None,
        )

    # ---------------------------------------------------------------- header

    def ruleset(self, meta: Meta, children: list[Any]) -> Header:
        name, title, *rest = children
        fields = self._fields("the `ruleset` header", None, rest)
        services = tuple(ref for group in fields.get("service", []) for ref in group)
        return Header(
            span=_header_span(meta, title),
            name=name.name,
            title=unquote(title),
            version=fields.get("version"),
            services=services,
            period=fields.get("period_field"),
            currency=fields.get("currency"),
            themes=tuple(fields.get("theme_def", [])),
            commissioner=fields.get("commissioner"),
        )

    def version(self, meta: Meta, children: list[Any]) -> _Field:
        return _Field("version", unquote(children[0]), span_of(meta) or _nowhere())

    def service(self, meta: Meta, children: list[Any]) -> _Field:
        return _Field("service", tuple(children), span_of(meta) or _nowhere())

    def period_field(self, meta: Meta, children: list[Any]) -> _Field:
        return _Field("period_field", children[0], span_of(meta) or _nowhere())

    def currency(self, meta: Meta, children: list[Any]) -> _Field:
        return _Field("currency", str(children[0]), span_of(meta) or _nowhere())

    def theme_def(self, meta: Meta, children: list[Any]) -> _Field:
        ref, title = children
        theme = Theme(span=ref.span, name=ref.name, title=unquote(title))
        return _Field("theme_def", theme, span_of(meta) or _nowhere())

    def commissioner(self, meta: Meta, children: list[Any]) -> _Field:
        return _Field("commissioner", unquote(children[0]), span_of(meta) or _nowhere())

    # ---------------------------------------------------------------- populations

    def population(self, meta: Meta, children: list[Any]) -> Population:
        name, title, (source, where) = children
        return Population(span=_header_span(meta, title), name=name.name, title=unquote(title),
                          source=source, where=where)

    def population_from(self, meta: Meta, children: list[Any]) -> tuple[Ref, Any]:
        source = children[0]
        where = children[1] if len(children) > 1 else None
        return (source, where)

    # ---------------------------------------------------------------- items

    def item(self, meta: Meta, children: list[Any]) -> Item:
        kind, name, title, *rest = children
        what = f"{'an' if kind in ('outcome', 'output', 'input') else 'a'} {kind}"
        fields = self._fields(what, ITEM_FIELDS[kind], rest)
        return Item(
            span=_header_span(meta, title),
            kind=kind,
            name=name.name,
            title=unquote(title),
            level=fields.get("level"),
            themes=tuple(fields.get("theme", [])),
            contributes_to=tuple(r for group in fields.get("contributes", []) for r in group),
            measure=fields.get("measure"),
            target=fields.get("target"),
            baseline=fields.get("baseline"),
            trajectory=fields.get("trajectory"),
            evidence=fields.get("evidence"),
            verifications=tuple(fields.get("verify", [])),
            due=fields.get("due"),
        )

    def item_kind(self, meta: Meta, children: list[Token]) -> str:
        return str(children[0])

    def level_word(self, meta: Meta, children: list[Token]) -> str:
        return str(children[0])

    def evidence_word(self, meta: Meta, children: list[Token]) -> str:
        return str(children[0])

    def period_unit(self, meta: Meta, children: list[Token]) -> str:
        return str(children[0])

    def level(self, meta: Meta, children: list[Any]) -> _Field:
        return _Field("level", children[0], span_of(meta) or _nowhere())

    def theme_ref(self, meta: Meta, children: list[Any]) -> _Field:
        return _Field("theme", children[0], span_of(meta) or _nowhere())

    def contributes(self, meta: Meta, children: list[Any]) -> _Field:
        return _Field("contributes", tuple(children), span_of(meta) or _nowhere())

    def measure_field(self, meta: Meta, children: list[Any]) -> _Field:
        return _Field("measure", children[0], span_of(meta) or _nowhere())

    def target_field(self, meta: Meta, children: list[Any]) -> _Field:
        return _Field("target", children[0], span_of(meta) or _nowhere())

    def baseline(self, meta: Meta, children: list[Any]) -> _Field:
        value, period = children
        return _Field("baseline", Baseline(span=span_of(meta), value=value, period=period),
                      span_of(meta) or _nowhere())

    def trajectory_field(self, meta: Meta, children: list[Any]) -> _Field:
        return _Field("trajectory", children[0], span_of(meta) or _nowhere())

    def evidence(self, meta: Meta, children: list[Any]) -> _Field:
        return _Field("evidence", children[0], span_of(meta) or _nowhere())

    def verify(self, meta: Meta, children: list[Any]) -> _Field:
        method = children[0]
        sample = next((c[1] for c in children[1:] if c[0] == "sample"), None)
        every = next((c[1] for c in children[1:] if c[0] == "every"), None)
        node = Verification(span=span_of(meta), method=method, sample=sample, every=every)
        return _Field("verify", node, span_of(meta) or _nowhere())

    def verify_sample(self, meta: Meta, children: list[Any]) -> tuple[str, PercentLit]:
        return ("sample", self._percent(children[0]))

    def verify_every(self, meta: Meta, children: list[Any]) -> tuple[str, str]:
        return ("every", children[0])

    def due(self, meta: Meta, children: list[Any]) -> _Field:
        return _Field("due", self.date(meta, children), span_of(meta) or _nowhere())

    # ---------------------------------------------------------------- measures

    def share(self, meta: Meta, children: list[Any]) -> Measure:
        return Measure(span=span_of(meta), kind="share", source=children[0], where=children[1])

    def count(self, meta: Meta, children: list[Any]) -> Measure:
        where = children[1] if len(children) > 1 else None
        return Measure(span=span_of(meta), kind="count", source=children[0], where=where)

    def aggregate_measure(self, meta: Meta, children: list[Any]) -> Measure:
        kind, expr, source, *rest = children
        return Measure(span=span_of(meta), kind=kind, expr=expr, source=source,
                       where=rest[0] if rest else None)

    def aggregate(self, meta: Meta, children: list[Token]) -> str:
        return str(children[0])

    # ---------------------------------------------------------------- targets

    def bound(self, meta: Meta, children: list[Any]) -> BoundTarget:
        words, value, *rest = children
        return BoundTarget(span=span_of(meta), op=BOUND_OPS[words], words=words, value=value,
                           per=rest[0] if rest else None)

    def bound_words(self, meta: Meta, children: list[Token]) -> str:
        return " ".join(str(c) for c in children)

    def per(self, meta: Meta, children: list[Any]) -> str:
        return str(children[0])

    def between_target(self, meta: Meta, children: list[Any]) -> BetweenTarget:
        return BetweenTarget(span=span_of(meta), low=children[0], high=children[1])

    def points_below(self, meta: Meta, children: list[Any]) -> RelativeTarget:
        return RelativeTarget(span=span_of(meta), amount=children[0], direction="below")

    def points_above(self, meta: Meta, children: list[Any]) -> RelativeTarget:
        return RelativeTarget(span=span_of(meta), amount=children[0], direction="above")

    def percent_lower(self, meta: Meta, children: list[Any]) -> RelativeTarget:
        return RelativeTarget(span=span_of(meta), amount=self._percent(children[0]),
                              direction="below")

    def percent_higher(self, meta: Meta, children: list[Any]) -> RelativeTarget:
        return RelativeTarget(span=span_of(meta), amount=self._percent(children[0]),
                              direction="above")

    # ---------------------------------------------------------------- trajectories

    def improves(self, meta: Meta, children: list[Any]) -> Trajectory:
        by = children[1] if len(children) > 1 else None
        return Trajectory(span=span_of(meta), kind="improves", every=children[0], by=by)

    def improves_by(self, meta: Meta, children: list[Any]) -> PointsLit:
        return children[0]  # type: ignore[no-any-return]

    def no_worse(self, meta: Meta, children: list[Any]) -> Trajectory:
        return Trajectory(span=span_of(meta), kind="no_worse", every=children[0])

    # ---------------------------------------------------------------- tenders

    def tender(self, meta: Meta, children: list[Any]) -> Tender:
        name, title, *rest = children
        fields = self._fields("a tender", None, rest)
        return Tender(
            span=_header_span(meta, title),
            name=name.name,
            title=unquote(title),
            criteria=tuple(c for c in rest if isinstance(c, Criterion)),
            gates=tuple(fields.get("require", [])),
            budget=fields.get("budget"),
            tie_break=fields.get("tie_break"),
        )

    def require(self, meta: Meta, children: list[Any]) -> _Field:
        gate = children[0].model_copy(update={"span": span_of(meta)})
        return _Field("require", gate, span_of(meta) or _nowhere())

    def gate_every_outcome_offered(self, meta: Meta, children: list[Any]) -> Gate:
        return Gate(span=span_of(meta), kind="every_outcome_offered")

    def gate_targets_no_weaker(self, meta: Meta, children: list[Any]) -> Gate:
        return Gate(span=span_of(meta), kind="targets_no_weaker")

    def gate_verification(self, meta: Meta, children: list[Any]) -> Gate:
        return Gate(span=span_of(meta), kind="verification_for_every_outcome")

    def gate_plugin(self, meta: Meta, children: list[Any]) -> Gate:
        return Gate(span=span_of(meta), kind="plugin", name=children[0],
                    args=tuple(children[1:]))

    def budget(self, meta: Meta, children: list[Any]) -> _Field:
        return _Field("budget", self.money(meta, children), span_of(meta) or _nowhere())

    def tie_break(self, meta: Meta, children: list[Any]) -> _Field:
        return _Field("tie_break", children[0], span_of(meta) or _nowhere())

    def criterion(self, meta: Meta, children: list[Any]) -> Criterion:
        name, title, *rest = children
        fields = self._fields(f"criterion `{name.name}`", None, rest)
        return Criterion(
            span=_header_span(meta, title),
            name=name.name,
            title=unquote(title),
            weight=fields.get("weight"),
            scoring=fields.get("scored"),
            minimum=fields.get("minimum"),
        )

    def weight(self, meta: Meta, children: list[Any]) -> _Field:
        return _Field("weight", self._percent(children[0]), span_of(meta) or _nowhere())

    def scored_by_evaluators(self, meta: Meta, children: list[Any]) -> _Field:
        low, high = children
        node = EvaluatorScoring(span=span_of(meta), low=low.value, high=high.value)
        return _Field("scored", node, span_of(meta) or _nowhere())

    def scored_from_targets(self, meta: Meta, children: list[Any]) -> _Field:
        return _Field("scored", TargetScoring(span=span_of(meta)), span_of(meta) or _nowhere())

    def scored_by_lowest_price(self, meta: Meta, children: list[Any]) -> _Field:
        return _Field("scored", PriceScoring(span=span_of(meta)), span_of(meta) or _nowhere())

    def scored_by_plugin(self, meta: Meta, children: list[Any]) -> _Field:
        node = PluginScoring(span=span_of(meta), method=children[0], args=tuple(children[1:]))
        return _Field("scored", node, span_of(meta) or _nowhere())

    def minimum(self, meta: Meta, children: list[Any]) -> _Field:
        return _Field("minimum", children[0], span_of(meta) or _nowhere())

    # ---------------------------------------------------------------- payment

    def payment(self, meta: Meta, children: list[Any]) -> Payment:
        fields = self._fields("the `payment:` block", None, children)
        head = span_of(meta)
        span = (Span(line=head.line, column=head.column, end_line=head.line,
                     end_column=head.column + len("payment:")) if head else None)
        return Payment(
            span=span,
            contract_value=fields.get("contract_value"),
            at_risk=fields.get("at_risk"),
            rate_lines=tuple(fields.get("rate_line", [])),
            adjustments=tuple(fields.get("adjustment", [])),
            cap_total=fields.get("cap_total"),
        )

    def contract_value(self, meta: Meta, children: list[Any]) -> _Field:
        return _Field("contract_value", self.money(meta, children), span_of(meta) or _nowhere())

    def at_risk(self, meta: Meta, children: list[Any]) -> _Field:
        return _Field("at_risk", self._percent(children[0]), span_of(meta) or _nowhere())

    def rate_line(self, meta: Meta, children: list[Any]) -> _Field:
        outcome, amount, per, *rest = children
        where = next((c[1] for c in rest if c[0] == "where"), None)
        cap = next((c[1] for c in rest if c[0] == "cap"), None)
        node = RateLine(span=span_of(meta), outcome=outcome, amount=self._money(amount),
                        per=per.name, where=where, cap=cap)
        # rate lines repeat: store under a repeatable key
        return _Field("rate_line", node, span_of(meta) or _nowhere())

    def rate_where(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("where", children[0])

    def rate_cap(self, meta: Meta, children: list[Any]) -> tuple[str, MoneyLit]:
        return ("cap", self._money(children[0]))

    def bonus(self, meta: Meta, children: list[Any]) -> _Field:
        return self._adjustment("bonus", meta, children)

    def penalty(self, meta: Meta, children: list[Any]) -> _Field:
        return self._adjustment("penalty", meta, children)

    def _adjustment(self, kind: str, meta: Meta, children: list[Any]) -> _Field:
        percent, outcome, by = children
        node = Adjustment(span=span_of(meta), kind=kind, percent=self._percent(percent),
                          outcome=outcome, by=by)
        return _Field("adjustment", node, span_of(meta) or _nowhere())

    def cap_total(self, meta: Meta, children: list[Any]) -> _Field:
        return _Field("cap_total", self.money(meta, children), span_of(meta) or _nowhere())

    # ---------------------------------------------------------------- expressions

    def or_op(self, meta: Meta, children: list[Any]) -> BoolExpr:
        return BoolExpr(span=span_of(meta), op="or", left=children[0], right=children[1])

    def and_op(self, meta: Meta, children: list[Any]) -> BoolExpr:
        return BoolExpr(span=span_of(meta), op="and", left=children[0], right=children[1])

    def not_op(self, meta: Meta, children: list[Any]) -> Not:
        return Not(span=span_of(meta), operand=children[0])

    def compare(self, meta: Meta, children: list[Any]) -> Compare:
        left, op, right = children
        return Compare(span=span_of(meta), op=str(op), left=left, right=right)

    def in_list(self, meta: Meta, children: list[Any]) -> InList:
        return InList(span=span_of(meta), operand=children[0], values=tuple(children[1:]))

    def between(self, meta: Meta, children: list[Any]) -> Between:
        return Between(span=span_of(meta), operand=children[0], low=children[1],
                       high=children[2])

    def is_missing(self, meta: Meta, children: list[Any]) -> IsMissing:
        return IsMissing(span=span_of(meta), operand=children[0])

    def is_not_missing(self, meta: Meta, children: list[Any]) -> IsMissing:
        return IsMissing(span=span_of(meta), operand=children[0], negated=True)

    def _arith(self, op: str, meta: Meta, children: list[Any]) -> Arith:
        return Arith(span=span_of(meta), op=op, left=children[0], right=children[1])

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
            return NumberLit(span=span_of(meta), value=-operand.value)
        return Negate(span=span_of(meta), operand=operand)

    def field_ref(self, meta: Meta, children: list[Any]) -> FieldRef:
        return FieldRef(span=span_of(meta), name=children[0].name)

    def call(self, meta: Meta, children: list[Any]) -> Call:
        name, *args = children
        return Call(span=span_of(meta), name=name.name,
                    args=tuple(a for a in args if a is not None))

    def days_between(self, meta: Meta, children: list[Any]) -> DaysBetween:
        return DaysBetween(span=span_of(meta), start=children[0], end=children[1])

    # ---------------------------------------------------------------- literals

    def number(self, meta: Meta, children: list[Token]) -> NumberLit:
        return NumberLit(span=span_of(children[0]), value=_decimal(children[0]))

    def negative_number(self, meta: Meta, children: list[Token]) -> NumberLit:
        return NumberLit(span=span_of(meta), value=-_decimal(children[0]))

    def percent(self, meta: Meta, children: list[Token]) -> PercentLit:
        return self._percent(children[0])

    def _percent(self, token: Token) -> PercentLit:
        return PercentLit(span=span_of(token), value=canonical(_decimal(token[:-1]) / 100))

    def points(self, meta: Meta, children: list[Token]) -> PointsLit:
        return PointsLit(span=span_of(meta), value=_decimal(children[0]))

    def money(self, meta: Meta, children: list[Token]) -> MoneyLit:
        return self._money(children[0])

    def _money(self, token: Token) -> MoneyLit:
        return MoneyLit(span=span_of(token), currency=token[0], amount=_decimal(token[1:]))

    def duration(self, meta: Meta, children: list[Any]) -> DurationLit:
        amount, unit = children
        text = str(amount)
        if not text.replace("_", "").isdigit():
            self._error("OBC124", span_of(meta), f"a duration is a whole number: `{text} {unit}`",
                        "write e.g. `6 months` or `182 days`")
            text = text.split(".")[0]
        return DurationLit(span=span_of(meta), amount=int(text.replace("_", "")),
                           unit=unit.rstrip("s"))

    def duration_unit(self, meta: Meta, children: list[Token]) -> str:
        return str(children[0])

    def date(self, meta: Meta, children: list[Token]) -> DateLit:
        token = children[0]
        try:
            value = dt.date.fromisoformat(str(token))
        except ValueError:
            self._error("OBC124", span_of(token), f"`{token}` is not a date in the calendar",
                        "write dates as YYYY-MM-DD, e.g. 2026-06-30")
            value = dt.date(1970, 1, 1)
        return DateLit(span=span_of(token), value=value)

    def quarter(self, meta: Meta, children: list[Token]) -> PeriodLit:
        token = children[0]
        year, q = str(token).split("-Q")
        return PeriodLit(span=span_of(token), unit="quarter", year=int(year), index=int(q))

    def month(self, meta: Meta, children: list[Token]) -> PeriodLit:
        token = children[0]
        year, month = str(token).split("-")
        index = int(month)
        if not 1 <= index <= 12:
            self._error("OBC124", span_of(token), f"`{token}` is not a month",
                        "write months as YYYY-MM with MM from 01 to 12")
            index = 1
        return PeriodLit(span=span_of(token), unit="month", year=int(year), index=index)

    def year(self, meta: Meta, children: list[Token]) -> PeriodLit:
        token = children[0]
        text = str(token)
        if not (len(text) == 4 and text.isdigit()):
            self._error("OBC124", span_of(token), f"`{text}` is not a period",
                        "write a year as YYYY, a quarter as YYYY-Qn or a month as YYYY-MM")
            text = "1970"
        return PeriodLit(span=span_of(token), unit="year", year=int(text), index=1)

    def string(self, meta: Meta, children: list[Token]) -> StringLit:
        return StringLit(span=span_of(children[0]), value=unquote(children[0]))

    def true(self, meta: Meta, children: list[Any]) -> BoolLit:
        return BoolLit(span=span_of(meta), value=True)

    def false(self, meta: Meta, children: list[Any]) -> BoolLit:
        return BoolLit(span=span_of(meta), value=False)

    def name(self, meta: Meta, children: list[Token]) -> Ref:
        return Ref(span=span_of(children[0]), name=str(children[0]).strip("`"))


def _nowhere() -> Span:
    return Span(line=1, column=1, end_line=1, end_column=1)
