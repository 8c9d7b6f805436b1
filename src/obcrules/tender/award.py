"""The award: ``out/contract.yaml`` for monitoring, and ``out/ocds.json`` for publication.

`award` re-runs the evaluation from the inputs and refuses unless it reproduces
``out/evaluation.json`` byte for byte: the award is always the published
evaluation's, never that of inputs changed since.

``contract.yaml`` (schema ``obcrules.contract/1``, read by ``obc monitor
--contract``): the ruleset and its hash, the lot, the provider and its
``provider_id`` (the code in the monitoring data's ``provider`` column: the
bid's ``provider_id``, else a slug of the bidder's name), the price, the
contracted targets (the winning bid's offered targets), the people it expects to
help and its verification methods per outcome, and the payment terms of the
ruleset with ``contract_value`` = the winning price. In a lot priced from the rate
card the terms are the winning bid's: ``priced: true``, its ``fixed_fee``, each
rate-card line at its price (with the ruleset's and the people it expected), and
``contract_value`` = its expected cost. Decimals are strings; no timestamps.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import yaml

from obcrules.model import RateLine
from obcrules.money import money_text, price_text
from obcrules.syntax.printer import format_expr, format_target, format_value
from obcrules.tender.bids import Bid, PricedLine
from obcrules.tender.evaluation import Evaluation
from obcrules.tender.problems import TenderError
from obcrules.tender.workspace import Workspace

CONTRACT_SCHEMA = "obcrules.contract/1"


def winning_bid(evaluation: Evaluation) -> Bid:
    """The first-ranked bid; `TenderError` when no bid is ranked."""
    winner = evaluation.winner
    if winner is None:
        raise TenderError("no bid is ranked, so there is nothing to award; see the reasons in "
                          "out/evaluation.json")
    return next(b for b in evaluation.assessment.bids.valid if b.bidder == winner.bidder)


def contract_data(ws: Workspace, evaluation: Evaluation) -> dict[str, Any]:
    """The contract as data (see the module docstring)."""
    bid = winning_bid(evaluation)
    header = ws.ruleset.header
    payment = ws.ruleset.payment
    terms: dict[str, Any] = {"contract_value": money_text(bid.price), "at_risk": None,
                             "rate_lines": [], "adjustments": [], "cap_total": None}
    if bid.priced:
        terms = {"priced": True, "fixed_fee": money_text(bid.fixed_fee or Decimal(0)), **terms}
    if payment is not None:
        terms["at_risk"] = (f"{payment.at_risk.value.normalize():f}"
                            if payment.at_risk and not bid.priced else None)
        prices = {line.key: line for line in bid.rate_card}
        terms["rate_lines"] = [_rate_line(line, number, prices if bid.priced else {})
                               for number, line in enumerate(payment.rate_lines, start=1)]
        terms["adjustments"] = [{
            "kind": a.kind, "percent": f"{a.percent.value.normalize():f}",
            "outcome": a.outcome.name, "by": format_value(a.by),
        } for a in payment.adjustments]
        terms["cap_total"] = money_text(payment.cap_total.amount) if payment.cap_total else None
    return {
        "schema": CONTRACT_SCHEMA,
        "ruleset": {"path": ws.config.ruleset, "name": header.name if header else None,
                    "version": header.version if header else None,
                    "sha256": ws.checked.sha256},
        "lot": ws.tender.name,
        "provider": bid.bidder,
        "provider_id": bid.provider_id,
        "price": money_text(bid.price),
        "currency": header.currency if header else None,
        "targets": {name: format_target(o.target) for name, o in bid.outcomes.items()},
        "expected": {name: o.people for name, o in bid.outcomes.items()},
        "verification": {name: list(o.verify) for name, o in bid.outcomes.items()},
        "payment": terms,
    }


def _rate_line(line: RateLine, number: int, prices: dict[str, PricedLine]) -> dict[str, Any]:
    """A rate-card line of the contract: at the winning bid's prices when it priced the rate
    card (with the ruleset's and the people it expected), else at the ruleset's; its price
    groups likewise."""
    entry: dict[str, Any] = {
        "outcome": line.outcome.name, "amount": money_text(line.amount.amount),
        "per": line.per,
        "where": format_expr(line.where) if line.where is not None else None,
        "cap": money_text(line.cap.amount) if line.cap is not None else None,
    }
    _price(entry, line.amount.amount, prices.get(str(number)))
    if line.groups:
        entry["groups"] = []
        for group in line.groups:
            priced: dict[str, Any] = {"group": group.name,
                                      "amount": money_text(group.amount.amount),
                                      "where": format_expr(group.where)}
            _price(priced, group.amount.amount, prices.get(f"{number}.{group.name}"))
            entry["groups"].append(priced)
    return entry


def _price(entry: dict[str, Any], ruleset: Decimal, priced: PricedLine | None) -> None:
    if priced is not None:
        entry["amount"] = price_text(priced.price)
        entry["ruleset_amount"] = money_text(ruleset)
        entry["expected"] = priced.people



def render_contract(data: dict[str, Any]) -> bytes:
    """``contract.yaml`` bytes: block style, keys in schema order, UTF-8."""
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False,
                          width=100)
    return ("# The contract awarded by `obc tender award`; `obc monitor --contract` reads it.\n"
            + text).encode("utf-8")
