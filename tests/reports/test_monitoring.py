"""The monitoring report: figures equal to monitoring.json, suppression, payments."""

from __future__ import annotations

import pytest

from obcrules.reports import ReportFiles, render_monitoring
from obcrules.reports import formatting as fmt
from tests.reports.conftest import FIXTURES, load, pdf_text

RESULT = load("monitoring.json")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> ReportFiles:
    return render_monitoring(FIXTURES / "monitoring.json", tmp_path_factory.mktemp("monitoring"))


def test_every_value_in_the_pdf_equals_the_json(rendered: ReportFiles) -> None:
    assert rendered.pdf is not None
    text = pdf_text(rendered.pdf)
    squashed = "".join(text.split())
    for r in RESULT["results"]:
        shown = "nodata" if r["value"] is None else (
            fmt.percent(r["value"]) if r["measure"] == "share" else fmt.number(r["value"]))
        assert shown in squashed
    for p in RESULT["payments"]:
        assert "".join(fmt.money(p["amount"]).split()) in squashed
        assert f"{p['people']}×£450=" in squashed
    pages = text.split("\f")
    assert all(f"Page {i} of {len(pages)}" in page for i, page in enumerate(pages, start=1))


def test_html_structure(rendered: ReportFiles) -> None:
    html = rendered.html.read_text(encoding="utf-8")
    providers = sorted({r["provider"] for r in RESULT["results"]})
    for provider in providers:
        assert f">{provider}</h2>" in html
    assert html.count("<svg") == len({(r["provider"], r["name"]) for r in RESULT["results"]})
    for q in RESULT["data_quality"]:
        assert q["problem"] in html


def test_suppressed_groups_show_no_numbers(rendered: ReportFiles) -> None:
    html = rendered.html.read_text(encoding="utf-8")
    suppressed = [e for e in RESULT["equality"] if e["suppressed"]]
    assert suppressed
    assert html.count("withheld to protect small numbers") == len(suppressed)


def test_provider_status_table_uses_latest_period(rendered: ReportFiles) -> None:
    html = rendered.html.read_text(encoding="utf-8")
    latest = max(r["period"] for r in RESULT["results"])
    assert f"Status in {latest}" in html
