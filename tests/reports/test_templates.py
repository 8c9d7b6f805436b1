"""Template lookup: user overrides by name, plugin sections, strictness and the sandbox."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from jinja2 import UndefinedError
from jinja2.exceptions import SecurityError

import obcrules.builtin
from obcrules.plugins.declarations import ReportSectionDecl
from obcrules.plugins.hookspecs import hookimpl
from obcrules.plugins.manager import make_plugin_manager
from obcrules.reports import render_evaluation, render_monitoring
from obcrules.reports.render import make_environment
from obcrules.results import ReportDocument
from tests.reports.conftest import FIXTURES


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


def test_a_broken_user_template_is_named_not_a_traceback(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from obcrules.cli import main

    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "framework.html.j2").write_text("{% if %}", encoding="utf-8")
    ruleset = Path(__file__).parents[2] / "rulesets" / "continence.obc"
    result = CliRunner().invoke(main, ["report", "framework", str(ruleset), "--out",
                                       str(tmp_path / "out"), "--templates", str(folder),
                                       "--no-pdf"])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert f"the report template {folder / 'framework.html.j2'}:1 could not be rendered: " \
        "Expected an expression, got 'end of statement block'" in result.output


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
