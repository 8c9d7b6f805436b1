"""The monitoring report's view model, from ``monitoring.json``.

For the contract manager: per provider, the status of every outcome in the
latest period, the values by period, trend charts against the targets, the
people helped against those the bid expected, the payments due with their
calculation, equality breakdowns (small numbers suppressed by the engine and
shown here as suppressed) and the data-quality findings.

It reads a `MonitoringDocument` as the engine writes it (validated when read);
what it shows is what the document says. A target is shown as the document
words it, and drawn from its ``goal`` (the bounds), never from that wording.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup

from obcrules.money import to_penny
from obcrules.reports import formatting as fmt
from obcrules.reports.charts import TrendPoint, trend_chart
from obcrules.reports.context import verification
from obcrules.reports.context.common import (
    Fact,
    ReportView,
    SectionView,
    TocEntry,
    audit_inputs,
    plugin_versions,
    toc_with_sections,
)
from obcrules.reports.context.finance import FinanceView
from obcrules.reports.context.verification import ClaimRow, SampleView
from obcrules.results.monitoring import (
    DataProblem,
    EqualityGroup,
    GoalBounds,
    Helped,
    ItemResult,
    LinePayment,
    MeasureKind,
    MonitoringDocument,
    PaymentTotals,
    PeriodPayment,
    TrajectoryResult,
)

TRAJECTORY_BAD = {"not improving", "worse"}
"""Trajectory verdicts that ring a period's dot on the trend chart."""


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
    measure: str
    value: str
    fraction: str
    target: str
    status: str
    trajectory: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class PaymentRow:
    """A rate-card line's payment for one provider, with its working (and, above a
    deadweight, each period's: qualified, in the population, expected anyway, paid)."""

    line: str
    people: str
    rate: str
    gross: str
    cap: str
    amount: str
    working: str
    periods: tuple[str, ...] = ()


@dataclass(frozen=True)
class PaymentsView:
    """What one provider is due, as the report's "Payments due" gives it: each rate-card
    line with its working, the rate card's total, and the facts from the contract value
    to the total due, each bonus, penalty and clawback in words."""

    lines: tuple[PaymentRow, ...]
    rate_card_total: str
    total: str
    facts: tuple[Fact, ...]


def provider_payments(document: MonitoringDocument, name: str, titles: Mapping[str, str],
                      currency: str) -> PaymentsView:
    """The `PaymentsView` of provider ``name`` (lines and outcomes by ``titles``)."""
    payments = [p for p in document["payments"] if p["provider"] == name]
    total = sum((Decimal(p["amount"]) for p in payments), Decimal(0))
    totals = next((t for t in document["payment_totals"] if t["provider"] == name), None)
    return PaymentsView(
        lines=tuple(_payment(p, titles, currency) for p in payments),
        rate_card_total=fmt.money(total, currency),
        total=fmt.money(totals["total"] if totals else total, currency),
        facts=_payment_facts(totals, titles, currency) if totals else ())


@dataclass(frozen=True)
class ReachRow:
    """The referred cohort's reach for one provider by the end of one period."""

    period: str
    referred: str
    engaged: str
    never_seen: str


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
class MilestoneRow:
    """A process drawn as a line of words, not a chart: its evidence is a date, not a number."""

    title: str
    status: str
    detail: str


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
    milestones: tuple[MilestoneRow, ...] = ()
    savings: tuple[Fact, ...] = ()
    """What deadweight and the referred cohort save, against the same contract without."""
    cohort: tuple[Fact, ...] = ()
    reach: tuple[ReachRow, ...] = ()
    samples: tuple[SampleView, ...] = ()
    """Returned audit samples: findings, claims not paid, clawback and its working."""
    mismatches: tuple[ClaimRow, ...] = ()
    """Claims the commissioner's confirming data do not hold."""


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
class GamingCheckRow:
    """A gaming check made: what, its threshold, and its alerts (or why it was not made)."""

    pattern: str
    subject: str
    threshold: str
    outcome: str


