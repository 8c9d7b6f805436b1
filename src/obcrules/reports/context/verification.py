"""The verification part of a provider's chapter in the monitoring report: each returned
audit sample (findings, claims not paid, outstanding, the clawback and its working) and
the claims the commissioner's confirming data do not hold."""

from __future__ import annotations

from dataclasses import dataclass

from obcrules.reports import formatting as fmt
from obcrules.reports.context.common import Fact
from obcrules.results.monitoring import MonitoringDocument
from obcrules.results.verification import ClaimRef


@dataclass(frozen=True)
class ClaimRow:
    """A claim as a table row: person, outcome, line, period, and what happened to it."""

    person: str
    outcome: str
    line: str
    period: str
    detail: str


@dataclass(frozen=True)
class SampleView:
    """One returned sample of a provider."""

    title: str
    facts: tuple[Fact, ...]
    working: str
    unpaid: tuple[ClaimRow, ...]
    outstanding: tuple[ClaimRow, ...]


def samples(document: MonitoringDocument, provider: str, currency: str
            ) -> tuple[SampleView, ...]:
    """The provider's returned samples, in period and method order."""
    views = []
    for entry in document.get("verification", []):
        if entry["provider"] != provider:
            continue
        rate = entry["failure_rate"]
        threshold = entry["threshold"]
        facts = (
            Fact("Claims drawn", fmt.number(entry["drawn"])),
            Fact("Returned with a finding", fmt.number(entry["returned"])),
            Fact("Confirmed / not confirmed / not found",
                 f"{entry['confirmed']} / {entry['not_confirmed']} / {entry['not_found']}"),
            Fact("Failure rate", fmt.percent(rate, 2) if rate is not None else "–"),
            Fact("Clawback threshold", fmt.percent(threshold, 2) if threshold else "none"),
            Fact("Clawed back", fmt.money(entry["clawback"], currency)),
            Fact("Sheets", ", ".join(entry["sheets"]) or "none returned"),
        )
        views.append(SampleView(
            title=f"{fmt.capitalise(fmt.humanise(entry['method']))}, {entry['period']}",
            facts=facts, working=entry["working"],
            unpaid=tuple(_row(u, f"{u['finding']}: {u['note']} ({u['sheet']} {u['cell']}); "
                             f"{fmt.money(u['amount'], currency)} not paid")
                         for u in entry["unpaid"]),
            outstanding=tuple(_row(o, "not returned") for o in entry["outstanding"])))
    return tuple(views)


def mismatches(document: MonitoringDocument, provider: str) -> tuple[ClaimRow, ...]:
    """The provider's claims the confirming table does not hold."""
    return tuple(_row(m, m["problem"]) for m in document.get("confirmations", [])
                 if m["provider"] == provider)


def _row(claim: ClaimRef, detail: str) -> ClaimRow:
    group = f" ({claim['price_group']})" if claim["price_group"] else ""
    return ClaimRow(claim["person_id"], fmt.humanise(claim["outcome"]) + group,
                    str(claim["rate_line"]), claim["period"], detail)
