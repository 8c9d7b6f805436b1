"""``out/ocds.json``: the award as an Open Contracting Data Standard 1.1 release package.

One release tagged ``tender`` and ``award`` with the buyer, every tenderer, the
lot as the tender (its budget as ``value``), the bids (OCDS bids extension: each
bid's status ``valid`` or ``disqualified`` and its price) and the award to the
winning bidder. ``ocid`` = the ``ocid_prefix`` of ``obc.toml`` + ``-`` + ruleset
name + ``-`` + lot. The release ``date`` is the award date the command is given
(today by default), so the file is the same for the same inputs on the same day.
Amounts are JSON numbers, as OCDS requires.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from obcrules.money import to_penny
from obcrules.tender.evaluation import Evaluation
from obcrules.tender.workspace import Workspace, slug

CURRENCIES = {"£": "GBP", "€": "EUR", "$": "USD"}
OCDS_VERSION = "1.1"
BIDS_EXTENSION = ("https://raw.githubusercontent.com/open-contracting-extensions/"
                  "ocds_bid_extension/v1.1.5/extension.json")


def release_package(ws: Workspace, evaluation: Evaluation, date: dt.date) -> dict[str, Any]:
    """The OCDS release package of the award."""
    header = ws.ruleset.header
    currency = CURRENCIES.get(header.currency or "", header.currency or "") if header else ""
    ruleset_name = header.name if header else "ruleset"
    ocid = f"{ws.config.ocid_prefix}-{slug(ruleset_name)}-{slug(ws.tender.name)}"
    stamp = f"{date.isoformat()}T00:00:00Z"
    buyer_name = (header.commissioner if header and header.commissioner else
                  header.title if header else "buyer")
    buyer = {"id": f"buyer-{slug(buyer_name)}", "name": buyer_name}
    assessment = evaluation.assessment
    winner = evaluation.winner
    tenderers = sorted({b.bidder for b in assessment.bids.valid})
    parties: list[dict[str, Any]] = [{**buyer, "roles": ["buyer"]}]
    ids = {b.bidder: b.provider_id for b in assessment.bids.valid}
    for bidder in tenderers:
        roles = ["tenderer", "supplier"] if winner and bidder == winner.bidder else ["tenderer"]
        parties.append({"id": ids[bidder], "name": bidder, "roles": roles})
    ranked = {s.bidder for s in evaluation.ranked}
    details = [{
        "id": f"bid-{bid.provider_id}",
        "status": "valid" if bid.bidder in ranked else "disqualified",
        "tenderers": [{"id": bid.provider_id, "name": bid.bidder}],
        "value": {"amount": _amount(bid.price), "currency": currency},
    } for bid in sorted(assessment.bids.valid, key=lambda b: b.bidder)]
    tender: dict[str, Any] = {
        "id": slug(ws.tender.name), "title": ws.tender.title, "status": "complete",
        "awardCriteria": "ratedCriteria",
        "awardCriteriaDetails": "; ".join(
            f"{c.title} ({(c.weight.value * 100).normalize():f}%)"
            for c in ws.tender.criteria if c.weight is not None),
        "tenderers": [{"id": ids[b], "name": b} for b in tenderers],
        "numberOfTenderers": len(tenderers) + len(assessment.bids.invalid),
    }
    if ws.tender.budget is not None:
        tender["value"] = {"amount": _amount(ws.tender.budget.amount), "currency": currency}
    awards = []
    if winner is not None:
        awards.append({
            "id": f"award-{slug(ws.tender.name)}", "title": ws.tender.title,
            "status": "active", "date": stamp,
            "value": {"amount": _amount(winner.price), "currency": currency},
            "suppliers": [{"id": ids[winner.bidder], "name": winner.bidder}],
        })
    release = {
        "ocid": ocid, "id": f"{ocid}-award", "date": stamp, "tag": ["tender", "award"],
        "initiationType": "tender", "language": "en", "buyer": buyer, "parties": parties,
        "tender": tender, "bids": {"details": details}, "awards": awards,
    }
    return {
        "uri": f"{ocid}.json", "version": OCDS_VERSION, "publishedDate": stamp,
        "publisher": {"name": buyer_name}, "extensions": [BIDS_EXTENSION],
        "releases": [release],
    }


def _amount(value: Decimal) -> int | float:
    rounded = to_penny(value)
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)
