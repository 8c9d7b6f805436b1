"""The logic model as an SVG diagram, laid out in plain Python.

Columns follow the outcomes ladder — inputs → processes → outputs → interim
outcomes → final outcomes — with the ruleset's themes on the right.
``contributes to`` draws an arrow from one item to another; an item's themes
draw a thin line to each theme. Boxes within a column are ordered by the mean
position of their neighbours (two sweeps of the barycentre heuristic) so that
arrows cross as little as a simple layout allows. An arrow between neighbouring
columns is a curve in the gap between them; one that skips a column runs in the
gaps and crosses the columns between on a lane clear of their boxes, so that no
line passes through a box it does not connect.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from obcrules.model import Item, Ruleset
from obcrules.reports.svg import document, n, text, wrap

COLUMNS = (
    ("input", "Inputs", "#eef1f5", "#5b6770"),
    ("process", "Processes", "#eef1f5", "#5b6770"),
    ("output", "Outputs", "#e8f0f8", "#1f4e79"),
    ("interim", "Interim outcomes", "#e6f3ec", "#236b45"),
    ("final", "Final outcomes", "#d5ebdf", "#1e6b40"),
    ("theme", "Themes", "#fbf1dc", "#7a4d00"),
)
"""Column key, heading, box fill and border colour (also the heading's, so at least 4.5:1
on white), in order left to right."""


@dataclass
class _Box:
    key: str
    title: str
    column: int
    order: float = 0.0
    x: float = 0.0
    y: float = 0.0
    h: float = 0.0
    lines: tuple[str, ...] = ()


def column_of(item: Item) -> str:
    """The ladder column of an item: an outcome without a level is final unless it contributes."""
    if item.kind != "outcome":
        return item.kind
    if item.level:
        return item.level
    return "interim" if item.contributes_to else "final"


def logic_model_svg(ruleset: Ruleset, width: float = 960) -> Markup:
    """The diagram of a ruleset's items, their ``contributes to`` links and themes."""
    boxes: dict[str, _Box] = {}
    edges: list[tuple[str, str, bool]] = []  # (from, to, is_theme_link)
    keys = [c[0] for c in COLUMNS]
    for item in ruleset.items:
        boxes[f"item:{item.name}"] = _Box(f"item:{item.name}", item.title,
                                          keys.index(column_of(item)))
    themes = ruleset.header.themes if ruleset.header else ()
    for theme in themes:
        boxes[f"theme:{theme.name}"] = _Box(f"theme:{theme.name}", theme.title,
                                            keys.index("theme"))
    for item in ruleset.items:
        for ref in item.contributes_to:
            if f"item:{ref.name}" in boxes:
                edges.append((f"item:{item.name}", f"item:{ref.name}", False))
        for ref in item.themes:
            if f"theme:{ref.name}" in boxes:
                edges.append((f"item:{item.name}", f"theme:{ref.name}", True))
    if not boxes:
        return document(width, 40, [text(8, 24, "This ruleset has no items.", font_size=10)],
                        "Logic model")

    used = sorted({b.column for b in boxes.values()})
    slot = {column: i for i, column in enumerate(used)}
    gap = 34.0
    width = min(width, len(used) * 200.0)
    col_w = (width - gap * (len(used) - 1) - 8) / len(used)
    _order(boxes, edges, used)

    top = 34.0
    heights = []
    for column in used:
        y = top
        for box in sorted((b for b in boxes.values() if b.column == column),
                          key=lambda b: b.order):
            box.lines = tuple(wrap(box.title, col_w - 14, 10, 5))
            box.h = 12 + 12.5 * len(box.lines)
            box.x = 4 + slot[column] * (col_w + gap)
            box.y = y
            y += box.h + 14
        heights.append(y)
    paths, lowest = [], max(heights)
    for source, target, thematic in edges:
        a, b = boxes[source], boxes[target]
        low, high = sorted((a.column, b.column))
        between = [box for box in boxes.values() if low < box.column < high]
        d, lane = _route(a, b, col_w, gap, between)
        lowest = max(lowest, lane + 8)
        paths.append(_edge(d, thematic))
    height = lowest + 4

    body: list[str] = ['<defs><marker id="obc-arrow" viewBox="0 0 8 8" refX="7" refY="4" '
                       'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
                       '<path d="M0,0 L8,4 L0,8 z" fill="#444"/></marker></defs>']
    for column in used:
        _key, heading, _fill, stroke = COLUMNS[column]
        cx = 4 + slot[column] * (col_w + gap) + col_w / 2
        body.append(text(cx, 16, heading, font_size=10, font_weight="bold",
                         text_anchor="middle", fill=stroke))
    body.extend(paths)
    for box in boxes.values():
        _key, _heading, fill, stroke = COLUMNS[box.column]
        body.append(f'<rect x="{n(box.x)}" y="{n(box.y)}" width="{n(col_w)}" height="{n(box.h)}" '
                    f'rx="4" fill="{fill}" stroke="{stroke}" stroke-width="1"/>')
        for i, line in enumerate(box.lines):
            body.append(text(box.x + 7, box.y + 17 + 12.5 * i, line, font_size=10,
                             fill="#1a1a1a"))
    links = [f"{boxes[a].title} {'serves' if thematic else 'contributes to'} {boxes[b].title}"
             for a, b, thematic in edges]
    return document(width, height, body, "Logic model: inputs, processes, outputs and "
                    "outcomes, with the themes they serve. " + "; ".join(links))


