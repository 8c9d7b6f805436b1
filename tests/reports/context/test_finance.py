"""The finance section of the framework and monitoring reports
(`obcrules.reports.context.finance`): its figures, its accessible tables and its chart."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from obcrules import api
from obcrules.reports import render_framework, render_monitoring
from obcrules.reports.context.finance import finance_view
from obcrules.reports.finance_chart import Series, cash_flow_chart
from tests.reports.test_render import _Outline

RULESETS = Path(__file__).parents[3] / "rulesets"


def section(html: str) -> str:
    start = html.index('<section id="finance"')
    return html[start:html.index("</section>", start) + len("</section>")]


@pytest.fixture(scope="module")
def framework(tmp_path_factory: pytest.TempPathFactory) -> str:
    checked = api.load_ruleset(RULESETS / "rough_sleeping_pbr.obc")
    files = render_framework(checked, tmp_path_factory.mktemp("framework"), pdf=False)
    return files.html.read_text(encoding="utf-8")


def test_the_framework_shows_liability_scenarios_and_the_investors(framework: str) -> None:
    html = section(framework)
    assert '<a href="#finance">' in framework
    assert "£3,000 × 240 people (30 per quarter, × 8 quarters) = £720,000" in html
    assert "The rate card fits the money" in html
    assert "<caption>Cash flow: Every provider meets its targets exactly.</caption>" in html
    # the targets: £183,000 a quarter, £1,464,000 over the term
    assert '<th scope="row">2026-Q1</th><td class="num">£27,000</td>' in html
    assert '<td class="num">£1,464,000</td>' in html
    # the investors: £1,200,000 in, £1,464,000 back, 1.22×
    assert '<th scope="row">Every provider meets its targets exactly</th><td class="num">' \
           '£1,464,000</td><td class="num">£264,000</td><td class="num">1.22×</td>' in html
    assert "<th scope=\"row\">Break-even outcome rate</th><td>66.67%</td>" in html


def test_the_finance_section_is_accessible(framework: str) -> None:
    outline = _Outline()
    outline.feed(section(framework))
    data = [t for t in outline.tables if t["data"]]
    assert len(data) == 7  # liability, summary, three scenarios, investors, their flows
    assert all(t["caption"] for t in data)
    assert outline.headers_without_scope == 0
    assert outline.headings == [2, 3, 3]
    (chart,) = re.findall(r"<svg [^>]*><title>[^<]*</title>", section(framework))
    assert 'role="img"' in chart
    assert ('<title>Outcome payments to date, per provider, by scenario, added up period '
            'by period. Every provider meets its targets exactly: 2026-Q1 £183,000; ') in chart


def test_the_chart_tells_lines_apart_without_colour() -> None:
    svg = str(cash_flow_chart("Paid", ["Q1", "Q2"], [
        Series("A", (1.0, 2.0), ("£1", "£2")), Series("B", (1.0, 3.0), ("£1", "£3"))],
        (2.5, "at risk £2.50")))
    assert svg.count('stroke-dasharray="6 3"') == 2  # the second line and its legend
    assert "at risk £2.50" in svg
    assert "A: Q1 £1; Q2 £2. B: Q1 £1; Q2 £3." in svg


def test_no_rate_card_no_section() -> None:
    document = api.finance(RULESETS / "reducing_reoffending.obc")
    assert finance_view(document) is None


def test_the_monitoring_report_adds_the_observed_rates(tmp_path: Path) -> None:
    data = tmp_path / "data"
    api.sample_data("housing", 400, data)
    checked = api.load_ruleset(RULESETS / "young_people_sofa_surfing.obc")
    run = api.monitor(checked, data, out=tmp_path / "out")
    assert run.written is not None and checked.ruleset is not None
    files = render_monitoring(run.written, tmp_path / "out", pdf=False,
                              ruleset=checked.ruleset)
    html = section(files.html.read_text(encoding="utf-8"))
    assert "<caption>Cash flow: At the best rate observed so far.</caption>" in html
    assert "<caption>Cash flow: At the worst rate observed so far.</caption>" in html
    assert "£800 × 104 people" in html
