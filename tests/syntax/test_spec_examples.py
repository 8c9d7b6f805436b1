"""Every construct of the language spec parses, checks and round-trips through the model."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from obcrules.api import check_text
from obcrules.model import (
    BetweenTarget,
    BoundTarget,
    Call,
    DaysBetween,
    EvaluatorScoring,
    Node,
    PercentLit,
    PointsLit,
    PriceScoring,
    RelativeTarget,
    TargetScoring,
    same_model,
)
from obcrules.syntax.parser import parse_source
from obcrules.syntax.printer import print_ruleset

SPEC_EXAMPLE = Path(__file__).parents[1] / "fixtures" / "spec_example.obc"

HEADER = '''ruleset t "Test":
    version "1"
    service care
    period quarter
    currency £
    theme vulnerable "Support for the vulnerable"
'''


def parse(text: str):  # type: ignore[no-untyped-def]
    result = parse_source(text, "t.obc")
    assert result.diagnostics == []
    assert result.ruleset is not None
    return result.ruleset


def test_the_whole_spec_example_parses_into_the_model() -> None:
    ruleset = parse(SPEC_EXAMPLE.read_text(encoding="utf-8"))
    assert ruleset.header is not None
    assert ruleset.header.name == "continence_care"
    assert [s.name for s in ruleset.header.services] == ["adult_social_care"]
    assert ruleset.header.period == "quarter"
    assert ruleset.header.currency == "£"
    assert [(t.name, t.title) for t in ruleset.header.themes] == [
        ("vulnerable", "Support for the vulnerable")]
    assert [i.name for i in ruleset.items] == [
        "untreated_continence", "wellbeing", "clinic_sessions", "policy"]
    outcome = ruleset.item("untreated_continence")
    assert outcome is not None and outcome.level == "final"
    assert outcome.target == BoundTarget(op="<", words="less than", value=PercentLit(
        value=Decimal("0.1")))
    assert outcome.baseline is not None and outcome.baseline.period.text == "2025-Q4"
    assert outcome.baseline.value == PercentLit(value=Decimal("0.18"))
    assert [(v.method.name, v.sample, v.every) for v in outcome.verifications] == [
        ("provider_return", None, "quarter"),
        ("case_file_audit", PercentLit(value=Decimal("0.1")), "year")]
    clinic = ruleset.item("clinic_sessions")
    assert clinic is not None and clinic.target is not None
    assert isinstance(clinic.target, BoundTarget) and clinic.target.per == "quarter"
    policy = ruleset.item("policy")
    assert policy is not None and policy.due is not None
    assert policy.due.value == dt.date(2026, 6, 30)
    lot = ruleset.tender("lot1")
    assert lot is not None
    assert [(c.name, c.weight.value if c.weight else None) for c in lot.criteria] == [
        ("approach", Decimal("0.4")), ("ambition", Decimal("0.2")),
        ("social_value", Decimal("0.1")), ("price", Decimal("0.3"))]
    assert isinstance(lot.criteria[0].scoring, EvaluatorScoring)
    assert lot.criteria[0].minimum is not None and lot.criteria[0].minimum.value == 2
    assert isinstance(lot.criteria[1].scoring, TargetScoring)
    assert isinstance(lot.criteria[3].scoring, PriceScoring)
    assert [g.kind for g in lot.gates] == [
        "every_outcome_offered", "targets_no_weaker", "verification_for_every_outcome"]
    assert lot.budget is not None and lot.budget.amount == Decimal(1_500_000)
    assert lot.tie_break is not None and lot.tie_break.name == "approach"
    payment = ruleset.payment
    assert payment is not None
    assert payment.contract_value is not None
    assert payment.contract_value.amount == Decimal(1_200_000)
    assert payment.at_risk == PercentLit(value=Decimal("0.2"))
    first = payment.rate_lines[0]
    assert (first.outcome.name, first.amount.amount, first.per) == (
        "untreated_continence", Decimal(450), "resident")
    assert first.cap is not None and first.cap.amount == Decimal(90_000)
    assert [(a.kind, a.percent.value, a.by) for a in payment.adjustments] == [
        ("bonus", Decimal("0.05"), PointsLit(value=Decimal(2))),
        ("penalty", Decimal("0.05"), PointsLit(value=Decimal(2)))]


def test_the_spec_example_round_trips_through_the_model() -> None:
    ruleset = parse(SPEC_EXAMPLE.read_text(encoding="utf-8"))
    printed = print_ruleset(ruleset)
    assert same_model(parse(printed), ruleset)
    assert print_ruleset(parse(printed)) == printed


def test_the_spec_example_checks_clean_with_the_installed_adult_social_care_plugin() -> None:
    checked = check_text(SPEC_EXAMPLE.read_bytes(), "spec_example.obc")
    assert [d for d in checked.diagnostics if d.is_error] == []


CONSTRUCTS = {
    "population on a population": '''
population residents "Residents":
    from people where setting = "care_home" and age >= 65
population oldest "Oldest residents":
    from residents where age >= 85
outcome o "O":
    theme vulnerable
    measure share of oldest where falls_12m = 0
    target at least 70%
    evidence objective
    verify admin_data
''',
    "every measure form": '''
output a "A":
    measure count of people where age between 18 and 64
    target at least 12 per quarter
output b "B":
    measure mean of wemwbs_end - wemwbs_start over people where wemwbs_start is not missing
    target at least 3
output c "C":
    measure median of days from discharge_date to period_end over people
    target at most 28
output d "D":
    measure total of falls_12m over people
    target 10% lower than baseline
    baseline 400 at 2025
output e "E":
    measure count of sessions
    target between 10 and 20
''',
    "every target wording": '''
output t1 "T":
    measure share of people where continence_problem
    target under 10%
output t2 "T":
    measure share of people where continence_problem
    target below 10%
output t3 "T":
    measure share of people where continence_problem
    target no more than 10%
output t4 "T":
    measure share of people where continence_problem
    target more than 10%
output t5 "T":
    measure share of people where continence_problem
    target over 10%
output t6 "T":
    measure share of people where continence_problem
    target above 10%
output t7 "T":
    measure share of people where continence_problem
    target no less than 10%
output t8 "T":
    measure share of people where continence_problem
    target 2 points below baseline
    baseline 18% at 2025-Q4
output t9 "T":
    measure share of people where continence_problem
    target 1 point above baseline
    baseline 18% at 2025-12
output t10 "T":
    measure count of people where continence_problem
    target 5% higher than baseline
    baseline 100 at 2025-Q4
''',
    "conditions and expressions": '''
output x "X":
    measure share of people where (setting in ("care_home", "nursing_home") or not continence_treated) and school_attendance >= 90% and wemwbs_end * 2 / 4 - -3 > 1 and meaningful_change(wemwbs_start, wemwbs_end) and discharge_date + 6 months <= period_end and sex is missing and `period` = "2026-Q1"
    target at least 50%
''',
    "trajectories, verification and evidence": '''
outcome o "O":
    level final
    theme vulnerable
    measure share of people where continence_problem
    target less than 10%
    trajectory improves every quarter by 2 points
    evidence self_reported
    verify survey sample 25% every year
    verify service_user_confirmation
outcome p "P":
    level interim
    contributes to o
    measure share of people where continence_treated
    target at least 50%
    trajectory no worse than previous quarter
    evidence objective
    verify independent_evaluation every year
input staff "Staff":
    measure count of people
    target at least 1
process policy "Policy":
    theme vulnerable
    due 2026-06-30
    verify admin_data
''',
    "tenders and payment": '''
outcome o "O":
    measure share of people where continence_problem
    target less than 10%
    evidence objective
    verify provider_return
tender lot1 "Lot 1":
    criterion quality "Quality":
        weight 60%
        scored by evaluators 0 to 5
        minimum 2
    criterion price "Price":
        weight 40%
        scored by lowest price
    require every outcome offered
    require targets no weaker than required
    require verification for every outcome
    budget at most £1_500_000
    tie break by quality
tender lot2 "Lot 2":
    criterion ambition "Targets":
        weight 100%
        scored from targets
    price from rate card
payment:
    contract value £1_200_000.50
    at risk 20%
    o pays £450 per person where continence_treated, cap £90_000
    o pays £100 per person
    bonus 5% when o beats target by 2 points
    penalty 5% when o misses target by 1 point
    cap total £200_000
''',
    "paying for the difference made": '''
outcome o "O":
    measure share of people where continence_treated
    target at least 50%
payment:
    cohort referrals
    o pays £600 per person where continence_treated, cap £9_000, above 75% deadweight:
        group fallers pays £900 where falls_12m >= 3
        group steady pays £700 where falls_12m between 0 and 2
    o pays £100 per person where continence_treated, above comparison matched
    o pays £50 per person, above 12.5% deadweight, cap £1_000
''',
    "verifying claims": '''
outcome o "O":
    measure share of people where continence_treated
    target at least 50%
    verify admin_data every quarter
    verify case_file_audit sample 12.5% every year
payment:
    o pays £600 per person where continence_treated
    claw back when more than 5% fail
    confirm with continence_register on nhs_ref
''',
}


@pytest.mark.parametrize("name", sorted(CONSTRUCTS))
def test_each_construct_parses_checks_and_round_trips(name: str, check) -> None:  # type: ignore[no-untyped-def]
    source = HEADER + CONSTRUCTS[name]
    checked = check(source)
    assert [d for d in checked.diagnostics if d.is_error] == []
    printed = print_ruleset(checked.ruleset)
    assert same_model(parse(printed), checked.ruleset)


def test_expressions_parse_with_the_documented_precedence(check) -> None:  # type: ignore[no-untyped-def]
    ruleset = check(HEADER + CONSTRUCTS["conditions and expressions"]).ruleset
    item = ruleset.item("x")
    where = item.measure.where
    # `(a or b) and c and …` — the and-chain is left-associative, the or is parenthesised
    assert where.op == "and"
    text = print_ruleset(ruleset)
    assert "(setting in (\"care_home\", \"nursing_home\") or not continence_treated) and" in text
    assert "wemwbs_end * 2 / 4 - -3 > 1" in text


def test_relative_and_between_targets_are_typed() -> None:
    ruleset = parse(HEADER + CONSTRUCTS["every target wording"] + CONSTRUCTS["every measure form"])
    assert ruleset.item("t8").target == RelativeTarget(amount=PointsLit(value=Decimal(2)),
                                                       direction="below")
    assert ruleset.item("t10").target == RelativeTarget(
        amount=PercentLit(value=Decimal("0.05")), direction="above")
    assert isinstance(ruleset.item("e").target, BetweenTarget)
    words = {i.name: i.target.words for i in ruleset.items if isinstance(i.target, BoundTarget)}
    assert words["t1"] == "under" and words["t7"] == "no less than"


def test_functions_and_days_from_are_nodes_of_their_own() -> None:
    ruleset = parse(HEADER + CONSTRUCTS["every measure form"] + CONSTRUCTS[
        "conditions and expressions"])
    assert isinstance(ruleset.item("c").measure.expr, DaysBetween)
    text = print_ruleset(ruleset)
    assert "meaningful_change(wemwbs_start, wemwbs_end)" in text
    assert any(isinstance(n, Call) for n in _walk(ruleset.item("x").measure.where))


def _walk(node):  # type: ignore[no-untyped-def]
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        for value in vars(current).values():
            if isinstance(value, Node):
                stack.append(value)
            elif isinstance(value, tuple):
                stack.extend(v for v in value if isinstance(v, Node))


def test_files_with_bom_crlf_and_no_final_newline_parse_the_same() -> None:
    text = (HEADER + CONSTRUCTS["tenders and payment"]).rstrip("\n")
    plain = parse(text + "\n")
    variant = parse_source(("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8"), "t.obc")
    assert variant.diagnostics == [] and variant.ruleset is not None
    assert same_model(plain, variant.ruleset)


def test_keywords_are_names_where_no_keyword_is_expected(check) -> None:  # type: ignore[no-untyped-def]
    source = HEADER + '''
output o "O":
    measure count of people where `period` = "2026-Q1"
    target at least 1
tender lot "L":
    criterion price "Price":
        weight 100%
        scored by lowest price
'''
    checked = check(source)
    assert checked.errors == []
    assert checked.ruleset.tenders[0].criteria[0].name == "price"
