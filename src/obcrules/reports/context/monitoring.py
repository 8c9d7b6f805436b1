"""The monitoring report's view model, from ``monitoring.json``.

For the contract manager: per provider, the status of every outcome in the
latest period, the values by period, trend charts against the targets, the
people helped against those the bid expected, the payments due with their
calculation, equality breakdowns (small numbers suppressed by the engine and
shown here as suppressed) and the data-quality findings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from obcrules.model import BoundTarget, NumberLit, PercentLit
from obcrules.reports import formatting as fmt
from obcrules.reports.charts import TrendPoint, trend_chart
from obcrules.reports.context.common import (
    Fact,
    ReportView,
    SectionView,
    TocEntry,
    audit_inputs,
    plugin_versions,
    toc_with_sections,
)
from obcrules.reports.context.json_views import mapping, records, text
from obcrules.syntax.parser import parse_target

TRAJECTORY_BAD = {"not improving", "worse", "off track", "missed", "false"}
PERCENT_KINDS = {"share"}


@dataclass(frozen=True)
class Cell:
    """One outcome in one period: the value as shown and its status."""

    value: str
    status: str
    detail: str = ""


@dataclass(frozen=True)
class OutcomeRow:
    """One outcome of one provider: the latest period in full and every period's cell."""

    name: str
    title: str
    kind: str
    value: str
    fraction: str
    target: str
    status: str
    trajectory: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class PaymentRow:
    """A rate-card line's payment for one provider, with its working."""

    line: str
    people: str
    rate: str
    gross: str
    cap: str
    amount: str
    working: str


@dataclass(frozen=True)
class HelpedRow:
    """People helped against the number the bid expected."""

    outcome: str
    expected: str
    helped: str
    share: str


@dataclass(frozen=True)
class EqualityRow:
    """One group of an equality breakdown (suppressed when small)."""

    outcome: str
    field: str
    group: str
    value: str
    counts: str
    suppressed: bool


@dataclass(frozen=True)
class QualityRow:
    """A data-quality finding."""

    table: str
    row: str
    field: str
    problem: str


@dataclass(frozen=True)
class ProviderView:
    """One provider's chapter."""

    anchor: str
    name: str
    latest: str
    counts: Mapping[str, int]
    outcomes: tuple[OutcomeRow, ...]
    charts: tuple[Markup, ...]
    helped: tuple[HelpedRow, ...]
    payments: tuple[PaymentRow, ...]
    payment_total: str
    rate_card_total: str
    payment_facts: tuple[Fact, ...]
    equality: tuple[EqualityRow, ...]
    quality: tuple[QualityRow, ...]


@dataclass(frozen=True)
class SummaryRow:
    """A provider's line in the summary across providers."""

    anchor: str
    provider: str
    met: int
    missed: int
    no_data: int
    other: int
    payments: str


@dataclass(frozen=True)
class MonitoringView:
    """The body of the monitoring report."""

    periods: tuple[str, ...]
    latest: str
    summary: tuple[SummaryRow, ...]
    providers: tuple[ProviderView, ...]
    quality: tuple[QualityRow, ...]
    plugins: tuple[Fact, ...]


def value_text(kind: str, value: Any) -> str:
    """A result value as shown: shares as percentages, counts whole, others as numbers."""
    if value is None:
        return "no data"
    if kind in PERCENT_KINDS:
        return fmt.percent(value)
    return fmt.number(value)


def _target_text(target: Any, kind: str) -> str:
    if isinstance(target, Mapping):
        return text(target.get("text"), "–")
    if isinstance(target, str):
        return target
    if target is None:
        return "–"
    return value_text(kind, target)


def _target_number(target: Any) -> float | None:
    if isinstance(target, Mapping):
        for key in ("value", "low", "high", "bound"):
            d = fmt.to_decimal(target.get(key))
            if d is not None:
                return float(d)
        return None
    if isinstance(target, str):
        return _written_target_number(target)
    d = fmt.to_decimal(target)
    return float(d) if d is not None else None


def _written_target_number(written: str) -> float | None:
    """The line to draw for a target written as in the ruleset (``less than 8%`` → 0.08)."""
    parsed, _ = parse_target(written)
    if isinstance(parsed, BoundTarget) and isinstance(parsed.value, PercentLit | NumberLit):
        return float(parsed.value.value)
    return None


def _trajectory_status(trajectory: Any) -> str:
    if isinstance(trajectory, Mapping):
        return text(trajectory.get("status"))
    if isinstance(trajectory, bool):
        return "on track" if trajectory else "off track"
    return text(trajectory)


