"""The evaluation report (`obcrules.reports.context.evaluation`): the winner, every figure,
exclusions and their reasons, moderation and the audit appendix, from the fixture and from
a real evaluation."""

from __future__ import annotations

import json
from pathlib import Path

from obcrules.reports import ReportFiles, render_evaluation
from obcrules.reports import formatting as fmt
from tests.reports.conftest import FIXTURES, load, pdf_text
from tests.reports.context.conftest import _flat

RESULT = load("evaluation.json")


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


def test_every_score_shows_its_reasons_or_its_working(rendered: list[ReportFiles]) -> None:
    assert rendered[0].pdf is not None
    text = _flat(pdf_text(rendered[0].pdf))
    scores = [score for bid in RESULT["bids"] for score in bid["scores"].values()]
    assert len(scores) == 3 * 4 and all(s["reasons"] or s["working"] for s in scores)
    for score in scores:
        for reason in score["reasons"]:
            assert _flat(f"{reason['by']} ({reason['score']}): {reason['text']}") in text
        if score["working"] is not None:
            assert _flat(f"Working: {score['working']['calculation']}") in text
            for target in score["working"]["targets"]:
                assert _flat(target["required"] + target["offered"]) in text
    assert _flat("Evaluator 1: 4 Evaluator 2: 4") in text  # the moderation log, by role
    assert _flat("Formula: lowest compliant price ÷ this price × 100") in text


def test_html_sections_moderation_and_audit(rendered: list[ReportFiles]) -> None:
    html = rendered[0].html.read_text(encoding="utf-8")
    for heading in ("Summary and recommendation", "Ranking", "Scores by criterion",
                    "Reasons for each score", "Gates and exclusions", "Evaluator scores and moderation", "Price checks",
                    "Sensitivity to the weights", "Audit appendix"):
        assert f">{heading}</h2>" in html
    for item in RESULT["inputs"]:
        assert item["sha256"] in html and item["path"] in html
    assert "Panel agreed the mobilisation plan is credible but thin on falls." in html
    assert "9.47 points" in html


def test_html_is_deterministic(rendered: list[ReportFiles], tmp_path: Path) -> None:
    again = render_evaluation(FIXTURES / "evaluation.json", tmp_path, pdf=False)
    assert [f.html.read_bytes() for f in again] == [f.html.read_bytes() for f in rendered]


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
        for score in bid["scores"].values():
            for why in score["reasons"]:
                assert _flat(why["text"]) in text
            if score["working"] is not None:
                assert _flat(score["working"]["calculation"]) in text
    assert len(written) == len(result["bids"]) + 1


def test_the_evaluation_report_shows_the_rulesets_currency(evaluated: Path,
                                                         tmp_path: Path) -> None:
    text = (evaluated / "out" / "evaluation.json").read_text(encoding="utf-8")
    assert json.loads(text)["currency"] == "£"
    # as a ruleset in euros would write it: the currency, and the amounts in the working
    result = json.loads(text.replace("£", "€"))
    assert result["currency"] == "€"
    path = tmp_path / "evaluation.json"
    path.write_text(json.dumps(result), encoding="utf-8")
    written = render_evaluation(path, tmp_path / "out", pdf=False)
    html = written[0].html.read_text(encoding="utf-8")
    winner = next(b for b in result["bids"] if b["bidder"] == result["winner"])
    assert f"€{float(winner['price']):,.0f}" in html
    assert "£" not in html
