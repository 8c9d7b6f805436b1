"""The monitoring document (schema ``obcrules.monitoring/1``) assembled from a run.

`monitoring_document` takes what the run planned (the compiled plan, the
once-per-person conditions) and what its queries returned (`Aggregates`, the
data-quality `Findings`) and builds every entry: results with statuses and
trajectories (`obcrules.engine.values`), equality breakdowns
(`obcrules.engine.equality`), people helped, payments
(`obcrules.engine.payments`), inputs and data quality. Lists are sorted and
nothing depends on time or order of execution, so the same inputs give the same
document; `obcrules.engine.result.MonitoringResult` holds and writes it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from obcrules.engine.aggregates import Aggregates, ByPeriod
from obcrules.engine.cohort import CohortFindings
from obcrules.engine.compile import Plan
from obcrules.engine.contract import Contract
from obcrules.engine.deadweight import LineCounts
from obcrules.engine.equality import equality_entries, ratio
from obcrules.engine.findings import Findings
from obcrules.engine.loading import sha256_of
from obcrules.engine.payments import PaymentEntries, payment_entries
from obcrules.engine.planner import PeoplePlan, PersonCondition
from obcrules.engine.result import SCHEMA
from obcrules.engine.values import Values
from obcrules.model import PeriodUnit
from obcrules.semantics.checked import CheckedRuleset


def monitoring_document(checked: CheckedRuleset, *, unit: PeriodUnit,
                        contract: Contract | None, plan: Plan, people: PeoplePlan,
                        aggregates: Aggregates, findings: Findings,
                        provider: str | None) -> dict[str, Any]:
    """The document of a run: ``provider`` is the contract's provider (None for all)."""
    ruleset = checked.require()
    coverage = aggregates.coverage(unit, provider)
    providers, span = coverage.providers, coverage.span
    values = Values(ruleset, plan, contract, unit, aggregates, coverage.returned)
    results = [values.result(p, per, item) for p in providers for per in span
               for item in ruleset.items]
    values.trajectories(results, span)
    once = [(condition, aggregates.first.get((table, i), {}))
            for table, conditions in people.items() for i, condition in enumerate(conditions)]
    payments = PaymentEntries()
    cohort = aggregates.cohort
    if ruleset.payment is not None:
        everyone = line_counts(once, aggregates, plain=True) if cohort is not None else None
        payments = payment_entries(ruleset.payment, contract, line_counts(once, aggregates),
                                   aggregates.comparisons, providers, values.latest, everyone)
    return {
        "schema": SCHEMA,
        "ruleset": _ruleset_entry(checked),
        "contract": _contract_entry(contract),
        "inputs": sorted(aggregates.inputs, key=lambda i: i["path"]),
        "ignored_files": sorted(aggregates.ignored_files),
        "plugins": _plugins(checked),
        "period_unit": unit,
        "currency": ruleset.header.currency if ruleset.header else None,
        "periods": span,
        "providers": providers,
        "results": sorted(results, key=lambda r: (r["provider"], r["period"], r["name"])),
        "equality": equality_entries(plan, aggregates.fine, providers, span),
        "helped": _helped(once, contract, providers, span),
        "payments": payments.payments,
        "payment_totals": payments.totals,
        "savings": payments.savings,
        "cohort": _cohort(cohort, providers) if cohort is not None else [],
        "reach": cohort.reach if cohort is not None else [],
        "gaming_checks": aggregates.gaming.checks if aggregates.gaming is not None else [],
        "gaming_alerts": aggregates.gaming.alerts if aggregates.gaming is not None else [],
        "data_quality": sorted(findings.problems, key=lambda p: (
            p["table"], p["row"], p["field"], p["problem"])),
        "data_quality_summary": findings.summary(),
        "data_quality_complete": all(findings.listed_all.values()),
    }


def _cohort(found: CohortFindings, providers: list[str]) -> list[dict[str, Any]]:
    """Per provider: the people referred to it, those in its returns not referred, and those
    referred to it but paid for through an earlier referral elsewhere (or none)."""
    names = sorted(set(providers) | set(found.referred))
    return [{"provider": p, "referred": found.referred.get(p, 0),
             "not_referred": found.not_referred.get(p, 0),
             "double_referred": found.double_referred.get(p, 0)} for p in names]


def line_counts(once: list[tuple[PersonCondition, ByPeriod]], aggregates: Aggregates,
                plain: bool = False) -> dict[int, dict[str, LineCounts]]:
    """What the queries found for each rate-card line, per provider: the people first
    meeting it (in the referred cohort; with ``plain``, anyone) and each of its price
    groups', its population and, where fewer were paid than qualified, the groups of
    those paid."""
    line_role, group_role = ("plain", "plain_group") if plain else ("line", "group")
    qualifying: dict[int, ByPeriod] = {}
    groups: dict[int, dict[str, ByPeriod]] = {}
    for condition, found in once:
        if condition.role == line_role:
            qualifying[condition.index] = found
        elif condition.role == group_role and condition.group is not None:
            groups.setdefault(condition.index, {})[condition.group] = found
    counts: dict[int, dict[str, LineCounts]] = {}
    for index, by_provider in qualifying.items():
        grouped = groups.get(index, {})
        population = aggregates.population.get(index, {})
        chosen = aggregates.chosen.get(index, {}) if not plain else {}
        providers = set(by_provider) | {p for g in grouped.values() for p in g}
        counts[index] = {p: LineCounts(by_provider.get(p, {}),
                                       {g: found.get(p, {}) for g, found in grouped.items()},
                                       population.get(p, {}), chosen.get(p, {}))
                         for p in providers}
    return counts


def _helped(once: list[tuple[PersonCondition, ByPeriod]], contract: Contract | None,
            providers: list[str], span: list[str]) -> list[dict[str, Any]]:
    """People helped per provider and outcome, against the bid's expected numbers."""
    out = []
    expected = contract.expected if contract else {}
    for condition, by_provider in once:
        if condition.role != "helped":
            continue
        for provider in providers:
            people = sum(by_provider.get(provider, {}).values())
            want = expected.get(condition.item.name)
            out.append({"provider": provider, "name": condition.item.name,
                        "helped": people, "expected": want,
                        "share_of_expected": ratio(people, want) if want else None,
                        "to_period": span[-1] if span else None})
    return sorted(out, key=lambda e: (e["provider"], e["name"]))


def _ruleset_entry(checked: CheckedRuleset) -> dict[str, Any]:
    header = checked.require().header
    return {"name": header.name if header else None,
            "title": header.title if header else None,
            "version": header.version if header else None,
            "sha256": checked.sha256,
            "file": Path(checked.file).name}


def _contract_entry(contract: Contract | None) -> dict[str, Any] | None:
    if contract is None:
        return None
    return {"path": contract.path.name, "sha256": sha256_of(contract.path),
            "provider": contract.provider, "provider_id": contract.provider_id,
            "lot": contract.lot}


def _plugins(checked: CheckedRuleset) -> dict[str, str]:
    services = checked.vocabulary.services if checked.vocabulary else ()
    registry = checked.registry
    return {name: registry.version_of(name) for name in sorted({"core", *services})}
