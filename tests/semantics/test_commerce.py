"""The checks of tender lots and payment terms (`obcrules.semantics.commerce`) that the
language's newer constructs add: a lot priced from the rate card, deadweight, the referred
cohort and price groups. The older ones are in test_checker.py."""

from __future__ import annotations

OUTCOME = '''ruleset t "Test":
    version "1"
    service care
    period quarter
    currency £

outcome o "O":
    measure share of people where continence_treated
    target at least 50%
    verify provider_return
'''

HEADER = OUTCOME + '''
tender lot1 "Lot 1":
    criterion price "Price":
        weight 100%
        scored by lowest price
    price from rate card
'''


def codes(checked) -> list[tuple[str, int, int]]:  # type: ignore[no-untyped-def]
    return [(d.code, d.line, d.column) for d in checked.diagnostics]


def test_a_lot_priced_from_the_rate_card_needs_rate_card_lines(check) -> None:  # type: ignore[no-untyped-def]
    checked = check(HEADER)
    assert codes(checked) == [("OBC125", 16, 5)]
    assert checked.diagnostics[0].message == (
        "lot `lot1` is priced from the rate card, but the ruleset has no rate-card lines to "
        "price")
    paid = HEADER + "\npayment:\n    o pays £100 per person where continence_treated\n"
    assert codes(check(paid)) == []


PAYING = OUTCOME + "\npayment:\n"


def test_deadweight_cohort_and_groups_check_clean(check) -> None:  # type: ignore[no-untyped-def]
    source = PAYING + '''    cohort referrals
    o pays £600 per person where continence_treated, cap £9_000, above 75% deadweight:
        group oldest pays £900 where falls_12m >= 3
        group others pays £700 where falls_12m between 1 and 2
    o pays £100 per person where continence_treated, above comparison matched
'''
    assert codes(check(source)) == []


def test_a_deadweight_share_is_below_100_percent(check) -> None:  # type: ignore[no-untyped-def]
    checked = check(PAYING + "    o pays £600 per person, above 100% deadweight\n")
    assert codes(checked) == [("OBC105", 13, 35)]
    assert checked.diagnostics[0].message == "a deadweight share is from 0% to below 100%"


def test_the_cohort_is_the_referrals_table(check) -> None:  # type: ignore[no-untyped-def]
    checked = check(PAYING + "    cohort referals\n    o pays £600 per person\n")
    assert codes(checked) == [("OBC101", 13, 12)]
    assert checked.diagnostics[0].suggestion == "did you mean `referrals`?"


def test_overlapping_price_groups_are_an_error_naming_both(check) -> None:  # type: ignore[no-untyped-def]
    source = PAYING + '''    o pays £600 per person where continence_treated:
        group older pays £900 where falls_12m >= 3
        group fallers pays £750 where continence_problem
        group older pays £800 where falls_12m = 0
'''
    checked = check(source)
    assert codes(checked) == [("OBC126", 15, 9), ("OBC107", 16, 9)]
    overlap = checked.diagnostics[0]
    assert overlap.message == ("the groups `older` (line 14) and `fallers` of this rate-card "
                               "line may overlap: a person in both would have two prices")
    assert overlap.suggestion == ("make them exclusive, e.g. `group fallers pays £750 where "
                                  "continence_problem and not (falls_12m >= 3)`")
    fixed = source.replace("where continence_problem", "where continence_problem and not "
                           "(falls_12m >= 3)").replace("group older pays £800", "group none "
                                                       "pays £800")
    assert codes(check(fixed)) == [("OBC126", 16, 9)]   # `none` (= 0) may be a faller