def _order(boxes: dict[str, _Box], edges: Sequence[tuple[str, str, bool]],
           columns: Sequence[int]) -> None:
    """Barycentre ordering: each box moves towards the mean position of its neighbours."""
    for column in columns:
        for i, box in enumerate(b for b in boxes.values() if b.column == column):
            box.order = float(i)
    neighbours: dict[str, list[str]] = {key: [] for key in boxes}
    for a, b, _thematic in edges:
        neighbours[a].append(b)
        neighbours[b].append(a)
    for sweep in (columns, list(reversed(columns)), columns):
        for column in sweep:
            members = [b for b in boxes.values() if b.column == column]
            for box in members:
                linked = [boxes[k].order for k in neighbours[box.key] if boxes[k].column != column]
                if linked:
                    box.order = sum(linked) / len(linked) + box.order * 1e-3
            for rank, box in enumerate(sorted(members, key=lambda b: b.order)):
                box.order = float(rank)


def _route(a: _Box, b: _Box, col_w: float, gap: float,
           between: Sequence[_Box]) -> tuple[str, float]:
    """The path of an edge from ``a`` to ``b``, and the lowest y it reaches.

    Boxes of one column share its x range and the gaps between columns hold no box,
    so a line crosses a box only where it runs horizontally through a column at the
    height of that box: an edge that skips columns crosses them on a lane (a y)
    clear of every box ``between``, nearest the straight line's height.
    """
    ay, by = a.y + a.h / 2, b.y + b.h / 2
    if b.x == a.x:  # within a column: an arc out to the right, in the gap
        x1 = a.x + col_w
        bulge = x1 + 16
        return (f"M{n(x1)},{n(ay)} C{n(bulge)},{n(ay)} {n(bulge)},{n(by)} "
                f"{n(x1 + 1)},{n(by)}", max(ay, by))
    forward = b.x > a.x
    x1, x2 = (a.x + col_w, b.x) if forward else (a.x, b.x + col_w)
    end = x2 - 1 if forward else x2 + 1
    if not between:  # neighbouring columns: a curve in the gap between them
        mid = (x1 + x2) / 2
        return (f"M{n(x1)},{n(ay)} C{n(mid)},{n(ay)} {n(mid)},{n(by)} {n(end)},{n(by)}",
                max(ay, by))
    lane = _lane((ay + by) / 2, between)
    turn = gap / 2 if forward else -gap / 2
    return (f"M{n(x1)},{n(ay)} H{n(x1 + turn)} V{n(lane)} H{n(x2 - turn)} V{n(by)} "
            f"H{n(end)}", max(ay, by, lane))


def _lane(wanted: float, boxes: Sequence[_Box], margin: float = 4.0) -> float:
    """The height nearest ``wanted`` at which a horizontal line touches none of ``boxes``:
    ``wanted`` itself, or the middle of a space between two boxes, or below them all."""
    def clear(y: float) -> bool:
        return all(not (b.y - margin <= y <= b.y + b.h + margin) for b in boxes)

    candidates = [wanted, *(b.y - 7 for b in boxes), *(b.y + b.h + 7 for b in boxes)]
    return min((y for y in candidates if clear(y) and y > 22), key=lambda y: abs(y - wanted))


def _edge(d: str, thematic: bool) -> str:
    if thematic:
        return f'<path d="{d}" fill="none" stroke="#c9a35b" stroke-width="0.9"/>'
    return (f'<path d="{d}" fill="none" stroke="#444" stroke-width="1.1" '
            'marker-end="url(#obc-arrow)"/>')
