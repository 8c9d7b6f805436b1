"""``out/ocds.json``: the award as an Open Contracting Data Standard 1.1 release package.

One release of the contracting process of the ruleset (``ocid`` = ``[ocds]
ocid_prefix`` + ``-`` + the ruleset's name), tagged ``tender``, ``award`` and
``contract``, with:

- the **buyer**, the ruleset's ``commissioner`` (required), with its identifier,
  address and contact point from ``[ocds.buyer]``; every **tenderer** as a party
  whose id, identifier, address, contact point and scale come from its bid's
  ``organisation:`` block (`obcrules.tender.organisations`), never from its
  provider code;
- the **tender**: procurement method and category, the CPV-classified item of
  the lot, the tender period, the award criteria and their weights, the budget;
  where the ruleset has several lots, the OCDS lots extension lists them all
  and the item, bids, award and contract point at this lot (``relatedLot(s)``);
- the **bids** (bids extension: ``valid`` for ranked bids, ``disqualified`` for
  excluded ones, ``withdrawn`` for those withdrawn with ``obc tender withdraw``,
  with their prices); the **award** to the winner; the
  **contract** of ``contract.yaml``: its value, period and item, and each
  contracted outcome target as a ``delivery`` milestone (``code`` = the outcome).

The package's ``uri`` is ``[ocds] base_uri`` + the release id + ``.json``
(required before an award). The release ``date`` is the award date the command
is given, so the file is the same for the same inputs and date. Amounts are
JSON numbers, as OCDS requires. `implementation_package` writes the payments
that ``obc monitor`` computed as the contract's implementation transactions.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from obcrules.money import to_penny
from obcrules.plugins.dates import period_bounds
from obcrules.results.monitoring import MonitoringDocument
from obcrules.syntax.printer import format_target
from obcrules.tender.award import winning_bid
from obcrules.tender.bidder_names import bidder_slugs
from obcrules.tender.bids import Bid
from obcrules.tender.config import CONFIG_NAME, OcdsSettings, Period
from obcrules.tender.evaluation import Evaluation
from obcrules.tender.organisations import party
from obcrules.tender.problems import Problem, TenderError
from obcrules.tender.workspace import Workspace, slug

CURRENCIES = {"£": "GBP", "€": "EUR", "$": "USD"}
OCDS_VERSION = "1.1"
_EXTENSIONS = "https://raw.githubusercontent.com/open-contracting-extensions/"
BIDS_EXTENSION = f"{_EXTENSIONS}ocds_bid_extension/v1.1.5/extension.json"
LOTS_EXTENSION = f"{_EXTENSIONS}ocds_lots_extension/v1.1.5/extension.json"
SCALE_EXTENSION = f"{_EXTENSIONS}ocds_partyDetails_scale_extension/master/extension.json"
"""The party scale extension has no tagged release; the registry lists only master."""


def release_package(ws: Workspace, evaluation: Evaluation, date: dt.date) -> dict[str, Any]:
    """The OCDS release package of the award; `TenderError` naming the file and setting
    when the workspace cannot be published (no ``base_uri``, no ``commissioner``)."""
    settings = ws.config.ocds
    commissioner, base_uri = _publishable(ws)
    currency = currency_code(ws)
    header = ws.ruleset.header
    assert header is not None  # _publishable() refuses a ruleset without a header
    ocid = f"{settings.ocid_prefix}-{slug(header.name)}"
    lot = slug(ws.tender.name)
    release_id = f"{ocid}-{lot}-award"
    stamp = _stamp(date)
    several = len(ws.ruleset.tenders) > 1
    related = {"relatedLots": [lot]} if several else {}
    offers = _offers(evaluation)
    bids: list[Bid] = []  # one per tenderer: its bid in the evaluation, else a withdrawn one
    for offer, _ in offers:
        if not bids or bids[-1].bidder != offer.bidder:
            bids.append(offer)
    winner = winning_bid(evaluation)
    slugs = bidder_slugs(b.bidder for b in bids)
    refs = {b.bidder: _ref(b, slugs[b.bidder]) for b in bids}
    buyer = party(settings.buyer, commissioner, f"buyer-{slug(commissioner)}", ["buyer"])
    parties = [buyer] + [
        party(b.organisation, b.bidder, refs[b.bidder]["id"],
              ["tenderer", "supplier"] if b is winner else ["tenderer"]) for b in bids]
    ranked = {s.bidder for s in evaluation.ranked}
    item = _item(ws, settings, lot if several else None)
    award_id = f"award-{lot}"
    award: dict[str, Any] = {
        "id": award_id, "title": ws.tender.title, "status": "active", "date": stamp,
        "value": _value(winner.price, currency), "suppliers": [refs[winner.bidder]],
        "items": [item], **_period("contractPeriod", settings.contract_period), **related,
    }
    contract: dict[str, Any] = {
        "id": f"contract-{lot}", "awardID": award_id, "title": ws.tender.title,
        "status": "pending", "value": _value(winner.price, currency), "items": [item],
        **_period("period", settings.contract_period),
        "milestones": _milestones(ws, winner, settings.contract_period),
    }
    release = {
        "ocid": ocid, "id": release_id, "date": stamp, "tag": ["tender", "award", "contract"],
        "initiationType": "tender", "language": "en",
        "buyer": {"id": buyer["id"], "name": buyer["name"]}, "parties": parties,
        "tender": _tender(ws, evaluation, settings, [refs[b.bidder] for b in bids], item,
                          currency, several),
        "bids": {"details": [{
            "id": f"bid-{slugs[b.bidder]}" + (f"-{n}" if n > 1 else ""),
            "status": "withdrawn" if out else "valid" if b.bidder in ranked else "disqualified",
            "tenderers": [refs[b.bidder]], "value": _value(b.price, currency), **related,
        } for (b, out), n in zip(offers, _counts(b.bidder for b, _ in offers), strict=True)]},
        "awards": [award], "contracts": [contract],
    }
    return _package(release, base_uri, stamp, buyer, several=several)


def _offers(evaluation: Evaluation) -> list[tuple[Bid, bool]]:
    """Every bid to publish, with whether it was withdrawn: by bidder, the bid in the
    evaluation first (a bidder that withdrew a bid may have bid again), then by file."""
    assessment = evaluation.assessment
    offers = [(b, False) for b in assessment.bids.valid]
    offers += [(w.bid, True) for w in assessment.withdrawn if w.bid is not None]
    return sorted(offers, key=lambda o: (o[0].bidder, o[1], o[0].file))


def _counts(bidders: Iterable[str]) -> list[int]:
    """For each bidder in turn, how many times it has come so far (1, 2, …): the second
    bid of a bidder gets an id of its own."""
    seen: Counter[str] = Counter()
    counts = []
    for bidder in bidders:
        seen[bidder] += 1
        counts.append(seen[bidder])
    return counts


def currency_code(ws: Workspace) -> str:
    """The ruleset's currency as an ISO 4217 code (``£`` → ``GBP``)."""
    header = ws.ruleset.header
    symbol = header.currency if header and header.currency else "£"
    code = CURRENCIES.get(symbol, symbol)
    if len(code) != 3 or not code.isalpha() or not code.isupper():
        raise TenderError(f"the ruleset's currency `{symbol}` has no ISO 4217 code",
                          [Problem(ws.config.ruleset, "currency", f"`{symbol}`",
                                   "write £, €, $ or a code such as GBP")])
    return code


