"""The logic model (`obcrules.reports.logic_model`): no edge passes through a box it does not
connect, on the spec's example and every example ruleset."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from obcrules.api import check_file
from obcrules.reports.logic_model import logic_model_svg

RULESETS = sorted((Path(__file__).parents[2] / "rulesets").glob("*.obc"))

Box = tuple[float, float, float, float]
Point = tuple[float, float]


def _boxes(svg: str) -> list[Box]:
    return [(float(x), float(y), float(w), float(h)) for x, y, w, h in re.findall(
        r'<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" rx="4"', svg)]


def _edges(svg: str) -> list[str]:
    return re.findall(r'<path d="([^"]+)" fill="none"', svg)


def _trace(d: str) -> list[Point]:
    """Points every pixel or so along an SVG path of M, H, V, L and cubic C commands."""
    points: list[Point] = []
    here: Point = (0.0, 0.0)

    def line_to(to: Point) -> None:
        steps = max(1, int(max(abs(to[0] - here[0]), abs(to[1] - here[1]))))
        points.extend((here[0] + (to[0] - here[0]) * k / steps,
                       here[1] + (to[1] - here[1]) * k / steps) for k in range(steps + 1))

    for command, args in re.findall(r"([MHVLC])([^MHVLC]*)", d):
        numbers = [float(v) for v in re.findall(r"-?[\d.]+", args)]
        if command == "M":
            here = (numbers[0], numbers[1])
            points.append(here)
            continue
        if command == "C":
            (x1, y1, x2, y2, x, y) = numbers
            for k in range(1, 101):
                t = k / 100
                points.append((
                    (1 - t) ** 3 * here[0] + 3 * (1 - t) ** 2 * t * x1 + 3 * (1 - t) * t * t * x2
                    + t ** 3 * x,
                    (1 - t) ** 3 * here[1] + 3 * (1 - t) ** 2 * t * y1 + 3 * (1 - t) * t * t * y2
                    + t ** 3 * y))
            here = (x, y)
            continue
        to = ((numbers[0], here[1]) if command == "H" else
              (here[0], numbers[0]) if command == "V" else (numbers[0], numbers[1]))
        line_to(to)
        here = to
    return points


def _inside(point: Point, box: Box, by: float = 0.0) -> bool:
    x, y, w, h = box
    return x - by < point[0] < x + w + by and y - by < point[1] < y + h + by


def _crossings(svg: str) -> list[tuple[str, Box]]:
    boxes = _boxes(svg)
    found = []
    for d in _edges(svg):
        points = _trace(d)
        ends = {box for box in boxes if _inside(points[0], box, 2) or _inside(points[-1], box, 2)}
        found += [(d, box) for box in boxes if box not in ends
                  and any(_inside(p, box, -0.5) for p in points)]
    return found


def test_the_tracer_finds_a_line_through_a_box() -> None:
    svg = ('<rect x="0" y="0" width="10" height="10" rx="4"/>'
           '<rect x="40" y="0" width="10" height="10" rx="4"/>'
           '<rect x="20" y="0" width="10" height="10" rx="4"/>'
           '<path d="M10,5 H40" fill="none"/>')
    assert _crossings(svg) == [("M10,5 H40", (20.0, 0.0, 10.0, 10.0))]


@pytest.mark.parametrize("path", RULESETS, ids=[p.stem for p in RULESETS])
def test_no_edge_crosses_a_box_it_does_not_connect(path: Path) -> None:
    checked = check_file(path)
    assert checked.ruleset is not None
    svg = str(logic_model_svg(checked.ruleset))
    assert _edges(svg)
    assert _crossings(svg) == []


def test_an_edge_that_skips_columns_goes_round_the_boxes_between() -> None:
    """community_day_service links items across columns (its straight arrows crossed 8 boxes)."""
    checked = check_file(Path(__file__).parents[2] / "rulesets" / "community_day_service.obc")
    assert checked.ruleset is not None
    svg = str(logic_model_svg(checked.ruleset))
    routed = [d for d in _edges(svg) if " V" in d]
    assert len(routed) >= 5
    assert _crossings(svg) == []
