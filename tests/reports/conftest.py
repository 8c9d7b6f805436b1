"""Shared fixtures: the spec example ruleset, the fixture results, a real evaluated tender,
and what a hostile bidder or data file may write."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from obcrules.api import CheckedRuleset, check_text
from obcrules.tender import demo as tender_demo
from obcrules.tender import workflow, workspace

FIXTURES = Path(__file__).parent / "fixtures"

SPEC_EXAMPLE = (FIXTURES / "continence_care.obc").read_text(encoding="utf-8")


def pdf_text(path: Path) -> str:
    """The extracted text of every page, pages separated by form feeds."""
    return "\f".join(page.extract_text() or "" for page in PdfReader(path).pages)


def load(name: str) -> dict[str, Any]:
    """A fixture result as a dict."""
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="session")
def checked() -> CheckedRuleset:
    """The language spec's example ruleset, checked against the installed plugins."""
    pytest.importorskip("obcrules_adult_social_care")
    result = check_text(SPEC_EXAMPLE, "continence_care.obc")
    assert result.ok, [d.message for d in result.diagnostics]
    return result


@pytest.fixture(scope="session")
def evaluated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace in which the demo's sample tender was evaluated (out/evaluation.json)."""
    root = tmp_path_factory.mktemp("tender") / "demo"
    ruleset = FIXTURES / "continence_care.obc"
    sample = tender_demo.build_sample_tender(root, ruleset, "lot1", ["P01", "P02", "P03", "P04"])
    workflow.init_workspace(root, ruleset, "lot1", sample.evaluators)
    ws = workspace.open_workspace(root)
    workflow.write_bid_forms(ws)
    workflow.write_sheets(ws)
    workflow.run_evaluation(ws)
    return root


HOSTILE = [
    '<img src="file:///etc/passwd">',
    "<script>alert(1)</script>",
    '<div style="background: url(https://evil.example/x.png)">x</div>',
    "<style>@import url(https://evil.example/a.css);</style>",
    '<link rel="stylesheet" href="https://evil.example/b.css">',
    '<object data="file:///etc/shadow"></object>',
    "{{ 7 * 7 }}{% raw %}",
]
"""What a bidder or a data file may write to attack a report: markup, fetches, template syntax."""
