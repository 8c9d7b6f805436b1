"""Jinja (`obcrules.reports.render`): user templates override by name, names are strict, the
environment is sandboxed and autoescapes, so whatever a bidder or a data file writes is text;
the HTML it renders has landmarks, headings in order, captioned tables, statuses told by more
than colour, and text colours of WCAG 2.2 AA contrast."""

from __future__ import annotations

import itertools
import json
import os
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from jinja2 import UndefinedError
from jinja2.exceptions import SecurityError

import obcrules.builtin
from obcrules.reports import ReportFiles, render_evaluation, render_monitoring
from obcrules.reports.pdf import ASSETS, AssetFetcher
from obcrules.reports.render import CORE_TEMPLATES, make_environment
from tests.reports.conftest import FIXTURES, HOSTILE, load, pdf_text


def test_user_template_overrides_core_by_name(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "macros.html.j2").write_text(
        (Path(obcrules.reports.render.CORE_TEMPLATES) / "macros.html.j2").read_text()
        .replace("<table class=\"data audit\">", "<p>Audited by the county.</p>"
                 "<table class=\"data audit\">"), encoding="utf-8")
    files = render_evaluation(FIXTURES / "evaluation.json", tmp_path / "out", pdf=False,
                              templates=templates)
    assert "Audited by the county." in files[0].html.read_text(encoding="utf-8")


def test_undefined_names_fail_loudly() -> None:
    env = make_environment()
    with pytest.raises(UndefinedError):
        env.from_string("{{ report.no_such_thing }}").render(report={})


def test_user_templates_are_sandboxed() -> None:
    env = make_environment()
    with pytest.raises(SecurityError):
        env.from_string("{{ ''.__class__.__mro__[1].__subclasses__() }}").render()


def test_autoescape_is_on() -> None:
    assert make_environment().from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"


def _hostile_evaluation(tmp_path: Path) -> Path:
    result = load("evaluation.json")
    for i, bid in enumerate(result["bids"]):
        bid["reasons"] = [*bid["reasons"], *HOSTILE]
        bid["flags"] = [*bid["flags"], HOSTILE[i % len(HOSTILE)]]
    result["moderation"][1]["justification"] = " ".join(HOSTILE)
    # the winner's reasons and working are in every summary as well as the report
    scores = result["bids"][0]["scores"]
    scores["approach"]["reasons"][0]["text"] = " ".join(HOSTILE)
    scores["approach"]["reasons"][1]["by"] = HOSTILE[1]
    scores["price"]["working"]["calculation"] = HOSTILE[0]
    scores["ambition"]["working"]["targets"][0]["offered"] = HOSTILE[2]
    path = tmp_path / "evaluation.json"
    path.write_text(json.dumps(result), encoding="utf-8")
    return path


def test_hostile_bid_renders_as_text_and_fetches_nothing(tmp_path: Path) -> None:
    fetcher = AssetFetcher()
    written = render_evaluation(_hostile_evaluation(tmp_path), tmp_path / "out", fetcher=fetcher)
    html = written[0].html.read_text(encoding="utf-8")
    for attack in HOSTILE[:-1]:
        assert attack not in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html
    assert "<script>" not in html
    assert "{{ 7 * 7 }}{% raw %}" in html  # template syntax in data stays inert text
    assert fetcher.refused == []
    assert fetcher.requests, "the bundled fonts are fetched through the fetcher"
    assert all(url.startswith(ASSETS.as_uri() + "/fonts/") for url in fetcher.requests)
    assert written[0].pdf is not None
    text = "".join(pdf_text(written[0].pdf).split())
    assert "".join(['<img', 'src="file:///etc/passwd">']) in text
    for summary in written[1:]:  # the winner's reasons reach every bidder, as text
        html = summary.html.read_text(encoding="utf-8")
        assert "<script>" not in html and "<img" not in html and "<div style" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_hostile_data_file_in_monitoring(tmp_path: Path) -> None:
    result = load("monitoring.json")
    result["data_quality"].append({"provider": "Provider A", "table": "<b>people</b>",
                                   "file": "<b>people.csv</b>", "row": 3, "period": "2025-Q1",
                                   "field": "age", "problem": HOSTILE[0]})
    result["results"][0]["provider"] = 'Provider A<img src="http://evil.example/p.png">'
    path = tmp_path / "monitoring.json"
    path.write_text(json.dumps(result), encoding="utf-8")
    fetcher = AssetFetcher()
    files = render_monitoring(path, tmp_path / "out", fetcher=fetcher)
    html = files.html.read_text(encoding="utf-8")
    assert "<img" not in html and "<b>people" not in html
    assert fetcher.refused == []
    assert all(url.startswith(ASSETS.as_uri()) for url in fetcher.requests)


# ---------- accessible HTML (WCAG 2.2 AA) ----------

