"""The checks of tender lots and payment terms (`obcrules.semantics.commerce`) that the
language's newer constructs add: a lot priced from the rate card, deadweight, the referred
cohort and price groups. The older ones are in test_checker.py."""

from __future__ import annotations

HEADER = '''ruleset t "Test":
    version "1"
    service care
    period quarter
    currency £

outcome o "O":
    measure share of people where continence_treated
    target at least 50%
    verify provider_return

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
