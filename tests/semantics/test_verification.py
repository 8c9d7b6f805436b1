"""The checks of the verification terms (`obcrules.semantics.verification`):
``claw back when more than N% fail`` and ``confirm with TABLE [on FIELD]``."""

from __future__ import annotations

from decimal import Decimal

from obcrules.syntax.parser import parse_source
from obcrules.syntax.printer import print_ruleset

RULESET = '''ruleset t "Test":
    version "1"
    service care
    period quarter
    currency £

outcome o "O":
    measure share of people where continence_treated
    target at least 50%
    verify {verify}

payment:
    o pays £100 per person where continence_treated
'''


def codes(checked) -> list[tuple[str, int, int]]:  # type: ignore[no-untyped-def]
    return [(d.code, d.line, d.column) for d in checked.diagnostics]


def test_sampled_and_confirmed_terms_check_clean_and_round_trip(check) -> None:  # type: ignore[no-untyped-def]
    source = RULESET.format(verify="case_file_audit sample 10% every quarter\n"
                            "    verify admin_data every quarter") + (
        "    claw back when more than 5% fail\n    confirm with register on nhs_ref\n")
    checked = check(source)
    assert codes(checked) == []
    payment = checked.ruleset.payment
    assert payment.claw_back.value == Decimal("0.05")
    assert payment.confirm.table.name == "register" and payment.confirm.key == "nhs_ref"
    printed = print_ruleset(checked.ruleset)
    assert "    claw back when more than 5% fail\n    confirm with register on nhs_ref\n" in printed
    assert print_ruleset(parse_source(printed).ruleset) == printed


def test_confirm_without_on_reads_person_id(check) -> None:  # type: ignore[no-untyped-def]
    checked = check(RULESET.format(verify="admin_data") + "    confirm with register\n")
    assert codes(checked) == []
    assert checked.ruleset.payment.confirm.key == "person_id"
    assert "    confirm with register\n" in print_ruleset(checked.ruleset)


def test_a_clawback_threshold_is_below_100_percent(check) -> None:  # type: ignore[no-untyped-def]
    checked = check(RULESET.format(verify="case_file_audit sample 10%")
                    + "    claw back when more than 100% fail\n")
    assert codes(checked) == [("OBC105", 14, 30)]
    assert checked.diagnostics[0].message == ("a clawback threshold is a percentage from 0% "
                                              "to below 100%")


def test_a_clawback_needs_a_sampled_outcome(check) -> None:  # type: ignore[no-untyped-def]
    checked = check(RULESET.format(verify="case_file_audit")
                    + "    claw back when more than 5% fail\n")
    assert codes(checked) == [("OBC118", 14, 30)]
    assert checked.diagnostics[0].suggestion == (
        "add e.g. `verify case_file_audit sample 10% every quarter` to an outcome the rate "
        "card pays on")


def test_confirming_data_need_a_name_and_an_admin_data_outcome(check) -> None:  # type: ignore[no-untyped-def]
    checked = check(RULESET.format(verify="case_file_audit") + "    confirm with referrals\n")
    found = {d.code: d for d in checked.diagnostics}
    assert sorted(found) == ["OBC107", "OBC118"] and len(checked.diagnostics) == 2
    assert found["OBC107"].message.startswith("`referrals` is already the name")
    assert found["OBC118"].suggestion == "add `verify admin_data every quarter` to `o`"


def test_a_claw_back_line_given_twice_is_reported(check) -> None:  # type: ignore[no-untyped-def]
    checked = check(RULESET.format(verify="case_file_audit sample 10%")
                    + "    claw back when more than 5% fail\n"
                    "    claw back when more than 6% fail\n")
    assert [d.code for d in checked.diagnostics] == ["OBC108"]
    assert "`claw back` is given twice" in checked.diagnostics[0].message
