"""Charts as inline SVG (`obcrules.reports.charts`): a trend chart draws the target at the
document's goal, a range as a band, and no line without a goal; its period labels never
overlap (measured in the font), a share's axis runs 0–100% on round ticks, a missed period is
a cross as well as red, and a process is a milestone line, not a chart."""

from __future__ import annotations

import itertools
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from fontTools.ttLib import TTFont
from markupsafe import escape

from obcrules.reports import render_monitoring
from obcrules.reports.charts import (
    PairedBar,
    StackedBar,
    TrendPoint,
    paired_bars,
    stacked_scores,
    trend_chart,
    trend_description,
)
from obcrules.reports.svg import FONT
from obcrules.results.monitoring import GoalBounds, MonitoringDocument
from obcrules.results.synthetic import monitoring_result


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


def _group(chart: str, shared: str) -> str:
    """The children of the ``<g>`` whose attributes are ``shared`` (an axis's labels)."""
    found = re.search(rf'<g {shared}>(.*?)</g>', chart)
    assert found is not None, f"no group {shared}"
    return found[1]


def _labels(chart: str, y: float) -> list[tuple[float, str]]:
    """The x and text of each label written at height ``y`` (the period axis)."""
    return [(float(x), text) for x, text in re.findall(
        rf'<text x="([\d.]+)" y="{y:g}">([^<]*)</text>',
        _group(chart, 'font-size="7.5" text-anchor="middle" fill="#555"'))]


@cache
def _font() -> tuple[dict[int, str], Any, float]:
    font = TTFont(FONT)
    return font.getBestCmap(), font["hmtx"].metrics, float(font["head"].unitsPerEm)


def _width(text: str, size: float) -> float:
    """The advance of ``text`` in the bundled DejaVu Sans, read from the font file."""
    cmap, metrics, units = _font()
    return sum(metrics[cmap[ord(c)]][0] for c in text) * size / units


@pytest.mark.parametrize("periods", [1, 4, 8, 9, 12, 16, 24, 40])
@pytest.mark.parametrize("name", ["2025-Q{q}", "2025-26 quarter {q}", "M{q}"])
def test_period_labels_never_overlap(periods: int, name: str) -> None:
    points = [TrendPoint(name.format(q=i + 1), 0.5, "met") for i in range(periods)]
    chart = str(trend_chart("Outcome", points, (0.6,), percent=True))
    labels = _labels(chart, 170 - 30 + 13)
    assert labels and labels[-1][1] == points[-1].period  # the latest period always named
    spans = sorted((x - _width(t, 7.5) / 2, x + _width(t, 7.5) / 2) for x, t in labels)
    for (_, right), (left, _) in itertools.pairwise(spans):
        assert right < left, f"labels overlap: {labels}"
    assert spans[0][0] >= 0 and spans[-1][1] <= 320


def _y_labels(chart: str) -> list[str]:
    return re.findall(r'<text x="40" y="[\d.]+">([^<]*)</text>',
                      _group(chart, 'font-size="8" text-anchor="end" fill="#555"'))


@pytest.mark.parametrize("values", [[0.469, 0.518], [0.05, 0.1], [0.9, 0.97], [0.0, 1.0]])
def test_a_share_axis_runs_from_0_to_100_percent_in_quarters(values: list[float]) -> None:
    points = [TrendPoint(f"2025-Q{i + 1}", v, "met") for i, v in enumerate(values)]
    chart = str(trend_chart("Share", points, (0.6,), percent=True))
    assert _y_labels(chart) == ["0%", "25%", "50%", "75%", "100%"]


def test_a_count_axis_has_round_ticks() -> None:
    points = [TrendPoint(f"2025-Q{i + 1}", v, "met") for i, v in enumerate([35.6, 38, 41.4])]
    chart = str(trend_chart("Count", points, (40,), percent=False))
    assert _y_labels(chart) == ["34", "36", "38", "40", "42"]


def test_a_missed_period_is_marked_by_a_cross_not_colour_alone() -> None:
    points = [TrendPoint("2025-Q1", 0.3, "missed"), TrendPoint("2025-Q2", 0.7, "met")]
    chart = str(trend_chart("Share", points, (0.6,), percent=True))
    crosses = re.findall(r'<path d="M[^"]*" stroke="#b03a2e"', chart)
    assert len(crosses) == 1  # one cross, on the missed period
    assert "2025-Q1: 30.0%, missed; 2025-Q2: 70.0%, met" in chart  # the alternative text
    assert "(target 60.0%)" in chart


def test_a_share_reads_the_same_in_the_table_and_the_charts_words(tmp_path: Path) -> None:
    """13 of 16 is 81.25%: the report's table says 81.3%, and so must the text a screen
    reader reads for the chart (it said 81.2%, Python's rounding half to even)."""
    document = monitoring_result(providers=1, periods=3, outcomes=1)
    result = document["results"][-1]
    result.update({"value": 0.8125, "numerator": 13, "denominator": 16, "measure": "share"})
    path = tmp_path / "monitoring.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    html = render_monitoring(path, tmp_path / "out", pdf=False).html.read_text()
    assert "81.3%" in html
    assert "81.2%" not in html
    assert f"{result['period']}: 81.3%, {result['status']}" in html


def test_a_process_is_a_milestone_line_not_a_chart(tmp_path: Path) -> None:
    document = monitoring_result(providers=1, periods=3, outcomes=2)
    process = [r for r in document["results"] if r["name"] == document["results"][0]["name"]]
    for result, (status, value) in zip(process, [("not yet due", None), ("met", "2025-05-01"),
                                                 ("met", "2025-05-01")], strict=True):
        result.update({"kind": "process", "measure": None, "value": value, "status": status,
                       "numerator": None, "denominator": None, "goal": None,
                       "trajectory": None, "target": "in place by 2025-Q2"})
    path = tmp_path / "monitoring.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    html = render_monitoring(path, tmp_path / "out", pdf=False).html.read_text(encoding="utf-8")
    title = process[0]["title"] or ""
    assert len(re.findall(r"<svg ", html)) == 1  # the other outcome's chart only
    assert f"Trend of {title}" not in html
    assert re.search(rf"<strong>{re.escape(title)}</strong>: met in {process[1]['period']}, "
                     r"evidence dated 2025-05-01</li>", html)


def test_score_charts_say_their_numbers_in_words() -> None:
    """Their ``<title>`` is the PDF Figure's ``/Alt``: what a screen reader reads for them."""
    stacked = str(stacked_scores([StackedBar("Acme", (30.0, 42.5))], ["Quality", "Price"]))
    assert "<title>Weighted scores of each bid by criterion, out of 100. Acme: 72.50 " \
           "(Quality 30.00, Price 42.50).</title>" in stacked
    paired = str(paired_bars([PairedBar("Quality", 20, 25, 30)], "Your bid", "Winning bid"))
    assert "<title>Your bid against Winning bid, by criterion. Quality: 20 against 25 of " \
           "30.</title>" in paired


def test_a_chart_is_named_once_by_its_title() -> None:
    """The ``<title>`` names the chart to a browser and to the PDF; nothing repeats it, since
    a long report has hundreds of these descriptions for the PDF step to parse."""
    points = [TrendPoint(f"2025-Q{q}", 0.1 * q, "met") for q in range(1, 5)]
    chart = str(trend_chart("Share", points, (0.6,), percent=True))
    description = trend_description("Share", points, (0.6,), percent=True)
    assert chart.count(str(escape(description))) == 1
    assert f"<title>{escape(description)}</title>" in chart and "aria-label" not in chart
    assert chart.count('stroke="#e3e5e8"') == 1  # the grid is one path