@dataclass(frozen=True)
class GamingAlertView:
    """A gaming alert, in words, with the figures behind it."""

    pattern: str
    provider: str
    subject: str
    explanation: str
    figures: tuple[tuple[str, str, str], ...]
    """(group, people, figure) rows."""


@dataclass(frozen=True)
class MonitoringView:
    """The body of the monitoring report."""

    periods: tuple[str, ...]
    latest: str
    summary: tuple[SummaryRow, ...]
    providers: tuple[ProviderView, ...]
    quality: tuple[QualityRow, ...]
    plugins: tuple[Fact, ...]
    gaming_checks: tuple[GamingCheckRow, ...] = ()
    gaming_alerts: tuple[GamingAlertView, ...] = ()
    finance: FinanceView | None = None
    """What the contract can cost, with the rates observed (needs the ruleset)."""


def value_text(measure: MeasureKind | None, value: float | str | None) -> str:
    """A result value as shown: shares as percentages, a process's evidence date as it is.

    Only a ``share`` is known to be a fraction of one. A ``mean`` or ``median`` of
    a percentage field is a fraction too, but the document does not say which
    fields are percentages, so it is shown as a plain number.
    """
    if value is None:
        return "no data"
    if isinstance(value, str):
        return value
    if measure == "share":
        return fmt.percent(value)
    return fmt.number(value)


def goal_lines(goal: GoalBounds | None) -> tuple[float, ...]:
    """Where a trend chart draws a target: the bound a better value moves away from.

    ``at least 60%`` → (0.6,); ``less than 10%`` → (0.1,); a range (no direction)
    → both bounds, drawn as a band; no goal (no target, a milestone, a relative
    target without a baseline) → nothing to draw.
    """
    if goal is None:
        return ()
    bounds = {"higher": [goal["low"]], "lower": [goal["high"]],
              "none": [goal["low"], goal["high"]]}[goal["direction"]]
    return tuple(float(b) for b in bounds if b is not None)


