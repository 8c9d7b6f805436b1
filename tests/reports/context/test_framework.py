"""The outcomes framework report (`obcrules.reports.context.framework`): HTML structure, the
PDF's text and the typed document its sections receive."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from obcrules.api import CheckedRuleset
from obcrules.reports import ReportFiles, render_framework
from obcrules.reports.context.framework import framework_document
from obcrules.results.framework import FrameworkDocument
from obcrules.results.reading import validate
from tests.reports.conftest import pdf_text


@pytest.fixture(scope="module")
def rendered(checked: CheckedRuleset, tmp_path_factory: pytest.TempPathFactory) -> ReportFiles:
    return render_framework(checked, tmp_path_factory.mktemp("framework"))


def test_html_has_every_heading_and_outcome(rendered: ReportFiles) -> None:
    html = rendered.html.read_text(encoding="utf-8")
    for heading in ("Themes", "Logic model", "Outcomes and how they are measured",
                    "Who is counted", "Evaluation: Lot 1: care homes in the north locality",
                    "Payment terms", "Appendix: the ruleset as written"):
        assert f">{heading}</h2>" in html
    assert "Fewer residents live with an untreated continence problem" in html
    assert "whose continence problem is not treated" in html
    assert "<svg" in html and "Final outcomes" in html


def test_every_toc_link_has_its_target(rendered: ReportFiles) -> None:
    html = rendered.html.read_text(encoding="utf-8")
    ids = set(re.findall(r'id="([^"]+)"', html))
    links = re.findall(r'<a href="#([^"]+)"', html)
    assert links and all(link in ids for link in links)


def test_pdf_text_has_figures_and_page_numbers(rendered: ReportFiles) -> None:
    assert rendered.pdf is not None
    text = pdf_text(rendered.pdf)
    pages = text.split("\f")
    assert all(f"Page {i} of {len(pages)}" in page for i, page in enumerate(pages, start=1))
    flat = " ".join(text.split())
    for figure in ("less than 10%", "18% in 2025-Q4", "£1,200,000", "£240,000", "£450 per resident",
                   "£90,000", "at most £1,500,000", "40%", "30%"):
        assert figure in flat, figure
    assert "Lot 1: care homes in the north locality" in flat


def test_html_is_deterministic(checked: CheckedRuleset, rendered: ReportFiles,
                               tmp_path: Path) -> None:
    again = render_framework(checked, tmp_path, pdf=False)
    assert again.html.read_bytes() == rendered.html.read_bytes()


def test_framework_sections_receive_the_ruleset_as_a_typed_document(
        checked: CheckedRuleset) -> None:
    assert checked.ruleset is not None
    document = framework_document(checked.ruleset, checked.sha256)
    assert validate(document, FrameworkDocument, "the framework document") == document
    assert document["schema"] == "obcrules.framework/1"
    assert document["sha256"] == checked.sha256
    assert document["model"]["header"]["name"] == "continence_care"


def test_deadweight_price_groups_and_the_referred_cohort_are_published(
        tmp_path: Path) -> None:
    from obcrules.api import check_file

    ruleset = Path(__file__).parents[3] / "rulesets" / "reablement.obc"
    html = render_framework(check_file(ruleset), tmp_path).html.read_text(encoding="utf-8")
    assert ("Only above 78% deadweight: each period, the 78% of the population expected to "
            "get there anyway are not paid for") in html
    assert "£750 for people whose age in years is at least 85" in html
    assert ("only people the commissioner referred to the provider, from the period of "
            "their referral") in html
