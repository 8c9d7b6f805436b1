"""The pathway funnel the mental health plugin adds to the monitoring report."""

from __future__ import annotations

from obcrules_mental_health.report_sections import SECTIONS, pathway_funnel

from obcrules.results.monitoring import ItemResult, MeasureKind, MonitoringDocument
from obcrules.results.reading import validate
from obcrules.results.synthetic import evaluation_result, monitoring_result


def _row(provider: str, period: str, name: str, numerator: int | None,
         denominator: int | None, measure: MeasureKind = "share") -> ItemResult:
    value: float | None = numerator
    if measure == "share" and numerator is not None and denominator:
        value = round(numerator / denominator, 6)
    return {"provider": provider, "period": period, "name": name, "kind": "outcome",
            "title": name.title(), "measure": measure, "value": value,
            "numerator": numerator, "denominator": denominator, "target": None, "goal": None,
            "status": "no target", "trajectory": None, "baseline": None, "note": None}


def _document(*results: ItemResult) -> MonitoringDocument:
    """A valid monitoring.json holding only ``results``."""
    document = monitoring_result(providers=0, periods=0, outcomes=0)
    document["results"] = list(results)
    return validate(document, MonitoringDocument, "the test document")


def test_the_funnel_runs_from_the_widest_population_to_the_narrowest_latest_period() -> None:
    document = _document(
        _row("P1", "2026-Q3", "recovery", 1, 2),
        _row("P1", "2026-Q4", "recovery", 184, 444),
        _row("P1", "2026-Q4", "seen", 435, 547),
        _row("P1", "2026-Q4", "improved", 437, 502),
        _row("P1", "2026-Q4", "visits", 9, None, measure="count"),
    )
    funnel = pathway_funnel(document)
    assert funnel is not None
    [p1] = funnel["providers"]
    assert p1["period"] == "2026-Q4"
    assert [(s["title"], s["in_scope"], s["met"], s["share"]) for s in p1["stages"]] == [
        ("Seen", 547, 435, 79.5), ("Improved", 502, 437, 87.1), ("Recovery", 444, 184, 41.4)]
    assert p1["stages"][0]["scope_width"] == 100.0
    assert p1["stages"][2]["met_width"] == round(100 * 184 / 547, 1)


def test_no_share_outcomes_means_no_section() -> None:
    assert pathway_funnel(_document()) is None
    assert pathway_funnel(_document(_row("P1", "2026-Q4", "visits", 9, None, "count"))) is None


def test_only_a_monitoring_document_has_a_funnel() -> None:
    assert pathway_funnel(evaluation_result(bids=3)) is None


def test_the_section_is_declared_for_the_monitoring_report_with_its_template() -> None:
    [section] = SECTIONS
    assert section.report == "monitoring"
    assert (section.template_dir / section.template).is_file()
