"""The ``tender_*`` functions of `obcrules.api`: arguments checked as ``obc tender`` checks them."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from obcrules import api
from obcrules.tender.demo import build_sample_tender

RULESET = Path(__file__).parents[2] / "rulesets" / "continence.obc"


@pytest.mark.parametrize("threshold", ["130%", "abc", "0.3", Decimal(0)])
def test_init_refuses_a_threshold_that_is_not_a_percentage(tmp_path: Path,
                                                           threshold: str | Decimal) -> None:
    with pytest.raises(api.UsageError) as caught:
        api.tender_init(tmp_path / "t", RULESET, "lot1", ["alice"], threshold)
    assert caught.value.argument == "abnormally_low"
    assert str(caught.value) == "give a percentage such as 30%"
    assert not (tmp_path / "t").exists()


def test_init_takes_a_threshold_as_text_or_decimal(tmp_path: Path) -> None:
    for name, threshold in (("text", "25%"), ("decimal", Decimal("0.25"))):
        outcome = api.tender_init(tmp_path / name, RULESET, "lot1", ["alice"], threshold)
        assert outcome.written == ["continence.obc", "obc.toml"]
        assert 'abnormally_low_price = "25%"' in (tmp_path / name / "obc.toml").read_text()
    with pytest.raises(api.UsageError) as caught:
        api.tender_init(tmp_path / "x", tmp_path / "none.obc", "lot1")
    assert caught.value.argument == "ruleset"


def test_the_workflow_from_python_ends_in_a_report_the_audit_trail_knows(
        tmp_path: Path) -> None:
    root = tmp_path / "t"
    build_sample_tender(root, RULESET, "lot1", ["P01", "P02", "P03", "P04"], write_config=True)
    with pytest.raises(api.UsageError, match="run `obc tender evaluate` first"):
        api.tender_report(root, pdf=False)
    api.tender_scoresheets(root)
    evaluation, outcome = api.tender_evaluate(root)
    assert outcome.written == ["out/evaluation.json"]
    assert [(s.rank, s.bidder, str(s.total)) for s in evaluation.ranked] == [
        (1, "Acme Care Ltd", "80.56"), (2, "Dunmore Community Care", "74.66"),
        (3, "Brightwater Health CIC", "67.33")]
    written = api.tender_report(root, pdf=False)
    assert written.evaluation.html == root / "out" / "evaluation.html"
    assert len(written.feedback) == 4 and written.feedback_dir == root / "out" / "feedback"
    entry = json.loads((root / "out" / "audit.jsonl").read_text().splitlines()[-1])
    assert entry["command"] == "tender report"
    assert api.tender_verify(root).ok
    with pytest.raises(api.UsageError, match="no such folder"):
        api.tender_verify(tmp_path / "nowhere")


@pytest.mark.parametrize(("supersede", "reason", "argument"), [
    (True, None, "reason"), (True, "   ", "reason"), (False, "a reason", "supersede")])
def test_supersede_and_its_reason_go_together(tmp_path: Path, supersede: bool,
                                              reason: str | None, argument: str) -> None:
    with pytest.raises(api.UsageError) as caught:
        api.tender_evaluate(tmp_path, supersede=supersede, reason=reason)
    assert caught.value.argument == argument
    with pytest.raises(api.UsageError):
        api.tender_award(tmp_path, supersede=supersede, reason=reason)


def test_check_history_and_seal_from_python(tmp_path: Path) -> None:
    root = tmp_path / "t"
    build_sample_tender(root, RULESET, "lot1", ["P01", "P02", "P03", "P04"], write_config=True)
    assert api.tender_check(root).ok
    with pytest.raises(api.TenderError, match=r"nothing to seal: out/audit\.jsonl has no entries"):
        api.tender_seal(root)
    api.tender_evaluate(root)
    history = api.tender_history(root)
    assert [(e.number, e.command) for e in history.events] == [(1, "tender evaluate")]
    assert history.state == "evaluated (audit line 1): Acme Care Ltd ranked first"
    seal = api.tender_seal(root)
    assert seal.head == history.head and f"--sealed {seal.head}" in seal.text
    assert api.tender_verify(root, sealed=f"sha256:{seal.head.upper()}").sealed_line == 1
    with pytest.raises(api.UsageError) as caught:
        api.tender_verify(root, sealed="123")
    assert caught.value.argument == "sealed"
