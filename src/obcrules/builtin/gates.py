"""The core plugin's tender gates, the ``require`` lines of the language.

``require every outcome offered``, ``require targets no weaker than required``
and ``require verification for every outcome`` name them (`obcrules.model.Gate`
maps each to its registered name); the tender finds them in the vocabulary and
runs them like any plugin's gate (`obcrules.tender.gates`).
"""

from __future__ import annotations

from obcrules.plugins.declarations import GateDecl
from obcrules.tender.bids import Bid
from obcrules.tender.gates import GateContext
from obcrules.tender.targets import weaker_reason


def every_outcome_offered(context: GateContext, bid: Bid) -> list[str]:
    """Each outcome of the ruleset has an offered target."""
    return [f"`{item.name}` is not offered" for item in context.ruleset.outcomes
            if item.name not in bid.outcomes]


def targets_no_weaker(context: GateContext, bid: Bid) -> list[str]:
    """Each offered target is no weaker than the required one (see `obcrules.tender.targets`)."""
    period = context.ruleset.header.period if context.ruleset.header else None
    reasons = []
    for name, offered in bid.outcomes.items():
        item = context.ruleset.item(name)
        if item is None:
            continue
        reason = weaker_reason(offered.target, offered.target_text, item, period)
        if reason is not None:
            reasons.append(reason)
    return reasons


def verification_for_every_outcome(context: GateContext, bid: Bid) -> list[str]:
    """Each offered outcome names at least one verification method."""
    return [f"`{name}` offers no verification method" for name, offered in bid.outcomes.items()
            if not offered.verify]


CORE_GATES: tuple[GateDecl, ...] = (
    GateDecl(name="every_outcome_offered", title="Every outcome offered",
             description="The bid offers a target for every outcome of the ruleset.",
             check=every_outcome_offered),
    GateDecl(name="targets_no_weaker_than_required", title="Targets no weaker than required",
             description="Every value that meets an offered target also meets the required "
             "one.", check=targets_no_weaker),
    GateDecl(name="verification_for_every_outcome", title="Verification for every outcome",
             description="Every offered outcome names at least one verification method.",
             check=verification_for_every_outcome),
)
"""The core gates, as the core plugin registers them."""
