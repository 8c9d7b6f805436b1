"""The evaluation report (`obcrules.reports.context.evaluation`): the winner, every figure,
exclusions and their reasons, moderation and the audit appendix, from the fixture and from
a real evaluation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from obcrules.reports import ReportFiles, render_evaluation
from obcrules.reports import formatting as fmt
from tests.reports.conftest import FIXTURES, load, pdf_layout, pdf_text
from tests.reports.context.conftest import _flat

RESULT = load("evaluation.json")
TITLES = {**{i["name"]: i["title"] for i in RESULT["items"]},
          **{c["name"]: c["title"] for c in RESULT["criteria"]}}


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
            assert _flat(fmt.by_title(reason, TITLES)) in text, reason
    # names are shown by their titles, never as raw identifiers in backticks
    assert _flat("Approach to achieving the outcomes scored 1, below its minimum of 2") in text
    assert _flat('bids/late.yaml: field Price: not a number ("lots")') in text
    assert "`" not in text


def test_no_published_document_shows_an_identifier_in_backticks(evaluated: Path) -> None:
    written = render_evaluation(evaluated / "out" / "evaluation.json", evaluated / "out")
    result = json.loads((evaluated / "out" / "evaluation.json").read_text(encoding="utf-8"))
    assert any("`" in reason for bid in result["bids"] for reason in bid["reasons"])
    for files in written:
        assert files.pdf is not None
        assert "`" not in pdf_text(files.pdf), files.pdf.name


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
    titles = {**{i["name"]: i["title"] for i in result["items"]},
              **{c["name"]: c["title"] for c in result["criteria"]}}
    written = render_evaluation(result_path, evaluated / "out")
    assert written[0].pdf is not None
    text = "".join(pdf_text(written[0].pdf).split())
    assert result["winner"] and "".join(result["winner"].split()) in text
    for bid in result["bids"]:
        assert "".join(bid["bidder"].split()) in text
        if bid["total"] is not None:
            assert f"{float(bid['total']):.2f}" in text
        for reason in bid["reasons"]:
            assert _flat(fmt.by_title(reason, titles)) in text, reason
        for score in bid["scores"].values():
            for why in score["reasons"]:
                assert _flat(why["text"]) in text
            if score["working"] is not None:
                assert _flat(score["working"]["calculation"]) in text
    assert len(written) == len(result["bids"]) + 1


def test_the_report_carries_commissioner_date_panel_and_sign_off(evaluated: Path,
                                                               tmp_path: Path) -> None:
    from obcrules.tender.result import evaluation_time

    result_path = evaluated / "out" / "evaluation.json"
    stamp = evaluation_time(result_path)
    assert stamp is not None
    written = render_evaluation(result_path, tmp_path / "one")
    assert written[0].pdf is not None
    text = _flat(pdf_text(written[0].pdf))
    assert _flat(f"Date of the evaluation {fmt.long_date(stamp)}, when the evaluation was run")\
        in text
    assert _flat("Commissioner not named in the ruleset") in text
    assert _flat("Role Evaluator Evaluator 1 alice Evaluator 2 bob Evaluator 3 carol") in text
    assert _flat("Approval") in text
    assert _flat("Role Name Signature Date Chair of the evaluation panel Procurement lead "
                 "For the commissioner: approval of the award") in text
    assert _flat(f"run on {fmt.long_date(stamp)}") in text
    # made again later, the report is the same: its date is the evaluation's, not today's
    again = render_evaluation(result_path, tmp_path / "two", pdf=False)
    assert again[0].html.read_bytes() == written[0].html.read_bytes()


def test_the_fixture_names_its_commissioner_and_has_no_recorded_date(
        rendered: list[ReportFiles]) -> None:
    html = rendered[0].html.read_text(encoding="utf-8")
    assert "Anytown County Council (adult social care)" in html
    assert "not recorded: no evaluation in the workspace&#39;s audit trail wrote this result" \
        in html
    feedback = rendered[1].html.read_text(encoding="utf-8")
    assert "Anytown County Council (adult social care)" in feedback


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


LONG_TITLES = (
    "How the service will prevent homelessness among older people",
    "How the provider will recruit, train and keep its best staff",
    "Partnership with the local continence service and GP surgery",
    "Plans to mobilise the service safely within the first months",
    "How residents and their families shape the care they receive",
    "Evidence of outcomes achieved in comparable contracts so far",
    "Social value: local jobs, apprenticeships and volunteer time",
    "Price for the whole contract period, including any extension",
)


def _with_criteria(path: Path, titles: tuple[str, ...]) -> Path:
    """The fixture with its criteria replaced by ``titles``, each 0 to 100 and weighted
    alike, every scored bid scoring 87.5 on each."""
    result = load("evaluation.json")
    weight = f"{100 / len(titles):.2f}"
    weighted = f"{87.5 / len(titles):.2f}"
    result["criteria"] = [{"name": f"c{i}", "title": title, "weight": weight,
                           "method": "evaluators 0 to 100", "max": "100", "minimum": None,
                           "working": {}} for i, title in enumerate(titles)]
    for rank, bid in enumerate(b for b in result["bids"] if b["scores"]):
        bid["scores"] = {f"c{i}": {"agreed": "87.50", "max": "100", "weighted": weighted,
                                   "settled_by": "mode", "working": None, "reasons": [
                                       {"by": "Evaluator 1", "score": "87.5", "text": "Good"}]}
                         for i in range(len(titles))}
        bid["total"] = f"{87 - rank}.50"  # distinct totals, to find each on the page
    result["moderation"] = []
    path.write_text(json.dumps(result), encoding="utf-8")
    return path


@pytest.mark.parametrize(("count", "landscape"), [(8, True), (4, False)])
def test_every_column_header_and_total_is_on_the_page(tmp_path: Path, count: int,
                                                      landscape: bool) -> None:
    """However many criteria and however long their titles, the scores table fits A4
    portrait, or goes on landscape pages: no text runs off the page or over other text."""
    titles = LONG_TITLES[:count]
    assert {len(title) for title in titles} == {60}
    source = _with_criteria(tmp_path / "evaluation.json", titles)
    written = render_evaluation(source, tmp_path / "out")
    assert written[0].pdf is not None
    pages = pdf_layout(written[0].pdf)
    for number, page in enumerate(pages, start=1):
        assert page.off_page(margin=20) == [], f"text off page {number}"
        assert page.overlapping() == [], f"text drawn over text on page {number}"
    [table] = [page for page in pages if "Each cell: agreed score" in page.text]
    assert (table.width > table.height) is landscape
    # headers wrap, hyphenated (U+2010) where a word is too long for its column
    shown = _flat(table.text.replace("\u2010", ""))
    for title in titles:
        assert _flat(title) in shown, title
    assert "Total" in table.text
    totals = [b["total"] for b in json.loads(source.read_text())["bids"] if b["scores"]]
    assert len(totals) == 3 and all(total in table.text for total in totals)
    for summary in written[1:]:  # each bidder's comparison table fits too
        assert summary.pdf is not None
        for page in pdf_layout(summary.pdf):
            assert page.off_page(margin=20) == [] and page.overlapping() == [], summary.pdf
