"""The core plugin's automatic scoring methods: ``lowest_price`` and ``from_targets``.

``scored by lowest price`` and ``scored from targets`` name them; the tender finds
them in the vocabulary and runs them like any plugin's method
(`obcrules.tender.scoring`). Both score from 0 to 100 among the bids that passed
the gates, and return their working for evaluation.json:

* lowest price: lowest gated-in price ÷ this bid's price × 100;
* from targets: for each outcome with a required target, this bid's margin (how
  far its offer beats the requirement, `obcrules.tender.targets.margin`) ÷ the
  largest margin any gated-in bid offered on that outcome — 1 for every bid when
  none beats it —; the score is the mean of these ratios × 100.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from obcrules.plugins.declarations import ScoringMethodDecl, WorkedScores
from obcrules.tender.scoring import ScoringContext
from obcrules.tender.targets import margin, margin_unit


def lowest_price(context: ScoringContext) -> WorkedScores:
    """Lowest gated-in price ÷ this price × maximum; the working is the lowest price."""
    if not context.bids:
        return WorkedScores({})
    lowest = min(bid.price for bid in context.bids)
    scores = {bid.bidder: lowest / bid.price * context.maximum for bid in context.bids}
    return WorkedScores(scores, {"lowest_price": _figure(lowest)})


def from_targets(context: ScoringContext) -> WorkedScores:
    """The mean over outcomes of margin ÷ largest margin, × maximum.

    The working gives, per outcome, each bid's margin, the largest and their unit.
    """
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
        working[item.name] = {"unit": margin_unit(item), "largest": _figure(largest),
                              "margins": {b: _figure(m) for b, m in sorted(margins.items())}}
    scores = {bidder: (sum(values, Decimal(0)) / len(values) if values else Decimal(1))
              * context.maximum for bidder, values in ratios.items()}
    return WorkedScores(scores, {"outcomes": working})


CORE_SCORING_METHODS: tuple[ScoringMethodDecl, ...] = (
    ScoringMethodDecl(name="lowest_price", title="Lowest price",
                      description="Lowest compliant price ÷ this price × 100.",
                      score=lowest_price),
    ScoringMethodDecl(name="from_targets", title="From the targets offered",
                      description="Mean over outcomes of this bid's margin over the required "
                      "target ÷ the largest margin offered, × 100.", score=from_targets),
)
"""The core's automatic methods, as the core plugin registers them."""


def _figure(value: Decimal) -> str:
    """A working figure as text: exact up to 6 decimals."""
    return f"{value.quantize(Decimal('0.000001')).normalize():f}"