def build_monitoring(
    document: MonitoringDocument,
    sections: tuple[SectionView, ...] = (),
    titles: Mapping[str, str] | None = None,
    currency: str = "£",
    charts: bool = True,
    title: str | None = None,
    finance: FinanceView | None = None,
) -> ReportView:
    """The monitoring report's view model.

    ``titles`` name items the document does not title; ``title`` is the report's
    (the ruleset's title, as people know it), else the ruleset's name.
    """
    results = document["results"]
    titles = dict(titles or {})
    for r in results:
        if r["title"]:
            titles.setdefault(r["name"], r["title"])
    periods = tuple(sorted({r["period"] for r in results}))
    latest = periods[-1] if periods else ""
    by_provider: dict[str, list[ItemResult]] = defaultdict(list)
    for r in results:
        by_provider[r["provider"]].append(r)
    others = [*document["payments"], *document["helped"], *document["equality"],
              *document["data_quality"], *document["payment_totals"]]
    for entry in others:
        if entry["provider"] is not None:
            by_provider.setdefault(entry["provider"], [])
    taken: set[str] = set()
    providers = tuple(
        _provider(document, name, rows, periods, titles, currency, charts,
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
    general = tuple(_quality(q) for q in document["data_quality"] if q["provider"] is None)
    checks, alerts = _gaming(document)
    body = MonitoringView(periods, latest, summary, providers, general,
                          plugin_versions(document["plugins"]), checks, alerts,
                          finance)
    core = [TocEntry("summary", "Summary across providers")]
    for p in providers:
        core.append(TocEntry(p.anchor, p.name))
    if checks:
        core.append(TocEntry("gaming", "Gaming checks"))
    if general:
        core.append(TocEntry("data-quality", "Data quality"))
    if finance is not None:
        core.append(TocEntry("finance", "Finance: what the contract can cost"))
    core.append(TocEntry("audit", "Audit appendix"))
    ruleset = document["ruleset"]
    named = f"{ruleset['name'] or ''} {ruleset['version'] or ''}".strip()
    facts = (
        Fact("Ruleset", named),
        Fact("Periods", f"{periods[0]} to {latest}" if len(periods) > 1 else latest or "none"),
        Fact("Providers", str(len(providers))),
        Fact("Outcome results", str(len(results))),
        Fact("Data-quality findings", str(len(document["data_quality"]))),
    )
    return ReportView(
        kind="monitoring",
        title=title if title is not None else
        ruleset["name"] if ruleset["name"] is not None else "Monitoring",
        subtitle="Monitoring report",
        facts=facts,
        toc=toc_with_sections(core, sections, before="audit"),
        body=body,
        sections=sections,
        audit=audit_inputs(document),
        footer=f"{document['schema']} · {named}".strip(),
    )


def _gaming(document: MonitoringDocument
            ) -> tuple[tuple[GamingCheckRow, ...], tuple[GamingAlertView, ...]]:
    """The gaming checks made and each alert with its figures."""
    checks = tuple(GamingCheckRow(
        c["pattern"], c["subject"], c["threshold"],
        c["note"] if c["note"] and not c["judged"] else
        f"{c['alerts']} alert(s) among {c['judged']} provider(s) judged"
        + (f"; {c['note']}" if c["note"] else ""))
        for c in document.get("gaming_checks", []))
    alerts = tuple(GamingAlertView(
        a["pattern"], a["provider"], a["subject"], a["explanation"],
        tuple((f["group"], fmt.number(f["people"]), f["value"] or "") for f in a["figures"]))
        for a in document.get("gaming_alerts", []))
    return checks, alerts


def _provider(document: MonitoringDocument, name: str, rows: Sequence[ItemResult],
              periods: Sequence[str], titles: Mapping[str, str], currency: str,
              charts: bool, anchor: str) -> ProviderView:
    by_item: dict[str, dict[str, ItemResult]] = defaultdict(dict)
    for r in rows:
        by_item[r["name"]][r["period"]] = r
    provider_latest = max((p for o in by_item.values() for p in o), default="")
    measures = {item: next(iter(cells.values()))["measure"] for item, cells in by_item.items()}
    outcomes, drawn, milestones = [], [], []
    counts: dict[str, int] = defaultdict(int)
    for item, cells in by_item.items():
        last = cells.get(provider_latest) or cells[max(cells)]
        measure = last["measure"]
        counts[last["status"]] += 1
        title = titles.get(item, fmt.capitalise(fmt.humanise(item)))
        num, den = last["numerator"], last["denominator"]
        outcomes.append(OutcomeRow(
            name=item, title=title, kind=last["kind"], measure=measure or "",
            value=value_text(measure, last["value"]),
            fraction=f"{fmt.number(num)} of {fmt.number(den)}" if den is not None and
            num is not None else "",
            target=last["target"] or "–",
            status=last["status"],
            trajectory=last["trajectory"]["status"] if last["trajectory"] else "–",
            cells=tuple(_cell(cells.get(p), measure) for p in periods),
        ))
        if last["kind"] == "process":
            milestones.append(_milestone(title, cells, provider_latest))
        elif charts:
            points = [_point(p, cells.get(p)) for p in periods]
            drawn.append(trend_chart(title, points, goal_lines(last["goal"]),
                                     measure == "share"))
    due = provider_payments(document, name, titles, currency)
    return ProviderView(
        anchor=anchor, name=name, latest=provider_latest, counts=dict(counts),
        outcomes=tuple(outcomes), charts=tuple(drawn),
        helped=tuple(_helped(h, titles) for h in document["helped"] if h["provider"] == name),
        payments=due.lines,
        payment_total=due.total,
        rate_card_total=due.rate_card_total,
        payment_facts=due.facts,
        equality=tuple(_equality(e, titles, measures.get(e["name"]))
                       for e in document["equality"]
                       if e["provider"] == name and e["period"] == provider_latest),
        quality=tuple(_quality(q) for q in document["data_quality"] if q["provider"] == name),
        milestones=tuple(milestones),
        savings=_savings(document, name, currency),
        cohort=_cohort(document, name),
        reach=tuple(ReachRow(r["period"], fmt.number(r["referred"]), fmt.number(r["engaged"]),
                             fmt.number(r["never_seen"]))
                    for r in document.get("reach", []) if r["provider"] == name),
        samples=verification.samples(document, name, currency),
        mismatches=verification.mismatches(document, name),
    )


def _milestone(title: str, cells: Mapping[str, ItemResult], latest: str) -> MilestoneRow:
    """When a process was first met, with its evidence date; else its latest status."""
    met = next((cells[p] for p in sorted(cells) if cells[p]["status"] == "met"), None)
    if met is not None:
        value = met["value"]
        evidence = f", evidence dated {value}" if isinstance(value, str) else ""
        return MilestoneRow(title, "met", f"met in {met['period']}{evidence}")
    last = cells.get(latest) or cells[max(cells)]
    return MilestoneRow(title, last["status"], f"{last['status']} in {last['period']}")


def _cohort(document: MonitoringDocument, provider: str) -> tuple[Fact, ...]:
    entry = next((c for c in document.get("cohort", []) if c["provider"] == provider), None)
    if entry is None:
        return ()
    return (Fact("People referred", fmt.number(entry["referred"])),
            Fact("People in the returns not referred (never paid for)",
                 fmt.number(entry["not_referred"])),
            Fact("People referred here but paid for through another referral, or none",
                 fmt.number(entry["double_referred"])))


def _savings(document: MonitoringDocument, provider: str, currency: str) -> tuple[Fact, ...]:
    entry = next((s for s in document.get("savings", []) if s["provider"] == provider), None)
    if entry is None:
        return ()
    return (Fact("Outcome payments due", fmt.money(entry["outcome_payments"], currency)),
            Fact("The same contract without deadweight and the referred cohort",
                 fmt.money(entry["without"], currency)),
            Fact("Saved", fmt.money(entry["saved"], currency)))


def _point(period: str, result: ItemResult | None) -> TrendPoint:
    if result is None:
        return TrendPoint(period, None, "no data", None)
    value = result["value"]
    return TrendPoint(period, None if value is None or isinstance(value, str) else float(value),
                      result["status"], _trajectory_ok(result["trajectory"]))


def _trajectory_ok(trajectory: TrajectoryResult | None) -> bool | None:
    if trajectory is None:
        return None
    return trajectory["status"] not in TRAJECTORY_BAD


def _cell(result: ItemResult | None, measure: MeasureKind | None) -> Cell:
    if result is None:
        return Cell("–", "no data")
    return Cell(value_text(measure, result["value"]), result["status"])


def _payment(entry: LinePayment, titles: Mapping[str, str], currency: str) -> PaymentRow:
    line, people = entry["line"], entry["people"]
    rate, amount = Decimal(entry["rate"]), Decimal(entry["amount"])
    prices = [(g["people"], Decimal(g["rate"])) for g in entry.get("groups", []) if g["people"]]
    prices = prices or [(people, rate)]
    gross = to_penny(sum((n * price for n, price in prices), Decimal(0)))
    cap = entry["cap"]
    working = " + ".join(f"{fmt.number(n)} × {fmt.price(price, currency)}" for n, price in prices)
    working += f" = {fmt.money(gross, currency)}"
    if entry["capped"]:
        working += f", capped at {fmt.money(cap if cap is not None else amount, currency)}"
    deadweight = entry.get("deadweight")
    periods: tuple[str, ...] = ()
    if deadweight:
        above = (fmt.percent(deadweight["share"], 2) if "share" in deadweight
                 else f"the comparison group {deadweight.get('comparison', '')}")
        working = (f"{fmt.number(entry.get('qualifying', people))} reached the outcome; "
                   f"{fmt.number(people)} above {above} paid: {working}")
        periods = tuple(_deadweight_period(p) for p in entry["by_period"])
    elif entry.get("qualifying", people) != people:
        working = (f"{fmt.number(entry.get('qualifying', people))} reached the outcome; "
                   f"{fmt.number(people)} paid: {working}")
        periods = tuple(f"{p['period']}: {fmt.number(p.get('qualifying', 0))} reached it; "
                        f"{p['note']}" for p in entry["by_period"] if p.get("note"))
    return PaymentRow(
        line=titles.get(line, fmt.capitalise(fmt.humanise(line))),
        people=fmt.number(people),
        rate=fmt.price(rate, currency),
        gross=fmt.money(gross, currency),
        cap=fmt.money(cap, currency) if cap is not None else "–",
        amount=fmt.money(amount, currency),
        working=working,
        periods=periods,
    )


def _deadweight_period(entry: PeriodPayment) -> str:
    """``2026-Q1: 83 reached it, 105 in the population; 75% × 105 = 78.75, so 78 expected
    anyway; 5 paid``."""
    qualifying, population = entry.get("qualifying", 0), entry.get("population")
    share, expected = entry.get("deadweight_share"), entry.get("deadweight")
    start = f"{entry['period']}: {fmt.number(qualifying)} reached it"
    if share is None or population is None or expected is None:
        return f"{start}; {entry.get('note') or 'no deadweight share'}; nobody paid"
    product = Decimal(share) * population
    return (f"{start}, {fmt.number(population)} in the population; "
            f"{fmt.percent(share, 2)} × {fmt.number(population)} = "
            f"{fmt.number(product)}, so {fmt.number(expected)} expected anyway; "
            f"{fmt.number(entry['people'])} paid")


def _payment_facts(totals: PaymentTotals, titles: Mapping[str, str],
                   currency: str) -> tuple[Fact, ...]:
    amounts = ((totals["contract_value"], "Contract value"),
               (totals["at_risk_amount"], "At risk"),
               (totals["rate_card"], "Earned on the rate card"),
               (totals["rate_card_after_at_risk"], "Rate card, limited to the amount at risk"),
               (totals["cap_total"], "Total cap"),
               (totals["outcome_payments"], "Outcome payments"),
               (totals["fixed"], "Fixed payments"),
               (totals.get("clawback"), "Clawed back after verification"),
               (totals["total"], "Total due"))
    facts = [Fact(label, fmt.money(amount, currency))
             for amount, label in amounts if amount is not None]
    for adj in totals["adjustments"]:
        outcome = adj["outcome"]
        verdict = "applies" if adj["applies"] else "does not apply"
        facts.insert(-2 if len(facts) >= 2 else len(facts), Fact(
            f"{fmt.capitalise(adj['kind'])} on {titles.get(outcome, fmt.humanise(outcome))}",
            f"{fmt.money(adj['amount'], currency)} ({verdict}, {adj['period'] or ''})"))
    return tuple(facts)


def _helped(entry: Helped, titles: Mapping[str, str]) -> HelpedRow:
    name, expected, helped = entry["name"], entry["expected"], entry["helped"]
    share = fmt.percent(Decimal(helped) / expected, 0) if expected else "–"
    return HelpedRow(titles.get(name, fmt.capitalise(fmt.humanise(name))),
                     fmt.number(expected), fmt.number(helped), share)


def _equality(entry: EqualityGroup, titles: Mapping[str, str],
              measure: MeasureKind | None) -> EqualityRow:
    """A share's group as "12 of 40" people; a mean's as the people it is the mean of."""
    name = entry["name"]
    suppressed = entry["suppressed"]
    if suppressed:
        counts = "withheld to protect small numbers"
    elif measure == "mean":
        counts = f"the mean of {fmt.number(entry['denominator'])}"
    else:
        counts = f"{fmt.number(entry['numerator'])} of {fmt.number(entry['denominator'])}"
    return EqualityRow(
        outcome=titles.get(name, fmt.capitalise(fmt.humanise(name))),
        field=fmt.capitalise(fmt.humanise(entry["field"])),
        group=fmt.humanise(entry["group"]),
        value="suppressed" if suppressed else value_text(measure or "share", entry["value"]),
        counts=counts,
        suppressed=suppressed,
    )


def _quality(entry: DataProblem) -> QualityRow:
    return QualityRow(entry["table"], str(entry["row"]), entry["field"], entry["problem"])