def build_monitoring(
    result: Mapping[str, Any],
    sections: tuple[SectionView, ...] = (),
    titles: Mapping[str, str] | None = None,
    currency: str = "£",
    charts: bool = True,
) -> ReportView:
    """The monitoring report's view model."""
    results = records(result.get("results"))
    titles = dict(titles or {})
    for r in results:
        if r.get("title"):
            titles.setdefault(text(r.get("name")), text(r.get("title")))
    periods = tuple(sorted({text(r.get("period")) for r in results}))
    latest = periods[-1] if periods else ""
    by_provider: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for r in results:
        by_provider[text(r.get("provider"))].append(r)
    for key in ("payments", "helped", "equality", "data_quality", "payment_totals"):
        for entry in records(result.get(key)):
            if entry.get("provider") is not None:
                by_provider.setdefault(text(entry.get("provider")), [])
    taken: set[str] = set()
    providers = tuple(
        _provider(result, name, rows, periods, titles, currency, charts,
                  "provider-" + fmt.slug(name, taken))
        for name, rows in sorted(by_provider.items())
    )
    summary = tuple(
        SummaryRow(p.anchor, p.name, p.counts.get("met", 0), p.counts.get("missed", 0),
                   p.counts.get("no data", 0),
                   sum(v for k, v in p.counts.items() if k not in ("met", "missed", "no data")),
                   p.payment_total)
        for p in providers
    )
    general = tuple(_quality(q) for q in records(result.get("data_quality"))
                    if q.get("provider") is None)
    body = MonitoringView(periods, latest, summary, providers, general, plugin_versions(result))
    core = [TocEntry("summary", "Summary across providers")]
    for p in providers:
        core.append(TocEntry(p.anchor, p.name))
    if general:
        core.append(TocEntry("data-quality", "Data quality"))
    core.append(TocEntry("audit", "Audit appendix"))
    ruleset = mapping(result.get("ruleset"))
    facts = (
        Fact("Ruleset", f"{text(ruleset.get('name'))} {text(ruleset.get('version'))}".strip()),
        Fact("Periods", f"{periods[0]} to {latest}" if len(periods) > 1 else latest or "none"),
        Fact("Providers", str(len(providers))),
        Fact("Outcome results", str(len(results))),
        Fact("Data-quality findings", str(len(records(result.get("data_quality"))))),
    )
    return ReportView(
        kind="monitoring",
        title=text(ruleset.get("title"), text(ruleset.get("name"), "Monitoring")),
        subtitle="Monitoring report",
        facts=facts,
        toc=toc_with_sections(core, sections, before="audit"),
        body=body,
        sections=sections,
        audit=audit_inputs(result),
        footer=f"{text(result.get('schema'))} · {text(ruleset.get('name'))} "
               f"{text(ruleset.get('version'))}".strip(),
    )


def _provider(result: Mapping[str, Any], name: str, rows: Sequence[Mapping[str, Any]],
              periods: Sequence[str], titles: Mapping[str, str], currency: str,
              charts: bool, anchor: str) -> ProviderView:
    by_outcome: dict[str, dict[str, Mapping[str, Any]]] = defaultdict(dict)
    for r in rows:
        by_outcome[text(r.get("name"))][text(r.get("period"))] = r
    provider_latest = max((p for o in by_outcome.values() for p in o), default="")
    outcomes, drawn = [], []
    counts: dict[str, int] = defaultdict(int)
    for outcome, cells in by_outcome.items():
        last = cells.get(provider_latest) or cells[max(cells)]
        # the engine says what was measured in `measure` (share, count, …); `kind` is the rung
        kind = text(last.get("measure") or last.get("kind"))
        status = text(last.get("status"), "no data")
        counts[status] += 1
        title = titles.get(outcome, fmt.capitalise(fmt.humanise(outcome)))
        num, den = last.get("numerator"), last.get("denominator")
        outcomes.append(OutcomeRow(
            name=outcome, title=title, kind=kind,
            value=value_text(kind, last.get("value")),
            fraction=f"{fmt.number(num)} of {fmt.number(den)}" if den is not None and
            num is not None else "",
            target=_target_text(last.get("target"), kind),
            status=status,
            trajectory=_trajectory_status(last.get("trajectory")) or "–",
            cells=tuple(_cell(cells.get(p), kind) for p in periods),
        ))
        if charts:
            points = [TrendPoint(p, _float(cells[p].get("value")) if p in cells else None,
                                 text(cells[p].get("status")) if p in cells else "no data",
                                 _trajectory_ok(cells[p].get("trajectory")) if p in cells
                                 else None) for p in periods]
            drawn.append(trend_chart(title, points, _target_number(last.get("target")),
                                     kind in PERCENT_KINDS))
    payments = tuple(_payment(p, titles, currency) for p in records(result.get("payments"))
                     if text(p.get("provider")) == name)
    total = sum((fmt.to_decimal(p.get("amount")) or 0 for p in records(result.get("payments"))
                 if text(p.get("provider")) == name), fmt.to_decimal(0) or 0)
    totals = next((t for t in records(result.get("payment_totals"))
                   if text(t.get("provider")) == name), None)
    return ProviderView(
        anchor=anchor, name=name, latest=provider_latest, counts=dict(counts),
        outcomes=tuple(outcomes), charts=tuple(drawn),
        helped=tuple(_helped(h, titles) for h in records(result.get("helped"))
                     if text(h.get("provider")) == name),
        payments=payments,
        payment_total=fmt.money(totals.get("total") if totals else total, currency),
        rate_card_total=fmt.money(total, currency),
        payment_facts=_payment_facts(totals, titles, currency) if totals else (),
        equality=tuple(_equality(e, titles, provider_latest)
                       for e in records(result.get("equality"))
                       if text(e.get("provider")) == name
                       and text(e.get("period")) == provider_latest),
        quality=tuple(_quality(q) for q in records(result.get("data_quality"))
                      if text(q.get("provider")) == name),
    )


