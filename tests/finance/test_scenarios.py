"""The rate card paid period by period (`obcrules.finance.scenarios`)."""

from __future__ import annotations

from decimal import Decimal

from obcrules.finance import observed_scenarios, read_terms, scenarios
from obcrules.syntax.parser import parse_source

SOURCE = '''ruleset t "T":
    service justice
    period quarter
    currency £

population cohort "Offenders":
    from people
    expected 20 per quarter

outcome reoffending "Fewer reoffend":
    measure share of cohort where reoffended
    target less than 30%
    baseline 40% at 2025-Q4
    trajectory improves every quarter by 5 points

outcome frequency "Fewer reoffences":
    measure mean of reoffences over cohort
    target at most 1

payment:
    reoffending pays £100 per person where not reoffended, cap £5_000
    frequency pays £10 per person
    cap total £6_000
    term 2026-Q1 to 2026-Q4
'''


def terms():  # type: ignore[no-untyped-def]
    ruleset = parse_source(SOURCE).ruleset
    assert ruleset is not None
    return read_terms(ruleset)


def test_lower_is_better_pays_the_rest_and_caps_count_from_the_start() -> None:
    targets, trajectory, baseline = scenarios(terms())
    # less than 30% reoffending: 70% do not, 14 of 20 a quarter, £1,400; the cap of £5,000
    # leaves £800 for the fourth quarter
    assert [f.lines[0] for f in targets.flows] == [Decimal(1400)] * 3 + [Decimal(800)]
    assert targets.total == Decimal(5000)
    assert [f.cumulative for f in targets.flows] == [Decimal(n) for n in (1400, 2800, 4200,
                                                                         5000)]
    # a mean gives no rate: the line is listed, and pays nothing
    assert targets.not_modelled == ("line 2 (frequency): its measure is not a share, so gives "
                                    "no rate",)
    # the trajectory: from 60% not reoffending, 5 points better each quarter
    assert dict(trajectory.rates)["reoffending"] == tuple(
        Decimal(v) for v in ("0.65", "0.70", "0.75", "0.80"))
    assert [f.total for f in trajectory.flows] == [Decimal(n) for n in (1300, 1400, 1500,
                                                                       800)]
    assert [f.total for f in baseline.flows] == [Decimal(1200)] * 4


def test_the_best_and_worst_observed_rates() -> None:
    best, worst = observed_scenarios(terms(), {
        "reoffending": [Decimal("0.25"), Decimal("0.5"), Decimal("0.35")],
        "elsewhere": [Decimal(1)],
    })
    assert dict(best.rates)["reoffending"][0] == Decimal("0.75")
    assert dict(worst.rates)["reoffending"][0] == Decimal("0.5")
    assert [f.total for f in worst.flows] == [Decimal(1000)] * 4
    assert best.key == "best" and best.title == "At the best rate observed so far"
    assert worst.not_modelled[0].startswith("line 2 (frequency)")


def test_no_term_no_scenarios() -> None:
    ruleset = parse_source(SOURCE.replace("    term 2026-Q1 to 2026-Q4\n", "")).ruleset
    assert ruleset is not None
    assert scenarios(read_terms(ruleset)) == ()
    assert observed_scenarios(read_terms(ruleset), {}) == ()
