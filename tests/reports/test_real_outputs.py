"""Reports rendered from the real outputs of the tender workflow (the demo's sample tender)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import obcrules.builtin
from obcrules import hookimpl
from obcrules.api import check_file
from obcrules.plugins.declarations import ReportSectionDecl
from obcrules.plugins.manager import make_plugin_manager
from obcrules.reports import render_evaluation
from obcrules.results import FeedbackDocument, ReportDocument
from tests.reports.conftest import FIXTURES, pdf_text

tender_demo = pytest.importorskip("obcrules.tender.demo")
workflow = pytest.importorskip("obcrules.tender.workflow")
workspace = pytest.importorskip("obcrules.tender.workspace")


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tender") / "demo"
    ruleset = FIXTURES / "continence_care.obc"
    sample = tender_demo.build_sample_tender(root, ruleset, "lot1", ["P01", "P02", "P03", "P04"])
    workflow.init_workspace(root, ruleset, "lot1", sample.evaluators)
    ws = workspace.open_workspace(root)
    workflow.write_bid_forms(ws)
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


def test_monitoring_report_from_the_real_engine_result(tmp_path: Path) -> None:
    """The engine's monitoring.json rendered: shares as percentages, every payment equal."""
    from obcrules.api import default_registry
    from obcrules.engine import monitor
    from obcrules.plugins.sample_files import write_sample_data
    from obcrules.reports import render_monitoring

    registry = default_registry()
    data = tmp_path / "data"
    write_sample_data(registry, "adult_social_care", 3000, data, "parquet", 3)
    checked = check_file(Path(__file__).parents[2] / "rulesets" / "continence.obc")
    result_path = monitor(checked, data).write(tmp_path / "monitoring")
    result = json.loads(result_path.read_text(encoding="utf-8"))
    written = render_monitoring(result_path, tmp_path / "report", registry=registry,
                                ruleset=checked.ruleset)
    assert written.pdf is not None
    text = "".join(pdf_text(written.pdf).split())
    for row in result["payments"]:
        assert f"£{float(row['amount']):,.0f}" in text, row
    shares = [r for r in result["results"] if r.get("measure") == "share"
              and r["value"] is not None]
    latest = max(r["period"] for r in shares)
    for row in shares:
        if row["period"] == latest:
            assert f"{row['value'] * 100:.1f}%" in text, row
    assert "Penaltyon" in text or not any(
        a for t in result["payment_totals"] for a in t["adjustments"] if a["kind"] == "penalty")


class _SpyFeedback:
    """A plugin section on the feedback report that records what it was given."""

    __version__ = "1.0"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.seen: list[FeedbackDocument] = []

    @hookimpl
    def register_report_sections(self) -> list[ReportSectionDecl]:
        def context(document: ReportDocument) -> dict[str, Any]:
            assert document["schema"] == "obcrules.feedback/1"
            self.seen.append(document)
            return {}

        return [ReportSectionDecl(name="spy", title="Spy", report="feedback",
                                  template="spy.html.j2", template_dir=self.folder,
                                  context=context)]


def test_a_feedback_section_sees_no_other_losing_bidder(evaluated: Path, tmp_path: Path) -> None:
    folder = tmp_path / "spy"
    folder.mkdir()
    (folder / "spy.html.j2").write_text("<p>spy</p>", encoding="utf-8")
    spy = _SpyFeedback(folder)
    # registered as the service the ruleset names, so its section is in scope
    registry = make_plugin_manager(entry_points=False, extra={
        "core": obcrules.builtin, "adult_social_care": spy})
    result_path = evaluated / "out" / "evaluation.json"
    result = json.loads(result_path.read_text(encoding="utf-8"))
    assert "adult_social_care" in result["plugins"]
    written = render_evaluation(result_path, tmp_path / "out", pdf=False, registry=registry)
    assert len(written) == len(result["bids"]) + 1
    assert len(spy.seen) == len(result["bids"])  # one summary per bidder, each with the spy
    losers = [b for b in result["bids"] if b["bidder"] != result["winner"]]
    assert [seen["for_bidder"] for seen in spy.seen] == [b["bidder"] for b in result["bids"]]
    for seen in spy.seen:
        own = seen["for_bidder"]
        text = json.dumps(seen)
        for other in losers:
            if other["bidder"] != own:
                assert other["bidder"] not in text, (own, other["bidder"])
                assert other["file"] not in text, (own, other["file"])


def test_the_evaluation_report_shows_the_rulesets_currency(evaluated: Path,
                                                         tmp_path: Path) -> None:
    result = json.loads((evaluated / "out" / "evaluation.json").read_text(encoding="utf-8"))
    assert result["currency"] == "£"
    result["currency"] = "€"
    path = tmp_path / "evaluation.json"
    path.write_text(json.dumps(result), encoding="utf-8")
    written = render_evaluation(path, tmp_path / "out", pdf=False)
    html = written[0].html.read_text(encoding="utf-8")
    winner = next(b for b in result["bids"] if b["bidder"] == result["winner"])
    assert f"€{float(winner['price']):,.0f}" in html
    assert "£" not in html
