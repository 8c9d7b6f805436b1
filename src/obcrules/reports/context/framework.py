"""The outcomes framework's view model, built from the ruleset model directly.

This is the document a commissioner publishes with the tender: themes, each
outcome with its measure in plain English, target, baseline, trajectory,
evidence and verification, the logic model, the evaluation criteria and the
payment terms.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from obcrules.figures import plural
from obcrules.model import (
    EvaluatorScoring,
    Gate,
    Item,
    PluginScoring,
    PriceScoring,
    RateLine,
    Ruleset,
    Scoring,
    TargetScoring,
    Tender,
    dump,
)
from obcrules.plugins.catalog import Vocabulary
from obcrules.reports import english
from obcrules.reports import formatting as fmt
from obcrules.reports.context.common import (
    AuditInput,
    Fact,
    ReportView,
    SectionView,
    TocEntry,
    toc_with_sections,
)
from obcrules.reports.context.finance import FinanceView, framework_finance
from obcrules.reports.logic_model import column_of, logic_model_svg
from obcrules.results.framework import FrameworkDocument

KIND_TITLES = {"outcome": "Outcome", "output": "Output", "process": "Process", "input": "Input"}
LEVEL_TITLES = {"final": "final outcome", "interim": "interim outcome"}
EVIDENCE_TITLES = {"objective": "objective", "self_reported": "self-reported"}


@dataclass(frozen=True)
class VerificationView:
    """``verify case_file_audit sample 10% every year`` in words."""

    method: str
    objective: bool | None
    detail: str


@dataclass(frozen=True)
class ItemView:
    """One rung of the ladder: an outcome, output, process or input."""

    anchor: str
    name: str
    kind: str
    title: str
    level: str
    themes: tuple[str, ...]
    contributes_to: tuple[str, ...]
    measure: str
    target: str
    baseline: str
    trajectory: str
    evidence: str
    verifications: tuple[VerificationView, ...]
    due: str


@dataclass(frozen=True)
class ThemeView:
    """A theme and the titles of the items that hang from it."""

    name: str
    title: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class PopulationView:
    """A population and its definition in words."""

    name: str
    title: str
    definition: str


@dataclass(frozen=True)
class CriterionView:
    """An evaluation criterion: weight, scoring method and minimum, in words."""

    title: str
    weight: str
    method: str
    minimum: str


@dataclass(frozen=True)
class LotView:
    """A tender lot: its criteria, gates, budget and tie break."""

    anchor: str
    name: str
    title: str
    criteria: tuple[CriterionView, ...]
    weights_total: str
    gates: tuple[str, ...]
    budget: str
    tie_break: str


@dataclass(frozen=True)
class RateLineView:
    """A rate-card line: what is paid, per whom, for what, capped how."""

    outcome: str
    amount: str
    per: str
    condition: str
    cap: str
    terms: tuple[str, ...] = ()
    """Deadweight and price groups, in words."""

    @property
    def members(self) -> str:
        """"Residents who have …": the people a line pays for."""
        return f"{fmt.capitalise(plural(self.per))} {self.condition}".strip()


@dataclass(frozen=True)
class PaymentView:
    """The payment terms."""

    facts: tuple[Fact, ...]
    rate_lines: tuple[RateLineView, ...]
    adjustments: tuple[str, ...]


@dataclass(frozen=True)
class FrameworkView:
    """The body of the outcomes framework report."""

    themes: tuple[ThemeView, ...]
    items: tuple[ItemView, ...]
    populations: tuple[PopulationView, ...]
    lots: tuple[LotView, ...]
    payment: PaymentView | None
    source: str
    finance: FinanceView | None = None
    """What the contract can cost (None without a rate card)."""


def framework_document(ruleset: Ruleset, sha256: str = "") -> FrameworkDocument:
    """The document the framework report's plugin sections receive: the ruleset as data."""
    return {"schema": "obcrules.framework/1", "sha256": sha256, "model": dump(ruleset)}


