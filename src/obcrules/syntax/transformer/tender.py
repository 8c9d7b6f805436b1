"""Tenders: criteria with their weights and scoring, gates, budget and tie break."""

from __future__ import annotations

from typing import Any

from obcrules.model import (
    Criterion,
    EvaluatorScoring,
    Gate,
    PluginScoring,
    PriceScoring,
    RateCardPricing,
    Span,
    TargetScoring,
    Tender,
)
from obcrules.syntax.tokens import Meta
from obcrules.syntax.transformer.fields import BlockField, RuleBase, field_at
from obcrules.syntax.transformer.literals import money_of, percent_of, unquote
from obcrules.syntax.transformer.spans import header_span, span_of


class TenderRules(RuleBase):
    """The rules of ``tender`` blocks and the criteria inside them."""

    def tender(self, meta: Meta, children: list[Any]) -> Tender:
        name, title, *rest = children
        fields = self._fields("a tender", None, rest)
        return Tender.model_construct(
            span=header_span(meta, title),
            name=name.name,
            title=unquote(title),
            criteria=tuple(c for c in rest if isinstance(c, Criterion)),
            gates=tuple(fields.get("require", [])),
            budget=fields.get("budget"),
            tie_break=fields.get("tie_break"),
            pricing=fields.get("price_from_rate_card"),
        )

    # ---------------------------------------------------------------- gates

    def require(self, meta: Meta, children: list[Any]) -> BlockField:
        gate = children[0].model_copy(update={"span": span_of(meta)})
        return field_at("require", gate, meta)

    def gate_every_outcome_offered(self, meta: Meta, children: list[Any]) -> Gate:
        return Gate.model_construct(span=span_of(meta), kind="every_outcome_offered")

    def gate_targets_no_weaker(self, meta: Meta, children: list[Any]) -> Gate:
        return Gate.model_construct(span=span_of(meta), kind="targets_no_weaker")

    def gate_verification(self, meta: Meta, children: list[Any]) -> Gate:
        return Gate.model_construct(span=span_of(meta), kind="verification_for_every_outcome")

    def gate_plugin(self, meta: Meta, children: list[Any]) -> Gate:
        return Gate.model_construct(
            span=span_of(meta), kind="plugin", name=children[0], args=tuple(children[1:]))

    # ---------------------------------------------------------------- budget and tie break

    def budget(self, meta: Meta, children: list[Any]) -> BlockField:
        return field_at("budget", money_of(children[0]), meta)

    def tie_break(self, meta: Meta, children: list[Any]) -> BlockField:
        return field_at("tie_break", children[0], meta)

    def price_from_rate_card(self, meta: Meta, children: list[Any]) -> BlockField:
        words = "price from rate card"  # its tokens are anonymous: span the words themselves
        span = (Span(meta.line, meta.column, meta.line, meta.column + len(words))
                if not meta.empty else None)
        return field_at("price_from_rate_card", RateCardPricing(span=span), meta)

    # ---------------------------------------------------------------- criteria

    def criterion(self, meta: Meta, children: list[Any]) -> Criterion:
        name, title, *rest = children
        fields = self._fields(f"criterion `{name.name}`", None, rest)
        return Criterion.model_construct(
            span=header_span(meta, title),
            name=name.name,
            title=unquote(title),
            weight=fields.get("weight"),
            scoring=fields.get("scored"),
            minimum=fields.get("minimum"),
        )

    def weight(self, meta: Meta, children: list[Any]) -> BlockField:
        return field_at("weight", percent_of(children[0]), meta)

    def scored_by_evaluators(self, meta: Meta, children: list[Any]) -> BlockField:
        low, high = children
        node = EvaluatorScoring.model_construct(span=span_of(meta), low=low.value, high=high.value)
        return field_at("scored", node, meta)

    def scored_from_targets(self, meta: Meta, children: list[Any]) -> BlockField:
        return field_at("scored", TargetScoring.model_construct(span=span_of(meta)), meta)

    def scored_by_lowest_price(self, meta: Meta, children: list[Any]) -> BlockField:
        return field_at("scored", PriceScoring.model_construct(span=span_of(meta)), meta)

    def scored_by_plugin(self, meta: Meta, children: list[Any]) -> BlockField:
        node = PluginScoring.model_construct(
            span=span_of(meta), method=children[0], args=tuple(children[1:]))
        return field_at("scored", node, meta)

    def minimum(self, meta: Meta, children: list[Any]) -> BlockField:
        return field_at("minimum", children[0], meta)
