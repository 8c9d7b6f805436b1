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
