"""The sample tender (`obcrules.tender.demo`) runs through the whole workflow to an award."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from obcrules.tender.audit import verify
from obcrules.tender.demo import build_sample_tender
from obcrules.tender.workflow import (
    init_workspace,
    moderation_todo,
    run_award,
    run_evaluation,
    write_bid_forms,
    write_sheets,
)
from obcrules.tender.workspace import open_workspace

SPEC_EXAMPLE = Path(__file__).parents[1] / "fixtures" / "spec_example.obc"

def test_demo_sample_tender_runs_to_an_award(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    ruleset = tmp_path / "spec.obc"  # the spec example, with the commissioner an award needs
    lines = SPEC_EXAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    ruleset.write_text("".join([lines[0], '    commissioner "Northshire County Council"\n',
                                *lines[1:]]), encoding="utf-8")
    sample = build_sample_tender(root, ruleset, "lot1", ["P01", "P02", "P03", "P04"])
    init_workspace(root, ruleset, "lot1", sample.evaluators)
    config = root / "obc.toml"  # as a user would: uncomment the example base_uri
    config.write_text(config.read_text(encoding="utf-8").replace("# base_uri = ", "base_uri = "),
                      encoding="utf-8")
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


def test_the_sample_tender_prices_a_rate_card_when_the_lot_asks(tmp_path: Path) -> None:
    from obcrules.tender.award import contract_data
    from obcrules.tender.evaluation import evaluate

    ruleset = Path(__file__).parents[2] / "rulesets" / "rough_sleeping_pbr.obc"
    root = tmp_path / "priced"
    sample = build_sample_tender(root, ruleset, "inner", ["P01", "P02", "P03", "P04"],
                                 write_config=True)
    ws = open_workspace(root)
    evaluation = evaluate(ws)
    assert not evaluation.assessment.bids.invalid
    assert all(bid.priced for bid in evaluation.assessment.bids.valid)
    assert sample.excluded not in {s.bidder for s in evaluation.ranked}
    contract = contract_data(ws, evaluation)
    assert contract["payment"]["priced"] is True
    lines = contract["payment"]["rate_lines"]
    assert all(Decimal(line["amount"]) <= Decimal(line["ruleset_amount"]) for line in lines)
