"""Compliance gates: each ``require`` of the lot and its budget.

A bid that fails any gate is excluded, with one reason per failure, and still
appears in every report. The three core gates are registered through the core
plugin like any plugin gate (`CORE_GATES`); a plugin gate's ``check(context, bid)``
receives a `GateContext` and the `Bid` and returns its reasons (empty to pass).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from obcrules.model import Gate, Literal_, Ruleset, Tender
from obcrules.money import display_money
from obcrules.plugins.catalog import Vocabulary
from obcrules.plugins.declarations import GateDecl
from obcrules.tender.bids import Bid
from obcrules.tender.problems import TenderError
from obcrules.tender.targets import weaker_reason


@dataclass(frozen=True)
class GateContext:
    """What a gate sees: the ruleset, the lot, the gate line, the vocabulary and all valid bids.

    ``args`` are the literals written after a plugin gate's name
    (``require minimum_staff 12`` → ``(NumberLit(12),)``).
    """

    ruleset: Ruleset
    tender: Tender
    gate: Gate
    vocabulary: Vocabulary
    bids: tuple[Bid, ...]
    args: tuple[Literal_, ...] = ()


GateCheck = Callable[[GateContext, Bid], list[str]]


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

_KIND_TO_NAME = {
    "every_outcome_offered": "every_outcome_offered",
    "targets_no_weaker": "targets_no_weaker_than_required",
    "verification_for_every_outcome": "verification_for_every_outcome",
}


def gate_reasons(ruleset: Ruleset, tender: Tender, vocabulary: Vocabulary,
                 bids: Sequence[Bid]) -> dict[str, list[str]]:
    """Each bidder's reasons for failing the lot's gates and budget (empty: passed)."""
    reasons: dict[str, list[str]] = {bid.bidder: [] for bid in bids}
    core = {decl.name: decl for decl in CORE_GATES}
    for gate in tender.gates:
        if gate.kind == "plugin":
            name = gate.name.name if gate.name else ""
            decl = vocabulary.gates.get(name)
        else:
            name = _KIND_TO_NAME[gate.kind]
            decl = core[name]
        if decl is None:
            raise TenderError(f"no plugin provides the gate `{name}`; install it and run "
                              "`obc check` on the ruleset")
        context = GateContext(ruleset=ruleset, tender=tender, gate=gate, vocabulary=vocabulary,
                              bids=tuple(bids), args=gate.args)
        for bid in bids:
            reasons[bid.bidder].extend(_run(decl, context, bid))
    if tender.budget is not None:
        for bid in bids:
            if bid.price > tender.budget.amount:
                reasons[bid.bidder].append(
                    f"the price {display_money(bid.price, tender.budget.currency)} is over the "
                    f"budget of {display_money(tender.budget.amount, tender.budget.currency)}")
    return reasons


def _run(decl: GateDecl, context: GateContext, bid: Bid) -> list[str]:
    try:
        result: Any = decl.check(context, bid)
    except Exception as exc:
        raise TenderError(f"the gate `{decl.name}` failed on the bid of {bid.bidder}: "
                          f"{type(exc).__name__}: {exc}; report this to its plugin's "
                          "authors") from exc
    if not isinstance(result, list) or not all(isinstance(r, str) for r in result):
        raise TenderError(f"the gate `{decl.name}` returned {result!r}, not a list of reasons")
    return result

