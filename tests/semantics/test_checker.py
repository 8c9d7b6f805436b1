"""The semantic checker (`obcrules.semantics.checker`, with the expression and commerce checks
it runs): each error and warning code, where it points, and what it suggests."""

from __future__ import annotations

import pytest

HEADER = '''ruleset t "Test":
    version "1"
    service care
    period quarter
    currency £
    theme vulnerable "Support for the vulnerable"
'''

GOOD_OUTCOME = '''
outcome o "O":
    level final
    theme vulnerable
    measure share of people where continence_problem
    target less than 10%
    evidence objective
    verify provider_return
outcome s "S":
    level final
    measure share of people where continence_treated
    target at least 50%
    evidence self_reported
    verify survey
'''


def codes(checked) -> list[tuple[str, int, int]]:  # type: ignore[no-untyped-def]
    return [(d.code, d.line, d.column) for d in checked.diagnostics]


def only(checked, code: str):  # type: ignore[no-untyped-def]
    found = [d for d in checked.diagnostics if d.code == code]
    assert found, f"no {code} in {codes(checked)}"
    return found[0]


def test_a_clean_ruleset_has_no_diagnostics(check) -> None:  # type: ignore[no-untyped-def]
    assert codes(check(HEADER + GOOD_OUTCOME)) == []


@pytest.mark.parametrize(("snippet", "code", "message", "suggestion"), [
    ("measure share of people where continence_problm", "OBC102",
     "`continence_problm` is not a field of `people`", "did you mean `continence_problem`?"),
    ("measure share of peeple where continence_problem", "OBC101",
     "there is no population or table called `peeple`", "did you mean `people`?"),
    ("measure share of people where meaningful_chang(wemwbs_start, wemwbs_end)", "OBC103",
     "there is no function `meaningful_chang`", "did you mean `meaningful_change`?"),
    ("measure share of people where meaningful_change(wemwbs_start)", "OBC116",
     "`meaningful_change` takes 2 argument(s) (start, end), not 1",
     "write `meaningful_change(start, end)`"),
    ('measure share of people where age = "old"', "OBC104",
     "cannot compare a number with text using `=`", None),
    ('measure share of people where setting = "care_hom"', "OBC117",
     '"care_hom" is not one of the allowed values', 'did you mean "care_home"?'),
    ("measure share of people where school_attendance >= 90", "OBC104",
     "cannot compare a percentage with a number using `>=`",
     "write the percentage with `%`, e.g. `>= 90%`"),
    ("measure share of people where age", "OBC104",
     "a condition must be yes or no, but this is a number",
     "compare it with something, e.g. `score >= 3`"),
    ("measure share of people where discharge_date - discharge_date > 3", "OBC104",
     "cannot compute a date - a date", "to count days between dates, write `days from A to B`"),
])
def test_expression_errors(check, snippet, code, message, suggestion) -> None:  # type: ignore[no-untyped-def]
    source = HEADER + GOOD_OUTCOME.replace(
        "measure share of people where continence_problem", snippet)
    diagnostic = only(check(source), code)
    assert diagnostic.message == message
    assert diagnostic.suggestion == suggestion
    assert diagnostic.line == 11 and diagnostic.is_error


@pytest.mark.parametrize(("target", "code", "message"), [
    ("target less than 10", "OBC105",
     "this target must be a percentage, because the measure is a share"),
    ("target at least 3 points", "OBC105",
     "this target must be a percentage, because the measure is a share"),
    ("target at least 10% per quarter", "OBC105", "`per quarter` fits a count, not a share"),
    ("target between 60% and 40%", "OBC105", "the lower bound of `between` is above the upper"),
])
def test_target_units_must_fit_a_share(check, target, code, message) -> None:  # type: ignore[no-untyped-def]
    diagnostic = only(check(HEADER + GOOD_OUTCOME.replace("target less than 10%", target)), code)
    assert diagnostic.message == message


