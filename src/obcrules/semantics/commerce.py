"""Semantic checks of the tender lots and the payment terms."""

from __future__ import annotations

from decimal import Decimal

from obcrules.diagnostics import did_you_mean
from obcrules.model import (
    AutomaticScoring,
    EvaluatorScoring,
    MoneyLit,
    NumberLit,
    PercentLit,
    PluginScoring,
    PointsLit,
    PriceGroup,
    RateLine,
    Tender,
)
from obcrules.plugins.catalog import Vocabulary
from obcrules.plugins.common_tables import REFERRALS
from obcrules.plugins.declarations import TableDecl
from obcrules.semantics.checker import Checker
from obcrules.semantics.expressions import ExpressionChecker
from obcrules.semantics.overlap import may_overlap
from obcrules.semantics.scope import measure_table, resolve_source
from obcrules.syntax.printer import format_expr, format_value

AUTOMATIC_SCALE = (Decimal(0), Decimal(100))
"""Scores of ``scored from targets`` and ``scored by lowest price`` run from 0 to 100."""


def criterion_scale(scoring: object, vocabulary: Vocabulary | None = None
                    ) -> tuple[Decimal, Decimal]:
    """The scale (lowest, highest) on which a criterion is scored.

    Evaluators score on the scale the criterion states; a scoring method (the
    core's or a plugin's) on 0 to its declared maximum, 0 to 100 when unknown.
    """
    if isinstance(scoring, EvaluatorScoring):
        return (scoring.low, scoring.high)
    if isinstance(scoring, AutomaticScoring) and vocabulary is not None:
        method = vocabulary.scoring_methods.get(scoring.registered_name)
        if method is not None:
            return (Decimal(0), method.maximum)
    return AUTOMATIC_SCALE


def check_tenders(checker: Checker) -> None:
    """Criteria, weights, minimums, gates, tie breaks and duplicate names of every lot."""
    lots: set[str] = set()
    for tender in checker.ruleset.tenders:
        if tender.name in lots:
            checker.error("OBC107", tender, f"there are two lots called `{tender.name}`",
                          "rename one of them")
        lots.add(tender.name)
        _check_tender(checker, tender)


def _check_tender(checker: Checker, tender: Tender) -> None:
    names: set[str] = set()
    total = Decimal(0)
    complete = True
    for criterion in tender.criteria:
        if criterion.name in names:
            checker.error("OBC107", criterion, f"lot `{tender.name}` has two criteria called "
                          f"`{criterion.name}`", "rename one of them")
        names.add(criterion.name)
        if criterion.weight is None:
            checker.error("OBC118", criterion, f"criterion `{criterion.name}` has no `weight`",
                          "add e.g. `weight 20%`")
            complete = False
        else:
            total += criterion.weight.value
        if criterion.scoring is None:
            checker.error("OBC118", criterion, f"criterion `{criterion.name}` says not how it is "
                          "scored", "add `scored by evaluators 0 to 5`, `scored from targets` "
                          "or `scored by lowest price`")
            continue
        scoring = criterion.scoring
        if isinstance(scoring, EvaluatorScoring) and scoring.low >= scoring.high:
            checker.error("OBC111", scoring, "the scale must run from a lower to a higher score",
                          "write e.g. `scored by evaluators 0 to 5`")
        if isinstance(scoring, PluginScoring):
            methods = checker.vocabulary.scoring_methods
            if scoring.method.name not in methods:
                guess = did_you_mean(scoring.method.name, methods)
                checker.error("OBC123", scoring.method, f"there is no scoring method "
                              f"`{scoring.method.name}`",
                              f"did you mean `{guess}`?" if guess else
                              "core methods: `evaluators A to B`, `from targets`, "
                              "`lowest price`")
        if criterion.minimum is not None:
            low, high = criterion_scale(scoring, checker.vocabulary)
            if not low <= criterion.minimum.value <= high:
                checker.error("OBC111", criterion.minimum,
                              f"the minimum {criterion.minimum.value} is outside the scale "
                              f"{low} to {high}", f"give a minimum from {low} to {high}")
    if tender.criteria and complete and total != 1:
        checker.error("OBC110", tender, f"the weights of lot `{tender.name}` add up to "
                      f"{_percent(total)}, not 100%", "adjust the weights so they add up to 100%")
    if not tender.criteria:
        checker.error("OBC118", tender, f"lot `{tender.name}` has no criteria",
                      'add `criterion NAME "Title":` blocks with weights and scoring')
    if tender.tie_break is not None and tender.tie_break.name not in names:
        guess = did_you_mean(tender.tie_break.name, names)
        checker.error("OBC119", tender.tie_break, f"`{tender.tie_break.name}` is not a criterion "
                      f"of lot `{tender.name}`",
                      f"did you mean `{guess}`?" if guess else "name one of its criteria")
    if tender.pricing is not None:
        payment = checker.ruleset.payment
        if payment is None or not payment.rate_lines:
            checker.error("OBC125", tender.pricing, f"lot `{tender.name}` is priced from the "
                          "rate card, but the ruleset has no rate-card lines to price",
                          "add a `payment:` block with lines such as `OUTCOME pays £1_500 per "
                          "person where …`, or remove `price from rate card`")
    for gate in tender.gates:
        if gate.kind == "plugin" and gate.name is not None:
            gates = checker.vocabulary.gates
            if gate.name.name not in gates:
                guess = did_you_mean(gate.name.name, gates)
                checker.error("OBC123", gate.name, f"there is no gate `{gate.name.name}`",
                              f"did you mean `{guess}`?" if guess else
                              "core gates: `every outcome offered`, `targets no weaker than "
                              "required`, `verification for every outcome`")


