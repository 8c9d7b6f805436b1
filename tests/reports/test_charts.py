"""Charts as inline SVG (`obcrules.reports.charts`): a trend chart draws the target at the
document's goal, a range as a band, and no line without a goal."""

from __future__ import annotations

import json
import re
from pathlib import Path

from obcrules.reports import render_monitoring
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
