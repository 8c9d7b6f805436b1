"""Report sections that plugins add (`obcrules.reports.sections`): rendered after the core's,
a failing one says so, two plugins may ship templates of the same name, and a feedback
section sees no other losing bidder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import obcrules.builtin
from obcrules import hookimpl
from obcrules.plugins.declarations import ReportSectionDecl
from obcrules.plugins.manager import make_plugin_manager
from obcrules.reports import render_evaluation, render_monitoring
from obcrules.results import FeedbackDocument, ReportDocument
from tests.reports.conftest import FIXTURES


class _SpyFeedback:
    """A plugin section on the feedback report that records what it was given."""

    __version__ = "1.0"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.seen: list[FeedbackDocument] = []

    @hookimpl
    def register_report_sections(self) -> list[ReportSectionDecl]:
        def context(document: ReportDocument) -> dict[str, Any]:
            assert document["schema"] == "obcrules.feedback/1"
            self.seen.append(document)
            return {}

        return [ReportSectionDecl(name="spy", title="Spy", report="feedback",
                                  template="spy.html.j2", template_dir=self.folder,
                                  context=context)]


def test_a_feedback_section_sees_no_other_losing_bidder(evaluated: Path, tmp_path: Path) -> None:
    folder = tmp_path / "spy"
    folder.mkdir()
    (folder / "spy.html.j2").write_text("<p>spy</p>", encoding="utf-8")
    spy = _SpyFeedback(folder)
    # registered as the service the ruleset names, so its section is in scope
    registry = make_plugin_manager(entry_points=False, extra={
        "core": obcrules.builtin, "adult_social_care": spy})
    result_path = evaluated / "out" / "evaluation.json"
    result = json.loads(result_path.read_text(encoding="utf-8"))
    assert "adult_social_care" in result["plugins"]
    written = render_evaluation(result_path, tmp_path / "out", pdf=False, registry=registry)
    assert len(written) == len(result["bids"]) + 1
    assert len(spy.seen) == len(result["bids"])  # one summary per bidder, each with the spy
    losers = [b for b in result["bids"] if b["bidder"] != result["winner"]]
    assert [seen["for_bidder"] for seen in spy.seen] == [b["bidder"] for b in result["bids"]]
    for seen in spy.seen:
        own = seen["for_bidder"]
        text = json.dumps(seen)
        for other in losers:
            if other["bidder"] != own:
                assert other["bidder"] not in text, (own, other["bidder"])
                assert other["file"] not in text, (own, other["file"])


class _FunnelPlugin:
    """A plugin that adds a recovery funnel to the monitoring report."""

    __version__ = "9.9"

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @hookimpl
    def register_report_sections(self) -> list[ReportSectionDecl]:
        def context(document: ReportDocument) -> dict[str, Any] | None:
            assert document["schema"] == "obcrules.monitoring/1"
            referred = len(document["results"])
            return {"stages": [("Referred", referred), ("Recovered", referred // 2)]}

        return [ReportSectionDecl(name="funnel", title="Recovery funnel", report="monitoring",
                                  template="funnel.html.j2", template_dir=self.folder,
                                  context=context)]


def test_plugin_section_renders_after_the_core(tmp_path: Path) -> None:
    folder = tmp_path / "plugin_templates"
    folder.mkdir()
    (folder / "funnel.html.j2").write_text(
        "<ol class=\"funnel\">{% for stage, n in data.stages %}<li>{{ stage }}: {{ n }}</li>"
        "{% endfor %}</ol>", encoding="utf-8")
    registry = make_plugin_manager(entry_points=False, extra={
        "core": obcrules.builtin, "core_test_funnel": _FunnelPlugin(folder)})
    result_path = tmp_path / "monitoring.json"
    text = (FIXTURES / "monitoring.json").read_text(encoding="utf-8")
    result_path.write_text(text.replace('"core": "0.1.0"',
                                        '"core": "0.1.0", "core_test_funnel": "9.9"'))
    files = render_monitoring(result_path, tmp_path / "out", registry=registry)
    html = files.html.read_text(encoding="utf-8")
    assert ">Recovery funnel</h2>" in html
    assert "<li>Referred: 32</li>" in html
    assert html.index("Recovery funnel</h2>") < html.index(">Audit appendix</h2>")
    assert 'href="#section-core-test-funnel-funnel"' in html


def test_plugin_section_that_fails_says_so(tmp_path: Path) -> None:
    def broken(document: ReportDocument) -> dict[str, Any]:
        raise KeyError("referrals")

    class Broken:
        @hookimpl
        def register_report_sections(self) -> list[ReportSectionDecl]:
            return [ReportSectionDecl(name="broken", title="Broken section", report="monitoring",
                                      template="x.html.j2", template_dir=tmp_path,
                                      context=broken)]

    registry = make_plugin_manager(entry_points=False, extra={"core": obcrules.builtin,
                                                              "brk": Broken()})
    path = tmp_path / "monitoring.json"
    path.write_text((FIXTURES / "monitoring.json").read_text().replace(
        '"core": "0.1.0"', '"brk": "1", "core": "0.1.0"'))
    html = render_monitoring(path, tmp_path / "out", registry=registry, pdf=False
                             ).html.read_text(encoding="utf-8")
    assert "could not be produced by the brk plugin: KeyError" in html


def test_two_plugins_may_ship_templates_of_the_same_name(tmp_path: Path) -> None:
    def plugin(label: str):  # type: ignore[no-untyped-def]
        folder = tmp_path / label
        folder.mkdir()
        (folder / "section.html.j2").write_text(f"<p>{label} says {{{{ data.n }}}}</p>",
                                                encoding="utf-8")

        class Plugin:
            @hookimpl
            def register_report_sections(self) -> list[ReportSectionDecl]:
                return [ReportSectionDecl(name=label, title=f"Section {label}",
                                          report="monitoring", template="section.html.j2",
                                          template_dir=folder,
                                          context=lambda result: {"n": len(label)})]

        return Plugin()

    registry = make_plugin_manager(entry_points=False, extra={
        "core": obcrules.builtin, "alpha": plugin("alpha"), "beta": plugin("beta")})
    path = tmp_path / "monitoring.json"
    path.write_text((FIXTURES / "monitoring.json").read_text().replace(
        '"core": "0.1.0"', '"alpha": "1", "beta": "1", "core": "0.1.0"'))
    mine = tmp_path / "mine" / "beta"
    mine.mkdir(parents=True)
    (mine / "section.html.j2").write_text("<p>beta, as the county wants it</p>",
                                          encoding="utf-8")
    html = render_monitoring(path, tmp_path / "out", registry=registry, pdf=False
                             ).html.read_text(encoding="utf-8")
    assert "<p>alpha says 5</p>" in html and "<p>beta says 4</p>" in html
    # a user overrides one plugin's template by name: beta/section.html.j2 in --templates
    override = render_monitoring(path, tmp_path / "out2", registry=registry, pdf=False,
                                 templates=tmp_path / "mine").html.read_text(encoding="utf-8")
    assert "<p>alpha says 5</p>" in override
    assert "<p>beta, as the county wants it</p>" in override
