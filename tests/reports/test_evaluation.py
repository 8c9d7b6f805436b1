"""The evaluation report and the per-bidder assessment summaries."""

from __future__ import annotations

from pathlib import Path

import pytest
from markupsafe import escape

from obcrules.reports import ReportFiles, render_evaluation
from obcrules.reports import formatting as fmt
from tests.reports.conftest import FIXTURES, load, pdf_text

RESULT = load("evaluation.json")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> list[ReportFiles]:
    return render_evaluation(FIXTURES / "evaluation.json", tmp_path_factory.mktemp("evaluation"))


def _flat(text: str) -> str:
    """Text without any whitespace: PDF extraction breaks lines where the layout did."""
    return "".join(text.split())


def test_pdf_names_the_winner_and_every_figure(rendered: list[ReportFiles]) -> None:
    assert rendered[0].pdf is not None
    text = _flat(pdf_text(rendered[0].pdf))
    assert _flat(f"recommends awarding Lot 1: care homes in the north locality to "
                 f"{RESULT['winner']}") in text
    for bid in RESULT["bids"]:
        assert _flat(bid["bidder"]) in text
        if bid["total"] is not None:
            assert bid["total"] in text
        for score in bid["scores"].values():
            assert score["weighted"] in text
        if bid["price"] is not None:
            assert _flat(fmt.money(bid["price"])) in text
    assert "Page1of" in text


def test_every_excluded_bid_and_its_reason(rendered: list[ReportFiles]) -> None:
    assert rendered[0].pdf is not None
    text = _flat(pdf_text(rendered[0].pdf))
    excluded = [b for b in RESULT["bids"] if b["status"] != "ranked"]
    assert excluded
    for bid in excluded:
        for reason in bid["reasons"]:
            assert _flat(reason) in text, reason


def test_html_sections_moderation_and_audit(rendered: list[ReportFiles]) -> None:
    html = rendered[0].html.read_text(encoding="utf-8")
    for heading in ("Summary and recommendation", "Ranking", "Scores by criterion",
                    "Gates and exclusions", "Evaluator scores and moderation", "Price checks",
                    "Sensitivity to the weights", "Audit appendix"):
        assert f">{heading}</h2>" in html
    for item in RESULT["inputs"]:
        assert item["sha256"] in html and item["path"] in html
    assert "Panel agreed the mobilisation plan is credible but thin on falls." in html
    assert "9.47 points" in html


def test_one_feedback_per_bidder_without_other_losers(rendered: list[ReportFiles]) -> None:
    feedback = rendered[1:]
    assert len(feedback) == len(RESULT["bids"])
    assert all(f.html.parent.name == "feedback" for f in feedback)
    names = [b["bidder"] for b in RESULT["bids"]]
    for bid, files in zip(RESULT["bids"], feedback, strict=True):
        html = files.html.read_text(encoding="utf-8")
        assert str(escape(bid["bidder"])) in html
        for other in names:
            if other not in (bid["bidder"], RESULT["winner"]):
                assert str(escape(other)) not in html, (bid["bidder"], other)
                assert other not in html


def test_feedback_pdf_compares_with_the_winner(rendered: list[ReportFiles]) -> None:
    second = next(f for f in rendered[1:] if f.html.stem == "brightcare-partnership")
    assert second.pdf is not None
    text = _flat(pdf_text(second.pdf))
    assert _flat("ranked 2nd with a total of 72.00") in text
    assert "AcmeCareLtd" in text and "80.57" in text
    assert "-8.00" in text  # approach: 24.00 against 32.00


def test_bidder_names_become_safe_file_names(rendered: list[ReportFiles]) -> None:
    for files in rendered[1:]:
        assert all(c.isalnum() or c == "-" for c in files.html.stem)


def test_html_is_deterministic(rendered: list[ReportFiles], tmp_path: Path) -> None:
    again = render_evaluation(FIXTURES / "evaluation.json", tmp_path, pdf=False)
    assert [f.html.read_bytes() for f in again] == [f.html.read_bytes() for f in rendered]