def build_framework(
    ruleset: Ruleset,
    vocabulary: Vocabulary | None,
    *,
    source_text: str = "",
    file: str = "",
    sha256: str = "",
    sections: tuple[SectionView, ...] = (),
    plugins: Mapping[str, str] | None = None,
) -> ReportView:
    """The framework report's view model."""
    phrases = english.Phrases(ruleset, vocabulary)
    header = ruleset.header
    currency = (header.currency if header else None) or "£"
    titles = {i.name: i.title for i in ruleset.items}
    items = tuple(_item(i, phrases, titles, vocabulary, ruleset) for i in _ladder(ruleset.items))
    themes = tuple(
        ThemeView(t.name, t.title,
                  tuple(i.title for i in ruleset.items if any(r.name == t.name for r in i.themes)))
        for t in (header.themes if header else ())
    )
    populations = tuple(
        PopulationView(p.name, p.title, phrases.population(p.name)) for p in ruleset.populations
    )
    lots = tuple(_lot(t, currency) for t in ruleset.tenders)
    payment = _payment(ruleset, phrases, titles, currency)
    finance = framework_finance(ruleset, sha256, file)

    core = [TocEntry("themes", "Themes"), TocEntry("logic-model", "Logic model"),
            TocEntry("outcomes", "Outcomes and how they are measured")]
    core += [TocEntry(i.anchor, i.title, 2) for i in items]
    if populations:
        core.append(TocEntry("populations", "Who is counted"))
    core += [TocEntry(lot.anchor, f"Evaluation: {lot.title}") for lot in lots]
    if payment:
        core.append(TocEntry("payment", "Payment terms"))
    if finance:
        core.append(TocEntry("finance", "Finance: what the contract can cost"))
    core.append(TocEntry("appendix", "Appendix: the ruleset as written"))
    facts = [
        Fact("Ruleset", f"{header.name}" if header else ""),
        Fact("Version", (header.version if header else None) or "not stated"),
        Fact("Commissioner", (header.commissioner if header else None) or "not stated"),
        Fact("Services", ", ".join(s.name for s in header.services) if header else ""),
        Fact("Reporting period", (header.period if header else None) or "not stated"),
        Fact("Outcomes", str(len(ruleset.outcomes))),
    ]
    if sha256:
        facts.append(Fact("SHA-256", sha256))
    return ReportView(
        kind="framework",
        title=header.title if header else "Outcomes framework",
        subtitle="Outcomes framework",
        facts=tuple(facts),
        toc=toc_with_sections(core, sections, before="appendix"),
        body=FrameworkView(themes, items, populations, lots, payment, source_text, finance),
        sections=sections,
        audit=(AuditInput(file or "ruleset", sha256, "ruleset"),) if sha256 else (),
        footer=_footer(ruleset, plugins),
        charts={"logic_model": logic_model_svg(ruleset)},
    )


def _footer(ruleset: Ruleset, plugins: Mapping[str, str] | None) -> str:
    header = ruleset.header
    name = f"{header.name} {header.version or ''}".strip() if header else "ruleset"
    extra = ", ".join(f"{k} {v}" for k, v in sorted((plugins or {}).items()))
    return f"{name}" + (f" · plugins: {extra}" if extra else "")


def _ladder(items: tuple[Item, ...]) -> list[Item]:
    """Final outcomes first, then interim, outputs, processes and inputs (source order within)."""
    rank = {"final": 0, "interim": 1, "output": 2, "process": 3, "input": 4}
    return sorted(items, key=lambda i: rank[column_of(i)])


def _item(item: Item, phrases: english.Phrases, titles: dict[str, str],
          vocabulary: Vocabulary | None, ruleset: Ruleset) -> ItemView:
    verifications = []
    for v in item.verifications:
        decl = vocabulary.verification_methods.get(v.method.name) if vocabulary else None
        detail = []
        if v.sample:
            detail.append(f"a {fmt.value(v.sample)} sample")
        if v.every:
            detail.append(f"every {v.every}")
        verifications.append(VerificationView(
            decl.title if decl else fmt.capitalise(fmt.humanise(v.method.name)),
            decl.objective if decl else None,
            ", ".join(detail),
        ))
    level = LEVEL_TITLES.get(column_of(item), "") if item.kind == "outcome" else ""
    theme_titles = {t.name: t.title for t in (ruleset.header.themes if ruleset.header else ())}
    return ItemView(
        anchor=f"item-{fmt.slug(item.name)}",
        name=item.name,
        kind=KIND_TITLES[item.kind],
        title=item.title,
        level=level,
        themes=tuple(theme_titles.get(t.name, fmt.humanise(t.name)) for t in item.themes),
        contributes_to=tuple(titles.get(r.name, r.name) for r in item.contributes_to),
        measure=fmt.capitalise(phrases.measure(item.measure)) if item.measure else "",
        target=english.target(item.target) if item.target else "",
        baseline=(f"{fmt.value(item.baseline.value)} in {item.baseline.period.text}"
                  if item.baseline else ""),
        trajectory=english.trajectory(item.trajectory) if item.trajectory else "",
        evidence=EVIDENCE_TITLES.get(item.evidence or "", ""),
        verifications=tuple(verifications),
        due=item.due.value.strftime("%-d %B %Y") if item.due else "",
    )


