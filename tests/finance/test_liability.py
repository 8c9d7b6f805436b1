"""The most a rate card can pay (`obcrules.finance.liability`), and each inconsistency with
the money, with the figures in its message."""

from __future__ import annotations

from decimal import Decimal

from obcrules.finance import ContractTerms, liability, read_terms
from obcrules.syntax.parser import parse_source

HEAD = '''ruleset t "T":
    service housing
    period quarter
    currency £

population young_people "Young people":
    from people where accommodation_at_referral = "sofa_surfing"
    expected 136 per quarter

population older "Older young people":
    from young_people where age >= 21

outcome working "Working":
    measure share of young_people where in_education_training_employment
    target at least 50%

outcome older_working "Older ones working":
    measure share of older where in_education_training_employment
    target at least 50%
'''


def owed(payment: str, extra: str = "", contract: ContractTerms | None = None):  # type: ignore[no-untyped-def]
    ruleset = parse_source(HEAD + extra + "\npayment:\n" + payment).ruleset
    assert ruleset is not None
    return liability(read_terms(ruleset, contract))


def kinds(result) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(p.kind, p.message) for p in result.problems]


def test_the_issues_sofa_surfing_card_pays_more_than_is_at_risk() -> None:
    result = owed('''    contract value £700_000
    at risk 33%
    working pays £2_500 per young_person where in_education_training_employment
    term 2026-Q1 to 2026-Q4
''')
    (line,) = result.lines
    assert (line.people, line.most) == (544, Decimal(1_360_000))
    assert result.rate_card == result.per_provider == Decimal(1_360_000)
    assert kinds(result) == [("over", "the rate card can pay £1,360,000 but only £231,000 is "
                                      "at risk")]
    assert result.problems[0].suggestion == ("lower the prices, cap the lines or raise the "
                                             "share at risk")


def test_a_cap_total_does_not_hide_an_oversized_rate_card() -> None:
    result = owed('''    contract value £700_000
    at risk 33%
    working pays £2_500 per young_person where in_education_training_employment
    cap total £231_000
    term 2026-Q1 to 2026-Q4
''')
    assert result.per_provider == Decimal(231_000)
    assert [k for k, _ in kinds(result)] == ["over"]


def test_a_line_cap_below_the_amount_at_risk_can_never_be_earned_back() -> None:
    result = owed('''    contract value £2_000_000
    at risk 20%
    working pays £600 per person where in_education_training_employment, cap £300_000
''')
    assert result.lines[0].working == "its cap, £300,000"
    assert kinds(result) == [("unreachable", "the rate card can pay at most £300,000 but "
                                             "£400,000 is at risk: the provider can never earn "
                                             "it all back")]


LOTS = '''
tender fostering "Lot 1":
    criterion price "Price":
        weight 100%
        scored by lowest price
    budget at most £6_000_000

tender residential "Lot 2":
    criterion price "Price":
        weight 100%
        scored by lowest price
    budget at most £8_000_000
'''


def test_lot_budgets_above_the_payment_block_are_found_and_size_the_most_at_risk() -> None:
    payment = '''    contract value £5_000_000
    at risk 5%
    working pays £1_500 per child where in_education_training_employment, cap £150_000
    older_working pays £500 per child where in_education_training_employment, cap £100_000
'''
    result = owed(payment, LOTS)
    assert result.per_provider == Decimal(250_000) and result.terms.providers == 2
    assert result.whole == Decimal(500_000)
    assert kinds(result) == [
        ("lot", "a bid at lot `fostering`'s budget of £6,000,000 puts £300,000 at risk, but "
                "the rate card can pay at most £250,000"),
        ("lot", "a bid at lot `residential`'s budget of £8,000,000 puts £400,000 at risk, but "
                "the rate card can pay at most £250,000"),
    ]
    over = owed(payment.replace("cap £150_000", "cap £350_000"), LOTS)
    assert kinds(over) == [("over", "the rate card can pay £450,000 but only £400,000 is at "
                                    "risk at lot `residential`'s budget of £8,000,000")]
    # under an awarded contract the price is known: no lot's budget counts
    one = owed(payment, LOTS, ContractTerms(provider="P", lot="fostering",
                                            contract_value=Decimal(5_000_000)))
    assert (one.terms.providers, one.terms.lots, kinds(one)) == (1, (), [])


def test_caps_above_the_most_at_risk_and_a_line_without_limit() -> None:
    result = owed('''    contract value £1_000_000
    at risk 10%
    older_working pays £600 per person where in_education_training_employment, cap £150_000
    cap total £500_000
''')
    assert kinds(result) == [
        ("over", "the rate card can pay £150,000 but only £100,000 is at risk"),
        ("cap", "the cap of rate-card line 1, £150,000, is more than the £100,000 at risk"),
        ("cap", "`cap total`, £500,000, is more than the £100,000 at risk"),
    ]
    unlimited = owed('''    contract value £1_000_000
    at risk 10%
    working pays £600 per person where in_education_training_employment
''')
    # no size and no cap: no known maximum, nothing to warn of (the engine stops at the
    # amount at risk); the working says why
    assert kinds(unlimited) == []
    assert unlimited.rate_card is None and unlimited.per_provider is None
    assert unlimited.lines[0].working.startswith("no limit: no cap")


def test_deadweight_groups_and_an_inherited_size() -> None:
    result = owed('''    contract value £1_000_000
    at risk 10%
    older_working pays £600 per person where in_education_training_employment, above 78% deadweight:
        group oldest pays £750 where age >= 24
    term 2026-Q1 to 2026-Q2
''')
    (line,) = result.lines
    # `older` declares no size: it is a part of young_people (136 a quarter)
    assert line.line.population is not None and line.line.population.name == "young_people"
    # 136 − floor(0.78 × 136) = 136 − 106 = 30 a quarter, 60 over two, at the top price £750
    assert (line.people, line.most) == (60, Decimal(45_000))
    assert line.working == ("£750 × 60 people (136 per quarter, less 78% deadweight: 30 paid "
                            "of 136, × 2 quarters) = £45,000")


def test_a_priced_contract_pays_its_own_prices_and_risks_its_price_less_the_fixed_fee() -> None:
    contract = ContractTerms(provider="P", contract_value=Decimal(900_000),
                             fixed_fee=Decimal(600_000), rates={1: Decimal(2_000)})
    result = owed('''    contract value £700_000
    at risk 33%
    working pays £2_500 per young_person where in_education_training_employment
    term 2026-Q1 to 2026-Q1
''', contract=contract)
    assert result.terms.at_risk == Decimal(300_000)
    assert result.lines[0].most == Decimal(272_000)  # £2,000 × 136
    assert kinds(result) == [("unreachable", "the rate card can pay at most £272,000 but "
                                             "£300,000 is at risk: the provider can never earn "
                                             "it all back")]
