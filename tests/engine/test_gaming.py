"""Gaming alerts: each pattern injected into sample data raises its alert on the provider
that games (and no other alert), clean data raises none, and the figures are exact."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from obcrules.api import load_ruleset, sample_data
from obcrules.engine import monitor
from obcrules.engine.gaming.statistics import decimal_text, moments, standardised_difference

ROOT = Path(__file__).parents[2]
CONTINENCE = ROOT / "rulesets" / "continence.obc"
GAMER = "Ashford Community Care"  # the first provider by name: the one that games
ROWS = 12_000


def _document(tmp_path: Path, gaming: str | None, ruleset: Path = CONTINENCE
              ) -> dict[str, Any]:
    data = tmp_path / (gaming or "clean")
    sample_data("adult_social_care", ROWS, data, "parquet", 7, gaming=gaming)
    return monitor(load_ruleset(ruleset), data).document


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return _document(tmp_path_factory.mktemp("gaming"), None)


def test_clean_data_raises_no_alert_and_lists_every_check(clean: dict[str, Any]) -> None:
    assert clean["gaming_alerts"] == []
    patterns = {c["pattern"] for c in clean["gaming_checks"]}
    assert patterns == {"cream-skimming", "parking", "bunching", "drop-out", "double-claims"}
    assert all(c["judged"] == 5 and c["note"] is None for c in clean["gaming_checks"])


@pytest.mark.parametrize("pattern", ["cream-skimming", "parking", "bunching", "drop-out"])
def test_an_injected_pattern_raises_its_alert_on_the_provider_that_games(
        pattern: str, tmp_path: Path) -> None:
    alerts = _document(tmp_path, pattern)["gaming_alerts"]
    assert {(a["pattern"], a["provider"]) for a in alerts} == {(pattern, GAMER)}
    for alert in alerts:
        assert alert["figures"] and GAMER in alert["explanation"]
        assert alert["statistic"] is not None and Decimal(alert["statistic"])


def test_double_claims_alert_on_both_providers_paid_for_the_same_people(
        tmp_path: Path) -> None:
    alerts = _document(tmp_path, "double-claims")["gaming_alerts"]
    assert {a["pattern"] for a in alerts} == {"double-claims"}
    assert {a["provider"] for a in alerts} == {GAMER, "Fernlea Living"}
    for alert in alerts:
        assert int(alert["statistic"]) == len(alert["figures"]) or len(alert["figures"]) == 20


def test_a_threshold_in_the_ruleset_replaces_the_default(tmp_path: Path) -> None:
    ruleset = _with_gaming(tmp_path, "    bunching above 9 times neighbours\n"
                                     "    drop-out off\n")
    document = _document(tmp_path, "bunching", ruleset)
    assert document["gaming_alerts"] == []  # the bunching (about 6 times) is under 9
    bunching = [c for c in document["gaming_checks"] if c["pattern"] == "bunching"]
    assert bunching and bunching[0]["threshold"] == "above 9 times neighbours"
    assert not [c for c in document["gaming_checks"] if c["pattern"] == "drop-out"]


def _with_gaming(tmp_path: Path, lines: str) -> Path:
    ruleset = tmp_path / "gaming.obc"
    ruleset.write_text(CONTINENCE.read_text(encoding="utf-8") + "\ngaming:\n" + lines,
                       encoding="utf-8")
    return ruleset


@pytest.mark.parametrize(("gaming", "alerted"), [(None, set()), ("cream-skimming", {GAMER})])
def test_cream_skimming_against_a_baseline_period_compares_a_provider_with_itself(
        gaming: str | None, alerted: set[str], tmp_path: Path) -> None:
    ruleset = _with_gaming(tmp_path, "    cream-skimming against 2025-Q1\n")
    document = _document(tmp_path, gaming, ruleset)
    assert {a["provider"] for a in document["gaming_alerts"]} == alerted
    for alert in document["gaming_alerts"]:
        assert "taken on after 2025-Q1" in alert["explanation"]
        assert alert["threshold"] == "above 0.2 standardised difference against 2025-Q1"


def test_a_contract_run_compares_nobody_but_can_use_a_baseline(tmp_path: Path) -> None:
    data = tmp_path / "data"
    sample_data("adult_social_care", ROWS, data, "parquet", 7, gaming="cream-skimming")
    contract = tmp_path / "contract.yaml"
    contract.write_text(f"schema: obcrules.contract/1\nprovider: {GAMER}\n", encoding="utf-8")
    plain = monitor(load_ruleset(CONTINENCE), data, contract=contract).document
    notes = {c["pattern"]: c["note"] for c in plain["gaming_checks"]}
    assert plain["gaming_alerts"] == []
    assert "no one to compare" in (notes["cream-skimming"] or "")
    assert "no one to compare" in (notes["drop-out"] or "")
    ruleset = _with_gaming(tmp_path, "    cream-skimming against 2025-Q1\n")
    based = monitor(load_ruleset(ruleset), data, contract=contract).document
    assert [(a["pattern"], a["provider"]) for a in based["gaming_alerts"]] == [
        ("cream-skimming", GAMER)]


def test_the_standardised_difference_is_exact_and_reproducible() -> None:
    a = moments({Fraction(70): 2, Fraction(72): 2})  # mean 71, variance 1
    b = moments({Fraction(80): 1, Fraction(84): 1})  # mean 82, variance 4
    assert a is not None and b is not None
    d = standardised_difference(a, b)
    assert d is not None
    # (71 − 82) / √((1 + 4) / 2) = −11 / 1.5811388… = −6.957
    assert decimal_text(d, 3) == "-6.957"
    assert standardised_difference(a, a) == 0


def test_the_report_shows_each_check_and_each_alert_with_its_figures(tmp_path: Path) -> None:
    from obcrules.reports.context.monitoring import build_monitoring

    document = _document(tmp_path, "bunching")
    body = build_monitoring(document, charts=False).body  # type: ignore[arg-type]
    assert len(body.gaming_checks) == len(document["gaming_checks"])
    (alert,) = body.gaming_alerts
    assert alert.provider == GAMER and alert.pattern == "bunching"
    assert ("value 3 (cut-off)", alert.figures[2][1], "") == alert.figures[2]


def test_the_terminal_summary_prints_each_alert_under_its_provider(tmp_path: Path) -> None:
    from obcrules.api import status_table
    from obcrules.engine.result import MonitoringResult

    text = status_table(MonitoringResult(_document(tmp_path, "drop-out")))
    block = text.split("\n\n")[0]
    assert block.startswith(GAMER)
    assert (f"  Possible drop-out before measurement by {GAMER}, 2025-Q1 to 2026-Q4: 49.5% of "
            f"{GAMER}'s 543 people have no record of “WEMWBS score at the end”") in block
    assert ("That is 34.5 percentage points more; the check flags more than 10 percentage "
            "points above the other providers.") in block
    assert "Possible" not in text.split("\n\n", 1)[1]


def test_an_alert_records_what_was_checked_by_title_and_both_figures(tmp_path: Path) -> None:
    (alert,) = _document(tmp_path, "bunching")["gaming_alerts"]
    assert alert["scope"] == {
        "outcome": "wellbeing", "rate_line": 2, "people": "Care home residents aged 65+",
        "fields": ["WEMWBS score at the end", "WEMWBS score at the start"], "activity": [],
        "condition": "wemwbs_end - wemwbs_start >= 3", "cut_off": "3", "baseline": None,
        "periods": ["2025-Q1", "2026-Q4"], "limit": "1.5", "within": None}
    assert alert["comparison"] == {"against": "neighbours", "unit": "records",
                                   "category": None, "people": 112, "value": None,
                                   "compared_people": 80, "compared_value": "20.00"}


def test_sample_data_names_an_unknown_pattern_and_the_cli_offers_the_five(
        tmp_path: Path) -> None:
    from click.testing import CliRunner

    from obcrules.api import UsageError
    from obcrules.cli import main

    with pytest.raises(UsageError, match="no gaming pattern 'skimming'; choose one of"):
        sample_data("adult_social_care", 100, tmp_path / "x", gaming="skimming")
    outcome = CliRunner().invoke(main, ["sample-data", "adult_social_care", "--rows", "300",
                                        "--out", str(tmp_path / "d"), "--gaming", "parking"])
    assert outcome.exit_code == 0, outcome.output
    assert "wrote" in outcome.output
    wrong = CliRunner().invoke(main, ["sample-data", "adult_social_care", "--out",
                                      str(tmp_path / "e"), "--gaming", "skimming"])
    assert wrong.exit_code != 0 and "double-claims" in wrong.output


def test_the_same_seed_injects_the_same_rows(tmp_path: Path) -> None:
    first = sample_data("adult_social_care", 500, tmp_path / "a", gaming="double-claims")
    again = sample_data("adult_social_care", 500, tmp_path / "b", gaming="double-claims")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in again]


@pytest.mark.parametrize(("kind", "values", "unit", "category", "value", "compared"), [
    # a number: the means; a yes/no: the share with it; a category: the share of its value
    # that differs most
    ("integer", (90, 60), "mean", None, "89.032", "60.968"),  # (30 × 90 + 60) / 31
    ("boolean", (True, False), "percent", None, "96.8", "3.2"),
    ("category", ("care_home", "own_home"), "percent", "care_home", "100.0", "0.0"),
])
def test_a_case_mix_alert_states_what_it_compared(  # type: ignore[no-untyped-def]
        kind, values, unit, category, value, compared) -> None:
    from obcrules.engine.gaming.settings import Setting
    from obcrules.engine.gaming.statistics import case_mix_alerts

    mine, theirs = values
    rows = [{"provider": "A", "first": "2026-Q1", "v": mine, "n": 30},
            {"provider": "B", "first": "2026-Q1", "v": theirs, "n": 30}]
    if kind != "category":  # a spread on each side, so the difference has a scale
        rows += [{"provider": p, "first": "2026-Q1", "v": v, "n": 1}
                 for p, v in (("A", theirs), ("B", mine))]
    setting = Setting("cream-skimming", True, Decimal("0.2"))
    alerts, judged = case_mix_alerts(rows, "setting", kind, "setting of the new people", setting)
    assert judged == 2
    comparison = alerts[0]["comparison"]
    assert (comparison["unit"], comparison["category"]) == (unit, category)
    assert (comparison["value"], comparison["compared_value"]) == (value, compared)
