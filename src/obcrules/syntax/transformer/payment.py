"""The ``payment:`` block: contract value, share at risk, rate-card lines, bonuses and
penalties, and the cap on the total."""

from __future__ import annotations

from typing import Any, Literal

from lark.tree import Meta

from obcrules.model import Adjustment, MoneyLit, Payment, RateLine, Span
from obcrules.syntax.transformer.fields import BlockField, RuleBase, field_at
from obcrules.syntax.transformer.literals import money_of, percent_of
from obcrules.syntax.transformer.spans import span_of


class PaymentRules(RuleBase):
    """The rules of the ``payment:`` block."""

    def payment(self, meta: Meta, children: list[Any]) -> Payment:
        fields = self._fields("the `payment:` block", None, children)
        head = span_of(meta)
        span = (Span(line=head.line, column=head.column, end_line=head.line,
                     end_column=head.column + len("payment:")) if head else None)
        return Payment.model_construct(
            span=span,
            contract_value=fields.get("contract_value"),
            at_risk=fields.get("at_risk"),
            rate_lines=tuple(fields.get("rate_line", [])),
            adjustments=tuple(fields.get("adjustment", [])),
            cap_total=fields.get("cap_total"),
        )

    def contract_value(self, meta: Meta, children: list[Any]) -> BlockField:
        return field_at("contract_value", money_of(children[0]), meta)

    def at_risk(self, meta: Meta, children: list[Any]) -> BlockField:
        return field_at("at_risk", percent_of(children[0]), meta)

    # ---------------------------------------------------------------- rate card

    def rate_line(self, meta: Meta, children: list[Any]) -> BlockField:
        outcome, amount, per, *rest = children
        where = next((c[1] for c in rest if c[0] == "where"), None)
        cap = next((c[1] for c in rest if c[0] == "cap"), None)
        node = RateLine.model_construct(
            span=span_of(meta), outcome=outcome, amount=money_of(amount), per=per.name, where=where,
            cap=cap)
        # rate lines repeat: store under a repeatable key
        return field_at("rate_line", node, meta)

    def rate_where(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("where", children[0])

    def rate_cap(self, meta: Meta, children: list[Any]) -> tuple[str, MoneyLit]:
        return ("cap", money_of(children[0]))

    # ---------------------------------------------------------------- adjustments and cap

    def bonus(self, meta: Meta, children: list[Any]) -> BlockField:
        return self._adjustment("bonus", meta, children)

    def penalty(self, meta: Meta, children: list[Any]) -> BlockField:
        return self._adjustment("penalty", meta, children)

    def _adjustment(self, kind: Literal["bonus", "penalty"], meta: Meta, children: list[Any]
                    ) -> BlockField:
        percent, outcome, by = children
        node = Adjustment.model_construct(
            span=span_of(meta), kind=kind, percent=percent_of(percent), outcome=outcome, by=by)
        return field_at("adjustment", node, meta)

    def cap_total(self, meta: Meta, children: list[Any]) -> BlockField:
        return field_at("cap_total", money_of(children[0]), meta)
