"""``obc tender verify`` (`obcrules.tender.verification`): everything the chain cannot vouch
for fails it: an added file, an emptied or cut log, an output older than the evaluation it
shows, a contract naming another winner, a seal the log no longer holds."""

from __future__ import annotations

import datetime as dt

from obcrules.io.atomic import write_bytes_atomic
from obcrules.tender import audit
from obcrules.tender.evaluation import evaluate
from obcrules.tender.result import evaluation_data, render
from obcrules.tender.verification import verify
from obcrules.tender.workflow import run_evaluation
from tests.tender.conftest import awarded, bid

LOG = "out/audit.jsonl"


def test_a_bid_added_after_the_evaluation_is_detected(build) -> None:
    builder = (build().write().bid("a.yaml", bid("A", 100000)).quality({"A": (4, 4, 4)}))
    run_evaluation(builder.open())
    builder.bid("late.yaml", bid("Late", 1000))
    assert verify(builder.root).problems == [
        "bids/late.yaml is recorded by no command: it was added outside obc (or after the "
        "evaluation: run `obc tender evaluate`)"]


def test_an_emptied_or_deleted_log_fails_when_out_holds_outputs(build) -> None:
    builder = awarded(build())
    root = builder.root
    bid_file = root / "bids/a.yaml"
    bid_file.write_text(bid_file.read_text().replace("100000", "60000"))
    (root / "out/evaluation.json").write_text("{}")
    (root / LOG).write_text("")
    expected = ("out/audit.jsonl is empty, but out/ holds 3 file(s) that obc wrote "
                "(out/contract.yaml, out/evaluation.json, out/ocds.json): the log was deleted "
                "or emptied, so none of them can be vouched for; restore the log from a copy")
    found = verify(root)
    assert (found.ok, found.problems) == (False, [expected])
    (root / LOG).unlink()
    assert verify(root).problems == [expected.replace("is empty", "is missing")]


def test_a_log_cut_short_leaves_outputs_no_entry_recorded_and_misses_its_seal(build) -> None:
    builder = awarded(build())
    root = builder.root
    sealed = audit.read_chain(root).head
    assert verify(root, sealed).notes == [
        f"the seal matches audit line 2 (tender award, {audit.read_chain(root).entries[1].time}); "
        "nothing recorded since"]
    log = root / LOG
    log.write_text(log.read_text().splitlines()[0] + "\n")
    found = verify(root, sealed)
    assert [(f.kind, f.message) for f in found.findings] == [
        ("seal", f"the sealed head {sealed} is the hash of no line of out/audit.jsonl: the log "
                 "was rewritten, or cut before the sealed line, after the seal"),
        *[("unrecorded", f"out/{name} is recorded by no command: obc did not write it, or the "
                         "log lost the entry that did (compare the log with a copy or a seal)")
          for name in ("contract.yaml", "ocds.json")]]


def test_entries_after_the_seal_are_listed_and_do_not_fail_it(build) -> None:
    builder = (build().write().bid("a.yaml", bid("A", 100000)).quality({"A": (4, 4, 4)}))
    run_evaluation(builder.open())
    sealed = audit.read_chain(builder.root).head
    run_evaluation(builder.open())
    found = verify(builder.root, sealed)
    assert found.ok and found.sealed_line == 1
    assert found.notes[0].endswith("; 1 entry recorded since: line 2 tender evaluate")


def test_a_contract_made_from_an_earlier_evaluation_is_stale_and_inconsistent(build) -> None:
    """As before the award's lifecycle: a bid edited after the award, and only `evaluate` run
    again (the old tool wrote and recorded it), while contract.yaml still names the old
    winner at the old price (issue 15)."""
    builder = awarded(build())
    root = builder.root
    builder.moderation([("B", "quality", 5, "agreed at the panel")])
    ws = builder.open()
    evaluation = evaluate(ws)
    write_bytes_atomic(root / "out/evaluation.json", render(evaluation_data(ws, evaluation)))
    audit.append(root, "tender evaluate", evaluation.assessment.inputs,
                 [root / "out/evaluation.json"], now=dt.datetime(2026, 3, 3, tzinfo=dt.UTC))
    assert [(f.kind, f.message) for f in verify(root).findings] == [
        ("stale", "out/contract.yaml, out/ocds.json were made by `tender award` (audit line 2) "
                  "from an earlier out/evaluation.json, which `tender evaluate` rewrote at line "
                  "3: run `obc tender award` again"),
        ("inconsistent", "out/contract.yaml is awarded to A, but out/evaluation.json ranks B "
                         "first: run `obc tender award`"),
        ("inconsistent", "out/ocds.json awards the lot to A, but out/evaluation.json ranks B "
                         "first: run `obc tender award`")]


def test_a_report_of_an_earlier_evaluation_is_stale(build) -> None:
    builder = build().write().bid("a.yaml", bid("A", 100000)).bid("b.yaml", bid("B", 80000))
    run_evaluation(builder.quality({"A": (4, 4, 4), "B": (3, 3, 3)}).open())
    root = builder.root
    (root / "out/evaluation.html").write_text("<p>A first</p>")
    audit.append(root, "tender report", [root / "out/evaluation.json"],
                 [root / "out/evaluation.html"])
    builder.bid("b.yaml", bid("B", 70000))
    run_evaluation(builder.open())
    assert verify(root).problems == [
        "out/evaluation.html was made by `tender report` (audit line 2) from an earlier "
        "out/evaluation.json, which `tender evaluate` rewrote at line 3: run `obc tender "
        "report` again"]


def test_an_agreed_score_recorded_after_the_award_leaves_the_award_stale(build) -> None:  # type: ignore[no-untyped-def]
    # the chair's page rewrote moderation.csv after the award; `panel agree` recorded it,
    # so verify said "ok" though the award stood on the earlier moderation.csv
    from obcrules.tender import panel

    builder = awarded(build())
    chair = {"person": "p00000002", "name": "Chris", "role": "chair"}
    panel.agree(builder.open(), "B", "quality", "5", "agreed at the panel", chair)
    made = ("without moderation.csv, which `panel agree` wrote at line 3: the award of audit "
            "line 2 stands on the earlier version: supersede it with `obc tender evaluate "
            "--supersede --reason \"why\"`, or restore moderation.csv")
    assert verify(builder.root).problems == [
        f"out/evaluation.json was made by `tender evaluate` (audit line 1) {made}",
        f"out/contract.yaml, out/ocds.json were made by `tender award` (audit line 2) {made}"]
    run_evaluation(builder.open(), supersede="the panel agreed B's quality")
    assert verify(builder.root).ok