def implementation_package(award: Mapping[str, Any], document: MonitoringDocument
                           ) -> dict[str, Any]:
    """The release of the contract's implementation: the outcome payments of
    ``document`` (a monitoring run of the awarded contract) as transactions from the
    buyer to the supplier, one per rate-card line and period (dated at the period's
    end), each bonus that applies, each penalty that applies (a negative amount: a
    deduction) and, when the at-risk amount or the total cap held payments back, one
    negative ``limit`` transaction, so that the transactions add up to the run's
    ``outcome_payments``. The fixed part of the contract value is paid on the
    contract's own schedule and is not listed. Each contracted outcome's milestone
    is marked ``met`` or ``notMet`` from its latest status. The release is dated at
    the end of the last period monitored.
    """
    (release,) = award["releases"]
    (contract,) = release["contracts"]
    (awarded,) = release["awards"]
    supplier = awarded["suppliers"][0]
    buyer = release["buyer"]
    currency = contract["value"]["currency"]
    terms = document["contract"]
    if terms is None:
        raise ValueError("the monitoring run has no contract: run it with --contract")
    provider = terms["provider_id"]
    periods = document["periods"]
    end = _stamp(period_bounds(periods[-1])[1]) if periods else release["date"]
    transactions = []
    for line in sorted(document["payments"], key=lambda p: p["rate_line"]):
        if line["provider"] != provider:
            continue
        for step in line["by_period"]:
            if Decimal(step["amount"]) > 0:
                transactions.append((step["period"], line["rate_line"], {
                    "id": f"{line['line']}-{step['period']}",
                    "date": _stamp(period_bounds(step["period"])[1]),
                    "value": _value(Decimal(step["amount"]), currency),
                    "payer": buyer, "payee": supplier}))
    for totals in document["payment_totals"]:
        if totals["provider"] != provider:
            continue
        for n, adjustment in enumerate(totals["adjustments"], start=1):
            if adjustment["applies"]:
                period = adjustment["period"] or (periods[-1] if periods else None)
                amount = Decimal(adjustment["amount"])
                transactions.append((period or "", 10_000 + n, {
                    "id": f"{adjustment['kind']}-{adjustment['outcome']}-{period or n}",
                    "date": _stamp(period_bounds(period)[1]) if period else end,
                    "value": _value(-amount if adjustment["kind"] == "penalty" else amount,
                                    currency),
                    "payer": buyer, "payee": supplier}))
        paid = sum((Decimal(str(t["value"]["amount"])) for *_, t in transactions), Decimal(0))
        limit = Decimal(totals["outcome_payments"]) - paid
        if limit:  # the at-risk amount or the total cap held the payments back
            transactions.append(("~", 20_000, {
                "id": f"limit-{periods[-1] if periods else 'none'}", "date": end,
                "value": _value(limit, currency), "payer": buyer, "payee": supplier}))
    transactions.sort(key=lambda t: (t[0], t[1]))
    latest = {}
    for row in document["results"]:
        if row["provider"] == provider and row["status"] in ("met", "missed"):
            latest[row["name"]] = "met" if row["status"] == "met" else "notMet"
    milestones = [{**m, "status": latest.get(m["code"], m["status"])}
                  for m in contract.get("milestones", [])]
    last = periods[-1] if periods else "none"
    lot = contract["id"].removeprefix("contract-")
    parties = [{**p, "roles": [*p["roles"], "payer"]} if p["id"] == buyer["id"] else
               {**p, "roles": [*p["roles"], "payee"]}
               for p in release["parties"] if p["id"] in (buyer["id"], supplier["id"])]
    implementation = {
        "ocid": release["ocid"], "id": f"{release['ocid']}-{lot}-implementation-{last}",
        "date": end, "tag": ["implementation"], "initiationType": "tender",
        "language": release.get("language", "en"), "buyer": buyer, "parties": parties,
        "contracts": [{
            "id": contract["id"], "awardID": contract["awardID"], "status": "active",
            **({"milestones": milestones} if milestones else {}),
            "implementation": {"transactions": [t for *_, t in transactions]},
        }],
    }
    base = award["uri"].rsplit("/", 1)[0] + "/"
    scale = any("details" in p for p in parties)
    return {
        "uri": f"{base}{implementation['id']}.json", "version": OCDS_VERSION,
        **({"extensions": [SCALE_EXTENSION]} if scale else {}),
        "publishedDate": end, "publisher": award["publisher"], "releases": [implementation],
    }