@pytest.mark.parametrize(("measure", "value", "outside"), [
    # a share: 100% is the most it can be, 0% the least
    ("measure share of people where continence_problem", "target less than 10%", False),
    ("measure share of people where continence_problem", "target at least 100%", False),
    ("measure share of people where continence_problem", "target at least 0%", False),
    ("measure share of people where continence_problem", "target at least 100.5%", True),
    ("measure share of people where continence_problem", "target at most 175%", True),
    ("measure share of people where continence_problem", "target between 50% and 150%", True),
    # the mean of a field declared from 14 to 70
    ("measure mean of wemwbs_end over people", "target at least 70", False),
    ("measure mean of wemwbs_end over people", "target at least 14", False),
    ("measure mean of wemwbs_end over people", "target at least 70.5", True),
    ("measure median of wemwbs_end over people", "target at most 13", True),
    # a percentage field holds 0 to 100
    ("measure mean of school_attendance over people", "target at least 100%", False),
    ("measure mean of school_attendance over people", "target at least 101%", True),
    # no declared bounds, or not a field alone: nothing to compare with
    ("measure mean of falls_12m over people", "target at most 1000", False),
    ("measure mean of wemwbs_end - wemwbs_start over people", "target at least 80", False),
])
def test_a_target_outside_what_the_measure_can_be_is_an_error(  # type: ignore[no-untyped-def]
        check, measure, value, outside) -> None:
    source = HEADER + GOOD_OUTCOME.replace(
        "measure share of people where continence_problem", measure).replace(
        "target less than 10%", value)
    found = [d for d in check(source).diagnostics if "outside what the measure" in d.message]
    assert bool(found) is outside
    if outside:
        (diagnostic,) = found
        assert diagnostic.code == "OBC105" and diagnostic.is_error and diagnostic.line == 12
        assert diagnostic.suggestion == ("a target outside it is never met, or always met: "
                                         "check the number")


def test_the_range_is_said_in_the_measures_terms(check) -> None:  # type: ignore[no-untyped-def]
    def message(measure: str, value: str) -> str:
        source = HEADER + GOOD_OUTCOME.replace(
            "measure share of people where continence_problem", measure).replace(
            "target less than 10%", value)
        return only(check(source), "OBC105").message

    assert message("measure share of people where continence_problem",
                   "target at most 175%") == (
        "this target is outside what the measure can be: a share is from 0% to 100%")
    assert message("measure mean of wemwbs_end over people", "target at least 75") == (
        "this target is outside what the measure can be: the mean of `wemwbs_end` is from 14 "
        "to 70")
    assert message("measure mean of school_attendance over people", "target at least 101%") == (
        "this target is outside what the measure can be: the mean of `school_attendance` is "
        "from 0% to 100%")


@pytest.mark.parametrize(("line", "column", "wrong"), [
    ("target 150 points below baseline", 12, True),
    ("target 100 points below baseline", 12, False),
    ("target less than 10%\n    trajectory improves every quarter by 101 points", 42, True),
    ("target less than 10%\n    trajectory improves every quarter by 5 points", 42, False),
])
def test_a_share_moves_at_most_100_points(check, line, column, wrong) -> None:  # type: ignore[no-untyped-def]
    source = HEADER + GOOD_OUTCOME.replace("target less than 10%", line + "\n    baseline 20% at 2025-Q4")
    found = [d for d in check(source).diagnostics if "at most 100 points" in d.message]
    assert bool(found) is wrong
    if wrong:
        (diagnostic,) = found
        assert diagnostic.code == "OBC105" and diagnostic.column == column
        assert diagnostic.message == ("a share or percentage moves at most 100 points (from 0% "
                                      "to 100%), so this is never reached")


def test_a_baseline_outside_a_share_is_an_error(check) -> None:  # type: ignore[no-untyped-def]
    source = HEADER + GOOD_OUTCOME.replace(
        "target less than 10%", "target less than 10%\n    baseline 120% at 2025-Q4")
    diagnostic = only(check(source), "OBC105")
    assert diagnostic.message == ("this baseline is outside what the measure can be: a share "
                                  "is from 0% to 100%")
    assert diagnostic.suggestion == "a baseline is a value the measure had: check the number"


