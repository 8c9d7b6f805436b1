"""Withdrawn bids (`obcrules.tender.withdrawals`, ``obc tender withdraw``): on record with who,
when and why; listed as withdrawn, not evaluated; refused after the award unless it
supersedes it; published to OCDS with the bid status ``withdrawn``."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from obcrules.tender.audit import read_chain
from obcrules.tender.evaluation import evaluate
from obcrules.tender.lifecycle import lifecycle
from obcrules.tender.ocds import release_package
from obcrules.tender.problems import TenderError
from obcrules.tender.verification import verify
from obcrules.tender.workflow import run_award, run_evaluation, run_withdrawal, write_sheets
from tests.tender.conftest import Builder, awarded, bid, by_bidder, published
from tests.tender.ocds_validator import problems

WHEN = dt.datetime(2026, 3, 3, 9, 30, tzinfo=dt.UTC)


def _three(builder: Builder) -> Builder:
    """A, B and C; C, the cheapest, would win."""
    return (builder.write().bid("a.yaml", bid("A", 100000)).bid("b.yaml", bid("B", 100000))
            .bid("c.yaml", bid("C", 80000))
            .quality({"A": (4, 4, 4), "B": (3, 3, 3), "C": (4, 4, 4)}))


def test_a_withdrawn_bid_is_listed_with_its_reason_and_not_evaluated(build) -> None:
    builder = _three(build())
    withdrawal, outcome = run_withdrawal(builder.open(), "c", "Bidder's letter of 3 March",
                                         now=WHEN)
    assert withdrawal.bidder == "C" and withdrawal.file == "bids/c.yaml"
    assert outcome.written == ["out/withdrawals.json"]
    assert outcome.messages[0].startswith("withdrew the bid of C (bids/c.yaml): it stays in")
    data = published(builder)
    assert data["winner"] == "A"
    assert [(b["bidder"], b["status"], b["rank"]) for b in data["bids"]] == [
        ("A", "ranked", 1), ("B", "ranked", 2), ("C", "withdrawn", None)]
    assert by_bidder(data)["C"]["reasons"] == [
        "withdrawn by the bidder on 2026-03-03: Bidder's letter of 3 March"]
    assert by_bidder(data)["C"]["price"] == "80000.00"
    # the lowest price is now A's and B's: C's withdrawn price no longer sets it
    assert by_bidder(data)["A"]["scores"]["price"]["agreed"] == "100.00"
    assert "out/withdrawals.json" in {i["path"] for i in data["inputs"]}
    # the evaluators' rows for C (in every sheet) are ignored, not "not a bidder" errors
    evaluate(builder.open())


def test_the_withdrawal_is_in_the_audit_trail_and_the_history(build) -> None:
    from obcrules.tender.lifecycle import history

    builder = _three(build())
    run_withdrawal(builder.open(), "C", "Bidder's letter of 3 March", now=WHEN)
    (entry,) = read_chain(builder.root).entries
    assert entry.command == "tender withdraw" and entry.time == "2026-03-03T09:30:00Z"
    assert entry.data["withdrawal"] == {
        "bidder": "C", "file": "bids/c.yaml", "sha256": entry.inputs["bids/c.yaml"],
        "reason": "Bidder's letter of 3 March", "time": "2026-03-03T09:30:00Z", "by": None}
    stored = json.loads((builder.root / "out/withdrawals.json").read_text())
    assert stored["withdrawals"] == [entry.data["withdrawal"]]
    (event,) = history(read_chain(builder.root)).events
    assert event.lines[0] == 'withdrew the bid of C (bids/c.yaml): "Bidder\'s letter of 3 March"'
    assert verify(builder.root).ok


def test_unknown_and_repeated_withdrawals_are_refused(build) -> None:
    builder = _three(build())
    with pytest.raises(TenderError) as unknown:
        run_withdrawal(builder.open(), "Dunmore", "x")
    assert unknown.value.summary == "no bid in bids/ is from `Dunmore` or in a file of that name"
    assert str(unknown.value.problems[0]) == (
        "bids/: the bids are: A (bids/a.yaml); B (bids/b.yaml); C (bids/c.yaml) (give the "
        "bidder as its bid names it, or the bid's file)")
    run_withdrawal(builder.open(), "bids/c.yaml", "letter", now=WHEN)
    with pytest.raises(TenderError, match=r"the bid of C \(bids/c.yaml\) was already "
                       r"withdrawn on 2026-03-03T09:30:00Z: \"letter\""):
        run_withdrawal(builder.open(), "C", "again")


def test_a_withdrawals_file_not_written_by_obc_stops_the_evaluation(build) -> None:
    builder = _three(build())
    run_withdrawal(builder.open(), "C", "letter", now=WHEN)
    path = builder.root / "out/withdrawals.json"
    path.write_text(path.read_text().replace('"C"', '"B"'))
    with pytest.raises(TenderError) as edited:
        evaluate(builder.open())
    assert str(edited.value.problems[0]).startswith(
        "out/withdrawals.json: differs from what `tender withdraw` wrote at out/audit.jsonl "
        "line 1")
    path.unlink()
    with pytest.raises(TenderError, match=r"out/withdrawals\.json is missing"):
        evaluate(builder.open())


def test_the_score_sheets_no_longer_ask_for_a_withdrawn_bid(build) -> None:
    builder = _three(build())
    run_withdrawal(builder.open(), "C", "letter", now=WHEN)
    outcome = write_sheets(builder.open())
    assert "withdrawn, so not on the sheets: C" in outcome.messages
    sheet = (builder.root / "out/scoresheets/ann.csv").read_text()
    assert "A," in sheet and "\nC," not in sheet


def test_a_withdrawal_after_the_evaluation_makes_it_stale_until_evaluated_again(build) -> None:
    builder = _three(build())
    run_evaluation(builder.open())
    _, outcome = run_withdrawal(builder.open(), "C", "letter", now=WHEN)
    assert "the evaluation of audit line 1 included it: run `obc tender evaluate` again" \
        in outcome.messages
    found = verify(builder.root)
    assert [f.kind for f in found.findings] == ["stale"]
    assert "without out/withdrawals.json, which `tender withdraw` wrote" in found.problems[0]
    with pytest.raises(TenderError, match=r"the inputs no longer give out/evaluation\.json"):
        run_award(builder.open(), dt.date(2026, 3, 4))
    run_evaluation(builder.open())
    assert verify(builder.root).ok


def test_a_withdrawal_after_the_award_is_refused_unless_it_supersedes_it(build) -> None:
    builder = awarded(build())
    with pytest.raises(TenderError) as refused:
        run_withdrawal(builder.open(), "A", "Acme withdrew: key staff left")
    assert refused.value.summary.startswith(
        "lot `lot1` was awarded to A by `tender award` at audit line 2 (")
    assert "--reason \"why\" --supersede` (the award's outputs and its evaluation move to " \
        "out/superseded/1/), then evaluate and award again" in refused.value.summary
    assert len(read_chain(builder.root).entries) == 2  # nothing recorded
    _, outcome = run_withdrawal(builder.open(), "A", "Acme withdrew: key staff left",
                                supersede=True, now=WHEN)
    assert any(m.startswith("superseded the award of audit line 2 to A (supersession 1, "
                            "reason: \"Acme withdrew: key staff left\")") for m in outcome.messages)
    out = builder.root / "out"
    assert not (out / "evaluation.json").exists() and not (out / "contract.yaml").exists()
    assert (out / "superseded/1/contract.yaml").is_file()
    life = lifecycle(read_chain(builder.root))
    assert life.award is None and life.supersessions[0].reason == \
        "Acme withdrew: key staff left"
    assert "a bid was withdrawn at line 3, superseding the award of line 2" in life.describe()
    assert verify(builder.root).ok
    evaluation, _ = run_evaluation(builder.open())
    assert evaluation.winner is not None and evaluation.winner.bidder == "B"
    _, awarded_again = run_award(builder.open(), dt.date(2026, 3, 5))
    assert "out/ocds.json" in awarded_again.written
    assert verify(builder.root).ok


def test_superseding_with_no_award_is_refused(build) -> None:
    builder = _three(build())
    with pytest.raises(TenderError, match="there is no award to supersede"):
        run_withdrawal(builder.open(), "C", "letter", supersede=True)


def test_the_ocds_release_marks_the_bid_withdrawn_and_stays_valid(build) -> None:
    builder = _three(build())
    run_withdrawal(builder.open(), "C", "letter", now=WHEN)
    ws = builder.open()
    package = release_package(ws, evaluate(ws), dt.date(2026, 3, 4))
    assert problems(package) == {}
    (release,) = package["releases"]
    assert {d["tenderers"][0]["name"]: d["status"] for d in release["bids"]["details"]} == {
        "A": "valid", "B": "valid", "C": "withdrawn"}
    assert release["tender"]["numberOfTenderers"] == 3
    assert release["awards"][0]["suppliers"][0]["name"] == "A"


def test_check_notes_a_withdrawn_bid_and_finds_no_fault_in_the_sheets(build) -> None:
    from obcrules.tender.check import check_workspace

    builder = _three(build())
    run_withdrawal(builder.open(), "C", "letter", now=WHEN)
    found = check_workspace(builder.root, builder.registry)
    assert found.ok, found.problems
    assert "withdrawn, so not evaluated: C (bids/c.yaml)" in found.notes
    (builder.root / "out/withdrawals.json").write_text("{}")
    found = check_workspace(builder.root, builder.registry)
    assert [p.file for p in found.problems] == ["out/withdrawals.json"]


def test_a_bidder_that_withdrew_may_not_bid_again(build) -> None:
    # C withdraws its bid and submits a "corrected" one at another price: a withdrawal
    # is final for the lot, or it would be a way to change a price after the deadline.
    builder = _three(build())
    run_withdrawal(builder.open(), "C", "replaced by a corrected bid", now=WHEN)
    builder.bid("c2.yaml", bid("C", 90000))
    data = published(builder)
    assert [(b["bidder"], b["file"], b["status"]) for b in data["bids"]] == [
        ("A", "bids/a.yaml", "ranked"), ("B", "bids/b.yaml", "ranked"),
        ("C", "bids/c.yaml", "withdrawn"), ("C", "bids/c2.yaml", "invalid")]
    late = next(b for b in data["bids"] if b["file"] == "bids/c2.yaml")
    assert late["reasons"] == [
        "bids/c2.yaml: bidder: `C` withdrew its bid (bids/c.yaml); a withdrawal is final "
        "for the lot, so a later bid is not evaluated (remove this file from bids/: a bid "
        "after the withdrawal is a late bid)"]
    assert data["winner"] == "A"
    ws = builder.open()
    package = release_package(ws, evaluate(ws), dt.date(2026, 3, 4))
    assert problems(package) == {}
    (release,) = package["releases"]
    assert [(d["id"], d["status"]) for d in release["bids"]["details"]] == [
        ("bid-a", "valid"), ("bid-b", "valid"), ("bid-c", "withdrawn")]
