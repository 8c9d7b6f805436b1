"""HTML to PDF (`obcrules.reports.pdf`): the fetcher serves the report's own assets and refuses
everything else, even for raw hostile HTML; every report is a tagged PDF/UA-1 with a title, a
language and bookmarks; the same HTML gives the same bytes."""

from __future__ import annotations

import io
import logging

import pytest
from pypdf import PdfReader

from obcrules.reports import ReportFiles
from obcrules.reports.pdf import (
    ASSETS,
    LAYOUT_PAGE,
    PDF_VARIANTS,
    ArchiveFile,
    AssetFetcher,
    PdfRenderer,
    html_to_pdf,
)
from tests.reports.conftest import HOSTILE, PDFUAID, xmp_properties


@pytest.mark.parametrize("url", [
    "https://evil.example/x.png",
    "http://127.0.0.1/",
    "file:///etc/passwd",
    ASSETS.as_uri() + "/../pdf.py",
    ASSETS.as_uri() + "/fonts/../../render.py",
    "data:text/css,body{}",
    "ftp://evil.example/x",
])
def test_fetcher_refuses_anything_but_its_assets(url: str) -> None:
    fetcher = AssetFetcher()
    with pytest.raises(ValueError, match="refused"):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_refusal_holds_even_for_unescaped_html() -> None:
    """Defence in depth: raw hostile HTML given straight to the PDF step fetches nothing."""
    fetcher = AssetFetcher()
    pdf = html_to_pdf("<html><body>" + "".join(HOSTILE[:5]) + "</body></html>", fetcher)
    assert pdf.startswith(b"%PDF")
    assert set(fetcher.refused) >= {"file:///etc/passwd", "https://evil.example/x.png"}
    served = [u for u in fetcher.requests if u not in fetcher.refused]
    assert all(u.startswith(ASSETS.as_uri() + "/fonts/") for u in served)


REPORTS = ("framework", "evaluation", "feedback", "monitoring")


@pytest.fixture(scope="module")
def readers(published: dict[str, ReportFiles]) -> dict[str, PdfReader]:
    return {kind: PdfReader(files.pdf) for kind, files in published.items()
            if files.pdf is not None}


@pytest.mark.parametrize("kind", REPORTS)
def test_every_report_is_tagged_pdf_ua_1(readers: dict[str, PdfReader], kind: str) -> None:
    """Matterhorn 01 (tagged, MarkInfo), 06 (PDF/UA identifier, dc:title), 07 (DisplayDocTitle)
    and 11 (language), read back from the file."""
    reader = readers[kind]
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/MarkInfo"]["/Marked"]) is True
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"]) is True
    assert catalog["/Lang"] == "en-GB"
    assert xmp_properties(reader)[f"{{{PDFUAID}}}part"] == "1"
    title = reader.metadata.title if reader.metadata else None
    assert title and title.startswith(_SUBTITLES[kind])
    assert reader.xmp_metadata is not None
    assert reader.xmp_metadata.dc_title == {"x-default": title}
    assert reader.pdf_header == "%PDF-1.7"


_SUBTITLES = {"framework": "Outcomes framework", "evaluation": "Tender evaluation report",
              "feedback": "Assessment summary", "monitoring": "Monitoring report"}


@pytest.mark.parametrize("kind", REPORTS)
def test_bookmarks_follow_the_headings(readers: dict[str, PdfReader], kind: str) -> None:
    """The outline is the report's title, then its chapters as the contents lists them."""
    reader = readers[kind]
    outline = reader.outline
    assert outline and not isinstance(outline[0], list)
    assert isinstance(outline[1], list)
    chapters = [item.title for item in outline[1] if not isinstance(item, list)]
    assert chapters[0] == "Contents"
    assert len(chapters) >= 3


def test_the_same_html_gives_the_same_bytes() -> None:
    """No date, no random identifier: a report rendered twice is one file (the bytes are
    compared with each other, never with a recorded file)."""
    html = ('<html lang="en-GB"><head><title>t</title></head><body><h1>t</h1>'
            "<table><tr><th>a</th></tr><tr><td>1</td></tr></table></body></html>")
    for variant in PDF_VARIANTS:
        archive = [ArchiveFile("x.json", b"{}", "x")]
        assert html_to_pdf(html, variant=variant, archive=archive) == \
            html_to_pdf(html, variant=variant, archive=archive)  # type: ignore[arg-type]


def test_an_unknown_variant_is_refused() -> None:
    with pytest.raises(ValueError, match="no PDF variant 'pdf/x-4'"):
        PdfRenderer(variant="pdf/x-4")  # type: ignore[arg-type]


def test_the_api_offers_the_variants_the_renderer_knows() -> None:
    """`obcrules.api` names them without importing WeasyPrint; the two lists are one."""
    from obcrules import api

    assert api.PDF_VARIANTS == PDF_VARIANTS


def test_progress_is_told_each_page_as_it_is_laid_out(caplog: pytest.LogCaptureFixture) -> None:
    """A long PDF shows its page count growing; WeasyPrint's logger is left as it was and
    its step records reach no handler of the application's."""
    logger = logging.getLogger("weasyprint.progress")
    before = (logger.level, logger.propagate, list(logger.handlers))
    steps: list[str] = []
    html = '<html lang="en"><head><title>t</title></head><body>' + \
        '<p style="break-after: page">page</p>' * 3 + "</body></html>"
    with caplog.at_level(logging.DEBUG):
        pdf = PdfRenderer(progress=steps.append).pdf(html)
    assert steps == ["laying out the PDF", "laying out the PDF: page 1",
                     "laying out the PDF: page 2", "laying out the PDF: page 3",
                     "writing the PDF: 3 pages"]
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 3
    assert (logger.level, logger.propagate, list(logger.handlers)) == before
    # The layout's own records went to the counter alone (WeasyPrint logs its other
    # steps outside the layout, where the logger is as the application left it).
    assert not [r for r in caplog.records if r.msg == LAYOUT_PAGE]
