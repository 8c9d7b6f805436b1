"""How robust the winner is to the weights.

Totals are linear in the weights. Moving ``t`` points of weight from criterion
``i`` to ``j`` changes bid ``b``'s total by ``t × (s_bj − s_bi)``, where ``s`` is
the agreed score ÷ the scale maximum. Another bid ``b`` draws level with the
winner ``w`` at

    t* = (T_w − T_b) ÷ ((s_bj − s_bi) − (s_wj − s_wi))

when the denominator is positive; any larger transfer makes it the winner. For
each ordered pair of criteria the smallest ``t*`` over the other ranked bids is
reported, rounded *up* to the hundredth of a point (so that the published
transfer is enough), or ``None`` when it exceeds the weight ``i`` has to give.
Totals here are exact (from the agreed scores the rounding policy computes with:
the published ones, or the exact ones under ``rounding = "exact"``), not rounded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from obcrules.model import Criterion
from obcrules.tender.ranking import CENT, Standing, weight_points


@dataclass(frozen=True)
class Transfer:
    """The smallest transfer of weight from one criterion to another that changes the winner."""

    source: str
    target: str
    points: Decimal | None
    new_winner: str | None


def transfers(criteria: Sequence[Criterion], ranked: Sequence[Standing]) -> list[Transfer]:
    """One `Transfer` per ordered pair of criteria, sorted by (from, to)."""
    if len(ranked) < 2:
        return []
    winner, others = ranked[0], ranked[1:]
    result = []
    for source in criteria:
        available = weight_points(source)
        for target in criteria:
            if source.name == target.name:
                continue
            best: tuple[Decimal, str] | None = None
            for other in others:
                point = _break_even(winner, other, source.name, target.name)
                if point is not None and point <= available and (best is None or point < best[0]):
                    best = (point, other.bidder)
            if best is None:
                result.append(Transfer(source.name, target.name, None, None))
            else:
                points = best[0].quantize(CENT, rounding=ROUND_CEILING)
                result.append(Transfer(source.name, target.name, min(points, available),
                                       best[1]))
    return sorted(result, key=lambda t: (t.source, t.target))


def smallest(found: Sequence[Transfer]) -> Transfer | None:
    """The smallest transfer of all pairs (the first in (from, to) order on a tie)."""
    candidates = [t for t in found if t.points is not None]
    return min(candidates, key=lambda t: (t.points, t.source, t.target), default=None)


def _break_even(winner: Standing, other: Standing, source: str, target: str) -> Decimal | None:
    gap = _exact_total(winner) - _exact_total(other)
    slope = ((other.scores[target].fraction - other.scores[source].fraction)
             - (winner.scores[target].fraction - winner.scores[source].fraction))
    if slope <= 0:
        return None
    return max(gap / slope, Decimal(0))


def _exact_total(standing: Standing) -> Decimal:
    return sum((s.fraction * s.weight for s in standing.scores.values()), Decimal(0))
