"""EMP001 through the shared YAML check-case runner; each check's documentation holds."""

from __future__ import annotations

from pathlib import Path

import obcrules_employment
from obcrules_employment.checks import CHECKS

from obcrules.api import check_source
from obcrules.testing import check_case_tests, load_check_cases, plugin_registry, run_check_case

CASES_FILE = Path(__file__).with_name("employment_check_cases.yml")
REGISTRY = plugin_registry("employment", obcrules_employment)

test_check_cases = check_case_tests(CASES_FILE, REGISTRY)


def test_the_failing_case_says_why() -> None:
    diagnostics = run_check_case(load_check_cases(CASES_FILE)[0], REGISTRY)
    emp001 = next(d for d in diagnostics if d.code == "EMP001")
    assert emp001.severity == "warning"
    assert emp001.message == (
        "outcome 'job_outcome' counts people whose job started too recently to have lasted "
        "the weeks as not in work: 'started' is not restricted by when the job started"
    )


def test_each_check_documents_a_bad_ruleset_it_flags_and_a_better_one_it_does_not() -> None:
    for check in CHECKS:
        bad = [d.code for d in check_source(check.bad, file="<bad>", registry=REGISTRY)]
        better = check_source(check.better, file="<better>", registry=REGISTRY)
        assert check.code in bad
        assert [d.code for d in better if d.code == check.code or d.is_error] == []