def _publishable(ws: Workspace) -> tuple[str, str]:
    """The commissioner and ``base_uri``, or `TenderError` naming each that is missing."""
    header = ws.ruleset.header
    problems = []
    if header is None or not header.commissioner:
        problems.append(Problem(
            ws.config.ruleset, "commissioner", "the ruleset names no commissioner, and the "
            "award's buyer is the commissioner",
            'add a line such as `commissioner "Anytown Borough Council"` to its header'))
    base_uri = ws.config.ocds.base_uri
    if base_uri is None:
        problems.append(Problem(
            CONFIG_NAME, "ocds.base_uri", "[ocds] base_uri is required before an award",
            "set it to the address where you publish releases, e.g. "
            'base_uri = "https://contracts.anytown.gov.uk/ocds/"'))
    if problems or header is None or header.commissioner is None or base_uri is None:
        raise TenderError("the award cannot be published as Open Contracting data", problems)
    return header.commissioner, base_uri


def _tender(ws: Workspace, evaluation: Evaluation, settings: OcdsSettings,
            tenderers: list[dict[str, str]], item: dict[str, Any], currency: str,
            several: bool) -> dict[str, Any]:
    header = ws.ruleset.header
    assert header is not None
    tender: dict[str, Any] = {
        "id": slug(header.name), "title": header.title,
        **({} if several else {"status": "complete"}),
        "procurementMethod": settings.procurement_method,
        **({"procurementMethodDetails": settings.procurement_method_details}
           if settings.procurement_method_details else {}),
        "mainProcurementCategory": settings.main_procurement_category,
        "awardCriteria": "ratedCriteria",
        "awardCriteriaDetails": "; ".join(
            f"{c.title} ({(c.weight.value * 100).normalize():f}%)"
            for c in ws.tender.criteria if c.weight is not None),
        "items": [item], **_period("tenderPeriod", settings.tender_period),
        "tenderers": tenderers,
        "numberOfTenderers": len(tenderers) + len(evaluation.assessment.bids.invalid)
        + sum(w.bid is None for w in evaluation.assessment.withdrawn),
    }
    if several:
        tender["lots"] = [{
            "id": slug(t.name), "title": t.title,
            **({"status": "complete"} if t.name == ws.tender.name else {}),
            **({"value": _value(t.budget.amount, currency)} if t.budget else {}),
        } for t in ws.ruleset.tenders]
    elif ws.tender.budget is not None:
        tender["value"] = _value(ws.tender.budget.amount, currency)
    return tender


