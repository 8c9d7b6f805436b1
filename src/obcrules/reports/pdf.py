"""HTML → PDF with WeasyPrint, fetching nothing but the report's own assets.

Every resource WeasyPrint asks for goes through `AssetFetcher`: a ``file:`` URL
inside the bundled ``assets`` folder is served; anything else (the network, any
other file, ``data:`` URLs) is refused and recorded. Bidders and data files can
write whatever they like into their text; it is escaped before it reaches the
HTML, and even if it were not, this fetcher would still serve nothing of theirs.

The font is bundled (DejaVu Sans, with £ and €) and declared with ``@font-face``
here, so a PDF looks the same on every machine.
"""

from __future__ import annotations

import mimetypes
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

with warnings.catch_warnings():
    # WeasyPrint warns at import when the system lacks libharfbuzz-subset; it then
    # embeds whole fonts instead of subsets. That costs bytes, not correctness.
    warnings.simplefilter("ignore", DeprecationWarning)
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher, URLFetcherResponse

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


class PdfRenderer:
    """Renders HTML to PDF, loading the bundled fonts once for any number of documents.

    A tender's evaluation report and its dozen assessment summaries share one
    renderer, so the fonts are read and parsed once rather than per document.
    """

    def __init__(self, fetcher: AssetFetcher | None = None) -> None:
        self.fetcher = fetcher or AssetFetcher()
        self.base_url = ASSETS.as_uri() + "/"
        self.fonts = FontConfiguration()
        self.font_css = CSS(string=FONT_FACES, base_url=self.base_url, url_fetcher=self.fetcher,
                            font_config=self.fonts)

    def pdf(self, html: str) -> bytes:
        """The PDF of a report's HTML; resources come only through the fetcher."""
        document = HTML(string=html, base_url=self.base_url, url_fetcher=self.fetcher)
        pdf: bytes = document.write_pdf(stylesheets=[self.font_css], font_config=self.fonts)
        return pdf


def html_to_pdf(html: str, fetcher: AssetFetcher | None = None) -> bytes:
    """The PDF of one report's HTML; resources come only through ``fetcher``."""
    return PdfRenderer(fetcher).pdf(html)
