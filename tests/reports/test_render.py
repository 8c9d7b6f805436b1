"""Jinja (`obcrules.reports.render`): user templates override by name, names are strict, the
environment is sandboxed and autoescapes, so whatever a bidder or a data file writes is text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jinja2 import UndefinedError
from jinja2.exceptions import SecurityError

import obcrules.builtin
from obcrules.reports import render_evaluation, render_monitoring
from obcrules.reports.pdf import ASSETS, AssetFetcher
from obcrules.reports.render import make_environment
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
