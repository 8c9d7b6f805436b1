"""Automatic scores: ``scored by lowest price``, ``scored from targets`` and plugin methods.

Automatic criteria are scored from 0 to 100 (`AUTOMATIC_MAXIMUM`), among the bids
that passed the gates:

* lowest price: lowest gated-in price ÷ this bid's price × 100;
* from targets: for each outcome with a required target, this bid's margin (how
  far its offer beats the requirement, `obcrules.tender.targets.margin`) ÷ the
  largest margin any gated-in bid offered on that outcome — 1 for every bid when
  none beats it —; the score is the mean of these ratios × 100.

A plugin scoring method's ``score(context)`` receives a `ScoringContext` and
returns each gated-in bidder's score from 0 to the method's declared maximum.
Scores are exact here; `obcrules.tender.ranking` publishes them to 2 decimals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from obcrules.model import Criterion, Literal_, Ruleset, Tender
from obcrules.plugins.catalog import Vocabulary
from obcrules.plugins.declarations import ScoringMethodDecl
from obcrules.semantics.commerce import AUTOMATIC_SCALE
from obcrules.tender.bids import Bid
from obcrules.tender.problems import TenderError
from obcrules.tender.targets import margin, margin_unit

AUTOMATIC_MAXIMUM = AUTOMATIC_SCALE[1]


@dataclass(frozen=True)
class ScoringContext:
    """What a scoring method sees.

    ``bids`` are the bids that passed the gates; ``maximum`` is the top of the
    criterion's scale; ``args`` are the literals after the method's name
    (``scored by social_value_toms 2026`` → ``(NumberLit(2026),)``).
    """

    ruleset: Ruleset
    tender: Tender
    criterion: Criterion
    vocabulary: Vocabulary
    bids: tuple[Bid, ...]
    maximum: Decimal = AUTOMATIC_MAXIMUM
    args: tuple[Literal_, ...] = ()


@dataclass(frozen=True)
class AutomaticScores:
    """Each bidder's exact score, and the working a reader needs to redo it by hand."""

    scores: dict[str, Decimal]
    maximum: Decimal
    working: dict[str, Any] = field(default_factory=dict)


def lowest_price(context: ScoringContext) -> dict[str, Decimal]:
    """Lowest gated-in price ÷ this price × maximum."""
    return lowest_price_scores(context).scores


def from_targets(context: ScoringContext) -> dict[str, Decimal]:
    """The mean over outcomes of margin ÷ largest margin, × maximum."""
    return target_scores(context).scores


def lowest_price_scores(context: ScoringContext) -> AutomaticScores:
    """`lowest_price` with its working: the lowest price."""
    if not context.bids:
        return AutomaticScores({}, context.maximum)
    lowest = min(bid.price for bid in context.bids)
    scores = {bid.bidder: lowest / bid.price * context.maximum for bid in context.bids}
    return AutomaticScores(scores, context.maximum, {"lowest_price": _dec(lowest)})


def target_scores(context: ScoringContext) -> AutomaticScores:
    """`from_targets` with its working: each bid's margin and the largest, per outcome."""
    period = context.ruleset.header.period if context.ruleset.header else None
    items = [item for item in context.ruleset.outcomes if item.target is not None]
    ratios: dict[str, list[Decimal]] = {bid.bidder: [] for bid in context.bids}
    working: dict[str, Any] = {}
    for item in items:
        margins = {}
        for bid in context.bids:
            offered = bid.outcomes.get(item.name)
            margins[bid.bidder] = (margin(offered.target, item, period) if offered
                                   else Decimal(0))
        largest = max(margins.values(), default=Decimal(0))
        for bidder, value in margins.items():
            ratios[bidder].append(value / largest if largest > 0 else Decimal(1))
        working[item.name] = {"unit": margin_unit(item), "largest": _dec(largest),
                              "margins": {b: _dec(m) for b, m in sorted(margins.items())}}
    scores = {bidder: (sum(values, Decimal(0)) / len(values) if values else Decimal(1))
              * context.maximum for bidder, values in ratios.items()}
    return AutomaticScores(scores, context.maximum, {"outcomes": working})


CORE_SCORING_METHODS: tuple[ScoringMethodDecl, ...] = (
    ScoringMethodDecl(name="lowest_price", title="Lowest price",
                      description="Lowest compliant price ÷ this price × 100.",
                      score=lowest_price),
    ScoringMethodDecl(name="from_targets", title="From the targets offered",
                      description="Mean over outcomes of this bid's margin over the required "
                      "target ÷ the largest margin offered, × 100.", score=from_targets),
)
"""The core's automatic methods, as the core plugin registers them."""


def automatic_scores(context: ScoringContext) -> AutomaticScores:
    """The scores of an automatic criterion (core or plugin method), validated."""
    scoring = context.criterion.scoring
    kind = getattr(scoring, "kind", None)
    if kind == "lowest_price":
        return lowest_price_scores(context)
    if kind == "targets":
        return target_scores(context)
    name = scoring.method.name if scoring is not None and kind == "plugin" else ""  # type: ignore[union-attr]
    if name == "lowest_price":
        return lowest_price_scores(context)
    if name == "from_targets":
        return target_scores(context)
    decl = context.vocabulary.scoring_methods.get(name)
    if decl is None:
        raise TenderError(f"no plugin provides the scoring method `{name}` of criterion "
                          f"`{context.criterion.name}`; install it and run `obc check`")
    plugin_context = ScoringContext(
        ruleset=context.ruleset, tender=context.tender, criterion=context.criterion,
        vocabulary=context.vocabulary, bids=context.bids, maximum=decl.maximum,
        args=context.args)
    return AutomaticScores(_plugin_scores(decl, plugin_context), decl.maximum)


def _plugin_scores(decl: ScoringMethodDecl, context: ScoringContext) -> dict[str, Decimal]:
    try:
        result: Any = decl.score(context)
    except Exception as exc:
        raise TenderError(f"the scoring method `{decl.name}` failed: {type(exc).__name__}: "
                          f"{exc}; report this to its plugin's authors") from exc
    expected = {bid.bidder for bid in context.bids}
    if not isinstance(result, dict) or set(result) != expected:
        raise TenderError(f"the scoring method `{decl.name}` must return a score for each of "
                          f"{sorted(expected)}, got {result!r}")
    scores: dict[str, Decimal] = {}
    for bidder, value in result.items():
        if not isinstance(value, Decimal | int) or not 0 <= value <= decl.maximum:
            raise TenderError(f"the scoring method `{decl.name}` gave {bidder} {value!r}, "
                              f"not a Decimal from 0 to {decl.maximum}")
        scores[bidder] = Decimal(value)
    return scores


def gated_context(ruleset: Ruleset, tender: Tender, criterion: Criterion,
                  vocabulary: Vocabulary, bids: Sequence[Bid]) -> ScoringContext:
    """The `ScoringContext` of ``criterion`` over the gated-in ``bids``."""
    args = getattr(criterion.scoring, "args", ())
    return ScoringContext(ruleset=ruleset, tender=tender, criterion=criterion,
                          vocabulary=vocabulary, bids=tuple(bids), args=tuple(args))


def _dec(value: Decimal) -> str:
    """A working figure as text: exact up to 6 decimals."""
    return f"{value.quantize(Decimal('0.000001')).normalize():f}"
