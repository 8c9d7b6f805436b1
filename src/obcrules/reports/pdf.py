"""HTML → PDF with WeasyPrint, fetching nothing but the report's own assets.

Every resource WeasyPrint asks for goes through `AssetFetcher`: a ``file:`` URL
inside the bundled ``assets`` folder is served; anything else (the network, any
other file, ``data:`` URLs) is refused and recorded. Bidders and data files can
write whatever they like into their text; it is escaped before it reaches the
HTML, and even if it were not, this fetcher would still serve nothing of theirs.

The font is bundled (DejaVu Sans, with £ and €) and declared with ``@font-face``
here, so a PDF looks the same on every machine.

Every PDF is tagged. The default variant is PDF/UA-1 (ISO 14289-1): a structure
tree, the language and title from the HTML, bookmarks from the headings, and what
WeasyPrint leaves out added by `obcrules.reports.tagging`. The archival variant is
PDF/A-3b, tagged and claiming PDF/UA-1 too, with the report's sources embedded as
associated files (``ArchiveFile``) for records retention.

The same HTML gives the same bytes: WeasyPrint writes no date unless the HTML
names one (the reports name none, as the documents they show carry none), fonts
are subset the same way every time, and the file identifier of a PDF/A is the MD5
of its own objects.
"""

from __future__ import annotations

import io
import logging
import mimetypes
import threading
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, get_args
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

with warnings.catch_warnings():
    # WeasyPrint warns at import when the system lacks libharfbuzz-subset; it then
    # embeds whole fonts instead of subsets. That costs bytes, not correctness.
    warnings.simplefilter("ignore", DeprecationWarning)
    from weasyprint import CSS, DEFAULT_OPTIONS, HTML, Attachment
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher, URLFetcherResponse

from obcrules.reports.tagging import complete_structure

PdfVariant = Literal["pdf/ua-1", "pdf/a-3b"]
"""``pdf/ua-1`` for publishing (the default); ``pdf/a-3b`` for records retention."""

PDF_VARIANTS: tuple[str, ...] = get_args(PdfVariant)

ARCHIVE_DATE = datetime(2000, 1, 1, tzinfo=UTC)
"""The date an embedded file is stamped with: a fixed one, so the bytes are too.

WeasyPrint stamps an attachment with the time of the run unless told; the
documents carry no date of their own to use instead.
"""

ASSETS = Path(__file__).resolve().parent / "assets"
"""The only folder a report may read from while it is rendered."""

FONT_FACES = """
@font-face { font-family: "OBC Sans"; src: url(fonts/DejaVuSans.ttf); }
@font-face { font-family: "OBC Sans"; font-weight: bold; src: url(fonts/DejaVuSans-Bold.ttf); }
@font-face { font-family: "OBC Sans"; font-style: italic; src: url(fonts/DejaVuSans-Oblique.ttf); }
@font-face { font-family: "OBC Mono"; src: url(fonts/DejaVuSansMono.ttf); }
"""
"""Declared for the PDF only: the standalone HTML names the same family with fallbacks."""


class AssetFetcher(URLFetcher):  # type: ignore[misc]  # weasyprint ships no type hints
    """A WeasyPrint URL fetcher that serves only files under ``root``.

    ``requests`` lists every URL asked for and ``refused`` those turned away, so
    a test can prove that a hostile bid fetched nothing.
    """

    def __init__(self, root: Path = ASSETS) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.root = root.resolve()
        self.requests: list[str] = []
        self.refused: list[str] = []

    def local_path(self, url: str) -> Path | None:
        """The asset file ``url`` names, or None when it is not one of ours."""
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = Path(url2pathname(unquote(parts.path))).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            return None
        return path

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        """Serve an asset, or refuse with ``ValueError`` (WeasyPrint then skips it)."""
        self.requests.append(url)
        path = self.local_path(url)
        if path is None:
            self.refused.append(url)
            raise ValueError(f"obcrules reports fetch only their own assets; refused {url!r}")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime})


@dataclass(frozen=True)
class ArchiveFile:
    """A file embedded in an archival PDF as an associated file (PDF/A-3, ``/AF``).

    ``relationship`` is the PDF 2.0 word for how the file relates to the report:
    ``Source`` (the report was made from it) or ``Data`` (it holds the report's data).
    """

    name: str
    data: bytes
    description: str
    relationship: Literal["Source", "Data", "Supplement"] = "Source"