def _float(value: Any) -> float | None:
    d = fmt.to_decimal(value)
    return float(d) if d is not None else None


def _trajectory_ok(trajectory: Any) -> bool | None:
    status = _trajectory_status(trajectory).lower()
    if not status:
        return None
    return status not in TRAJECTORY_BAD


def _cell(result: Mapping[str, Any] | None, kind: str) -> Cell:
    if result is None:
        return Cell("–", "no data")
    return Cell(value_text(kind, result.get("value")), text(result.get("status"), "no data"))


def _payment(entry: Mapping[str, Any], titles: Mapping[str, str], currency: str) -> PaymentRow:
    line = text(entry.get("line"))
    people = fmt.to_decimal(entry.get("people"))
    rate = fmt.to_decimal(entry.get("rate"))
    amount = fmt.to_decimal(entry.get("amount"))
    if rate is None and people and amount is not None:
        rate = amount / people
    gross = people * rate if people is not None and rate is not None else None
    cap = entry.get("cap")
    working = f"{fmt.number(people)} × {fmt.money(rate, currency)} = {fmt.money(gross, currency)}"
    if gross is not None and amount is not None and amount < gross:
        working += f", capped at {fmt.money(cap if cap is not None else amount, currency)}"
    return PaymentRow(
        line=titles.get(line, fmt.capitalise(fmt.humanise(line))),
        people=fmt.number(people),
        rate=fmt.money(rate, currency),
        gross=fmt.money(gross, currency),
        cap=fmt.money(cap, currency) if cap is not None else "–",
        amount=fmt.money(amount, currency),
        working=working,
    )


def _payment_facts(totals: Mapping[str, Any], titles: Mapping[str, str],
                   currency: str) -> tuple[Fact, ...]:
    labels = (("contract_value", "Contract value"), ("at_risk_amount", "At risk"),
              ("rate_card", "Earned on the rate card"),
              ("rate_card_after_at_risk", "Rate card, limited to the amount at risk"),
              ("cap_total", "Total cap"), ("outcome_payments", "Outcome payments"),
              ("fixed", "Fixed payments"), ("total", "Total due"))
    facts = [Fact(label, fmt.money(totals.get(key), currency))
             for key, label in labels if totals.get(key) is not None]
    for adj in records(totals.get("adjustments")):
        outcome = text(adj.get("outcome"))
        verdict = "applies" if adj.get("applies") else "does not apply"
        facts.insert(-2 if len(facts) >= 2 else len(facts), Fact(
            f"{fmt.capitalise(text(adj.get('kind')))} on "
            f"{titles.get(outcome, fmt.humanise(outcome))}",
            f"{fmt.money(adj.get('amount'), currency)} ({verdict}, {text(adj.get('period'))})"))
    return tuple(facts)


def _helped(entry: Mapping[str, Any], titles: Mapping[str, str]) -> HelpedRow:
    name = text(entry.get("name", entry.get("outcome")))
    expected, helped = fmt.to_decimal(entry.get("expected")), fmt.to_decimal(entry.get("helped"))
    share = fmt.percent(helped / expected, 0) if expected and helped is not None else "–"
    return HelpedRow(titles.get(name, fmt.capitalise(fmt.humanise(name))),
                     fmt.number(expected), fmt.number(helped), share)


def _equality(entry: Mapping[str, Any], titles: Mapping[str, str], period: str) -> EqualityRow:
    name = text(entry.get("name"))
    suppressed = bool(entry.get("suppressed"))
    return EqualityRow(
        outcome=titles.get(name, fmt.capitalise(fmt.humanise(name))),
        field=fmt.capitalise(fmt.humanise(text(entry.get("field")))),
        group=fmt.humanise(text(entry.get("group"))),
        value="suppressed" if suppressed else fmt.percent(entry.get("value")),
        counts="withheld to protect small numbers" if suppressed else
        f"{fmt.number(entry.get('numerator'))} of {fmt.number(entry.get('denominator'))}",
        suppressed=suppressed,
    )


def _quality(entry: Mapping[str, Any]) -> QualityRow:
    return QualityRow(text(entry.get("table")), text(entry.get("row"), "–"),
                      text(entry.get("field"), "–"), text(entry.get("problem")))
