"""Whatever a bidder or a data file writes is text: escaped, and never fetched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from obcrules.reports import render_evaluation, render_monitoring
from obcrules.reports.pdf import ASSETS, AssetFetcher, html_to_pdf
from tests.reports.conftest import FIXTURES, load, pdf_text

HOSTILE = [
    '<img src="file:///etc/passwd">',
    "<script>alert(1)</script>",
    '<div style="background: url(https://evil.example/x.png)">x</div>',
    "<style>@import url(https://evil.example/a.css);</style>",
    '<link rel="stylesheet" href="https://evil.example/b.css">',
    '<object data="file:///etc/shadow"></object>',
    "{{ 7 * 7 }}{% raw %}",
]


def _hostile_evaluation(tmp_path: Path) -> Path:
    result = load("evaluation.json")
    for i, bid in enumerate(result["bids"]):
        bid["reasons"] = [*bid["reasons"], *HOSTILE]
        bid["flags"] = [*bid["flags"], HOSTILE[i % len(HOSTILE)]]
    result["moderation"][1]["justification"] = " ".join(HOSTILE)
    path = tmp_path / "evaluation.json"
    path.write_text(json.dumps(result), encoding="utf-8")
    return path


def test_hostile_bid_renders_as_text_and_fetches_nothing(tmp_path: Path) -> None:
    fetcher = AssetFetcher()
    written = render_evaluation(_hostile_evaluation(tmp_path), tmp_path / "out", fetcher=fetcher)
    html = written[0].html.read_text(encoding="utf-8")
    for attack in HOSTILE[:-1]:
        assert attack not in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html
    assert "<script>" not in html
    assert "{{ 7 * 7 }}{% raw %}" in html  # template syntax in data stays inert text
    assert fetcher.refused == []
    assert fetcher.requests, "the bundled fonts are fetched through the fetcher"
    assert all(url.startswith(ASSETS.as_uri() + "/fonts/") for url in fetcher.requests)
    assert written[0].pdf is not None
    text = "".join(pdf_text(written[0].pdf).split())
    assert "".join(['<img', 'src="file:///etc/passwd">']) in text


def test_hostile_data_file_in_monitoring(tmp_path: Path) -> None:
    result = load("monitoring.json")
    result["data_quality"].append({"provider": "Provider A", "table": "<b>people</b>",
                                   "file": "<b>people.csv</b>", "row": 3, "period": "2025-Q1",
                                   "field": "age", "problem": HOSTILE[0]})
    result["results"][0]["provider"] = 'Provider A<img src="http://evil.example/p.png">'
    path = tmp_path / "monitoring.json"
    path.write_text(json.dumps(result), encoding="utf-8")
    fetcher = AssetFetcher()
    files = render_monitoring(path, tmp_path / "out", fetcher=fetcher)
    html = files.html.read_text(encoding="utf-8")
    assert "<img" not in html and "<b>people" not in html
    assert fetcher.refused == []
    assert all(url.startswith(ASSETS.as_uri()) for url in fetcher.requests)


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


def test_fixture_files_are_untouched(tmp_path: Path) -> None:
    before = (FIXTURES / "evaluation.json").read_bytes()
    render_evaluation(FIXTURES / "evaluation.json", tmp_path, pdf=False)
    assert (FIXTURES / "evaluation.json").read_bytes() == before
