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
ruleset with ``contract_value`` = the winning price. Decimals are strings; no
timestamps.
"""

from __future__ import annotations

from typing import Any

import yaml

from obcrules.money import money_text
from obcrules.syntax.printer import format_expr, format_target, format_value
from obcrules.tender.bids import Bid
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
    if payment is not None:
        terms["at_risk"] = (f"{payment.at_risk.value.normalize():f}"
                            if payment.at_risk else None)
        terms["rate_lines"] = [{
            "outcome": line.outcome.name, "amount": money_text(line.amount.amount),
            "per": line.per,
            "where": format_expr(line.where) if line.where is not None else None,
            "cap": money_text(line.cap.amount) if line.cap is not None else None,
        } for line in payment.rate_lines]
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


def render_contract(data: dict[str, Any]) -> bytes:
    """``contract.yaml`` bytes: block style, keys in schema order, UTF-8."""
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False,
                          width=100)
    return ("# The contract awarded by `obc tender award`; `obc monitor --contract` reads it.\n"
            + text).encode("utf-8")
