"""The pathway funnel the mental health plugin adds to the monitoring report."""

from __future__ import annotations

from obcrules_mental_health.report_sections import SECTIONS, pathway_funnel


def _row(provider: str, period: str, name: str, numerator: int, denominator: int) -> dict:  # type: ignore[type-arg]
    return {"provider": provider, "period": period, "name": name, "title": name.title(),
            "measure": "share", "numerator": numerator, "denominator": denominator}


def test_the_funnel_runs_from_the_widest_population_to_the_narrowest_latest_period() -> None:
    result = {"results": [
        _row("P1", "2026-Q3", "recovery", 1, 2),
        _row("P1", "2026-Q4", "recovery", 184, 444),
        _row("P1", "2026-Q4", "seen", 435, 547),
        _row("P1", "2026-Q4", "improved", 437, 502),
        {"provider": "P1", "period": "2026-Q4", "name": "visits", "measure": "count",
         "numerator": 9, "denominator": None},
    ]}
    funnel = pathway_funnel(result)
    assert funnel is not None
    [p1] = funnel["providers"]
    assert p1["period"] == "2026-Q4"
    assert [(s["title"], s["in_scope"], s["met"], s["share"]) for s in p1["stages"]] == [
        ("Seen", 547, 435, 79.5), ("Improved", 502, 437, 87.1), ("Recovery", 444, 184, 41.4)]
    assert p1["stages"][0]["scope_width"] == 100.0
    assert p1["stages"][2]["met_width"] == round(100 * 184 / 547, 1)


def test_no_share_outcomes_means_no_section() -> None:
    assert pathway_funnel({"results": []}) is None


def test_the_section_is_declared_for_the_monitoring_report_with_its_template() -> None:
    [section] = SECTIONS
    assert section.report == "monitoring"
    assert (section.template_dir / section.template).is_file()
