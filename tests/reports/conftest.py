"""Shared fixtures: the spec example ruleset, the fixture results, a real evaluated tender,
and what a hostile bidder or data file may write."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from obcrules.api import CheckedRuleset, check_text
from obcrules.reports import ReportFiles, render_evaluation, render_framework, render_monitoring
from obcrules.tender import demo as tender_demo
from obcrules.tender import workflow, workspace

FIXTURES = Path(__file__).parent / "fixtures"

SPEC_EXAMPLE = (FIXTURES / "continence_care.obc").read_text(encoding="utf-8")


def pdf_text(path: Path) -> str:
    """The extracted text of every page, pages separated by form feeds."""
    return "\f".join(page.extract_text() or "" for page in PdfReader(path).pages)


@dataclass(frozen=True)
class PageText:
    """One PDF page: its size, its text, and where each piece of the page's own text runs
    (``x0`` to ``x1``, in points from the left edge; text inside charts is left out)."""

    width: float
    height: float
    text: str
    runs: list[tuple[float, float, float]]
    """``(x0, x1, y)`` of each run."""

    def off_page(self, margin: float = 0.0) -> list[tuple[float, float, float]]:
        """The runs that start before, or end after, ``margin`` points in from an edge."""
        return [r for r in self.runs if r[0] < margin or r[1] > self.width - margin]

    def overlapping(self) -> list[tuple[tuple[float, float, float], tuple[float, float, float]]]:
        """Pairs of runs on the same line that are drawn over each other (by more than a
        point): the text of one table cell running into the next."""
        found = []
        for i, a in enumerate(self.runs):
            for b in self.runs[i + 1:]:
                if abs(a[2] - b[2]) < 1 and min(a[1], b[1]) - max(a[0], b[0]) > 1:
                    found.append((a, b))
        return found


def pdf_layout(path: Path) -> list[PageText]:
    """Each page's text and the horizontal extent of every text run drawn on it.

    A run's extent is worked out from the glyph widths of its font (``/W``), its size
    and the text matrix, as a PDF viewer places it. Runs inside form XObjects (the
    SVG charts, which pypdf visits without the page's transform) are left out.
    """
    pages = []
    for page in PdfReader(path).pages:
        runs = _Runs(page["/Resources"]["/Font"])
        text = page.extract_text(visitor_operand_before=runs.visit)
        box = page.mediabox
        pages.append(PageText(float(box.width), float(box.height), text, runs.runs))
    return pages


class _Runs:
    """The extent of each text run of one page, as pypdf visits its operators."""

    def __init__(self, fonts: Any) -> None:
        self.fonts = fonts
        self.widths: dict[int, float] = {}
        self.default = 1000.0
        self.size = 0.0
        self.runs: list[tuple[float, float, float]] = []

    def visit(self, op: bytes, args: list[Any], cm: list[float], tm: list[float]) -> None:
        if op == b"Tf":
            self.widths, self.default = _widths(self.fonts[args[0]])
            self.size = float(args[1])
        elif op == b"TJ" and cm[3] < 0:  # the page's own text, not a chart's
            thousandths = sum(
                sum(self.widths.get(int.from_bytes(item[i:i + 2], "big"), self.default)
                    for i in range(0, len(item), 2)) if isinstance(item, bytes)
                else -float(item) for item in args[0])
            x0 = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            self.runs.append((x0, x0 + thousandths / 1000 * self.size * tm[0] * cm[0], y))


def _widths(font: Any) -> tuple[dict[int, float], float]:
    """A CID font's glyph widths and default width (in thousandths of the size), from its
    ``/W`` array and ``/DW``."""
    descendant = font.get_object()["/DescendantFonts"][0].get_object()
    widths: dict[int, float] = {}
    items = list(descendant.get("/W", []))
    i = 0
    while i < len(items):
        first = int(items[i])
        if isinstance(items[i + 1], list | ArrayObject):
            for offset, width in enumerate(items[i + 1]):
                widths[first + offset] = float(width)
            i += 2
        else:
            for cid in range(first, int(items[i + 1]) + 1):
                widths[cid] = float(items[i + 2])
            i += 3
    return widths, float(descendant.get("/DW", 1000))


def struct_elements(reader: PdfReader) -> list[DictionaryObject]:
    """Every structure element of a tagged PDF, depth first from its StructTreeRoot."""
    found: list[DictionaryObject] = []
    pending: list[Any] = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while pending:
        node = pending.pop().get_object()
        if not isinstance(node, DictionaryObject):
            continue  # a marked-content id
        if node.get("/Type") == "/StructElem":
            found.append(node)
        kids = node.get("/K")
        if node.get("/Type") in ("/OBJR", "/MCR") or kids is None:
            continue
        pending.extend(reversed(kids) if isinstance(kids, list) else [kids])
    return found


PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
PDFAID = "http://www.aiim.org/pdfa/ns/id/"


def xmp_properties(reader: PdfReader) -> dict[str, str]:
    """The simple properties of a PDF's XMP packet, by ``{namespace}name``: those written as
    attributes of an ``rdf:Description`` and as its text-only children."""
    stream = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    found: dict[str, str] = {}
    for description in ElementTree.fromstring(stream).iter(f"{{{RDF}}}Description"):
        found.update(description.attrib)
        found.update({child.tag: child.text for child in description if child.text
                      and not len(child)})
    return found


RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def load(name: str) -> dict[str, Any]:
    """A fixture result as a dict."""
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="session")
def checked() -> CheckedRuleset:
    """The language spec's example ruleset, checked against the installed plugins."""
    pytest.importorskip("obcrules_adult_social_care")
    result = check_text(SPEC_EXAMPLE, "continence_care.obc")
    assert result.ok, [d.message for d in result.diagnostics]
    return result


@pytest.fixture(scope="session")
def evaluated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace in which the demo's sample tender was evaluated (out/evaluation.json)."""
    root = tmp_path_factory.mktemp("tender") / "demo"
    ruleset = FIXTURES / "continence_care.obc"
    sample = tender_demo.build_sample_tender(root, ruleset, "lot1", ["P01", "P02", "P03", "P04"])
    workflow.init_workspace(root, ruleset, "lot1", sample.evaluators)
    ws = workspace.open_workspace(root)
    workflow.write_bid_forms(ws)
    workflow.write_sheets(ws)
    workflow.run_evaluation(ws)
    return root


@pytest.fixture(scope="session")
def published(checked: CheckedRuleset,
              tmp_path_factory: pytest.TempPathFactory) -> dict[str, ReportFiles]:
    """Every kind of report, as published (PDF/UA-1), rendered once: ``framework``,
    ``evaluation``, ``feedback`` (the first bidder's summary) and ``monitoring``."""
    out = tmp_path_factory.mktemp("published")
    evaluation, feedback, *_ = render_evaluation(FIXTURES / "evaluation.json", out)
    return {"framework": render_framework(checked, out),
            "evaluation": evaluation, "feedback": feedback,
            "monitoring": render_monitoring(FIXTURES / "monitoring.json", out)}


HOSTILE = [
    '<img src="file:///etc/passwd">',
    "<script>alert(1)</script>",
    '<div style="background: url(https://evil.example/x.png)">x</div>',
    "<style>@import url(https://evil.example/a.css);</style>",
    '<link rel="stylesheet" href="https://evil.example/b.css">',
    '<object data="file:///etc/shadow"></object>',
    "{{ 7 * 7 }}{% raw %}",
]
"""What a bidder or a data file may write to attack a report: markup, fetches, template syntax."""