class PdfRenderer:
    """Renders HTML to PDF, loading the bundled fonts once for any number of documents.

    A tender's evaluation report and its dozen assessment summaries share one
    renderer, so the fonts are read and parsed once rather than per document.
    """

    def __init__(self, fetcher: AssetFetcher | None = None,
                 variant: PdfVariant = "pdf/ua-1",
                 progress: Callable[[str], None] | None = None) -> None:
        if variant not in PDF_VARIANTS:
            raise ValueError(f"no PDF variant {variant!r}: choose one of "
                             f"{', '.join(PDF_VARIANTS)}")
        self.variant = variant
        self.progress = progress
        """Told when layout starts, each page as it is laid out, and how many pages it
        made (a terminal shows it)."""
        self.fetcher = fetcher or AssetFetcher()
        self.base_url = ASSETS.as_uri() + "/"
        self.fonts = FontConfiguration()
        self.font_css = CSS(string=FONT_FACES, base_url=self.base_url, url_fetcher=self.fetcher,
                            font_config=self.fonts)

    def pdf(self, html: str, archive: Sequence[ArchiveFile] = ()) -> bytes:
        """The tagged PDF of a report's HTML; resources come only through the fetcher.

        ``archive`` is embedded in a PDF/A-3b only; a PDF/UA-1 is the document alone.
        """
        document = HTML(string=html, base_url=self.base_url, url_fetcher=self.fetcher)
        anchors = anchor_words(document.etree_element)
        archival = self.variant == "pdf/a-3b"
        attachments = [
            Attachment(file_obj=io.BytesIO(f.data), url_fetcher=self.fetcher, name=f.name,
                       description=f.description, relationship=f.relationship,
                       created=ARCHIVE_DATE, modified=ARCHIVE_DATE)
            for f in archive
        ] if archival else []

        def finish(_document: Any, pdf: Any) -> None:
            complete_structure(pdf, anchors, archival)

        # What HTML.write_pdf does, in its two steps, to say the page count between them.
        options = {**DEFAULT_OPTIONS, "stylesheets": [self.font_css],
                   "pdf_variant": self.variant, "pdf_tags": True, "attachments": attachments}
        if self.progress is not None:
            self.progress("laying out the PDF")
        with _pages_told(self.progress):
            laid_out = document.render(self.fonts, None, None, **options)
        if self.progress is not None:
            self.progress(f"writing the PDF: {len(laid_out.pages)} pages")
        pdf: bytes = laid_out.write_pdf(None, 1, finish,
                                        **{key: options[key] for key in DEFAULT_OPTIONS})
        return pdf


LAYOUT_PAGE = "Step 5 - Creating layout - Page %d"
"""What WeasyPrint logs on ``weasyprint.progress`` as it starts laying out each page."""

_PROGRESS_LOGGER = logging.getLogger("weasyprint.progress")
_progress_lock = threading.Lock()


class _PageCounter(logging.Handler):
    """Tells ``progress`` the number of each page WeasyPrint starts laying out."""

    def __init__(self, progress: Callable[[str], None]) -> None:
        super().__init__(logging.INFO)
        self.told = progress

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg == LAYOUT_PAGE and isinstance(record.args, tuple) and record.args:
            self.told(f"laying out the PDF: page {record.args[0]}")


@contextmanager
def _pages_told(progress: Callable[[str], None] | None) -> Iterator[None]:
    """While WeasyPrint lays out, tell ``progress`` each page (nothing without one).

    WeasyPrint logs its steps at INFO on ``weasyprint.progress``; the logger is
    opened to INFO for the layout only and kept from passing the records on to
    the application's own handlers, then put back as it was.
    """
    if progress is None:
        yield
        return
    with _progress_lock:
        handler = _PageCounter(progress)
        level, propagate = _PROGRESS_LOGGER.level, _PROGRESS_LOGGER.propagate
        _PROGRESS_LOGGER.addHandler(handler)
        _PROGRESS_LOGGER.setLevel(logging.INFO)
        _PROGRESS_LOGGER.propagate = False
        try:
            yield
        finally:
            _PROGRESS_LOGGER.removeHandler(handler)
            _PROGRESS_LOGGER.setLevel(level)
            _PROGRESS_LOGGER.propagate = propagate


def anchor_words(root: Any) -> Mapping[str, str]:
    """Each ``id`` in the HTML and the words a link to it is read as: its heading's text."""
    words: dict[str, str] = {}
    for element in root.iter():
        anchor = element.get("id")
        if not anchor or anchor in words:
            continue
        heading = element if _is_heading(element) else next(
            (e for e in element.iter() if _is_heading(e)), None)
        text = " ".join("".join((heading if heading is not None else element).itertext()).split())
        words[anchor] = text[:120] or anchor
    return words


def _is_heading(element: Any) -> bool:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag.rsplit("}", 1)[-1] in ("h1", "h2", "h3", "h4", "h5", "h6")


def html_to_pdf(html: str, fetcher: AssetFetcher | None = None,
                variant: PdfVariant = "pdf/ua-1",
                archive: Sequence[ArchiveFile] = ()) -> bytes:
    """The PDF of one report's HTML; resources come only through ``fetcher``."""
    return PdfRenderer(fetcher, variant).pdf(html, archive)