def test_an_absolute_percentage_target_on_a_count_is_an_error(check) -> None:  # type: ignore[no-untyped-def]
    source = HEADER + GOOD_OUTCOME + '''
output c "C":
    measure count of sessions
    target at least 10%
'''
    diagnostic = only(check(source), "OBC122")
    assert diagnostic.message == ("an absolute percentage target does not fit a count, "
                                  "which is a number")
    assert (diagnostic.line, diagnostic.column) == (24, 21)


def test_relative_targets_fit_any_measure_but_points_only_percentages(check) -> None:  # type: ignore[no-untyped-def]
    source = HEADER + GOOD_OUTCOME + '''
output c "C":
    measure count of sessions
    target 10% higher than baseline
output d "D":
    measure count of sessions
    target 2 points above baseline
'''
    checked = check(source)
    assert [d.code for d in checked.errors] == ["OBC105"]
    assert checked.errors[0].line == 27


def test_names_unknown_and_duplicated(check) -> None:  # type: ignore[no-untyped-def]
    source = HEADER + GOOD_OUTCOME + '''
outcome o "Again":
    theme vulnerabel
    contributes to s, nowhere
    measure share of people where continence_problem
    target less than 5%
    evidence objective
    verify provider_retrun
'''
    checked = check(source)
    assert only(checked, "OBC107").message == "`o` is defined twice (first defined on line 8)"
    theme = only(checked, "OBC113")
    assert (theme.message, theme.suggestion) == ("there is no theme `vulnerabel`",
                                                 "did you mean `vulnerable`?")
    method = only(checked, "OBC114")
    assert method.suggestion == "did you mean `provider_return`?"
    assert only(checked, "OBC101").message == (
        "there is no outcome, output, process or input called `nowhere` (in `contributes to`)")


def test_contributes_to_cycles_are_errors(check) -> None:  # type: ignore[no-untyped-def]
    source = HEADER + GOOD_OUTCOME.replace(
        "    level final\n    measure share of people where continence_treated",
        "    level final\n    contributes to o\n    measure share of people where "
        "continence_treated").replace(
        "    level final\n    theme vulnerable", "    level final\n    contributes to s\n"
        "    theme vulnerable")
    diagnostic = only(check(source), "OBC109")
    assert diagnostic.message == "`contributes to` goes round in a circle: o → s → o"


def test_unknown_service_lists_the_installed_ones(check) -> None:  # type: ignore[no-untyped-def]
    diagnostic = only(check(HEADER.replace("service care", "service cares") + GOOD_OUTCOME),
                      "OBC112")
    assert diagnostic.message == "no installed plugin provides the service `cares`"
    assert diagnostic.suggestion == ("did you mean `care`? installed services: `care`; the "
                                     "ruleset's fields, tables and functions are checked once "
                                     "its services are")


def test_an_unknown_service_is_the_one_error_not_the_start_of_a_cascade(check) -> None:  # type: ignore[no-untyped-def]
    unknown = (HEADER.replace("service care", "service homelessness") + GOOD_OUTCOME
               + '\npopulation housed "Housed":\n    from tenancies where sustained(start)\n')
    (error,) = check(unknown).errors
    assert error.code == "OBC112"
    assert error.suggestion is not None
    assert error.suggestion.startswith("did you mean `care`?")  # the service of its fields
    known = unknown.replace("service homelessness", "service care")
    assert {"OBC101", "OBC103"} <= {d.code for d in check(known).errors}  # else reported
    typo = unknown.replace("where continence_problem", "where continence_problm")
    assert "OBC102" in {d.code for d in check(typo.replace("homelessness", "care")).errors}


def test_one_currency_per_ruleset(check) -> None:  # type: ignore[no-untyped-def]
    source = HEADER + GOOD_OUTCOME + '''
payment:
    contract value €100_000
'''
    diagnostic = only(check(source), "OBC106")
    assert diagnostic.message == ("`€` differs from the header's `currency` (`£`): "
                                  "a ruleset uses one currency")


TENDER = '''
tender lot1 "Lot 1":
    criterion quality "Quality":
        weight 60%
        scored by evaluators 0 to 5
        minimum 2
    criterion price "Price":
        weight 40%
        scored by lowest price
    tie break by quality
'''


def test_a_valid_tender_checks_clean(check) -> None:  # type: ignore[no-untyped-def]
    assert codes(check(HEADER + GOOD_OUTCOME + TENDER)) == []


