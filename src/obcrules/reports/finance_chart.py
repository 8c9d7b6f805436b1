"""The finance section's chart: each scenario's outcome payments added up over the term.

Drawn with the reports' SVG helpers (`obcrules.reports.svg`), one line per scenario; lines
differ by dash as well as colour, so the chart reads in greyscale, and its alternative text
gives every figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from obcrules.reports.charts import PERIOD_SIZE, label_stride
from obcrules.reports.svg import PALETTE, document, n, nice_ticks, text, text_width

DASHES = ("", "6 3", "2 2", "8 3 2 3", "1 3")
"""A dash pattern per series, in order."""


@dataclass(frozen=True)
class Series:
    """One scenario's running total, period by period, and how it is labelled."""

    label: str
    values: tuple[float, ...]
    shown: tuple[str, ...]
    """The values as the table shows them (``£183,000``), for the alternative text."""


def cash_flow_chart(title: str, periods: Sequence[str], series: Sequence[Series],
                    limit: tuple[float, str] | None = None, width: float = 640,
                    height: float = 260) -> Markup:
    """Lines of each scenario's cumulative payments per period; ``limit`` (a value and its
    label, e.g. the amount at risk) as a dashed line."""
    left, right, top, bottom = 62.0, 12.0, 26.0, 46.0 + 14.0 * ((len(series) + 1) // 2)
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for s in series for v in s.values] + ([limit[0]] if limit else []) + [0.0]
    ticks = nice_ticks(0.0, max(values) or 1.0)
    low, high = ticks[0], ticks[-1]

    def y(v: float) -> float:
        return top + plot_h - (v - low) / ((high - low) or 1) * plot_h

    step = plot_w / max(1, len(periods))

    def x(i: int) -> float:
        return left + step * (i + 0.5)

    body = [text(4, 15, title, font_size=10.5, font_weight="bold", fill="#1a1a1a")]
    for v in ticks:
        body.append(f'<line x1="{n(left)}" y1="{n(y(v))}" x2="{n(width - right)}" '
                    f'y2="{n(y(v))}" stroke="#e3e5e8" stroke-width="0.6"/>')
        body.append(text(left - 4, y(v) + 3, _short(v), font_size=8, text_anchor="end",
                         fill="#555"))
    every = label_stride(periods, step, PERIOD_SIZE)
    for i, period in enumerate(periods):
        if (len(periods) - 1 - i) % every == 0:
            body.append(text(x(i), top + plot_h + 13, period, font_size=PERIOD_SIZE,
                             text_anchor="middle", fill="#555"))
    if limit is not None:
        body.append(f'<line x1="{n(left)}" y1="{n(y(limit[0]))}" x2="{n(width - right)}" '
                    f'y2="{n(y(limit[0]))}" stroke="#b03a2e" stroke-width="1" '
                    'stroke-dasharray="3 3"/>')
        body.append(text(width - right, y(limit[0]) - 3, limit[1], font_size=7.5,
                         text_anchor="end", fill="#b03a2e"))
    for k, line in enumerate(series):
        colour, dash = PALETTE[k % len(PALETTE)], DASHES[k % len(DASHES)]
        points = " ".join(f"{n(x(i))},{n(y(v))}" for i, v in enumerate(line.values))
        pattern = f' stroke-dasharray="{dash}"' if dash else ""
        body.append(f'<polyline points="{points}" fill="none" stroke="{colour}" '
                    f'stroke-width="1.6"{pattern}/>')
        lx = left + (k % 2) * plot_w / 2
        ly = top + plot_h + 30 + 14 * (k // 2)
        body.append(f'<line x1="{n(lx)}" y1="{n(ly - 3)}" x2="{n(lx + 22)}" y2="{n(ly - 3)}" '
                    f'stroke="{colour}" stroke-width="1.6"{pattern}/>')
        label = line.label
        while text_width(label, 8) > plot_w / 2 - 30 and len(label) > 4:
            label = label[:-2] + "…"
        body.append(text(lx + 26, ly, label, font_size=8, fill="#333"))
    body.append(f'<line x1="{n(left)}" y1="{n(top + plot_h)}" x2="{n(width - right)}" '
                f'y2="{n(top + plot_h)}" stroke="#999" stroke-width="0.8"/>')
    return document(width, height, body, cash_flow_description(title, periods, series))


def cash_flow_description(title: str, periods: Sequence[str], series: Sequence[Series]) -> str:
    """What the chart shows, in words: its alternative text."""
    parts = [f"{s.label}: " + "; ".join(f"{p} {v}" for p, v in zip(periods, s.shown,
                                                                    strict=True))
             for s in series]
    return f"{title}, added up period by period. " + ". ".join(parts) + "."


def _short(v: float) -> str:
    if abs(v) >= 1_000_000:
        return f"{v / 1_000_000:g}m"
    if abs(v) >= 1_000:
        return f"{v / 1_000:g}k"
    return f"{v:g}"
