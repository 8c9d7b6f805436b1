"""The award's lifecycle (`obcrules.tender.lifecycle`, applied by `obcrules.tender.workflow`):
once a lot is awarded, a changed decision is refused, or superseded with a reason that the
chain keeps, the earlier outputs moved aside and never deleted."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

from obcrules.tender.audit import read_chain
from obcrules.tender.lifecycle import history, lifecycle
from obcrules.tender.problems import TenderError
from obcrules.tender.verification import verify
from obcrules.tender.workflow import run_award, run_evaluation
from tests.tender.conftest import awarded, bid

REASON = "The panel's moderation note for B was missing; agreed 5 (minutes of 3 March)"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _entries(root: Path) -> list[dict]:
    return [json.loads(line) for line in (root / "out/audit.jsonl").read_text().splitlines()]


def test_after_the_award_evaluate_and_award_refuse_naming_the_award_and_every_change(
        build) -> None:
    builder = awarded(build())
    root = builder.root
    before = {p: sha256(root / p) for p in ("bids/a.yaml", "out/evaluation.json")}
    (root / "bids/a.yaml").write_text((root / "bids/a.yaml").read_text().replace("100000", "90000"))
    builder.moderation([("B", "quality", 5, "agreed at the panel")])
    with pytest.raises(TenderError) as caught:
        run_evaluation(builder.open())
    time = _entries(root)[1]["time"]
    assert caught.value.summary == (
        f"lot `lot1` was awarded to A by `tender award` at audit line 2 ({time}); a new "
        "evaluation would change that decision. To supersede the award, run `obc tender "
        f'evaluate {root} --supersede --reason "why"` (the award\'s outputs move to '
        "out/superseded/1/), review it, then award it")
    assert [str(p) for p in caught.value.problems] == [
        f"bids/a.yaml: changed since the award (sha256 {before['bids/a.yaml']} → "
        f"{sha256(root / 'bids/a.yaml')})",
        f"moderation.csv: added since the award (sha256 {sha256(root / 'moderation.csv')})"]
    with pytest.raises(TenderError, match="a new award would change that decision") as again:
        run_award(builder.open())
    assert again.value.problems == caught.value.problems
    assert sha256(root / "out/evaluation.json") == before["out/evaluation.json"]
    assert len(_entries(root)) == 2  # refusals write nothing


def test_with_nothing_changed_evaluate_and_award_write_nothing_and_say_so(build) -> None:
    builder = awarded(build())
    _, outcome = run_evaluation(builder.open())
    assert (outcome.written, outcome.messages) == (
        [], ["out/evaluation.json is unchanged: the award of audit line 2 stands"])
    _, outcome = run_award(builder.open(), dt.date(2026, 3, 2))
    assert (outcome.written, outcome.messages) == (
        [], ["lot `lot1` is already awarded to A (audit line 2); nothing changed"])
    assert len(_entries(builder.root)) == 2
    with pytest.raises(TenderError, match="nothing changed since the award of audit line 2, so "
                       "there is nothing to supersede; run the command without --supersede"):
        run_evaluation(builder.open(), supersede=REASON)


def test_superseding_moves_the_award_aside_records_why_and_the_lot_can_be_awarded_again(
        build) -> None:
    builder = awarded(build())
    root = builder.root
    old = {name: (root / "out" / name).read_bytes()
           for name in ("evaluation.json", "contract.yaml", "ocds.json")}
    builder.moderation([("B", "quality", 5, "agreed at the panel")])
    evaluation, outcome = run_evaluation(builder.open(), supersede=REASON)
    assert evaluation.winner is not None and evaluation.winner.bidder == "B"
    assert outcome.written == ["out/evaluation.json"]
    assert outcome.messages == [
        f'superseded the award of audit line 2 to A (supersession 1, reason: "{REASON}"): its '
        "outputs moved to out/superseded/1/",
        "review the new evaluation, then award it with `obc tender award`"]
    assert {name: (root / "out/superseded/1" / name).read_bytes() for name in old} == old
    assert not (root / "out/contract.yaml").exists() and not (root / "out/ocds.json").exists()
    entry = _entries(root)[2]
    assert entry["winner"] == "B"
    assert entry["supersedes"] == {
        "number": 1, "award_line": 2, "reason": REASON, "previous_winner": "A",
        "new_winner": "B", "folder": "out/superseded/1",
        "changed": [{"path": "moderation.csv", "old": None,
                     "new": sha256(root / "moderation.csv")}],
        "moved": [{"from": f"out/{n}", "to": f"out/superseded/1/{n}"}
                  for n in ("contract.yaml", "evaluation.json", "ocds.json")]}
    assert {r["path"] for r in entry["outputs"]} == {
        "out/evaluation.json", *(f"out/superseded/1/{n}" for n in old)}
    assert lifecycle(read_chain(root)).state == "evaluated"
    found = verify(root)
    assert found.ok, found.problems
    assert found.supersessions == [
        f"supersession 1 at audit line 3 ({entry['time']}, `tender evaluate`): the award of "
        f'line 2 to A was superseded; winner now B; reason: "{REASON}"; earlier outputs in '
        "out/superseded/1/"]
    run_award(builder.open(), dt.date(2026, 3, 4))  # no --supersede: the award was superseded
    assert lifecycle(read_chain(root)).describe().startswith("awarded to B (audit line 4, ")
    assert verify(root).ok
    events = history(read_chain(root)).events
    assert [(e.number, e.command) for e in events] == [
        (1, "tender evaluate"), (2, "tender award"), (3, "tender evaluate"), (4, "tender award")]
    assert events[2].lines == (
        "B ranked first", "SUPERSEDES the award of line 2 (supersession 1)",
        f'reason: "{REASON}"', "winner: A → B",
        f"moderation.csv: added since the award (sha256 {sha256(root / 'moderation.csv')})",
        "earlier outputs moved to out/superseded/1/", "wrote out/evaluation.json")


def test_reissuing_an_award_on_another_date_needs_a_reason(build) -> None:
    builder = awarded(build())
    root = builder.root
    ocds = sha256(root / "out/ocds.json")
    with pytest.raises(TenderError) as caught:
        run_award(builder.open(), dt.date(2026, 3, 9))
    assert caught.value.summary.startswith(
        "lot `lot1` is already awarded to A by `tender award` at audit line 2 (")
    assert caught.value.summary.endswith(
        "); awarding again would rewrite it (a new --date changes out/ocds.json). To reissue "
        f'the award, run `obc tender award {root} --supersede --reason "why"` (the current '
        "award's outputs move to out/superseded/1/)")
    assert [p.file for p in caught.value.problems] == ["out/ocds.json"]
    assert str(caught.value.problems[0]).startswith(f"out/ocds.json: would change (sha256 {ocds} → ")
    run_award(builder.open(), dt.date(2026, 3, 9), supersede="Signature date corrected")
    assert sorted(p.name for p in (root / "out/superseded/1").iterdir()) == [
        "contract.yaml", "ocds.json"]
    assert (root / "out/evaluation.json").is_file()
    assert json.loads((root / "out/ocds.json").read_text())["releases"][0]["date"] \
        == "2026-03-09T00:00:00Z"
    found = verify(root)
    assert found.ok and len(found.supersessions) == 1, found.problems


def test_supersede_needs_an_award_to_supersede(build) -> None:
    builder = build().write()
    builder.bid("a.yaml", bid("A", 100000)).quality({"A": (4, 4, 4)})
    with pytest.raises(TenderError, match=r"^there is no award to supersede: lot `lot1` is "
                       r"open: not evaluated yet; run the command without --supersede$"):
        run_evaluation(builder.open(), supersede=REASON)
    run_evaluation(builder.open())
    with pytest.raises(TenderError, match=r"lot `lot1` is evaluated \(audit line 1\): A ranked "
                       "first; run"):
        run_award(builder.open(), supersede=REASON)


def test_an_edited_evaluation_is_refused_by_award_and_restored_by_evaluate(build) -> None:
    builder = awarded(build())
    published = builder.root / "out/evaluation.json"
    recorded = published.read_bytes()
    published.write_bytes(recorded.replace(b'"winner": "A"', b'"winner": "B"'))
    with pytest.raises(TenderError, match=r"^out/evaluation.json was edited after `tender "
                       r"evaluate` wrote it \(audit line 1\)\n"):
        run_award(builder.open(), dt.date(2026, 3, 2))
    _, outcome = run_evaluation(builder.open())
    assert outcome.messages == [
        "restored out/evaluation.json as the award of audit line 2 recorded it"]
    assert published.read_bytes() == recorded
    assert verify(builder.root).ok
