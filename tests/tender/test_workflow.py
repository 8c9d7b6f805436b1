"""The commands end to end: init, template, scoresheets, moderate, evaluate, award, verify."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from openpyxl import load_workbook

from obcrules.tender.audit import verify
from obcrules.tender.demo import build_sample_tender
from obcrules.tender.problems import TenderError
from obcrules.tender.workflow import (
    init_workspace,
    moderation_todo,
    run_award,
    run_evaluation,
    write_bid_forms,
    write_sheets,
)
from obcrules.tender.workspace import open_workspace
from tests.tender.conftest import RULESET, bid

SPEC_EXAMPLE = Path(__file__).parents[1] / "fixtures" / "spec_example.obc"


def test_init_refuses_paths_that_leave_the_workspace(build) -> None:
    builder = build().write()
    (builder.root / "obc.toml").write_text('ruleset = "../ruleset.obc"\nlot = "lot1"\n')
    with pytest.raises(TenderError) as refused:
        builder.open()
    assert str(refused.value.problems[0]) == (
        "obc.toml: ruleset: `../ruleset.obc` leaves the workspace (copy the ruleset into the "
        "workspace and give its relative path)")
    (builder.root / "obc.toml").write_text(
        'ruleset = "ruleset.obc"\nlot = "lot1"\nevaluators = ["../x"]\n')
    with pytest.raises(TenderError) as refused:
        builder.open()
    assert "`../x` is not a usable evaluator id" in str(refused.value)


def test_bid_form_round_trip_and_sheets(build, tmp_path: Path) -> None:
    builder = build()
    source = tmp_path / "rules.obc"
    source.write_text(RULESET)
    init_workspace(builder.root, source, "lot1", ["ann"], registry=builder.registry)
    ws = builder.open()
    assert ws.config.ruleset == "rules.obc"
    written = write_bid_forms(ws).written
    assert written == ["out/bid-template.yaml", "out/bid-template.xlsx"]
    form = yaml.safe_load((builder.root / written[0]).read_text())
    assert form["lot"] == "lot1" and set(form["outcomes"]) == {"untreated", "wellbeing"}
    book = load_workbook(builder.root / written[1])
    assert book["Bid"]["D10"].value == "less than 10%"
    # A bidder fills in the YAML bid form: it reads back as a valid bid.
    form.update(bidder="A", price=90000)
    form["outcomes"]["untreated"].update(target="less than 9%", people=50,
                                         verify=["provider_return"])
    form["outcomes"]["wellbeing"].update(target="at least 61%", people=40, verify=["survey"])
    builder.bid("a.yaml", form)
    sheets = write_sheets(builder.open()).written
    assert sheets == ["out/scoresheets/ann.csv", "out/scoresheets/ann.xlsx"]
    assert (builder.root / sheets[0]).read_text() == (
        "bidder,criterion,score,justification,criterion_title,scale\n"
        "A,quality,,,Quality,0 to 5\n")


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
    assert release["ocid"] == "ocds-000000-t-lot1"
    assert release["date"] == "2026-03-02T00:00:00Z"
    assert release["awards"][0]["suppliers"] == [{"id": "ACME-01", "name": "A"}]
    assert release["awards"][0]["value"] == {"amount": 100000, "currency": "GBP"}
    assert [d["status"] for d in release["bids"]["details"]] == ["valid", "valid"]
    assert release["tender"]["value"] == {"amount": 150000, "currency": "GBP"}
    found = verify(builder.root)
    assert found.ok and found.entries == 3, found.problems
    # Tampering: an input, then an output, then the log itself.
    bid_file = builder.root / "bids/b.yaml"
    bid_file.write_text(bid_file.read_text().replace("80000", "70000"))
    assert verify(builder.root).problems == [
        "bids/b.yaml was changed after `tender award` recorded it (audit line 3)"]
    with pytest.raises(TenderError, match=r"no longer give out/evaluation\.json"):
        run_award(builder.open())
    bid_file.write_text(bid_file.read_text().replace("70000", "80000"))
    contract_file = builder.root / "out/contract.yaml"
    contract_file.write_text(contract_file.read_text().replace("ACME-01", "EVIL"))
    assert verify(builder.root).problems == [
        "out/contract.yaml was changed after `tender award` recorded it (audit line 3)"]
    log = builder.root / "out/audit.jsonl"
    lines = log.read_text().splitlines()
    log.write_text("\n".join([lines[0].replace("tender evaluate", "tender evaluatE"), *lines[1:]])
                   + "\n")
    problems = verify(builder.root).problems
    assert "out/audit.jsonl line 2: the chain is broken (the line before it was edited, " \
        "removed or inserted)" in problems


def test_a_bid_added_after_the_evaluation_is_detected(build) -> None:
    builder = (build().write().bid("a.yaml", bid("A", 100000)).quality({"A": (4, 4, 4)}))
    run_evaluation(builder.open())
    builder.bid("late.yaml", bid("Late", 1000))
    assert verify(builder.root).problems == [
        "bids/late.yaml is recorded by no command: it was added outside obc (or after the "
        "evaluation: run `obc tender evaluate`)"]


def test_demo_sample_tender_runs_to_an_award(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    sample = build_sample_tender(root, SPEC_EXAMPLE, "lot1", ["P01", "P02", "P03", "P04"])
    init_workspace(root, SPEC_EXAMPLE, "lot1", sample.evaluators)
    ws = open_workspace(root)
    write_bid_forms(ws)
    write_sheets(ws)
    pending, _ = moderation_todo(ws)
    assert pending == []
    evaluation, _ = run_evaluation(ws)
    statuses = {s.bidder: s.rank for s in evaluation.ranked}
    assert sample.excluded not in statuses
    assert evaluation.assessment.gate_reasons[sample.excluded]
    moderated = [m for m in evaluation.assessment.moderation if m.needs_agreement]
    assert [(m.bidder, m.criterion, m.method) for m in moderated] == [
        (*sample.moderated, "agreed")]
    run_award(ws, dt.date(2026, 3, 2))
    assert verify(root).ok


def test_cli_exit_codes_and_messages(build, monkeypatch: pytest.MonkeyPatch) -> None:
    from obcrules.cli import main

    builder = (build().write().bid("a.yaml", bid("A", 100000))
               .quality({"A": (2, 4, 3)}))
    monkeypatch.setattr("obcrules.semantics.checked._default_registry", builder.registry)
    runner = CliRunner()
    moved = runner.invoke(main, ["tender", "evaluate", str(builder.root / "nowhere")])
    assert moved.exit_code == 2
    refused = runner.invoke(main, ["tender", "evaluate", str(builder.root)])
    assert refused.exit_code == 1
    assert "Traceback" not in refused.output
    assert "1 item(s) need an agreed score" in refused.output
    listed = runner.invoke(main, ["tender", "moderate", str(builder.root)])
    assert listed.exit_code == 0
    assert "needs an agreed score: A × quality (ann 2, ben 4, cat 3; spread 2, limit 2)" \
        in listed.output
    usage = runner.invoke(main, ["tender", "init", str(builder.root / "new")])
    assert usage.exit_code == 2
    checked = runner.invoke(main, ["tender", "verify", str(builder.root)])
    assert checked.exit_code == 0, checked.output


def test_the_tender_report_is_recorded_so_verify_still_passes(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    build_sample_tender(root, SPEC_EXAMPLE, "lot1", ["P01", "P02", "P03", "P04"],
                        write_config=True)
    ws = open_workspace(root)
    run_evaluation(ws)
    from obcrules.cli import main

    result = CliRunner().invoke(main, ["tender", "report", str(root), "--no-pdf"])
    assert result.exit_code == 0, result.output
    assert verify(root).ok
    entry = json.loads((root / "out" / "audit.jsonl").read_text().splitlines()[-1])
    assert entry["command"] == "tender report"
    assert "out/evaluation.html" in {o["path"] for o in entry["outputs"]}
    (root / "out" / "evaluation.html").write_text("<p>edited</p>")
    assert not verify(root).ok