def _item(ws: Workspace, settings: OcdsSettings, lot: str | None) -> dict[str, Any]:
    item: dict[str, Any] = {"id": slug(ws.tender.name), "description": ws.tender.title}
    if settings.cpv is not None:
        item["classification"] = {"scheme": "CPV", "id": settings.cpv,
                                  **({"description": settings.cpv_description}
                                     if settings.cpv_description else {})}
    if lot is not None:
        item["relatedLot"] = lot
    return item


def _milestones(ws: Workspace, bid: Bid, period: Period | None) -> list[dict[str, Any]]:
    """Each contracted outcome target as a ``delivery`` milestone, as contract.yaml has it."""
    milestones = []
    for name, offer in bid.outcomes.items():
        item = ws.ruleset.item(name)
        required = (f" (the ruleset requires {format_target(item.target)})"
                    if item is not None and item.target is not None else "")
        milestones.append({
            "id": name, "title": item.title if item is not None else name,
            "type": "delivery", "code": name,
            "description": f"Contracted target: {format_target(offer.target)}{required}; "
                           f"{offer.people} people expected; verified by "
                           f"{', '.join(offer.verify) or 'no method named'}.",
            **({"dueDate": _stamp(period.end)} if period is not None else {}),
            "status": "scheduled",
        })
    return milestones


def _package(release: dict[str, Any], base_uri: str, stamp: str, buyer: dict[str, Any], *,
             several: bool) -> dict[str, Any]:
    extensions = [BIDS_EXTENSION]
    if several:
        extensions.append(LOTS_EXTENSION)
    if any("details" in p for p in release["parties"]):
        extensions.append(SCALE_EXTENSION)
    publisher: dict[str, Any] = {"name": buyer["name"]}
    if "identifier" in buyer:
        publisher.update(scheme=buyer["identifier"]["scheme"], uid=buyer["identifier"]["id"])
    return {"uri": f"{base_uri}{release['id']}.json", "version": OCDS_VERSION,
            "extensions": extensions, "publishedDate": stamp, "publisher": publisher,
            "releases": [release]}


def _ref(bid: Bid, own: str) -> dict[str, str]:
    """The organisation reference of a bidder: its party id (from its register entry,
    else ``tenderer-`` and ``own``, its identifier among the bidders) and name."""
    return {"id": bid.organisation.party_id if bid.organisation else f"tenderer-{own}",
            "name": bid.bidder}


def _period(key: str, period: Period | None) -> dict[str, Any]:
    if period is None:
        return {}
    return {key: {"startDate": _stamp(period.start), "endDate": _stamp(period.end)}}


def _stamp(date: dt.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def _value(amount: Decimal, currency: str) -> dict[str, Any]:
    return {"amount": _amount(amount), "currency": currency}


def _amount(value: Decimal) -> int | float:
    rounded = to_penny(value)
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)
