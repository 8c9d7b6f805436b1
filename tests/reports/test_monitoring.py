"""The monitoring report: figures equal to monitoring.json, suppression, payments."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from obcrules.reports import ReportFiles, render_monitoring
from obcrules.reports import formatting as fmt
from obcrules.results.monitoring import GoalBounds, MonitoringDocument
from obcrules.results.reading import DocumentError
from obcrules.results.synthetic import monitoring_result
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


def _one_outcome(values: list[float], target: str, goal: GoalBounds) -> MonitoringDocument:
    """A monitoring document of one provider and one share outcome over len(values) quarters."""
    document = monitoring_result(providers=1, periods=len(values), outcomes=1)
    for result, value in zip(document["results"], values, strict=True):
        result.update({"value": value, "numerator": round(value * 100), "denominator": 100,
                       "target": target, "goal": goal, "trajectory": None,
                       "status": "met" if value >= 0.4 else "missed"})
    return document


def _chart(document: MonitoringDocument, tmp_path: Path) -> str:
    """The one trend chart of the monitoring report rendered from ``document``."""
    path = tmp_path / "monitoring.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    html = render_monitoring(path, tmp_path / "out", pdf=False).html.read_text(encoding="utf-8")
    [chart] = re.findall(r"<svg .*?</svg>", html)
    return str(chart)


def _target_lines(chart: str) -> list[str]:
    """The y of each dashed target line, top first."""
    return re.findall(r'<line x1="[\d.]+" y1="([\d.]+)" x2="[\d.]+" y2="\1" stroke="#1f4e79" '
                      r'stroke-width="1.2" stroke-dasharray="5 3"/>', chart)


def _dots(chart: str) -> list[str]:
    """The y of each period's dot, in period order."""
    return re.findall(r'<circle cx="[\d.]+" cy="([\d.]+)" r="3"', chart)


def test_the_trend_chart_draws_the_target_at_the_documents_goal(tmp_path: Path) -> None:
    # a relative target: its wording has no number to read; its goal is the bound
    goal: GoalBounds = {"low": None, "low_closed": False, "high": 0.16, "high_closed": True,
                        "direction": "lower"}
    chart = _chart(_one_outcome([0.22, 0.16, 0.1], "2 points below baseline (at most 16%)",
                                goal), tmp_path)
    dots = _dots(chart)
    assert len(dots) == 3
    assert _target_lines(chart) == [dots[1]]  # the line passes through the dot at 16%
    assert ">target</text>" in chart


def test_a_range_is_drawn_as_a_band_between_its_bounds(tmp_path: Path) -> None:
    goal: GoalBounds = {"low": 0.4, "low_closed": True, "high": 0.6, "high_closed": True,
                        "direction": "none"}
    chart = _chart(_one_outcome([0.4, 0.5, 0.6], "between 40% and 60%", goal), tmp_path)
    low, _, high = _dots(chart)
    assert _target_lines(chart) == [high, low]
    band = re.search(r'<rect x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)" '
                     r'fill="#1f4e79" fill-opacity="0.08"/>', chart)
    assert band is not None
    assert float(band[1]) == float(high)
    assert abs(float(band[1]) + float(band[2]) - float(low)) < 0.11  # one-decimal coordinates
    assert ">target range</text>" in chart


def test_no_goal_no_target_line(tmp_path: Path) -> None:
    document = _one_outcome([0.3, 0.5], "at least 60%", {
        "low": 0.6, "low_closed": True, "high": None, "high_closed": False,
        "direction": "higher"})
    for result in document["results"]:
        result["goal"] = None
    assert _target_lines(_chart(document, tmp_path)) == []


def test_a_document_of_the_wrong_shape_is_refused_naming_the_file_and_field(
        tmp_path: Path) -> None:
    document: dict[str, Any] = json.loads(json.dumps(RESULT))
    document["results"][0]["target"] = {"text": "at least 60%", "value": 0.6}  # the old drift
    path = tmp_path / "monitoring.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(DocumentError) as raised:
        render_monitoring(path, tmp_path / "out", pdf=False)
    assert isinstance(raised.value, ValueError)  # what the CLI reports as a message
    assert str(raised.value) == (f"{path} does not fit its schema: results.0.target: "
                                 "Input should be a valid string")
    assert not (tmp_path / "out").exists()


def test_a_document_of_another_schema_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match=r"evaluation.json is not an "
                                            r"obcrules\.monitoring/1 result"):
        render_monitoring(FIXTURES / "evaluation.json", tmp_path, pdf=False)
