"""The workflow end to end (`obcrules.tender.workflow`): evaluate, award and verify, with the
contract, the OCDS release and the audit trail they write."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
import yaml

from obcrules.tender.problems import TenderError
from obcrules.tender.verification import verify
from obcrules.tender.workflow import run_award, run_evaluation, write_sheets
from tests.tender.conftest import bid


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_evaluate_is_byte_identical_award_and_verify(build) -> None:
    builder = (build().write()
               .bid("a.yaml", bid("A", 100000, "less than 8%", provider_id="ACME-01"))
               .bid("b.yaml", bid("B", 80000))
               .quality({"A": (5, 5, 4), "B": (3, 3, 3)}))
    ws = builder.open()
    run_evaluation(ws)
    first = (builder.root / "out/evaluation.json").read_bytes()
    run_evaluation(builder.open())
    assert (builder.root / "out/evaluation.json").read_bytes() == first
    data = json.loads(first)
    assert data["schema"] == "obcrules.evaluation/1"
    assert [i["path"] for i in data["inputs"]] == [
        "bids/a.yaml", "bids/b.yaml", "obc.toml", "ruleset.obc", "scores/ann.csv",
        "scores/ben.csv", "scores/cat.csv"]
    run_award(builder.open(), dt.date(2026, 3, 2))
    contract = yaml.safe_load((builder.root / "out/contract.yaml").read_text())
    assert contract == {
        "schema": "obcrules.contract/1",
        "ruleset": {"path": "ruleset.obc", "name": "t", "version": "1",
                    "sha256": ws.checked.sha256},
        "lot": "lot1", "provider": "A", "provider_id": "ACME-01", "price": "100000.00",
        "currency": "£",
        "targets": {"untreated": "less than 8%", "wellbeing": "at least 60%"},
        "expected": {"untreated": 100, "wellbeing": 80},
        "verification": {"untreated": ["provider_return"], "wellbeing": ["survey"]},
        "payment": {"contract_value": "100000.00", "at_risk": "0.2",
                    "rate_lines": [{"outcome": "untreated", "amount": "450.00",
                                    "per": "resident",
                                    "where": "continence_problem and continence_treated",
                                    "cap": "9000.00"}],
                    "adjustments": [], "cap_total": None},
    }
    ocds = json.loads((builder.root / "out/ocds.json").read_text())
    release = ocds["releases"][0]
    assert release["ocid"] == "ocds-000000-t"
    assert ocds["uri"] == "https://testshire.example/ocds/ocds-000000-t-lot1-award.json"
    assert release["date"] == "2026-03-02T00:00:00Z"
    assert release["buyer"] == {"id": "buyer-testshire-county-council",
                                "name": "Testshire County Council"}
    assert release["awards"][0]["suppliers"] == [{"id": "tenderer-a", "name": "A"}]
    assert release["awards"][0]["value"] == {"amount": 100000, "currency": "GBP"}
    assert [d["status"] for d in release["bids"]["details"]] == ["valid", "valid"]
    assert release["tender"]["value"] == {"amount": 150000, "currency": "GBP"}
    found = verify(builder.root)
    assert found.ok and found.entries == 3, found.problems
    # Tampering: an input, then an output, then the log itself.
    bid_file = builder.root / "bids/b.yaml"
    old = sha256(bid_file)
    bid_file.write_text(bid_file.read_text().replace("80000", "70000"))
    assert verify(builder.root).problems == [
        f"bids/b.yaml changed since the evaluation of audit line 2 read it (sha256 {old} → "
        f"{sha256(bid_file)}); the award of audit line 3 was made on the recorded version: "
        'restore it, or supersede the award with `obc tender evaluate --supersede --reason "why"`']
    with pytest.raises(TenderError, match=r"was awarded to A by `tender award` at audit line 3"):
        run_award(builder.open())
    bid_file.write_text(bid_file.read_text().replace("70000", "80000"))
    contract_file = builder.root / "out/contract.yaml"
    recorded = sha256(contract_file)
    contract_file.write_text(contract_file.read_text().replace("ACME-01", "EVIL"))
    assert verify(builder.root).problems == [
        f"out/contract.yaml was changed after `tender award` (audit line 3) wrote it (sha256 "
        f"{recorded} → {sha256(contract_file)}): obc did not write these bytes; restore the "
        "file, or run `obc tender award` again"]
    log = builder.root / "out/audit.jsonl"
    lines = log.read_text().splitlines()
    log.write_text("\n".join([lines[0].replace("tender evaluate", "tender evaluatE"), *lines[1:]])
                   + "\n")
    problems = verify(builder.root).problems
    assert "out/audit.jsonl line 2: the chain is broken (the line before it was edited, " \
        "removed or inserted)" in problems


def test_a_command_lists_the_problems_of_the_bids_it_cannot_evaluate(build) -> None:
    builder = (build().write().bid("a.yaml", bid("A", 100000))
               .bid("b.yaml", bid("B", "lots", wellbeing="at least 60")))
    outcome = write_sheets(builder.open())
    assert [str(p) for p in outcome.problems] == [
        "bids/b.yaml: price: `lots` is not an amount of money (write the total price as a "
        "number, e.g. 1150000)",
        "bids/b.yaml: outcomes.wellbeing.target: `at least 60`: this target must be a "
        "percentage, because the measure is a share (write it with `%`, e.g. `60%`)"]
    assert outcome.written == [f"out/scoresheets/{e}.{x}" for e in ("ann", "ben", "cat")
                               for x in ("csv", "xlsx")]


def test_the_sheets_of_an_evaluator_no_longer_on_the_panel_are_removed(build) -> None:
    """Score sheets are written for the panel as it stands: an evaluator taken off it loses
    the blank sheets the earlier run wrote (they could be sent out by mistake), said, and
    recorded, so verify still passes."""
    builder = build().write().bid("a.yaml", bid("A", 100000))
    write_sheets(builder.open())
    builder.write(evaluators=("ann", "ben"))
    outcome = write_sheets(builder.open())
    assert outcome.written == [f"out/scoresheets/{e}.{x}" for e in ("ann", "ben")
                               for x in ("csv", "xlsx")]
    assert sorted(p.name for p in (builder.root / "out" / "scoresheets").iterdir()) == [
        "ann.csv", "ann.xlsx", "ben.csv", "ben.xlsx"]
    assert list(outcome.removed) == ["out/scoresheets/cat.csv", "out/scoresheets/cat.xlsx"]
    assert "no longer on the panel" in outcome.removed["out/scoresheets/cat.csv"]
    assert verify(builder.root).ok, verify(builder.root).problems
