"""The four kinds (outcome, output, process, input) and their fields.

Measures, targets, baselines, trajectories, verification and due dates. Each
kind accepts only its own fields (`ITEM_FIELDS`); any other is reported.
"""

from __future__ import annotations

from typing import Any

from obcrules.model import (
    Baseline,
    BetweenTarget,
    BoundOp,
    BoundTarget,
    Item,
    Measure,
    PercentLit,
    PointsLit,
    RelativeTarget,
    Trajectory,
    Verification,
)
from obcrules.syntax.tokens import Meta, Token
from obcrules.syntax.transformer.fields import BlockField, field_at
from obcrules.syntax.transformer.literals import LiteralRules, percent_of, unquote
from obcrules.syntax.transformer.spans import header_span, span_of

BOUND_OPS: dict[str, BoundOp] = {
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


class ItemRules(LiteralRules):
    """The rules of items and their fields (a ``due`` date is read as a date literal)."""

    def item(self, meta: Meta, children: list[Any]) -> Item:
        kind, name, title, *rest = children
        what = f"{'an' if kind in ('outcome', 'output', 'input') else 'a'} {kind}"
        fields = self._fields(what, ITEM_FIELDS[kind], rest)
        return Item.model_construct(
            span=header_span(meta, title),
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

    # ---------------------------------------------------------------- fields

    def level(self, meta: Meta, children: list[Any]) -> BlockField:
        return field_at("level", children[0], meta)

    def theme_ref(self, meta: Meta, children: list[Any]) -> BlockField:
        return field_at("theme", children[0], meta)

    def contributes(self, meta: Meta, children: list[Any]) -> BlockField:
        return field_at("contributes", tuple(children), meta)

    def measure_field(self, meta: Meta, children: list[Any]) -> BlockField:
        return field_at("measure", children[0], meta)

    def target_field(self, meta: Meta, children: list[Any]) -> BlockField:
        return field_at("target", children[0], meta)

    def baseline(self, meta: Meta, children: list[Any]) -> BlockField:
        value, period = children
        return field_at("baseline", Baseline.model_construct(
            span=span_of(meta), value=value, period=period), meta)

    def trajectory_field(self, meta: Meta, children: list[Any]) -> BlockField:
        return field_at("trajectory", children[0], meta)

    def evidence(self, meta: Meta, children: list[Any]) -> BlockField:
        return field_at("evidence", children[0], meta)

    def verify(self, meta: Meta, children: list[Any]) -> BlockField:
        method = children[0]
        sample = next((c[1] for c in children[1:] if c[0] == "sample"), None)
        every = next((c[1] for c in children[1:] if c[0] == "every"), None)
        node = Verification.model_construct(
            span=span_of(meta), method=method, sample=sample, every=every)
        return field_at("verify", node, meta)

    def verify_sample(self, meta: Meta, children: list[Any]) -> tuple[str, PercentLit]:
        return ("sample", percent_of(children[0]))

    def verify_every(self, meta: Meta, children: list[Any]) -> tuple[str, str]:
        return ("every", children[0])

    def due(self, meta: Meta, children: list[Any]) -> BlockField:
        return field_at("due", self.date(meta, children), meta)

    # ---------------------------------------------------------------- measures

    def share(self, meta: Meta, children: list[Any]) -> Measure:
        return Measure.model_construct(
            span=span_of(meta), kind="share", source=children[0], where=children[1])

    def count(self, meta: Meta, children: list[Any]) -> Measure:
        where = children[1] if len(children) > 1 else None
        return Measure.model_construct(
            span=span_of(meta), kind="count", source=children[0], where=where)

    def aggregate_measure(self, meta: Meta, children: list[Any]) -> Measure:
        kind, expr, source, *rest = children
        return Measure.model_construct(
            span=span_of(meta), kind=kind, expr=expr, source=source,
            where=rest[0] if rest else None)

    def aggregate(self, meta: Meta, children: list[Token]) -> str:
        return str(children[0])

    # ---------------------------------------------------------------- targets

    def bound(self, meta: Meta, children: list[Any]) -> BoundTarget:
        words, value, *rest = children
        return BoundTarget.model_construct(
            span=span_of(meta), op=BOUND_OPS[words], words=words, value=value,
            per=rest[0] if rest else None)

    def bound_words(self, meta: Meta, children: list[Token]) -> str:
        return " ".join(str(c) for c in children)

    def per(self, meta: Meta, children: list[Any]) -> str:
        return str(children[0])

    def between_target(self, meta: Meta, children: list[Any]) -> BetweenTarget:
        return BetweenTarget.model_construct(span=span_of(meta), low=children[0], high=children[1])

    def points_below(self, meta: Meta, children: list[Any]) -> RelativeTarget:
        return RelativeTarget.model_construct(
            span=span_of(meta), amount=children[0], direction="below")

    def points_above(self, meta: Meta, children: list[Any]) -> RelativeTarget:
        return RelativeTarget.model_construct(
            span=span_of(meta), amount=children[0], direction="above")

    def percent_lower(self, meta: Meta, children: list[Any]) -> RelativeTarget:
        return RelativeTarget.model_construct(
            span=span_of(meta), amount=percent_of(children[0]), direction="below")

    def percent_higher(self, meta: Meta, children: list[Any]) -> RelativeTarget:
        return RelativeTarget.model_construct(
            span=span_of(meta), amount=percent_of(children[0]), direction="above")

    # ---------------------------------------------------------------- trajectories

    def improves(self, meta: Meta, children: list[Any]) -> Trajectory:
        by = children[1] if len(children) > 1 else None
        return Trajectory.model_construct(
            span=span_of(meta), kind="improves", every=children[0], by=by)

    def improves_by(self, meta: Meta, children: list[Any]) -> PointsLit:
        return children[0]  # type: ignore[no-any-return]

    def no_worse(self, meta: Meta, children: list[Any]) -> Trajectory:
        return Trajectory.model_construct(span=span_of(meta), kind="no_worse", every=children[0])
