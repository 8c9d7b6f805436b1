"""What `obcrules.reports.tagging` adds to WeasyPrint's structure tree, read back from every
report: a ``/Scope`` on every table header, words on every internal link, ``/Alt`` on every
figure; and the archival variant: PDF/A-3b that also claims PDF/UA-1, its sources embedded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from obcrules.reports import ReportFiles, render_evaluation, render_monitoring
from obcrules.reports.pdf import html_to_pdf
from tests.reports.conftest import (
    FIXTURES,
    PDFAID,
    PDFUAID,
    struct_elements,
    xmp_properties,
)

REPORTS = ("framework", "evaluation", "feedback", "monitoring")


@pytest.fixture(scope="module")
def elements(published: dict[str, ReportFiles]) -> dict[str, list[DictionaryObject]]:
    return {kind: struct_elements(PdfReader(files.pdf)) for kind, files in published.items()
            if files.pdf is not None}


def _attributes(element: DictionaryObject) -> DictionaryObject:
    attributes = element.get("/A")
    return attributes.get_object() if attributes is not None else DictionaryObject()


@pytest.mark.parametrize("kind", REPORTS)
def test_every_table_header_has_a_scope(elements: dict[str, list[DictionaryObject]],
                                        kind: str) -> None:
    headers = [e for e in elements[kind] if e["/S"] == "/TH"]
    assert headers
    assert {_attributes(h).get("/Scope") for h in headers} <= {"/Column", "/Row"}
    assert all("/Scope" in _attributes(h) for h in headers)


def test_a_header_of_its_row_is_a_row_header(tmp_path: Path) -> None:
    """``<th scope="row">`` (the cover's facts) gives ``/Row``; a header row's cells ``/Column``."""
    html = ('<html lang="en"><head><title>t</title></head><body><table>'
            '<thead><tr><th scope="col">Name</th><th scope="col">Value</th></tr></thead>'
            '<tbody><tr><th scope="row">Lot</th><td>1</td></tr></tbody></table></body></html>')
    reader = PdfReader(_write(html, tmp_path))
    scopes = [_attributes(e)["/Scope"] for e in struct_elements(reader) if e["/S"] == "/TH"]
    assert scopes == ["/Column", "/Column", "/Row"]


def _write(html: str, folder: Path) -> Path:
    path = folder / "t.pdf"
    path.write_bytes(html_to_pdf(html))
    return path


@pytest.mark.parametrize("kind", REPORTS)
def test_every_figure_has_alternative_text(elements: dict[str, list[DictionaryObject]],
                                           kind: str) -> None:
    figures = [e for e in elements[kind] if e["/S"] == "/Figure"]
    if kind != "feedback":  # a summary of a bid that was not scored has no chart
        assert figures
    assert all(str(f.get("/Alt", "")).strip() for f in figures)


@pytest.mark.parametrize("kind", REPORTS)
def test_every_link_says_where_it_goes(published: dict[str, ReportFiles], kind: str) -> None:
    """Matterhorn 28-008: a link's ``/Contents`` is its alternate description."""
    reader = PdfReader(published[kind].pdf)
    links = [a.get_object() for page in reader.pages for a in page.get("/Annots", ())
             if a.get_object()["/Subtype"] == "/Link"]
    assert links
    for link in links:
        assert str(link["/Contents"]).startswith("Go to ")
    assert "Go to Contents" not in {str(link["/Contents"]) for link in links}
    assert any(str(link["/Contents"]) == "Go to Audit appendix" for link in links) or \
        kind in ("framework", "feedback")


@pytest.fixture(scope="module")
def archived(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ReportFiles]:
    out = tmp_path_factory.mktemp("archived")
    evaluation = render_evaluation(FIXTURES / "evaluation.json", out, pdf_variant="pdf/a-3b")
    return {"monitoring": render_monitoring(FIXTURES / "monitoring.json", out,
                                            pdf_variant="pdf/a-3b"),
            "evaluation": evaluation[0], "feedback": evaluation[1]}


@pytest.mark.parametrize("kind", ["monitoring", "evaluation", "feedback"])
def test_an_archival_report_is_pdf_a_3b_and_pdf_ua_1(archived: dict[str, ReportFiles],
                                                     kind: str) -> None:
    reader = PdfReader(archived[kind].pdf)
    properties = xmp_properties(reader)
    assert properties[f"{{{PDFAID}}}part"] == "3"
    assert properties[f"{{{PDFAID}}}conformance"] == "B"
    assert properties[f"{{{PDFUAID}}}part"] == "1"
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and "/OutputIntents" in catalog
    assert reader.trailer["/ID"]


@pytest.mark.parametrize("kind", ["monitoring", "evaluation"])
def test_an_archival_report_embeds_its_result_and_inputs_hashes(
        archived: dict[str, ReportFiles], kind: str) -> None:
    reader = PdfReader(archived[kind].pdf)
    source = (FIXTURES / f"{kind}.json").read_bytes()
    assert reader.attachments[f"{kind}.json"] == [source]
    (hashes,) = reader.attachments["inputs.sha256"]
    document = json.loads(source)
    for entry in document["inputs"]:
        assert f"{entry['sha256']}  {entry['path']}\n" in hashes.decode("utf-8")
    associated = [a.get_object() for a in reader.trailer["/Root"]["/AF"]]
    assert len(associated) == 2  # each once
    assert {a["/UF"]: a["/AFRelationship"] for a in associated} == {
        f"{kind}.json": "/Data", "inputs.sha256": "/Source"}


def test_an_archival_summary_embeds_no_other_bid(archived: dict[str, ReportFiles]) -> None:
    """evaluation.json names every bidder: a bidder's own summary must not carry it."""
    assert PdfReader(archived["feedback"].pdf).attachments == {}

