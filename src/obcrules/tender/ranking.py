"""Weighted scores, totals, minimums, ranking and the abnormally-low-price check.

Published figures are `Decimal` rounded half up to 2 decimals. How they are
computed is the workspace's rounding policy (``[scoring] rounding``):

* ``published`` (the default): each figure from the published figures before it,
  so a reader redoes every one with a calculator: agreed score to 2 decimals;
  weighted = published agreed ÷ scale maximum × weight, to 2 decimals; total = the
  sum of the published weighted scores;
* ``exact``: every figure from exact values, rounded once for display: weighted =
  exact agreed ÷ maximum × weight; total = the sum of the exact weighted scores,
  rounded. The published weighted scores may then not add up to the published
  total by a cent or two.

In both, a bid whose agreed score (as the policy computes with it) is below a
criterion's ``minimum`` is excluded, and ranking is on the published totals; on
equal totals, the ``tie break`` criterion's published weighted score (higher
first), then the lower price, then the bidder's name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from obcrules.model import Criterion, Tender
from obcrules.tender.config import Rounding

CENT = Decimal("0.01")


def publish(value: Decimal) -> Decimal:
    """``value`` rounded half up to 2 decimals, as every published figure is."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def weight_points(criterion: Criterion) -> Decimal:
    """A criterion's weight in points out of 100 (``40%`` → 40)."""
    return criterion.weight.value * 100 if criterion.weight is not None else Decimal(0)


@dataclass(frozen=True)
class CriterionScore:
    """One bid's published score on one criterion.

    ``basis`` is the agreed score the figures are computed from: ``agreed`` itself
    under the ``published`` rounding policy, the exact score under ``exact``.
    """

    agreed: Decimal
    maximum: Decimal
    weight: Decimal
    weighted: Decimal
    basis: Decimal | None = None

    @property
    def computed(self) -> Decimal:
        """The agreed score the figures are computed from."""
        return self.agreed if self.basis is None else self.basis

    @property
    def fraction(self) -> Decimal:
        """agreed ÷ maximum: the share of the weight this bid earns (from `computed`)."""
        return self.computed / self.maximum


@dataclass
class Standing:
    """A gated-in bid's scores, total, any minimum failures and its rank."""

    bidder: str
    price: Decimal
    scores: dict[str, CriterionScore]
    total: Decimal
    reasons: list[str] = field(default_factory=list)
    rank: int | None = None

    @property
    def ranked(self) -> bool:
        """True unless a criterion minimum excluded the bid."""
        return not self.reasons


@dataclass(frozen=True)
class Tie:
    """Two adjacent bids with equal totals, and what decided their order."""

    first: str
    second: str
    total: Decimal
    decided_by: str


def score_bid(criteria: Sequence[Criterion], agreed: Mapping[str, Decimal],
              maxima: Mapping[str, Decimal], rounding: Rounding = "published"
              ) -> tuple[dict[str, CriterionScore], Decimal]:
    """Each criterion's published score and the total out of 100, by the rounding policy."""
    scores = {}
    exact_total = Decimal(0)
    for criterion in criteria:
        maximum = maxima[criterion.name]
        weight = weight_points(criterion)
        if rounding == "exact":
            basis = agreed[criterion.name]
            weighted = basis / maximum * weight
            exact_total += weighted
            scores[criterion.name] = CriterionScore(publish(basis), maximum, weight,
                                                    publish(weighted), basis)
        else:
            score = publish(agreed[criterion.name])
            scores[criterion.name] = CriterionScore(score, maximum, weight,
                                                    publish(score / maximum * weight))
    if rounding == "exact":
        return scores, publish(exact_total)
    return scores, sum((s.weighted for s in scores.values()), Decimal(0))


def minimum_reasons(criteria: Sequence[Criterion], scores: Mapping[str, CriterionScore]
                    ) -> list[str]:
    """Why a bid falls below a criterion's ``minimum`` (empty when it does not)."""
    reasons = []
    for criterion in criteria:
        if criterion.minimum is None:
            continue
        score = scores[criterion.name]
        if score.computed < criterion.minimum.value:
            shown = (f"{score.agreed}" if score.computed == score.agreed else
                     f"{_truncated(score.computed)} (shown as {score.agreed})")
            reasons.append(f"`{criterion.name}` scored {shown}, below its minimum of "
                           f"{criterion.minimum.value.normalize():f}")
    return reasons


def _truncated(value: Decimal) -> str:
    """An exact score to at most 6 decimals, cut (never rounded up past a minimum), with
    ``…`` when digits were cut: 5 ÷ 3 → ``1.666666…``."""
    cut = value.quantize(Decimal("0.000001"), rounding=ROUND_DOWN)
    return f"{cut.normalize():f}" + ("…" if cut != value else "")


def rank(tender: Tender, standings: Sequence[Standing]) -> tuple[list[Standing], list[Tie]]:
    """The ranked standings in order (ranks set) and the ties that a rule decided."""
    tie_break = tender.tie_break.name if tender.tie_break is not None else None

    def by_tie_break(s: Standing) -> Decimal:
        return s.scores[tie_break].weighted if tie_break in s.scores else Decimal(0)

    ranked = sorted((s for s in standings if s.ranked),
                    key=lambda s: (-s.total, -by_tie_break(s), s.price, s.bidder.casefold(),
                                   s.bidder))
    ties = []
    for position, standing in enumerate(ranked, start=1):
        standing.rank = position
        if position > 1:
            before = ranked[position - 2]
            if before.total == standing.total:
                if tie_break is not None and by_tie_break(before) != by_tie_break(standing):
                    decided = tie_break
                elif before.price != standing.price:
                    decided = "price"
                else:
                    decided = "name"
                ties.append(Tie(before.bidder, standing.bidder, standing.total, decided))
    return ranked, ties


def abnormally_low(prices: Mapping[str, Decimal], threshold: Decimal) -> dict[str, str]:
    """Bidders whose price is more than ``threshold`` below the mean of the others' prices.

    Returns bidder → the flag's message (the numbers to check it by hand).
    """
    flags = {}
    for bidder, price in sorted(prices.items()):
        others = [p for b, p in prices.items() if b != bidder]
        if not others:
            continue
        mean = sum(others, Decimal(0)) / len(others)
        if price < mean * (1 - threshold):
            below = publish((mean - price) / mean * 100)
            flags[bidder] = (f"the price {publish(price)} is {below}% below the mean "
                             f"{publish(mean)} of the other compliant bids (threshold "
                             f"{publish(threshold * 100)}%): ask the bidder to explain it")
    return flags