def scoring_words(scoring: Scoring | None, currency: str) -> str:
    """A scoring method in words."""
    if isinstance(scoring, EvaluatorScoring):
        return (f"Scored by evaluators from {fmt.number(scoring.low)} to "
                f"{fmt.number(scoring.high)}, moderated where they differ")
    if isinstance(scoring, TargetScoring):
        return "Scored from the outcome targets offered, against those required and other bids"
    if isinstance(scoring, PriceScoring):
        return "Scored by price: lowest compliant price ÷ this price × the maximum"
    if isinstance(scoring, PluginScoring):
        return f"Scored by {fmt.humanise(scoring.method.name)}"
    return "Scoring method not stated"


GATE_WORDS = {
    "every_outcome_offered": "Every outcome must be offered",
    "targets_no_weaker": "Targets offered must be no weaker than those required",
    "verification_for_every_outcome": "Every outcome must have a verification method",
}


def _gate(gate: Gate) -> str:
    if gate.kind == "plugin" and gate.name is not None:
        return f"Required: {fmt.humanise(gate.name.name)}"
    return GATE_WORDS.get(gate.kind, fmt.humanise(gate.kind))


def _lot(tender: Tender, currency: str) -> LotView:
    titles = {c.name: c.title for c in tender.criteria}
    criteria = tuple(
        CriterionView(
            c.title,
            fmt.value(c.weight) if c.weight else "–",
            scoring_words(c.scoring, currency),
            fmt.number(c.minimum.value) if c.minimum else "",
        )
        for c in tender.criteria
    )
    total = sum((c.weight.value for c in tender.criteria if c.weight), Decimal(0))
    return LotView(
        anchor=f"lot-{fmt.slug(tender.name)}",
        name=tender.name,
        title=tender.title,
        criteria=criteria,
        weights_total=fmt.percent(total),
        gates=tuple(_gate(g) for g in tender.gates),
        budget=f"at most {fmt.value(tender.budget)}" if tender.budget else "",
        tie_break=titles.get(tender.tie_break.name, tender.tie_break.name)
        if tender.tie_break else "",
    )


def _payment(ruleset: Ruleset, phrases: english.Phrases, titles: dict[str, str],
             currency: str) -> PaymentView | None:
    payment = ruleset.payment
    if payment is None:
        return None
    facts = []
    if payment.contract_value:
        facts.append(Fact("Contract value", fmt.value(payment.contract_value)))
    if payment.at_risk:
        risk = fmt.value(payment.at_risk)
        if payment.contract_value:
            amount = payment.contract_value.amount * payment.at_risk.value
            risk += f" ({fmt.money(amount, payment.contract_value.currency)}) paid only on outcomes"
        facts.append(Fact("At risk", risk))
    if payment.cap_total:
        facts.append(Fact("Total cap", fmt.value(payment.cap_total)))
    if payment.cohort is not None:
        facts.append(Fact("Paid for", "only people the commissioner referred to the provider, "
                          "from the period of their referral"))
    lines = []
    for line in payment.rate_lines:
        item = ruleset.item(line.outcome.name)
        table = phrases.root_table(item.measure.source.name) if item and item.measure else ""
        lines.append(RateLineView(
            outcome=titles.get(line.outcome.name, line.outcome.name),
            amount=fmt.value(line.amount),
            per=line.per,
            condition=phrases.condition(line.where, table) if line.where is not None else "",
            cap=fmt.value(line.cap) if line.cap else "",
            terms=_line_terms(line, table, phrases),
        ))
    adjustments = tuple(
        f"{'Bonus' if a.kind == 'bonus' else 'Penalty'} of {fmt.value(a.percent)} when "
        f"“{titles.get(a.outcome.name, a.outcome.name)}” "
        f"{'beats' if a.kind == 'bonus' else 'misses'} its target by {fmt.value(a.by)}"
        for a in payment.adjustments
    )
    return PaymentView(tuple(facts), tuple(lines), adjustments)


def _line_terms(line: RateLine, table: str, phrases: english.Phrases) -> tuple[str, ...]:
    """A rate-card line's deadweight and price groups in words."""
    terms = []
    deadweight = line.deadweight
    if deadweight is not None and deadweight.share is not None:
        terms.append(f"Only above {fmt.value(deadweight.share)} deadweight: each period, the "
                     f"{fmt.value(deadweight.share)} of the population expected to get there "
                     "anyway are not paid for")
    elif deadweight is not None and deadweight.comparison is not None:
        terms.append("Only above the rate of the comparison group "
                     f"{deadweight.comparison.name}, each period")
    terms.extend(f"{fmt.value(g.amount)} for {plural(line.per)} "
                 f"{phrases.condition(g.where, table)}" for g in line.groups)
    return tuple(terms)
