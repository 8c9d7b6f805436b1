"""The evaluation report and its feedback files, rendered once for test_evaluation.py and
test_feedback.py (test_monitoring.py and test_framework.py render their own `rendered`)."""

from __future__ import annotations

import pytest

from obcrules.reports import ReportFiles, render_evaluation
from tests.reports.conftest import FIXTURES
from tests.tender.conftest import build  # noqa: F401  (the fixture, shared with tests/tender)


@pytest.fixture(scope="package")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> list[ReportFiles]:
    return render_evaluation(FIXTURES / "evaluation.json", tmp_path_factory.mktemp("evaluation"))


def _flat(text: str) -> str:
    """Text without any whitespace: PDF extraction breaks lines where the layout did."""
    return "".join(text.split())
