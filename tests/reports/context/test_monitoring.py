"""The monitoring report (`obcrules.reports.context.monitoring`): figures equal to
monitoring.json, suppression, payments, from the fixture and from a real engine run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from obcrules.api import check_file
from obcrules.reports import ReportFiles, render_monitoring
from obcrules.reports import formatting as fmt
from tests.reports.conftest import FIXTURES, load, pdf_text

RESULT = load("monitoring.json")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> ReportFiles:
    return render_monitoring(FIXTURES / "monitoring.json", tmp_path_factory.mktemp("monitoring"))


def test_every_value_in_the_pdf_equals_the_json(rendered: ReportFiles) -> None:
    assert rendered.pdf is not None
    text = pdf_text(rendered.pdf)
    squashed = "".join(text.split())
    for r in RESULT["results"]:
        shown = "nodata" if r["value"] is None else (
            fmt.percent(r["value"]) if r["measure"] == "share" else fmt.number(r["value"]))
        assert shown in squashed
    for p in RESULT["payments"]:
        assert "".join(fmt.money(p["amount"]).split()) in squashed
        assert f"{p['people']}×£450=" in squashed
    pages = text.split("\f")
    assert all(f"Page {i} of {len(pages)}" in page for i, page in enumerate(pages, start=1))


def test_html_structure(rendered: ReportFiles) -> None:
    html = rendered.html.read_text(encoding="utf-8")
    providers = sorted({r["provider"] for r in RESULT["results"]})
    for provider in providers:
        assert f">{provider}</h2>" in html
    assert html.count("<svg") == len({(r["provider"], r["name"]) for r in RESULT["results"]})
    for q in RESULT["data_quality"]:
        assert q["problem"] in html


def test_suppressed_groups_show_no_numbers(rendered: ReportFiles) -> None:
    html = rendered.html.read_text(encoding="utf-8")
    suppressed = [e for e in RESULT["equality"] if e["suppressed"]]
    assert suppressed
    assert html.count("withheld to protect small numbers") == len(suppressed)


def test_provider_status_table_uses_latest_period(rendered: ReportFiles) -> None:
    html = rendered.html.read_text(encoding="utf-8")
    latest = max(r["period"] for r in RESULT["results"])
    assert f"Status in {latest}" in html


def _from_engine(tmp_path: Path, ruleset: str, rows: int) -> tuple[dict[str, Any],
                                                                   ReportFiles]:
    """An example ruleset monitored on adult social care sample data, and its report."""
    from obcrules.api import default_registry
    from obcrules.engine import monitor
    from obcrules.plugins.sample_files import write_sample_data

    registry = default_registry()
    data = tmp_path / "data"
    write_sample_data(registry, "adult_social_care", rows, data, "parquet", 3)
    checked = check_file(Path(__file__).parents[3] / "rulesets" / ruleset)
    result_path = monitor(checked, data).write(tmp_path / "monitoring")
    result = json.loads(result_path.read_text(encoding="utf-8"))
    return result, render_monitoring(result_path, tmp_path / "report", registry=registry,
                                     ruleset=checked.ruleset)


def test_monitoring_report_from_the_real_engine_result(tmp_path: Path) -> None:
    """The engine's monitoring.json rendered: shares as percentages, every payment equal."""
    result, written = _from_engine(tmp_path, "continence.obc", 3000)
    assert written.pdf is not None
    text = "".join(pdf_text(written.pdf).split())
    for row in result["payments"]:
        assert f"£{float(row['amount']):,.0f}" in text, row
    shares = [r for r in result["results"] if r.get("measure") == "share"
              and r["value"] is not None]
    latest = max(r["period"] for r in shares)
    for row in shares:
        if row["period"] == latest:
            assert f"{row['value'] * 100:.1f}%" in text, row
    assert "Penaltyon" in text or not any(
        a for t in result["payment_totals"] for a in t["adjustments"] if a["kind"] == "penalty")


def test_deadweight_working_savings_and_reach_are_shown(tmp_path: Path) -> None:
    """Reablement pays above 78% deadweight for its referred cohort: the report shows each
    period's working, what that saves, and the cohort's reach, as the JSON says."""
    result, written = _from_engine(tmp_path, "reablement.obc", 2000)
    html = written.html.read_text(encoding="utf-8")
    assert "What deadweight and the referred cohort save" in html
    for saving in result["savings"]:
        assert fmt.money(saving["saved"], "£") in html
    line = result["payments"][0]
    first = line["by_period"][0]
    assert (f"{first['period']}: {first['qualifying']} reached it, {first['population']} in "
            f"the population; 78% × {first['population']}") in html
    reach = result["reach"][-1]
    assert (f"<td>{reach['period']}</td><td class=\"num\">{fmt.number(reach['referred'])}</td>"
            in html)
    assert written.pdf is not None
    assert "Saved" in pdf_text(written.pdf)


def test_a_mean_by_group_shows_the_mean_and_the_people_it_is_the_mean_of() -> None:
    from obcrules.reports.context.monitoring import _equality

    entry: Any = {"provider": "P", "period": "2026-Q1", "name": "shorter_delays",
                  "field": "disability", "group": "no", "suppressed": False,
                  "numerator": 297, "denominator": 56, "value": 5.303571}
    row = _equality(entry, {"shorter_delays": "Shorter delays"}, "mean")
    assert (row.outcome, row.field, row.value, row.counts) == (
        "Shorter delays", "Disability", fmt.number(5.303571), "the mean of 56")
    share = _equality({**entry, "numerator": 12, "denominator": 40, "value": 0.3},
                      {}, "share")
    assert (share.value, share.counts) == (fmt.percent(0.3), "12 of 40")


def test_a_discounted_price_reads_as_paid_and_is_not_called_capped() -> None:
    """A price with a fraction of a penny (a discounted bid) is shown as paid, so the
    working people × price = amount can be redone; the line is capped only when it was."""
    from obcrules.reports.context.monitoring import _payment

    entry: Any = {"provider": "P", "line": "housed", "rate_line": 1, "per": "person",
                  "rate": "100.005", "cap": None, "capped": False, "people": 3,
                  "qualifying": 3, "amount": "300.02", "groups": [], "deadweight": None,
                  "by_period": [{"period": "2026-Q1", "people": 3, "amount": "300.02"}]}
    row = _payment(entry, {"housed": "Housed"}, "£")
    assert (row.rate, row.gross, row.amount) == ("£100.005", "£300.02", "£300.02")
    assert row.working == "3 × £100.005 = £300.02"
