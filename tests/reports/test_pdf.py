"""HTML to PDF (`obcrules.reports.pdf`): the fetcher serves the report's own assets and refuses
everything else, even for raw hostile HTML."""

from __future__ import annotations

import pytest

from obcrules.reports.pdf import ASSETS, AssetFetcher, html_to_pdf
from tests.reports.conftest import HOSTILE


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
