"""The monitoring dashboard (`obcrules.web.dashboard`) on the demo's monitoring of the
awarded contract: the grid, a provider's tables, and who sees person-level records."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from obcrules.web.dashboard import sparkline
from tests.web.conftest import Panel


def test_the_grid_has_every_provider_and_outcome_with_money_due(
        panel_factory: Callable[..., Panel], demo_monitoring: Path) -> None:
    document = json.loads((demo_monitoring / "monitoring.json").read_text())
    panel = panel_factory(monitoring=(demo_monitoring,))
    manager = panel.browser("monitoring")
    assert manager.client.get("/monitoring", follow_redirects=False).status_code == 303
    page = manager.get("/monitoring/awarded-contract").text  # type: ignore[attr-defined]
    for provider in document["providers"]:
        assert f">{provider}</a>" in page
    outcomes = {r["title"] for r in document["results"] if r["kind"] == "outcome"}
    assert all(f">{title}</th>" in page for title in outcomes)
    assert page.count('<svg class="sparkline"') >= len(document["providers"])
    total = document["payment_totals"][0]
    assert f"£{float(total['total']):,.0f}" in page  # as the report gives it: £1,041,300
    provider = document["providers"][0]
    detail = manager.get(f"/monitoring/awarded-contract/providers/{provider}").text  # type: ignore[attr-defined]
    assert document["periods"][0] in detail and "Trajectory" in detail


def test_person_level_records_are_for_the_monitoring_role_only(
        panel_factory: Callable[..., Panel], demo_monitoring: Path) -> None:
    panel = panel_factory(monitoring=(demo_monitoring,))
    manager, chair = panel.browser("monitoring"), panel.browser("chair")
    assert manager.get("/monitoring/awarded-contract/invalid").status_code == 200  # type: ignore[attr-defined]
    assert chair.get("/monitoring/awarded-contract/invalid").status_code == 403  # type: ignore[attr-defined]
    assert "Invalid records</a>" not in chair.get("/monitoring/awarded-contract").text  # type: ignore[attr-defined]


def test_a_sparkline_draws_the_target_band_and_escapes_its_title() -> None:
    goal = {"low": None, "low_closed": False, "high": 0.1, "high_closed": False,
            "direction": "lower"}
    series = [{"value": v, "goal": goal, "status": s} for v, s in
              ((0.12, "missed"), (0.09, "met"), (0.08, "met"))]
    svg = str(sparkline(series, "<b>Untreated</b>"))  # type: ignore[arg-type]
    assert '<rect x="0"' in svg and 'class="dot status-met"' in svg
    assert "<b>" not in svg and "&lt;b&gt;" in svg


def test_a_share_reads_as_the_published_report_reads_it() -> None:
    """13 of 16 is 81.25%: the monitoring report says 81.3%, so the dashboard does too
    (it said 81.2%, rounding half to even)."""
    from obcrules.web.dashboard import value_text

    result = {"value": 0.8125, "measure": "share", "numerator": 13, "denominator": 16}
    assert value_text(result) == "81.3%"  # type: ignore[arg-type]


def test_a_providers_payments_are_explained_as_the_report_explains_them(
        panel_factory: Callable[..., Panel], demo_monitoring: Path) -> None:
    """The demo's provider is due £1,041,300: its rate-card lines add up to £178,800 but
    its outcome payments are £121,300, because a penalty of £57,500 applies. The page
    said "Due: £1041300.00 (outcome payments £121300.00, fixed £920000.00)" beside a
    table of lines by raw name (``untreated_continence``) and never said why; it now
    gives the report's "Payments due", penalty and all, in the same words and figures."""
    from obcrules.reports.publish import render_monitoring

    document = json.loads((demo_monitoring / "monitoring.json").read_text())
    provider = document["providers"][0]
    totals = document["payment_totals"][0]
    penalty = next(a for a in totals["adjustments"] if a["applies"])
    assert penalty["kind"] == "penalty" and penalty["amount"] == "57500.00"
    panel = panel_factory(monitoring=(demo_monitoring,))
    page = panel.browser("monitoring").get(  # type: ignore[attr-defined]
        f"/monitoring/awarded-contract/providers/{provider}").text
    assert "1041300.00" not in page and "<td>untreated_continence</td>" not in page
    penalty_row = ("<tr><th scope=\"row\">Penalty on Fewer residents live with an untreated "
                   "continence problem</th><td>£57,500 (applies, 2026-Q4)</td></tr>")
    assert penalty_row in page
    assert "<td>196 × £450 = £88,200" in page
    report = render_monitoring(demo_monitoring / "monitoring.json", panel.root / "report",
                               pdf=False).html.read_text()
    start = report.index(f"<caption>{provider}: payment due on each rate-card line")
    end = report.index("</table>", report.index('<table class="facts">', start))
    assert report[start:end] in page
