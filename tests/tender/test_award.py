"""The award (`obcrules.tender.award`): the contract carries the winning bid's terms, and
monitoring that contract pays them.

The lot priced from the rate card is conftest.PRICED_RULESET's: line 1 pays at most £450 per
resident treated (cap £9,000), line 2 at most £200 per resident whose wellbeing rose 3 or
more; at risk 20%. The bids are test_evaluation.py's, where A wins on quality.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import yaml

from obcrules.engine import monitor
from obcrules.tender.award import contract_data, render_contract
from obcrules.tender.evaluation import evaluate
from tests.tender.conftest import PRICED_RULESET, priced_bid


def _awarded(build) -> tuple[Any, dict[str, Any]]:  # type: ignore[no-untyped-def]
    builder = (build().write(PRICED_RULESET)
               .bid("a.yaml", priced_bid("A", 10000, (400, 100), ("£180", 80)))
               .bid("b.yaml", priced_bid("B", None, ("10%", 120), (200, 50)))
               .bid("c.json", priced_bid("C", "£5,000", (450, 90), ("25%", 100)))
               .quality({"A": (5, 5, 5), "B": (3, 3, 3), "C": (4, 4, 4)}))
    ws = builder.open()
    return ws, contract_data(ws, evaluate(ws))


def test_the_contract_carries_the_winning_bids_rate_card(build) -> None:
    _, contract = _awarded(build)
    assert (contract["provider"], contract["price"]) == ("A", "64400.00")
    terms = contract["payment"]
    assert (terms["priced"], terms["fixed_fee"], terms["contract_value"], terms["at_risk"]) == (
        True, "10000.00", "64400.00", None)
    assert [(line["outcome"], line["amount"], line["ruleset_amount"], line["expected"],
             line["cap"]) for line in terms["rate_lines"]] == [
        ("untreated", "400.00", "450.00", 100, "9000.00"),
        ("wellbeing", "180.00", "200.00", 80, None)]


def test_monitoring_the_contract_pays_the_winners_prices(build, tmp_path: Path) -> None:
    # Line 1 at A's £400: 20 residents treated in Q1 (£8,000) and 5 in Q2 (£2,000), held
    # to the cap of £9,000 (Q2 pays £1,000). Line 2 at A's £180: 30 residents in Q2,
    # £5,400. Rate card £14,400, paid in full: a priced contract has no at-risk limit
    # (20% of £64,400 would be £12,880). Fixed part: A's fixed fee of £10,000. Total £24,400.
    ws, contract = _awarded(build)
    path = tmp_path / "contract.yaml"
    path.write_bytes(render_contract(contract))
    rows = [_resident(f"t{i}", "2026-Q1" if i < 20 else "2026-Q2", treated=True)
            for i in range(25)]
    rows += [_resident(f"w{i}", "2026-Q2", wellbeing=(40, 43)) for i in range(30)]
    document = monitor(ws.checked, _people(tmp_path, rows), contract=path).document
    lines = {p["rate_line"]: p for p in document["payments"]}
    assert (lines[1]["rate"], lines[1]["people"], lines[1]["amount"], lines[1]["capped"]) == (
        "400.00", 25, "9000.00", True)
    assert [(p["period"], p["amount"]) for p in lines[1]["by_period"]] == [
        ("2026-Q1", "8000.00"), ("2026-Q2", "1000.00")]
    assert (lines[2]["rate"], lines[2]["people"], lines[2]["amount"]) == ("180.00", 30,
                                                                          "5400.00")
    [totals] = document["payment_totals"]
    assert {k: totals[k] for k in ("contract_value", "at_risk_amount", "rate_card",
                                   "rate_card_after_at_risk", "fixed", "total")} == {
        "contract_value": "64400.00", "at_risk_amount": None, "rate_card": "14400.00",
        "rate_card_after_at_risk": "14400.00", "fixed": "10000.00", "total": "24400.00"}
    assert yaml.safe_load(path.read_text())["payment"]["rate_lines"][0]["amount"] == "400.00"


def test_a_price_group_is_priced_in_the_bid_and_paid_at_the_winners_price(
        build, tmp_path: Path) -> None:
    # Line 1 has a group `fallers` (at most £600). A prices line 1 at £400 × 10, the group
    # at £500 × 5 and line 2 at £180 × 8: expected cost £4,000 + £2,500 + £1,440 = £7,940.
    # Monitored: three residents treated, one a faller: £500 + 2 × £400 = £1,300.
    ruleset = PRICED_RULESET.replace(
        "cap £9_000\n", "cap £9_000:\n        group fallers pays £600 where falls_12m >= 2\n")
    data = priced_bid("A", 0, (400, 10), (180, 8))
    data["rate_card"]["1.fallers"] = {"price": 500, "people": 5}
    ws = build().write(ruleset).bid("a.yaml", data).quality({"A": (4, 4, 4)}).open()
    contract = contract_data(ws, evaluate(ws))
    assert contract["price"] == "7940.00"
    [group] = contract["payment"]["rate_lines"][0]["groups"]
    assert group == {"group": "fallers", "amount": "500.00", "where": "falls_12m >= 2",
                     "ruleset_amount": "600.00", "expected": 5}
    path = tmp_path / "contract.yaml"
    path.write_bytes(render_contract(contract))
    rows = [_resident(f"t{i}", "2026-Q1", treated=True, falls=3 if i == 0 else 0)
            for i in range(3)]
    document = monitor(ws.checked, _people(tmp_path, rows), contract=path).document
    line = next(p for p in document["payments"] if p["rate_line"] == 1)
    assert (line["amount"], line["groups"]) == ("1300.00", [
        {"group": None, "rate": "400.00", "people": 2},
        {"group": "fallers", "rate": "500.00", "people": 1}])


def _people(tmp_path: Path, rows: list[dict[str, Any]]) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    with (data / "people.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return data


def _resident(person: str, period: str, *, treated: bool = False,
              wellbeing: tuple[int, int] = (40, 40), falls: int = 0) -> dict[str, Any]:
    return {"person_id": person, "provider": "a", "period": period, "setting": "care_home",
            "continence_problem": str(treated).lower(),
            "continence_treated": str(treated).lower(),
            "wemwbs_start": wellbeing[0], "wemwbs_end": wellbeing[1], "falls_12m": falls}
