"""The core plugin's automatic scoring methods: ``lowest_price`` and ``from_targets``.

``scored by lowest price`` and ``scored from targets`` name them; the tender finds
them in the vocabulary and runs them like any plugin's method
(`obcrules.tender.scoring`). Both score from 0 to 100 among the bids that passed
the gates, and return their working for evaluation.json:

* lowest price: lowest gated-in price ÷ this bid's price × 100 (in a lot priced from
  the rate card, the price is the expected outcome cost: Σ price × people + fixed fee);
* from targets: for each outcome with a required target, this bid's margin (how
  far its offer beats the requirement, `obcrules.tender.targets.margin`) ÷ the
  largest margin any gated-in bid offered on that outcome — 1 for every bid when
  none beats it —; the score is the mean of these ratios × 100.

Each also gives every bid's own working under ``bids`` (its figures in the
formula; for targets, each outcome's offer against the requirement), which the
tender publishes with that bid's score (`obcrules.tender.scoring`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from obcrules.money import display_money
from obcrules.plugins.declarations import ScoringMethodDecl, WorkedScores
from obcrules.syntax.printer import format_target
from obcrules.tender.bids import Bid
from obcrules.tender.scoring import ScoringContext
from obcrules.tender.targets import margin, margin_unit

PRICE_FORMULA = "lowest compliant price ÷ this price × {maximum}"
TARGETS_FORMULA = ("mean over the outcomes of (this bid's margin ÷ the largest margin any "
                   "compliant bid offered) × {maximum}")


def lowest_price(context: ScoringContext) -> WorkedScores:
    """Lowest gated-in price ÷ this price × maximum; the working is the lowest price.

    In a lot priced from the rate card a bid's price is its expected outcome cost, and
    the working also shows how each was reached: per bid, the fixed fee and per rate-card
    line the price × the people expected = the line's cost, and their sum.
    """
    if not context.bids:
        return WorkedScores({})
    lowest = min(bid.price for bid in context.bids)
    scores = {bid.bidder: lowest / bid.price * context.maximum for bid in context.bids}
    currency = (context.ruleset.header.currency if context.ruleset.header else None) or "£"
    formula = PRICE_FORMULA.format(maximum=_figure(context.maximum))
    bids = {bid.bidder: {
        "formula": formula,
        "calculation": f"{display_money(lowest, currency, pennies=False)} ÷ "
                       f"{display_money(bid.price, currency, pennies=False)} × "
                       f"{_figure(context.maximum)}",
    } for bid in context.bids}
    working: dict[str, Any] = {"lowest_price": _figure(lowest), "bids": bids}
    if any(bid.priced for bid in context.bids):
        working["expected_costs"] = {bid.bidder: _expected_cost(bid)
                                     for bid in sorted(context.bids, key=lambda b: b.bidder)}
    return WorkedScores(scores, working)


def _expected_cost(bid: Bid) -> dict[str, Any]:
    """A priced bid's expected outcome cost, line by line: Σ price × people + fixed fee."""
    return {
        "fixed_fee": _figure(bid.fixed_fee or Decimal(0)),
        "lines": [{"line": line.key, "outcome": line.outcome, "price": _figure(line.price),
                   "people": line.people, "cost": _figure(line.cost)}
                  for line in bid.rate_card],
        "expected_cost": _figure(bid.price),
    }


def from_targets(context: ScoringContext) -> WorkedScores:
    """The mean over outcomes of margin ÷ largest margin, × maximum.

    The working gives, per outcome, each bid's margin, the largest and their unit.
    """
    period = context.ruleset.header.period if context.ruleset.header else None
    items = [item for item in context.ruleset.outcomes if item.target is not None]
    ratios: dict[str, list[Decimal]] = {bid.bidder: [] for bid in context.bids}
    terms: dict[str, list[str]] = {bid.bidder: [] for bid in context.bids}
    targets: dict[str, list[dict[str, Any]]] = {bid.bidder: [] for bid in context.bids}
    working: dict[str, Any] = {}
    for item in items:
        assert item.target is not None
        margins = {}
        for bid in context.bids:
            offered = bid.outcomes.get(item.name)
            margins[bid.bidder] = (margin(offered.target, item, period) if offered
                                   else Decimal(0))
        largest = max(margins.values(), default=Decimal(0))
        unit = margin_unit(item)
        for bid in context.bids:
            value = margins[bid.bidder]
            ratio = value / largest if largest > 0 else Decimal(1)
            ratios[bid.bidder].append(ratio)
            terms[bid.bidder].append(f"{_figure(value)} ÷ {_figure(largest)}" if largest > 0
                                     else "1")
            offered = bid.outcomes.get(item.name)
            targets[bid.bidder].append({
                "outcome": item.name, "title": item.title,
                "required": format_target(item.target),
                "offered": offered.target_text if offered else None, "unit": unit,
                "margin": _figure(value), "largest": _figure(largest), "ratio": _figure(ratio)})
        working[item.name] = {"unit": unit, "largest": _figure(largest),
                              "margins": {b: _figure(m) for b, m in sorted(margins.items())}}
    scores = {bidder: (sum(values, Decimal(0)) / len(values) if values else Decimal(1))
              * context.maximum for bidder, values in ratios.items()}
    formula = TARGETS_FORMULA.format(maximum=_figure(context.maximum))
    bids = {bidder: {"formula": formula, "calculation": _mean_text(terms[bidder],
                                                                   context.maximum),
                     "targets": targets[bidder]} for bidder in ratios}
    return WorkedScores(scores, {"outcomes": working, "bids": bids})


CORE_SCORING_METHODS: tuple[ScoringMethodDecl, ...] = (
    ScoringMethodDecl(name="lowest_price", title="Lowest price",
                      description="Lowest compliant price ÷ this price × 100.",
                      score=lowest_price),
    ScoringMethodDecl(name="from_targets", title="From the targets offered",
                      description="Mean over outcomes of this bid's margin over the required "
                      "target ÷ the largest margin offered, × 100.", score=from_targets),
)
"""The core's automatic methods, as the core plugin registers them."""


def _mean_text(terms: list[str], maximum: Decimal) -> str:
    """``(2 ÷ 3 + 3 ÷ 4) ÷ 2 × 100``; one term needs no mean; no terms: full marks."""
    if not terms:
        return f"no outcome has a required target: {_figure(maximum)}"
    if len(terms) == 1:
        return f"{terms[0]} × {_figure(maximum)}"
    return f"({' + '.join(terms)}) ÷ {len(terms)} × {_figure(maximum)}"


def _figure(value: Decimal) -> str:
    """A working figure as text: exact up to 6 decimals."""
    return f"{value.quantize(Decimal('0.000001')).normalize():f}"
