"""CS001 through the shared YAML check-case runner."""

from __future__ import annotations

from pathlib import Path

from obcrules.testing import check_case_tests, fresh_registry, load_check_cases, run_check_case

CASES_FILE = Path(__file__).with_name("cs_check_cases.yml")

test_check_cases = check_case_tests(CASES_FILE)


def test_the_failing_case_says_why() -> None:
    diagnostics = run_check_case(load_check_cases(CASES_FILE)[0], fresh_registry())
    cs001 = next(d for d in diagnostics if d.code == "CS001")
    assert cs001.severity == "warning"
    assert cs001.message == (
        "outcome 'long_term_stability' counts children in care less than 2.5 years, for whom "
        "same_placement_2y is missing, as not stable: 'placement_stability' is not restricted "
        "to children it applies to"
    )
    assert cs001.suggestion == "measure over a population `where same_placement_2y is not missing`"


def test_each_check_documents_a_bad_ruleset_it_flags_and_a_better_one_it_does_not() -> None:
    from obcrules_childrens_services.checks import CHECKS

    from obcrules.api import check_source

    registry = fresh_registry()
    for check in CHECKS:
        bad = [d.code for d in check_source(check.bad, file="<bad>", registry=registry)]
        better = check_source(check.better, file="<better>", registry=registry)
        assert check.code in bad
        assert [d.code for d in better if d.code == check.code or d.is_error] == []
