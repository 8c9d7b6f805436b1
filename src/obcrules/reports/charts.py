"""Charts as inline SVG: outcome trends against their targets, and score bars.

Each function takes plain numbers and labels (the view models' values) and
returns escaped SVG markup that a template places as it is.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from obcrules.figures import percent_text
from obcrules.reports.svg import (
    PALETTE,
    STATUS_COLOURS,
    document,
    group,
    n,
    nice_ticks,
    text,
    text_width,
    wrap,
)


@dataclass(frozen=True)
class TrendPoint:
    """One period of an outcome: its value (None for no data), status and trajectory check."""

    period: str
    value: float | None
    status: str
    trajectory_ok: bool | None = None


def trend_chart(
    title: str,
    points: Sequence[TrendPoint],
    targets: Sequence[float],
    percent: bool,
    baseline: float | None = None,
    width: float = 320,
    height: float = 170,
) -> Markup:
    """A line of an outcome's values per period, the target as a dashed line.

    ``targets`` is the bound a value must pass (one value), or the two ends of a
    range that it must stay within, drawn as a shaded band between two dashed
    lines; empty when there is nothing to draw. Dots are coloured by status (met,
    missed, no data); a ring marks a period where the trajectory was not kept.
    The y axis includes the targets and the baseline on round ticks; a share's runs
    from 0 to 100% in quarters. Period labels are thinned so that none overlaps
    another, the latest always shown.
    """
    left, right, top, bottom = 44.0, 10.0, 26.0, 30.0
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [p.value for p in points if p.value is not None]
    scale = [*values, *targets, *([baseline] if baseline is not None else [])] or [0.0, 1.0]
    ticks = [0.0, 0.25, 0.5, 0.75, 1.0] if percent and min(scale) >= 0 and max(scale) <= 1 \
        else nice_ticks(min(scale), max(scale))
    low, high = ticks[0], ticks[-1]

    def y(v: float) -> float:
        return top + plot_h - (v - low) / (high - low) * plot_h

    count = max(1, len(points))
    step = plot_w / count

    def x(i: int) -> float:
        return left + step * (i + 0.5)

    body = [text(4, 15, wrap(title, width - 8, 10.5, 1)[0], font_size=10.5, font_weight="bold",
                 fill="#1a1a1a")]
    # Grid lines as one path, and the labels of each axis in one group: a report draws
    # hundreds of these charts, and the PDF step pays for every element.
    grid = " ".join(f"M{n(left)} {n(y(v))}H{n(width - right)}" for v in ticks)
    body.append(f'<path d="{grid}" stroke="#e3e5e8" stroke-width="0.6"/>')
    body.append(group((text(left - 4, y(v) + 3, f"{v * 100:.0f}%" if percent else _short(v))
                       for v in ticks), font_size=8, text_anchor="end", fill="#555"))
    # The latest period is always labelled, moved left if it would run off the chart;
    # the labels before it are thinned to leave room for that.
    last = text_width(points[-1].period, PERIOD_SIZE) if points else 0.0
    shift = max(0.0, x(len(points) - 1) + last / 2 - (width - 1))
    every = label_stride([p.period for p in points], step, PERIOD_SIZE, gap=4 + shift)
    body.append(group((text(x(i) - (shift if i == len(points) - 1 else 0), height - bottom + 13,
                            p.period)
                       for i, p in enumerate(points) if (len(points) - 1 - i) % every == 0),
                      font_size=PERIOD_SIZE, text_anchor="middle", fill="#555"))
    if len(targets) == 2:  # a range: the band of values that meet it
        top_y, bottom_y = y(max(targets)), y(min(targets))
        body.append(f'<rect x="{n(left)}" y="{n(top_y)}" width="{n(plot_w)}" '
                    f'height="{n(bottom_y - top_y)}" fill="#1f4e79" fill-opacity="0.08"/>')
    for k, target in enumerate(sorted(targets, reverse=True)):
        ty = y(target)
        body.append(f'<line x1="{n(left)}" y1="{n(ty)}" x2="{n(width - right)}" y2="{n(ty)}" '
                    'stroke="#1f4e79" stroke-width="1.2" stroke-dasharray="5 3"/>')
        if k == 0:
            body.append(text(width - right, ty - 3, "target" if len(targets) == 1
                             else "target range", font_size=7.5, text_anchor="end",
                             fill="#1f4e79"))
    if baseline is not None:
        by = y(baseline)
        body.append(f'<line x1="{n(left)}" y1="{n(by)}" x2="{n(width - right)}" y2="{n(by)}" '
                    'stroke="#8a8f98" stroke-width="0.8" stroke-dasharray="1.5 2.5"/>')
        body.append(text(left + 3, by - 3, "baseline", font_size=7.5, fill="#6b7078"))
    segment: list[str] = []
    for i, p in enumerate(points):
        if p.value is None:
            body.append(_polyline(segment))
            segment = []
            continue
        segment.append(f"{n(x(i))},{n(y(p.value))}")
    body.append(_polyline(segment))
    for i, p in enumerate(points):
        colour = STATUS_COLOURS.get(p.status, "#8a8f98")
        if p.value is None:
            body.append(f'<circle cx="{n(x(i))}" cy="{n(top + plot_h - 4)}" r="2.6" '
                        f'fill="white" stroke="{colour}" stroke-width="1"/>')
            continue
        if p.trajectory_ok is False:
            body.append(f'<circle cx="{n(x(i))}" cy="{n(y(p.value))}" r="5.5" fill="none" '
                        'stroke="#c77d00" stroke-width="1.3"/>')
        body.append(f'<circle cx="{n(x(i))}" cy="{n(y(p.value))}" r="3" fill="{colour}"/>')
        if p.status == "missed":  # a cross as well as red: not told by colour alone
            cx, cy = x(i), y(p.value)
            body.append(f'<path d="M{n(cx - 4)},{n(cy - 4)} L{n(cx + 4)},{n(cy + 4)} '
                        f'M{n(cx - 4)},{n(cy + 4)} L{n(cx + 4)},{n(cy - 4)}" '
                        f'stroke="{colour}" stroke-width="1.4"/>')
    body.append(f'<line x1="{n(left)}" y1="{n(top + plot_h)}" x2="{n(width - right)}" '
                f'y2="{n(top + plot_h)}" stroke="#999" stroke-width="0.8"/>')
    return document(width, height, body, trend_description(title, points, targets, percent))


def trend_description(title: str, points: Sequence[TrendPoint], targets: Sequence[float],
                      percent: bool) -> str:
    """What a trend chart shows, in words: its alternative text for a screen reader."""
    def shown(v: float) -> str:
        return percent_text(v) if percent else _short(v)

    periods = "; ".join(f"{p.period}: " + (f"{shown(p.value)}, {p.status}" if p.value is not None
                                            else "no data") for p in points)
    goal = (f"target {shown(targets[0])}" if len(targets) == 1 else
            f"target range {shown(min(targets))} to {shown(max(targets))}" if targets else
            "no target line")
    return f"Trend of {title} against its target ({goal}). {periods}."


PERIOD_SIZE = 7.5
"""The font size of a trend chart's period labels."""