def check_payment(checker: Checker) -> None:
    """Rate-card lines, bonus and penalty terms, and percentages of the payment block."""
    payment = checker.ruleset.payment
    if payment is None:
        return
    if payment.at_risk is not None and not 0 <= payment.at_risk.value <= 1:
        checker.error("OBC105", payment.at_risk, "`at risk` is a percentage from 0% to 100%")
    for line in payment.rate_lines:
        item = checker.resolve_item(line.outcome, "in a rate-card line")
        if item is None:
            continue
        if item.measure is None:
            checker.error("OBC120", line.outcome, f"`{item.name}` has no measure, so no people "
                          "to pay for", "pay on an outcome measured over a population")
            continue
        _positive(checker, line.amount, "a rate")
        if line.cap is not None:
            _positive(checker, line.cap, "a cap")
        table = None
        if resolve_source(checker.ruleset, item.measure.source.name) is not None:
            table = measure_table(checker.ruleset, checker.vocabulary, item.measure)
            expressions = ExpressionChecker(table, checker.vocabulary, checker._report)
            for condition in (line.where, *(g.where for g in line.groups)):
                if condition is not None:
                    expressions.condition(condition)
        share = line.deadweight.share if line.deadweight is not None else None
        if share is not None and not 0 <= share.value < 1:
            checker.error("OBC105", share, "a deadweight share is from 0% to below 100%",
                          "give the share of the line's population expected to meet its "
                          "condition anyway, e.g. `above 75% deadweight`")
        _check_groups(checker, line, table)
    if payment.cohort is not None and payment.cohort.name != REFERRALS:
        guess = did_you_mean(payment.cohort.name, [REFERRALS])
        checker.error("OBC101", payment.cohort, f"there is no cohort table "
                      f"`{payment.cohort.name}`",
                      f"did you mean `{guess}`?" if guess else
                      f"the commissioner's referrals are the table `{REFERRALS}`")
    for adjustment in payment.adjustments:
        item = checker.resolve_item(adjustment.outcome, f"in a {adjustment.kind}")
        if item is None:
            continue
        if item.target is None:
            checker.error("OBC120", adjustment.outcome, f"`{item.name}` has no target to beat "
                          "or miss", "give it a `target`, or remove this line")
            continue
        is_share = item.measure is not None and item.measure.kind == "share"
        if is_share and not isinstance(adjustment.by, PointsLit | PercentLit):
            checker.error("OBC105", adjustment.by, "the margin on a share is in points",
                          "write e.g. `by 2 points`")
        if not is_share and isinstance(adjustment.by, PointsLit):
            checker.error("OBC105", adjustment.by, "points fit a share; this measure is a "
                          f"{item.measure.kind if item.measure else 'milestone'}",
                          "write a number, e.g. `by 3`")
        if not 0 <= adjustment.percent.value <= 1:
            checker.error("OBC105", adjustment.percent, "a bonus or penalty is from 0% to 100%")


def _check_groups(checker: Checker, line: RateLine, table: TableDecl | None) -> None:
    """A line's price groups: named once each, priced above zero, and exclusive (OBC126)."""
    seen: dict[str, PriceGroup] = {}
    for group in line.groups:
        _positive(checker, group.amount, "a group's price")
        if group.name in seen:
            checker.error("OBC107", group, f"this rate-card line has two groups called "
                          f"`{group.name}`", "rename one of them")
            continue
        for other in seen.values():
            if may_overlap(other.where, group.where, table):
                at = f" (line {other.span.line})" if other.span is not None else ""
                checker.error(
                    "OBC126", group, f"the groups `{other.name}`{at} and `{group.name}` of this "
                    "rate-card line may overlap: a person in both would have two prices",
                    f"make them exclusive, e.g. `group {group.name} pays "
                    f"{format_value(group.amount)} where {format_expr(group.where)} and not "
                    f"({format_expr(other.where)})`")
        seen[group.name] = group


def _positive(checker: Checker, money: MoneyLit | NumberLit, what: str) -> None:
    amount = money.amount if isinstance(money, MoneyLit) else money.value
    if amount <= 0:
        checker.error("OBC105", money, f"{what} must be more than zero")


def _percent(fraction: Decimal) -> str:
    value = (fraction * 100).normalize()
    return f"{value:f}%"
