"""The gaming alerts in words (`obcrules.reports.context.gaming`): what a board member
reads in the monitoring report, on the dashboard and in ``obc monitor``'s table. Each
alert names the pattern in a sentence, the provider and periods, what was compared with
what, the threshold crossed and what to do next, outcomes and fields by their titles;
the ruleset's own names only as a secondary detail."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from obcrules.api import load_ruleset, sample_data
from obcrules.engine import monitor
from obcrules.reports.context.gaming import GamingAlertView, alert_view, check_row
from obcrules.reports.context.monitoring import MonitoringView, build_monitoring

ROOT = Path(__file__).parents[3]
CONTINENCE = ROOT / "rulesets" / "continence.obc"
GAMER = "Ashford Community Care"
TITLES = {"wellbeing": "Residents report better wellbeing",
          "untreated_continence": "Fewer residents live with an untreated continence problem"}


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("gaming-words")
    ruleset = load_ruleset(CONTINENCE)
    found = {}
    for pattern in ("cream-skimming", "parking", "bunching", "drop-out", "double-claims"):
        sample_data("adult_social_care", 12_000, folder / pattern, "parquet", 7, gaming=pattern)
        found[pattern] = monitor(ruleset, folder / pattern).document
    return found


def _alert(documents: dict[str, dict[str, Any]], pattern: str) -> GamingAlertView:
    body = build_monitoring(documents[pattern], charts=False).body  # type: ignore[arg-type]
    assert isinstance(body, MonitoringView)
    return body.gaming_alerts[0]


def test_a_bunching_alert_says_what_was_compared_the_threshold_and_what_to_do(
        documents: dict[str, dict[str, Any]]) -> None:
    alert = _alert(documents, "bunching")
    assert alert.title == f"Possible bunching by {GAMER}, 2025-Q1 to 2026-Q4"
    assert alert.meaning == ("Bunching: recording people just over the value that triggers a "
                             "payment, moved up from just below it.")
    assert alert.explanation == (
        f"112 records of {GAMER} sit exactly at 3, the first value that pays on the rate-card "
        "line for “Residents report better wellbeing” (line 2), against 20 on average at "
        "each value either side")
    assert alert.threshold == (
        "That is 5.6 times as many records at the cut-off as at the values either side; the "
        "check flags more than 1.5 times the records at the values either side")
    assert alert.action.startswith(f"Check a sample of {GAMER}'s records at the cut-off")
    # the ruleset's expression is only the secondary detail
    assert "wemwbs_end" not in alert.explanation + alert.checked + alert.threshold
    assert alert.detail == ("In the ruleset's terms: line 2 (wellbeing): "
                            "wemwbs_end - wemwbs_start >= 3")


def test_cream_skimming_parking_and_drop_out_give_both_figures_and_what_they_are(
        documents: dict[str, dict[str, Any]]) -> None:
    cream = _alert(documents, "cream-skimming")
    assert cream.meaning == ("Cream-skimming: taking on the people most likely to succeed "
                             "and leaving the harder cases to others.")
    assert cream.explanation == (
        f"Of the 430 people {GAMER} newly took on, age in years averaged 73.34, against 83.42 "
        "for the 2,214 people the other providers took on")
    assert cream.threshold.startswith("The difference is 1.132 standard deviations "
                                      "(standardised difference -1.132); the check flags a "
                                      "difference of more than 0.2 standard deviations")
    parking = _alert(documents, "parking")
    assert parking.explanation == (
        f"100.0% of the 2,100 people {GAMER} took on had no record in Sessions delivered "
        "within 2 quarters of starting, against 84.8% of the 8,371 people the other "
        "providers took on")
    assert parking.threshold == ("That is 15.2 percentage points more; the check flags more "
                                 "than 10 percentage points above the other providers")
    drop_out = _alert(documents, "drop-out")
    assert drop_out.explanation == (
        f"49.5% of {GAMER}'s 543 people have no record of “WEMWBS score at the end” or "
        "“WEMWBS score at the start”, so their outcome on the rate-card line for “Residents report "
        "better wellbeing” (line 2) is never judged, against 15.0% of the 2,214 people at "
        "the other providers")


def test_a_double_claim_names_the_line_by_its_outcome(
        documents: dict[str, dict[str, Any]]) -> None:
    alert = _alert(documents, "double-claims")
    assert alert.explanation == (
        f"11 people whom {GAMER} is paid for on the rate-card line for “Fewer residents live "
        "with an untreated continence problem” (line 1) are paid for on it by another "
        "provider too")
    assert alert.threshold == "The check flags any person paid for twice"


def test_the_checks_read_in_words_with_counts_in_the_singular_or_plural(
        documents: dict[str, dict[str, Any]]) -> None:
    rows = {(r.pattern, r.outcome) for r in (
        check_row(c, TITLES, "quarter") for c in documents["bunching"]["gaming_checks"])}
    assert ("Bunching", "1 alert among 5 providers judged") in rows
    assert ("Parking", "0 alerts among 5 providers judged") in rows
    for check in documents["bunching"]["gaming_checks"]:
        row = check_row(check, TITLES, "quarter")
        assert "(s)" not in row.outcome and "`" not in row.subject + row.outcome
    cream = check_row(documents["bunching"]["gaming_checks"][0], TITLES, "quarter")
    assert cream.subject == ("Age in years of the people each provider newly took on (Care "
                             "home residents aged 65+), against the other providers'")
    assert cream.threshold == "A difference of more than 0.2 standard deviations"


def test_a_document_written_before_alerts_carried_their_scope_still_reads(
        documents: dict[str, dict[str, Any]]) -> None:
    old = {k: v for k, v in documents["parking"]["gaming_alerts"][0].items()
           if k not in ("scope", "comparison")}
    view = alert_view(old, TITLES)  # type: ignore[arg-type]
    assert view.title == f"Possible parking by {GAMER}"
    assert view.explanation == old["explanation"]


def test_the_report_html_words_each_alert(documents: dict[str, dict[str, Any]],
                                           tmp_path: Path) -> None:
    import json

    from obcrules.reports import render_monitoring

    path = tmp_path / "monitoring.json"
    path.write_text(json.dumps(documents["bunching"]), encoding="utf-8")
    html = render_monitoring(path, tmp_path / "out", pdf=False).html.read_text()
    assert f"<h3>Possible bunching by {GAMER}, 2025-Q1 to 2026-Q4</h3>" in html
    assert '<th scope="row">What to do next</th>' in html
    assert "<strong>Parking</strong>: taking people on, then doing little or nothing" in html
    assert "alert(s)" not in html and "provider(s)" not in html
