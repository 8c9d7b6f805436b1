"""Every figure of the worked example in docs/finance.md, from the ruleset printed there."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from obcrules import api
from obcrules.finance.investors import irr, npv
from obcrules.results.finance import FinanceDocument

DOC = Path(__file__).parents[2] / "docs" / "finance.md"


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> FinanceDocument:
    (source,) = re.findall(r"```obc\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    path = tmp_path_factory.mktemp("bond") / "bond.obc"
    path.write_text(source, encoding="utf-8")
    return api.finance(path)


def test_the_maximum_liability_is_the_amount_at_risk(document: FinanceDocument) -> None:
    (line,) = document["liability"]["lines"]
    assert (line["people"], line["most"]) == (40, "40000.00")
    assert line["working"] == "£1,000 × 40 people (10 per quarter, × 4 quarters) = £40,000"
    assert document["money"]["at_risk"] == "40000.00"
    assert document["problems"] == []


def test_the_scenarios_pay_what_the_table_shows(document: FinanceDocument) -> None:
    paid = {s["key"]: [p["total"] for p in s["periods"]] for s in document["scenarios"]}
    assert paid == {
        "targets": ["6000.00"] * 4,
        "trajectory": ["4000.00", "4000.00", "5000.00", "6000.00"],
        "baseline": ["4000.00"] * 4,
    }
    totals = {s["key"]: s["total"] for s in document["scenarios"]}
    assert totals == {"targets": "24000.00", "trajectory": "19000.00", "baseline": "16000.00"}
    trajectory = next(s for s in document["scenarios"] if s["key"] == "trajectory")
    assert trajectory["rates"][0]["by_period"] == ["0.4000", "0.4667", "0.5333", "0.6000"]


def test_the_investors_figures_are_the_documented_ones(document: FinanceDocument) -> None:
    investment = document["investment"]
    assert investment is not None
    views = {v["scenario"]: v for v in investment["scenarios"]}
    targets = views["targets"]
    assert [p["net"] for p in targets["periods"]] == ["-14000.00", "6000.00", "6000.00",
                                                      "6000.00"]
    assert (targets["received"], targets["multiple"], targets["irr"]) == (
        "24000.00", "1.20", "0.6713")
    assert (views["trajectory"]["multiple"], views["trajectory"]["irr"]) == ("0.95", "-0.1135")
    assert (views["baseline"]["multiple"], views["baseline"]["irr"]) == ("0.80", "-0.4300")
    assert investment["break_even_rate"] == "0.5000"


def test_the_irr_brackets_a_root_as_the_doc_says() -> None:
    flows = [Decimal(-14000), Decimal(6000), Decimal(6000), Decimal(6000)]
    below, above = npv(flows, Decimal("0.6712"), 4), npv(flows, Decimal("0.6714"), 4)
    assert below.quantize(Decimal("0.01")) == Decimal("0.42")
    assert above.quantize(Decimal("0.01")) == Decimal("-0.38")


def test_the_simpler_check_of_the_method_gives_ten_percent() -> None:
    flows = [Decimal(-10000), *[Decimal(0)] * 7, Decimal(12100)]
    assert irr(flows, 4) == Decimal("0.1000")
