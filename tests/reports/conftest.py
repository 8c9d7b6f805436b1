"""Shared fixtures: the spec example ruleset, the fixture results, a real evaluated tender,
and what a hostile bidder or data file may write."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from obcrules.api import CheckedRuleset, check_text
from obcrules.reports import ReportFiles, render_evaluation, render_framework, render_monitoring
from obcrules.tender import demo as tender_demo
from obcrules.tender import workflow, workspace

FIXTURES = Path(__file__).parent / "fixtures"

SPEC_EXAMPLE = (FIXTURES / "continence_care.obc").read_text(encoding="utf-8")


def pdf_text(path: Path) -> str:
    """The extracted text of every page, pages separated by form feeds."""
    return "\f".join(page.extract_text() or "" for page in PdfReader(path).pages)


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