@pytest.mark.parametrize(("change", "code", "message"), [
    (("weight 40%", "weight 30%"), "OBC110", "the weights of lot `lot1` add up to 90%, not 100%"),
    (("minimum 2", "minimum 6"), "OBC111", "the minimum 6 is outside the scale 0 to 5"),
    (("tie break by quality", "tie break by qualty"), "OBC119",
     "`qualty` is not a criterion of lot `lot1`"),
    (("scored by evaluators 0 to 5", "scored by evaluators 5 to 0"), "OBC111",
     "the scale must run from a lower to a higher score"),
    (("scored by lowest price", "scored by cheapest"), "OBC123",
     "there is no scoring method `cheapest`"),
])
def test_tender_errors(check, change, code, message) -> None:  # type: ignore[no-untyped-def]
    source = HEADER + GOOD_OUTCOME + TENDER.replace(*change)
    assert only(check(source), code).message == message


@pytest.mark.parametrize(("snippet", "code", "message"), [
    ('''
outcome c "Counts sessions":
    measure count of sessions
    target at least 5
    evidence objective
    verify provider_return''', "OBC201",
     "the outcome `c` measures `sessions`, which records services delivered, not people "
     "served: it is an output"),
    ('''
outcome n "No verify":
    measure share of people where continence_problem
    target less than 5%
    evidence objective''', "OBC202", "the outcome `n` says not how it will be verified"),
    ('''
outcome n "No target":
    measure share of people where continence_problem
    evidence objective
    verify provider_return''', "OBC203",
     "the outcome `n` has no target, so it can be neither met nor missed"),
    ('''
outcome n "Interim":
    level interim
    measure share of people where continence_problem
    target less than 5%
    evidence objective
    verify provider_return''', "OBC205",
     "the interim outcome `n` contributes to no other outcome"),
    ('''
outcome n "Between":
    measure share of people where continence_problem
    target between 5% and 9%
    trajectory improves every quarter
    evidence objective
    verify provider_return''', "OBC206",
     "`n` has a `between` target, which has no direction to improve in"),
])
def test_warnings_do_not_stop_a_ruleset(check, snippet, code, message) -> None:  # type: ignore[no-untyped-def]
    checked = check(HEADER + GOOD_OUTCOME + snippet)
    diagnostic = only(checked, code)
    assert diagnostic.severity == "warning" and diagnostic.message == message
    assert checked.ok


def test_all_outcomes_self_reported_is_a_warning(check) -> None:  # type: ignore[no-untyped-def]
    checked = check(HEADER + GOOD_OUTCOME.replace("evidence objective", "evidence self_reported"))
    assert only(checked, "OBC204").message == (
        "every outcome's evidence is self-reported: the framework leans on one kind of evidence")


def test_a_process_needs_a_due_date(check) -> None:  # type: ignore[no-untyped-def]
    checked = check(HEADER + GOOD_OUTCOME + '\nprocess p "Policy":\n    verify admin_data\n')
    assert only(checked, "OBC118").message == "the process `p` has no `due` date"


def test_comparing_days_with_weeks_says_how_to_write_it(check) -> None:  # type: ignore[no-untyped-def]
    source = HEADER + GOOD_OUTCOME.replace(
        "measure share of people where continence_problem",
        "measure share of people where days from discharge_date to period_end <= 6 weeks")
    diagnostic = only(check(source), "OBC104")
    assert diagnostic.message == "cannot compare a number with a duration using `<=`"
    assert diagnostic.suggestion == ("a number of days compares with a number: write e.g. "
                                     "`<= 42` rather than `<= 6 weeks`")


def test_without_a_header_currency_the_first_amount_in_the_file_sets_it(check) -> None:  # type: ignore[no-untyped-def]
    source = HEADER.replace("    currency £\n", "") + GOOD_OUTCOME + '''
payment:
    contract value £100_000
    o pays €50 per person
    cap total £90_000
'''
    errors = [d for d in check(source).diagnostics if d.code == "OBC106"]
    assert [(d.line, d.message) for d in errors] == [
        (23, "`€` differs from the first amount (`£`): a ruleset uses one currency")]