def label_stride(labels: Sequence[str], slot: float, size: float, gap: float = 4.0) -> int:
    """Label every n-th of equally spaced labels so that no two overlap: the smallest n at
    which the widest label, plus ``gap``, fits in n slots."""
    widest = max((text_width(label, size) for label in labels), default=0.0)
    return max(1, math.ceil((widest + gap) / slot)) if slot > 0 else 1


def _polyline(points: list[str]) -> str:
    if len(points) < 2:
        return ""
    return (f'<polyline points="{" ".join(points)}" fill="none" stroke="#333" '
            'stroke-width="1.4"/>')


def _short(v: float) -> str:
    if abs(v) >= 10_000:
        return f"{v / 1000:.0f}k"
    if abs(v) >= 100 or v == int(v):
        return f"{v:.0f}"
    return f"{v:.1f}"


@dataclass(frozen=True)
class StackedBar:
    """One bidder's weighted scores, one value per criterion, in criterion order."""

    label: str
    values: tuple[float, ...]
    highlight: bool = False


def stacked_scores(
    bars: Sequence[StackedBar], criteria: Sequence[str], maximum: float = 100.0,
    width: float = 640,
) -> Markup:
    """A horizontal stacked bar per bidder: its weighted score on each criterion, out of 100."""
    label_w, right, top, row_h = 150.0, 40.0, 10.0, 22.0
    legend_rows = (len(criteria) + 2) // 3
    height = top + row_h * len(bars) + 24 + legend_rows * 15
    plot_w = width - label_w - right
    body: list[str] = []
    for k in range(5):
        xx = label_w + plot_w * k / 4
        body.append(f'<line x1="{n(xx)}" y1="{n(top - 4)}" x2="{n(xx)}" '
                    f'y2="{n(top + row_h * len(bars))}" stroke="#e3e5e8" stroke-width="0.6"/>')
        body.append(text(xx, top + row_h * len(bars) + 11, _short(maximum * k / 4),
                         font_size=8, text_anchor="middle", fill="#555"))
    for r, bar in enumerate(bars):
        yy = top + r * row_h
        weight = "bold" if bar.highlight else "normal"
        body.append(text(label_w - 6, yy + 14, wrap(bar.label, label_w - 10, 9, 1)[0],
                         font_size=9, text_anchor="end", font_weight=weight, fill="#1a1a1a"))
        xx = label_w
        for c, value in enumerate(bar.values):
            w = max(0.0, value) / maximum * plot_w
            body.append(f'<rect x="{n(xx)}" y="{n(yy + 4)}" width="{n(w)}" height="14" '
                        f'fill="{PALETTE[c % len(PALETTE)]}"/>')
            xx += w
        body.append(text(xx + 4, yy + 14, f"{sum(bar.values):.2f}", font_size=8.5,
                         fill="#1a1a1a", font_weight=weight))
    legend_y = top + row_h * len(bars) + 28
    for c, name in enumerate(criteria):
        lx = label_w + (c % 3) * (plot_w / 3)
        ly = legend_y + (c // 3) * 15
        body.append(f'<rect x="{n(lx)}" y="{n(ly - 8)}" width="9" height="9" '
                    f'fill="{PALETTE[c % len(PALETTE)]}"/>')
        body.append(text(lx + 13, ly, wrap(name, plot_w / 3 - 16, 8, 1)[0], font_size=8,
                         fill="#333"))
    bids = "; ".join(
        f"{bar.label}: {sum(bar.values):.2f} ("
        + ", ".join(f"{name} {value:.2f}" for name, value in zip(criteria, bar.values,
                                                                   strict=False)) + ")"
        for bar in bars)
    return document(width, height, body,
                    f"Weighted scores of each bid by criterion, out of {_short(maximum)}. {bids}.")


@dataclass(frozen=True)
class PairedBar:
    """One criterion: this bid's weighted score and the winning bid's, out of ``maximum``."""

    label: str
    own: float
    other: float
    maximum: float


def paired_bars(rows: Sequence[PairedBar], own: str, other: str, width: float = 640) -> Markup:
    """Per criterion, a bar for this bid and one for the winning bid."""
    label_w, right, top, row_h = 170.0, 60.0, 22.0, 30.0
    height = top + row_h * len(rows) + 8
    plot_w = width - label_w - right
    body = [
        f'<rect x="{n(label_w)}" y="3" width="9" height="9" fill="{PALETTE[0]}"/>',
        text(label_w + 13, 11, own, font_size=8.5, fill="#333"),
        f'<rect x="{n(label_w + 150)}" y="3" width="9" height="9" fill="#b8c2cc"/>',
        text(label_w + 163, 11, other, font_size=8.5, fill="#333"),
    ]
    for r, row in enumerate(rows):
        yy = top + r * row_h
        body.append(text(label_w - 6, yy + 14, wrap(row.label, label_w - 10, 9, 1)[0],
                         font_size=9, text_anchor="end", fill="#1a1a1a"))
        scale = plot_w / row.maximum if row.maximum else 0
        body.append(f'<rect x="{n(label_w)}" y="{n(yy + 2)}" width="{n(plot_w)}" height="22" '
                    'fill="#f4f5f7"/>')
        for k, (value, colour) in enumerate(((row.own, PALETTE[0]), (row.other, "#b8c2cc"))):
            body.append(f'<rect x="{n(label_w)}" y="{n(yy + 3 + k * 10)}" '
                        f'width="{n(max(0.0, value) * scale)}" height="9" fill="{colour}"/>')
            body.append(text(label_w + plot_w + 4, yy + 11 + k * 10,
                             f"{_short(value)} / {_short(row.maximum)}", font_size=8,
                             fill="#333"))
    scores = "; ".join(f"{row.label}: {_short(row.own)} against {_short(row.other)} of "
                       f"{_short(row.maximum)}" for row in rows)
    return document(width, height, body, f"{own} against {other}, by criterion. {scores}.")
