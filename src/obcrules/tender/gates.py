"""Compliance gates: each ``require`` of the lot and its budget.

A bid that fails any gate is excluded, with one reason per failure, and still
appears in every report. Every ``require`` names a gate in the vocabulary
(`obcrules.model.Gate.registered_name`): the core plugin registers the gates of
the language (`obcrules.builtin.gates`), other plugins their own, and all are
found and run the same way. A gate's ``check(context, bid)`` receives a
`GateContext` and the `Bid` and returns its reasons (empty to pass).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from obcrules.model import Gate, Literal_, Ruleset, Tender
from obcrules.money import display_money
from obcrules.plugins.catalog import Vocabulary
from obcrules.plugins.declarations import GateDecl
from obcrules.tender.bids import Bid
from obcrules.tender.problems import TenderError


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


def gate_reasons(ruleset: Ruleset, tender: Tender, vocabulary: Vocabulary,
                 bids: Sequence[Bid]) -> dict[str, list[str]]:
    """Each bidder's reasons for failing the lot's gates and budget (empty: passed)."""
    reasons: dict[str, list[str]] = {bid.bidder: [] for bid in bids}
    for gate in tender.gates:
        decl = vocabulary.gates.get(gate.registered_name)
        if decl is None:
            raise TenderError(f"no plugin provides the gate `{gate.registered_name}`; install "
                              "it and run `obc check` on the ruleset")
        context = GateContext(ruleset=ruleset, tender=tender, gate=gate, vocabulary=vocabulary,
                              bids=tuple(bids), args=gate.args)
        for bid in bids:
            reasons[bid.bidder].extend(_run(decl, context, bid))
    if tender.budget is not None:
        for bid in bids:
            if bid.price > tender.budget.amount:
                what = "expected cost" if bid.priced else "price"
                reasons[bid.bidder].append(
                    f"the {what} {display_money(bid.price, tender.budget.currency)} is over "
                    f"the budget of {display_money(tender.budget.amount, tender.budget.currency)}")
    for bid in bids:
        reasons[bid.bidder].extend(_at_risk_reasons(ruleset, bid))
    return reasons


def _at_risk_reasons(ruleset: Ruleset, bid: Bid) -> list[str]:
    """A priced bid's fixed fee may be at most the share of its expected cost that the
    ruleset's ``at risk`` leaves fixed (none at ``at risk 100%``)."""
    payment = ruleset.payment
    if not bid.priced or bid.fixed_fee is None or payment is None or payment.at_risk is None:
        return []
    at_risk = Decimal(payment.at_risk.value)
    allowed = bid.price * (1 - at_risk)
    if bid.fixed_fee <= allowed:
        return []
    currency = ruleset.header.currency if ruleset.header and ruleset.header.currency else ""
    share = f"{(at_risk * 100).normalize():f}%"
    return [f"the fixed fee {display_money(bid.fixed_fee, currency)} is more than "
            f"{display_money(allowed, currency)}, the part of the expected cost "
            f"{display_money(bid.price, currency)} that `at risk {share}` leaves fixed"]


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
