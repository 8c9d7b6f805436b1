"""HOU001 through the shared YAML check-case runner."""

from __future__ import annotations

from pathlib import Path

from obcrules.testing import check_case_tests, fresh_registry, load_check_cases, run_check_case

CASES_FILE = Path(__file__).with_name("housing_check_cases.yml")

test_check_cases = check_case_tests(CASES_FILE)


def test_the_failing_case_says_why() -> None:
    diagnostics = run_check_case(load_check_cases(CASES_FILE)[0], fresh_registry())
    hou001 = next(d for d in diagnostics if d.code == "HOU001")
    assert hou001.severity == "warning"
    assert hou001.message == (
        "outcome 'sustained_6m' counts tenancies that began too recently to have lasted the "
        "duration as not sustained: 'housed' is not restricted by when the tenancy started"
    )


def test_each_check_documents_a_bad_ruleset_it_flags_and_a_better_one_it_does_not() -> None:
    from obcrules_housing.checks import CHECKS

    from obcrules.api import check_source

    registry = fresh_registry()
    for check in CHECKS:
        bad = [d.code for d in check_source(check.bad, file="<bad>", registry=registry)]
        better = check_source(check.better, file="<better>", registry=registry)
        assert check.code in bad
        assert [d.code for d in better if d.code == check.code or d.is_error] == []
