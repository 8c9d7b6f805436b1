"""`obcrules.api.finance`: the finance document from the ruleset, an awarded contract and
monitoring data."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from obcrules import api
from obcrules.results import schemas
from tests.api.test_monitoring import _data

RULESETS = Path(__file__).parents[2] / "rulesets"


@pytest.fixture
def sized(tmp_path: Path) -> Path:
    """continence.obc with the people its residents are expected to be, and a term."""
    text = (RULESETS / "continence.obc").read_text(encoding="utf-8")
    text = text.replace('    from people where setting = "care_home" and age >= 65\n',
                        '    from people where setting = "care_home" and age >= 65\n'
                        "    expected 100 per quarter\n")
    text = text.replace("    penalty 5% when", "    term 2026-Q1 to 2026-Q2\n    penalty 5% when")
    path = tmp_path / "continence.obc"
    path.write_text(text, encoding="utf-8")
    return path


def validate(document: object) -> None:
    validator = jsonschema.Draft202012Validator(json.loads(schemas.shipped("finance")))
    assert [e.message for e in validator.iter_errors(document)] == []


def test_every_example_ruleset_gives_a_valid_document_without_problems() -> None:
    for path in sorted(RULESETS.glob("*.obc")):
        document = api.finance(path)
        validate(document)
        assert document["problems"] == [], path.name


def test_the_observed_scenarios_come_from_the_data(tmp_path: Path, sized: Path) -> None:
    document = api.finance(sized, data=_data(tmp_path))
    validate(document)
    keys = [s["key"] for s in document["scenarios"]]
    assert keys == ["targets", "trajectory", "baseline", "best", "worst"]
    best = next(s for s in document["scenarios"] if s["key"] == "best")
    # one resident of four with an untreated problem: 25%, so 75% paid; wellbeing 1 in 4
    assert {r["outcome"]: r["by_period"] for r in best["rates"]} == {
        "untreated_continence": ["0.7500", "0.7500"], "wellbeing": ["0.2500", "0.2500"]}
    # 75 × £450 = £33,750 and 25 × £200 = £5,000 a quarter
    assert [p["lines"] for p in best["periods"]] == [["33750.00", "5000.00"]] * 2


def test_an_awarded_contract_replaces_the_value_and_share_at_risk(tmp_path: Path) -> None:
    contract = tmp_path / "contract.yaml"
    contract.write_text("schema: obcrules.contract/1\nprovider: Oak Care\nprovider_id: OAK\n"
                        "lot: lot1\nexpected:\n  untreated_continence: 150\n  wellbeing: 300\n"
                        "payment:\n  contract_value: '1000000'\n  at_risk: 30%\n",
                        encoding="utf-8")
    document = api.finance(RULESETS / "continence.obc", contract=contract)
    validate(document)
    assert document["contract"] is not None and document["contract"]["provider"] == "Oak Care"
    assert (document["money"]["contract_value"], document["money"]["at_risk"]) == (
        "1000000.00", "300000.00")
    assert [p["code"] for p in document["problems"]] == []
    assert document["liability"]["providers"] == 1
    # at the numbers the bid expects: 150 × £450 = £67,500 and 300 × £200 = £60,000
    lines = document["liability"]["lines"]
    assert [(line["bid_people"], line["bid_cost"]) for line in lines] == [
        (150, "67500.00"), (300, "60000.00")]
    assert document["liability"]["bid_cost"] == "127500.00"
    assert "at the numbers the bid expects: £127,500 (line 1: 150 people, £67,500, line 2: " \
           "300 people, £60,000)" in api.finance_summary(document)
