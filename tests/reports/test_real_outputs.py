"""Reports rendered from the real outputs of the tender workflow (the demo's sample tender)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from obcrules.api import check_file
from obcrules.reports import render_evaluation
from tests.reports.conftest import FIXTURES, pdf_text

tender_demo = pytest.importorskip("obcrules.tender.demo")
workflow = pytest.importorskip("obcrules.tender.workflow")
workspace = pytest.importorskip("obcrules.tender.workspace")


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tender") / "demo"
    ruleset = FIXTURES / "continence_care.obc"
    sample = tender_demo.build_sample_tender(root, ruleset, "lot1", ["P01", "P02", "P03", "P04"])
    workflow.init_workspace(root, ruleset, "lot1", sample.evaluators, check_file)
    ws = workspace.open_workspace(root, check_file)
    workflow.write_templates(ws)
    workflow.write_sheets(ws)
    workflow.run_evaluation(ws)
    return root


def test_evaluation_report_from_the_real_result(evaluated: Path) -> None:
    result_path = evaluated / "out" / "evaluation.json"
    result = json.loads(result_path.read_text(encoding="utf-8"))
    written = render_evaluation(result_path, evaluated / "out")
    assert written[0].pdf is not None
    text = "".join(pdf_text(written[0].pdf).split())
    assert result["winner"] and "".join(result["winner"].split()) in text
    for bid in result["bids"]:
        assert "".join(bid["bidder"].split()) in text
        if bid["total"] is not None:
            assert f"{float(bid['total']):.2f}" in text
        for reason in bid["reasons"]:
            assert "".join(reason.split()) in text, reason
    assert len(written) == len(result["bids"]) + 1
