"""The ``payment:`` block: contract value, share at risk, rate-card lines (with their cap,
deadweight and price groups), bonuses and penalties, the cap on the total, the
referred cohort, the verification terms (clawback threshold, confirming data) and the
term; and the ``investment:`` block of a social impact bond."""

from __future__ import annotations

from typing import Any, Literal

from obcrules.model import (
    Adjustment,
    Confirmation,
    Deadweight,
    Drawdown,
    Investment,
    MoneyLit,
    Payment,
    PriceGroup,
    RateLine,
    Span,
    Term,
)
from obcrules.syntax.tokens import Meta
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
            cohort=fields.get("cohort"),
            term=fields.get("term"),
            claw_back=fields.get("claw_back"),
            confirm=fields.get("confirm"),
        )

    def contract_value(self, meta: Meta, children: list[Any]) -> BlockField:
        return field_at("contract_value", money_of(children[0]), meta)

    def at_risk(self, meta: Meta, children: list[Any]) -> BlockField:
        return field_at("at_risk", percent_of(children[0]), meta)

    # ---------------------------------------------------------------- rate card

    def rate_line(self, meta: Meta, children: list[Any]) -> BlockField:
        outcome, amount, per, *rest = children
        options: dict[str, Any] = {}
        for option in rest:
            if not isinstance(option, tuple):
                continue
            key, value = option
            if key in options:
                words = {"cap": "cap", "deadweight": "above …"}.get(key, key)
                self._error("OBC108", value.span, f"`{words}` is given twice on this "
                            "rate-card line", "keep one of the two")
                continue
            options[key] = value
        groups = tuple(c for c in rest if isinstance(c, PriceGroup))
        node = RateLine.model_construct(
            span=span_of(meta), outcome=outcome, amount=money_of(amount), per=per.name,
            where=options.get("where"), cap=options.get("cap"),
            deadweight=options.get("deadweight"), groups=groups)
        # rate lines repeat: store under a repeatable key
        return field_at("rate_line", node, meta)

    def rate_where(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("where", children[0])

    def rate_cap(self, meta: Meta, children: list[Any]) -> tuple[str, MoneyLit]:
        return ("cap", money_of(children[0]))

    def rate_deadweight(self, meta: Meta, children: list[Any]) -> tuple[str, Deadweight]:
        return ("deadweight", Deadweight(span=span_of(meta), kind="share",
                                         share=percent_of(children[0])))

    def rate_comparison(self, meta: Meta, children: list[Any]) -> tuple[str, Deadweight]:
        return ("deadweight", Deadweight(span=span_of(meta), kind="comparison",
                                         comparison=children[0]))

    def price_group(self, meta: Meta, children: list[Any]) -> PriceGroup:
        name, amount, where = children
        span, end = span_of(meta), getattr(where, "span", None)
        if span is not None and end is not None:  # the group's line, without its newline
            span = Span(span.line, span.column, end.end_line, end.end_column)
        return PriceGroup(span=span, name=name.name, amount=money_of(amount), where=where)

    def cohort(self, meta: Meta, children: list[Any]) -> BlockField:
        return field_at("cohort", children[0], meta)

    def term(self, meta: Meta, children: list[Any]) -> BlockField:
        start, end = children
        return field_at("term", Term(span=span_of(meta), start=start, end=end), meta)

    # ---------------------------------------------------------------- investment

    def investment(self, meta: Meta, children: list[Any]) -> Investment:
        fields = self._fields("the `investment:` block", None, children)
        head = span_of(meta)
        span = (Span(line=head.line, column=head.column, end_line=head.line,
                     end_column=head.column + len("investment:")) if head else None)
        return Investment(span=span, capital=fields.get("capital"),
                          drawdowns=tuple(fields.get("drawdown", [])),
                          share=fields.get("investor_share"))

    def capital(self, meta: Meta, children: list[Any]) -> BlockField:
        return field_at("capital", money_of(children[0]), meta)

    def drawdown(self, meta: Meta, children: list[Any]) -> BlockField:
        amount, period = children
        node = Drawdown(span=span_of(meta), amount=money_of(amount), period=period)
        return field_at("drawdown", node, meta)

    def investor_share(self, meta: Meta, children: list[Any]) -> BlockField:
        return field_at("investor_share", percent_of(children[0]), meta)
    # ---------------------------------------------------------------- verification

    def claw_back(self, meta: Meta, children: list[Any]) -> BlockField:
        return field_at("claw_back", percent_of(children[0]), meta)

    def confirm(self, meta: Meta, children: list[Any]) -> BlockField:
        table, *on = children
        node = Confirmation(span=span_of(meta), table=table, on=on[0] if on else None)
        return field_at("confirm", node, meta)

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
