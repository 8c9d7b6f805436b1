"""Payments: once per person per line over the contract, caps, at risk, bonus, penalty."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.engine.conftest import ADULTS_IMPROVED, Run
from tests.engine.sample import people


def row(pid: str, provider: str, period: str, **fields: Any) -> dict[str, Any]:
    return {"person_id": pid, "provider": provider, "period": period, "code": "x", "age": 40,
            **fields}


PAID = ADULTS_IMPROVED + '''
payment:
    contract value £100_000
    at risk 10%
    improved_share pays £450 per person where improved, cap £1_000
    improved_share pays £100.005 per person where improved and group_kind = "a"
'''


def line(result: Any, provider: str, index: int) -> dict[str, Any]:
    return next(p for p in result.document["payments"]
                if p["provider"] == provider and p["rate_line"] == index)


def test_each_person_is_paid_once_in_the_first_period_they_meet_it(run: Run) -> None:
    rows = [
        row("a", "P1", "2026-Q1", improved=False),
        row("a", "P1", "2026-Q2", improved=True),   # first met: Q2
        row("a", "P1", "2026-Q3", improved=True),   # not again
        row("b", "P1", "2026-Q3", improved=True),
        row("a", "P2", "2026-Q1", improved=True),   # another provider's "a" is another person
    ]
    result = run(PAID, people=rows)
    first = line(result, "P1", 1)
    assert first["people"] == 2
    assert first["amount"] == "900.00"
    assert [(p["period"], p["people"]) for p in first["by_period"]] == [
        ("2026-Q2", 1), ("2026-Q3", 1)]
    assert line(result, "P2", 1)["people"] == 1


def test_the_cap_holds_a_line_back_cumulatively(run: Run) -> None:
    rows = [row(str(i), "P1", "2026-Q1" if i < 2 else "2026-Q2", improved=True)
            for i in range(4)]
    first = line(run(PAID, people=rows), "P1", 1)
    assert first["people"] == 4
    assert first["capped"] is True
    assert first["amount"] == "1000.00"   # 4 × £450 = £1,800, capped at £1,000
    assert [p["amount"] for p in first["by_period"]] == ["900.00", "100.00"]


def test_a_periods_payment_is_rounded_once_half_up_and_the_price_stated_exactly(
        run: Run) -> None:
    rows = [row(str(i), "P1", "2026-Q1", improved=True, group_kind="a") for i in range(3)]
    second = line(run(PAID, people=rows), "P1", 2)
    # 3 × £100.005 = £300.015 → £300.02 (rounded once; per person it would be £300.03)
    assert second["amount"] == "300.02"
    assert second["rate"] == "100.005"  # as paid, so people × rate can be redone


def test_a_lines_amount_is_the_sum_of_what_each_period_paid(run: Run) -> None:
    rows = [row("a", "P1", "2026-Q1", improved=True, group_kind="a"),
            row("b", "P1", "2026-Q2", improved=True, group_kind="a")]
    second = line(run(PAID, people=rows), "P1", 2)
    # Each quarter pays 1 × £100.005 = £100.01; the line paid £200.02, not £200.01
    assert [p["amount"] for p in second["by_period"]] == ["100.01", "100.01"]
    assert second["amount"] == "200.02"


def test_the_written_totals_add_up_to_the_penny(run: Run) -> None:
    # 50% of £10.01 is £5.005: the at-risk amount is £5.01 and the fixed part the £5.00
    # left of the contract value; a 2.5% bonus is £0.25025 → £0.25.
    source = BONUS.replace("£200_000", "£10.01").replace("at risk 20%", "at risk 50%") \
        .replace("bonus 5%", "bonus 2.5%")
    rows = [row(str(i), "P1", "2026-Q1", improved=True) for i in range(10)]
    totals = run(source, people=rows).document["payment_totals"][0]
    assert (totals["contract_value"], totals["at_risk_amount"], totals["fixed"]) == (
        "10.01", "5.01", "5.00")
    assert totals["rate_card_after_at_risk"] == "5.01"
    assert totals["adjustments"][0]["amount"] == "0.25"
    assert totals["outcome_payments"] == "5.26"
    assert totals["total"] == "10.26"
    parts = [totals["fixed"], totals["rate_card_after_at_risk"], totals["adjustments"][0]["amount"]]
    assert sum(Decimal(p) for p in parts) == Decimal(totals["total"])
    assert Decimal(totals["fixed"]) + Decimal(totals["at_risk_amount"]) == Decimal("10.01")


def test_totals_at_risk_fixed_part_and_rate_card(run: Run) -> None:
    rows = [row(str(i), "P1", "2026-Q1", improved=True) for i in range(2)]
    totals = run(PAID, people=rows).document["payment_totals"][0]
    assert totals["contract_value"] == "100000.00"
    assert totals["at_risk_amount"] == "10000.00"
    assert totals["fixed"] == "90000.00"
    assert totals["rate_card"] == "900.00"
    assert totals["outcome_payments"] == "900.00"
    assert totals["total"] == "90900.00"


def test_outcome_payments_never_exceed_the_at_risk_amount(run: Run) -> None:
    source = PAID.replace("at risk 10%", "at risk 0.5%").replace(", cap £1_000", "")
    rows = [row(str(i), "P1", "2026-Q1", improved=True) for i in range(3)]
    totals = run(source, people=rows).document["payment_totals"][0]
    assert totals["rate_card"] == "1350.00"
    assert totals["rate_card_after_at_risk"] == "500.00"
    assert totals["total"] == "100000.00"


BONUS = ADULTS_IMPROVED + '''
payment:
    contract value £200_000
    at risk 20%
    improved_share pays £10 per person where improved
    bonus 5% when improved_share beats target by 10 points
    penalty 2.5% when improved_share misses target by 10 points
    cap total £5_000
'''


def test_bonus_applies_in_the_latest_period_and_cap_total_limits_it(run: Run) -> None:
    rows = [row(str(i), "P1", "2026-Q1", improved=i < 1) for i in range(10)]
    rows += [row(str(i), "P1", "2026-Q2", improved=i < 6) for i in range(10)]  # 60%
    totals = run(BONUS, people=rows).document["payment_totals"][0]
    bonus, penalty = totals["adjustments"]
    assert (bonus["applies"], bonus["period"], bonus["amount"]) == (True, "2026-Q2", "10000.00")
    assert penalty["applies"] is False
    assert totals["rate_card"] == "60.00"       # 6 people improved at some point
    assert totals["outcome_payments"] == "5000.00"  # £10,060 capped at £5,000
    assert totals["total"] == "165000.00"


def test_penalty_takes_away_but_never_below_zero(run: Run) -> None:
    rows = [row(str(i), "P1", "2026-Q1", improved=i < 3) for i in range(10)]  # 30%
    totals = run(BONUS, people=rows).document["payment_totals"][0]
    bonus, penalty = totals["adjustments"]
    assert bonus["applies"] is False
    assert (penalty["applies"], penalty["amount"]) == (True, "5000.00")
    assert totals["outcome_payments"] == "0.00"
    assert totals["total"] == "160000.00"


def test_payments_match_a_plain_python_count_on_random_data(run: Run) -> None:
    rows = people(7)
    result = run(PAID.replace(", cap £1_000", ""), people=rows)
    for provider in ("P1", "P2", "P3"):
        first: dict[str, str] = {}
        for r in sorted(rows, key=lambda r: r["period"]):
            adult = r["age"] is not None and r["age"] >= 18
            if r["provider"] == provider and adult and r["improved"] is True:
                first.setdefault(r["person_id"], r["period"])
        paid = line(result, provider, 1)
        assert paid["people"] == len(first)
        assert Decimal(paid["amount"]) == 450 * len(first)
    contract = ("schema: obcrules.contract/1\nprovider_id: P3\n"
                "expected: {improved_share: 10}\n")
    [helped] = run(PAID, people=rows, contract=contract).document["helped"]
    assert (helped["provider"], helped["helped"]) == ("P3", len(first))  # P3: the last


GROUPS = ADULTS_IMPROVED + '''
payment:
    improved_share pays £100 per person where improved:
        group a pays £300 where group_kind = "a"
        group b pays £200 where group_kind = "b"
'''


def test_price_groups_pay_each_person_once_at_the_group_of_the_period_paid(run: Run) -> None:
    # y improves in Q1 in group a (£300) and again in Q2 in b: paid once, at £300.
    # z improves in Q1 in neither group: the line's own £100. x improves first in Q2, in b:
    # £200. Q1 £400, Q2 £200.
    rows = [row("x", "P", "2026-Q1", improved=False, group_kind="a"),
            row("y", "P", "2026-Q1", improved=True, group_kind="a"),
            row("z", "P", "2026-Q1", improved=True, group_kind="c"),
            row("x", "P", "2026-Q2", improved=True, group_kind="b"),
            row("y", "P", "2026-Q2", improved=True, group_kind="b")]
    [paid] = run(GROUPS, people=rows).document["payments"]
    assert [(p["period"], p["people"], p["amount"]) for p in paid["by_period"]] == [
        ("2026-Q1", 2, "400.00"), ("2026-Q2", 1, "200.00")]
    assert [(g["group"], g["people"]) for g in paid["groups"]] == [(None, 1), ("a", 1),
                                                                  ("b", 1)]
    assert (paid["people"], paid["amount"], paid["deadweight"]) == (3, "600.00", None)


TERM = PAID.replace("    improved_share pays £100.005 per person where improved and group_kind = \"a\"\n",
                    "    term 2026-Q2 to 2026-Q3\n")


def test_a_line_pays_only_within_the_contracts_term(run: Run) -> None:
    rows = [
        row("a", "P1", "2026-Q1", improved=True),   # before the term: never paid
        row("a", "P1", "2026-Q2", improved=True),   # nor when met again within it
        row("b", "P1", "2026-Q2", improved=True),   # paid
        row("c", "P1", "2026-Q4", improved=True),   # after the term: not paid
    ]
    first = line(run(TERM, people=rows), "P1", 1)
    assert [(p["period"], p["qualifying"], p["people"], p["amount"])
            for p in first["by_period"]] == [
        ("2026-Q1", 1, 0, "0.00"), ("2026-Q2", 1, 1, "450.00"), ("2026-Q4", 1, 0, "0.00")]
    assert (first["qualifying"], first["people"], first["amount"]) == (3, 1, "450.00")
    notes = [p["note"] for p in first["by_period"]]
    assert notes[0] == ("before the contract's term (2026-Q2 to 2026-Q3): the people who "
                        "first met the line's condition in this period are not paid for, "
                        "now or later")
    assert notes[1] is None
    assert notes[2] is not None and notes[2].startswith("after the contract's term")
