"""A tiny SVG writer: escaped text, wrapped labels and fixed-precision numbers.

Charts and diagrams are drawn as inline SVG by plain Python (no graphviz, no
browser), and every string that reaches them is escaped here, so a bidder's name
in a chart is as harmless as in a table. Numbers are written with fixed
precision so the same input gives the same bytes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont
from markupsafe import Markup, escape

CHAR_WIDTH = 0.58
"""Average advance of a DejaVu Sans character, as a fraction of the font size."""

PALETTE = ("#1f4e79", "#2e8b57", "#c77d00", "#7b3f99", "#b03a2e", "#3d8fb5", "#8a6d3b",
           "#5b6770")
"""Series colours: distinguishable in print and in greyscale by lightness order."""

STATUS_COLOURS = {"met": "#2e8b57", "missed": "#b03a2e", "no data": "#8a8f98",
                  "not yet due": "#c9ccd1"}


FONT = Path(__file__).resolve().parent / "assets" / "fonts" / "DejaVuSans.ttf"
"""The font the PDF draws chart text in; labels are measured in it."""


@cache
def _advances() -> tuple[dict[int, int], float]:
    font = TTFont(FONT, lazy=True)
    metrics = font["hmtx"].metrics
    widths = {code: metrics[glyph][0] for code, glyph in font.getBestCmap().items()}
    return widths, float(font["head"].unitsPerEm)


def text_width(content: str, size: float) -> float:
    """The advance width of ``content`` set in DejaVu Sans at ``size``, from the font itself."""
    widths, units = _advances()
    fallback = widths.get(ord("M"), units)
    return sum(widths.get(ord(c), fallback) for c in content) * size / units


def nice_ticks(low: float, high: float, most: int = 6) -> list[float]:
    """Round tick values (1, 2, 2.5 or 5 times a power of ten apart) that cover low–high."""
    if high <= low:
        high = low + 1
    raw = (high - low) / (most - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.floor(low / step + 1e-9) * step
    ticks = [start]
    while ticks[-1] < high - 1e-9:
        ticks.append(round(start + step * len(ticks), 10))
    return ticks


def n(value: float) -> str:
    """A coordinate with at most one decimal place, without a trailing ``.0``."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def attrs(**values: str | float | int) -> str:
    """``key="value"`` pairs, underscores in names becoming hyphens, values escaped."""
    parts = []
    for key, value in values.items():
        text = n(value) if isinstance(value, float) else str(value)
        parts.append(f'{key.rstrip("_").replace("_", "-")}="{escape(text)}"')
    return " ".join(parts)


def text(x: float, y: float, content: str, **extra: str | float | int) -> str:
    """A ``<text>`` element with escaped content."""
    return f"<text {attrs(x=x, y=y, **extra)}>{escape(content)}</text>"


def wrap(content: str, width: float, size: float, max_lines: int = 4) -> list[str]:
    """Split ``content`` into lines that fit ``width`` at font ``size``; ellipsis when cut."""
    limit = max(4, int(width / (size * CHAR_WIDTH)))
    lines: list[str] = []
    current = ""
    for word in content.split():
        while len(word) > limit:  # a very long word is split where it must be
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:limit])
            word = word[limit:]
        candidate = f"{current} {word}".strip()
        if len(candidate) <= limit:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: limit - 1].rstrip() + "…"
    return lines or [""]


def group(body: Iterable[str], **shared: str | float | int) -> str:
    """A ``<g>`` whose attributes its children share (SVG passes them down), so that they
    are written, parsed and cascaded once rather than on every child."""
    inner = "".join(body)
    return f"<g {attrs(**shared)}>{inner}</g>" if inner else ""


def document(width: float, height: float, body: Iterable[str], label: str) -> Markup:
    """A complete ``<svg>`` element, sized by its viewBox and labelled for screen readers.

    The label is the ``<title>``, the one name both a browser (SVG-AAM) and the PDF
    (the Figure's ``/Alt``) take; an ``aria-label`` as well would only repeat it,
    and every chart's description is parsed by the PDF step.
    """
    inner = "".join(body)
    head = attrs(
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {n(width)} {n(height)}",
        width=f"{n(width)}",
        height=f"{n(height)}",
        role="img",
        font_family="OBC Sans, DejaVu Sans, sans-serif",
    )
    return Markup(f"<svg {head}><title>{escape(label)}</title>{inner}</svg>")  # noqa: S704  # every part is escaped above
