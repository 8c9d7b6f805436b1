"""The ``gaming:`` block: each gaming pattern's threshold and inputs, or ``off``."""

from __future__ import annotations

from typing import Any

from obcrules.model import (
    Gaming,
    GamingPattern,
    GamingRule,
    NumberLit,
    PeriodLit,
    PointsLit,
    Ref,
    Span,
)
from obcrules.syntax.tokens import Meta, Token
from obcrules.syntax.transformer.fields import RuleBase
from obcrules.syntax.transformer.literals import decimal_of
from obcrules.syntax.transformer.spans import span_of

_PATTERNS: dict[str, GamingPattern] = {
    "cream-skimming": "cream-skimming", "parking": "parking", "bunching": "bunching",
    "drop-out": "drop-out", "double": "double-claims",
}


def _number(token: Token) -> NumberLit:
    return NumberLit(span=span_of(token), value=decimal_of(token))


class GamingRules(RuleBase):
    """The rules of the ``gaming:`` block."""

    def gaming(self, meta: Meta, children: list[Any]) -> Gaming:
        rules = [c for c in children if isinstance(c, GamingRule)]
        seen: set[str] = set()
        for rule in rules:
            if rule.pattern in seen:
                self._error("OBC108", rule.span, f"`{rule.wording().split(' ')[0]}` is given "
                            "twice in the `gaming:` block", "keep one of the two lines")
            seen.add(rule.pattern)
        head = span_of(meta)
        span = (Span(line=head.line, column=head.column, end_line=head.line,
                     end_column=head.column + len("gaming:")) if head else None)
        return Gaming(span=span, rules=tuple(rules))

    def gaming_on(self, meta: Meta, children: list[Any]) -> tuple[str, tuple[Ref, ...]]:
        return ("on", tuple(children))

    def gaming_smd(self, meta: Meta, children: list[Any]) -> tuple[str, NumberLit]:
        return ("threshold", _number(children[0]))

    def gaming_against(self, meta: Meta, children: list[Any]) -> tuple[str, PeriodLit]:
        return ("against", children[0])

    def gaming_without(self, meta: Meta, children: list[Any]) -> tuple[str, Ref]:
        return ("without", children[0])

    def gaming_points(self, meta: Meta, children: list[Any]) -> tuple[str, PointsLit]:
        return ("threshold", children[0])

    def gaming_pattern(self, meta: Meta, children: list[Token]) -> GamingPattern:
        return _PATTERNS[str(children[0])]

    def period_word(self, meta: Meta, children: list[Token]) -> str:
        return str(children[0])

    @staticmethod
    def _options(children: list[Any]) -> dict[str, Any]:
        return dict(c for c in children if isinstance(c, tuple))

    def gaming_cream_skimming(self, meta: Meta, children: list[Any]) -> GamingRule:
        options = self._options(children)
        return GamingRule(span=span_of(meta), pattern="cream-skimming",
                          threshold=options.get("threshold"), fields=options.get("on", ()),
                          baseline=options.get("against"))

    def gaming_parking(self, meta: Meta, children: list[Any]) -> GamingRule:
        periods = children[0]
        options = self._options(children[1:])
        count = decimal_of(periods)
        if count != count.to_integral_value() or count < 1:
            self._error("OBC160", span_of(periods), f"parking is counted in whole periods, "
                        f"not {periods}", "write a whole number of periods, 1 or more")
        return GamingRule(span=span_of(meta), pattern="parking", periods=max(int(count), 1),
                          activity=options.get("without"), threshold=options.get("threshold"))

    def gaming_bunching(self, meta: Meta, children: list[Any]) -> GamingRule:
        tokens = [c for c in children if isinstance(c, Token)]
        return GamingRule(span=span_of(meta), pattern="bunching",
                          threshold=_number(tokens[0]) if tokens else None)

    def gaming_drop_out(self, meta: Meta, children: list[Any]) -> GamingRule:
        options = self._options(children)
        return GamingRule(span=span_of(meta), pattern="drop-out",
                          threshold=options.get("threshold"))

    def gaming_double_claims(self, meta: Meta, children: list[Any]) -> GamingRule:
        tokens = [c for c in children if isinstance(c, Token)]
        return GamingRule(span=span_of(meta), pattern="double-claims",
                          threshold=_number(tokens[0]) if tokens else None)

    def gaming_off(self, meta: Meta, children: list[Any]) -> GamingRule:
        return GamingRule(span=span_of(meta), pattern=children[0], off=True)