class _Outline(HTMLParser):
    """The landmarks, headings and tables of a report's HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.headings: list[int] = []
        self.tables: list[dict[str, bool]] = []
        self.headers_without_scope = 0
        self._table_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.headings.append(int(tag[1]))
        elif tag == "table":
            self.tables.append({"data": "data" in (dict(attrs).get("class") or "").split(),
                                "caption": False})
        elif tag == "caption":
            self.tables[-1]["caption"] = True
        elif tag == "th" and "scope" not in dict(attrs):
            self.headers_without_scope += 1


@pytest.fixture(scope="module")
def outlines(published: dict[str, ReportFiles]) -> dict[str, _Outline]:
    found = {}
    for kind, files in published.items():
        outline = _Outline()
        outline.feed(files.html.read_text(encoding="utf-8"))
        found[kind] = outline
    return found


REPORTS = ("framework", "evaluation", "feedback", "monitoring")


@pytest.mark.parametrize("kind", REPORTS)
def test_landmarks_headings_in_order_and_captioned_tables(outlines: dict[str, _Outline],
                                                          kind: str) -> None:
    """WCAG 1.3.1 and 2.4.6: one ``main``, a banner and a navigation; one ``h1`` and no level
    skipped on the way down; every data table captioned and every header cell scoped."""
    outline = outlines[kind]
    assert outline.tags.count("main") == 1
    assert outline.tags.count("header") == 1 and outline.tags.count("nav") == 1
    assert outline.headings[0] == 1 and outline.headings.count(1) == 1
    for before, after in itertools.pairwise(outline.headings):
        assert after <= before + 1, f"h{before} is followed by h{after}"
    data = [t for t in outline.tables if t["data"]]
    assert data and all(t["caption"] for t in data)
    assert outline.headers_without_scope == 0


def test_a_status_is_told_by_a_symbol_and_a_word(published: dict[str, ReportFiles]) -> None:
    """WCAG 1.4.1: met and missed are not told by colour alone, in the status column nor in
    the table of periods."""
    html = published["monitoring"].html.read_text(encoding="utf-8")
    assert '<span class="mark" aria-hidden="true">✓</span> met</span>' in html
    assert '<span class="mark" aria-hidden="true">✗</span> missed</span>' in html
    assert re.search(r'<td class="num cell-met"><span class="mark" role="img" '
                     r'aria-label="met">✓</span> [\d.]+%</td>', html)
    assert re.search(r'<td class="num cell-missed"><span class="mark" role="img" '
                     r'aria-label="missed">✗</span> [\d.]+%</td>', html)


def _luminance(colour: str) -> float:
    hex_digits = colour.lstrip("#")
    if len(hex_digits) == 3:
        hex_digits = "".join(c * 2 for c in hex_digits)
    channels = [int(hex_digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """The WCAG 2 contrast ratio of two sRGB colours written ``#rgb`` or ``#rrggbb``."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_is_computed_as_wcag_defines_it() -> None:
    assert round(contrast("#000", "#fff"), 2) == 21.0
    assert round(contrast("#8a8f98", "#ffffff"), 2) == 3.25  # the old provenance line


def test_every_text_colour_of_the_stylesheet_meets_wcag_aa() -> None:
    """WCAG 1.4.3: every ``color`` of report.css against the rule's own background, or, where
    it has none, against white and every background the stylesheet paints (text may sit on
    any of them), at least 4.5:1: the reports' text is small."""
    css = (CORE_TEMPLATES / "report.css").read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules = [(selector.strip(), body) for selector, body in
             re.findall(r"([^{}]+)\{([^{}]*)\}", css)]
    colour = r"(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})\b"
    backgrounds = {"#ffffff"} | {m for _s, body in rules
                                 for m in re.findall(r"background:\s*" + colour, body)}
    checked = []
    for selector, body in rules:
        text = re.search(r"(?<![-\w])color:\s*" + colour, body)
        if text is None:
            continue
        own = re.search(r"background:\s*" + colour, body)
        for background in [own.group(1)] if own else sorted(backgrounds):
            ratio = contrast(text.group(1), background)
            checked.append(selector)
            assert ratio >= 4.5, (f"{selector}: {text.group(1)} on {background} is "
                                  f"{ratio:.2f}:1")
    assert {".cover .provenance", "td.cell-no-data", ".status-not-yet-due"} <= set(checked)


# ---------- axe-core in a real browser ----------

AXE = FIXTURES / "axe-core" / "axe.min.js"
AXE_VERSION = "4.14.1"
CHROMIUM = Path("/usr/bin/chromium")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
"""What Chromium needs on a machine with no network but the package registries."""


@pytest.fixture(scope="module")
def browser_page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A page of Debian's Chromium driven by Playwright (no browser download), offline.

    Skipped with a reason where Chromium or Playwright is missing; under CI (``CI=true``)
    their absence fails instead, since .ci/run installs both.
    """
    problem = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        problem = "Playwright is not installed (pip install playwright)"
    if problem is None and not CHROMIUM.is_file():
        problem = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if problem is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"axe-core check not run under CI: {problem}")
        pytest.skip(f"axe-core check not run: {problem}")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(CHROMIUM),
            headless=True, args=CHROMIUM_FLAGS, offline=True)
        page = context.new_page()
        page.route("**/*", lambda route: route.abort())  # a report fetches nothing
        yield page
        context.close()


@pytest.mark.parametrize("kind", REPORTS)
def test_axe_core_finds_no_wcag_2_2_aa_violation(browser_page: Any,
                                                 published: dict[str, ReportFiles],
                                                 kind: str) -> None:
    """axe-core, a checker we did not write, on each report as a browser renders it."""
    assert f"axe v{AXE_VERSION}" in AXE.read_text(encoding="utf-8")[:40]
    browser_page.set_content(published[kind].html.read_text(encoding="utf-8"))
    browser_page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = browser_page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    violations = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
                  for v in result["violations"]]
    assert violations == [], violations
    assert result["passes"], "axe ran no check"
