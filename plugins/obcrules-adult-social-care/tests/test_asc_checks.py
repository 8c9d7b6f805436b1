"""ASC001 through the shared YAML check-case runner."""

from __future__ import annotations

from pathlib import Path

from obcrules.testing import check_case_tests, fresh_registry, load_check_cases, run_check_case

CASES_FILE = Path(__file__).with_name("asc_check_cases.yml")

test_check_cases = check_case_tests(CASES_FILE)


def test_the_failing_case_says_why() -> None:
    diagnostics = run_check_case(load_check_cases(CASES_FILE)[0], fresh_registry())
    asc001 = next(d for d in diagnostics if d.code == "ASC001")
    assert asc001.severity == "warning"
    assert asc001.message == (
        "outcome 'wellbeing' is measured with WEMWBS, which people score themselves, "
        "but says `evidence objective`"
    )
    assert asc001.suggestion == "write `evidence self_reported`"
