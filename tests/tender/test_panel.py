"""The panel's sheets and agreed scores (`obcrules.tender.panel`): drafts, submitting once,
moderation.csv kept, downloads listed; the files are those the command line reads."""

from __future__ import annotations

import pytest

from obcrules.tender import panel
from obcrules.tender.problems import TenderError
from obcrules.tender.verification import verify
from tests.tender.conftest import bid

BY = {"person": "p00000001", "name": "Ann", "role": "evaluator"}


def test_a_draft_then_a_submission_writes_the_sheet_the_evaluation_reads(build) -> None:
    builder = build().write().bid("a.yaml", bid("A", 100000)).bid("b.yaml", bid("B", 90000))
    ws = builder.open()
    sheet = panel.sheet(ws, "ann")
    assert [(i.bidder, i.criterion, i.scale) for i in sheet.items] == [
        ("A", "quality", "0 to 5"), ("B", "quality", "0 to 5")]
    assert not sheet.submitted and sheet.file is None
    panel.save_sheet(ws, "ann", {("A", "quality"): ("4", "")}, BY)
    assert panel.sheet(ws, "ann").items[0].score == "4"
    with pytest.raises(TenderError) as caught:
        panel.save_sheet(ws, "ann", {("A", "quality"): ("9", "too high")}, BY)
    assert "A × quality: 9 is off the scale 0 to 5" in str(caught.value)
    with pytest.raises(TenderError) as caught:
        panel.save_sheet(ws, "ann", {("A", "quality"): ("4", "good")}, BY, submit=True)
    assert "B × quality: has no score" in str(caught.value)
    entries = {("A", "quality"): ("4", "good"), ("B", "quality"): ("3", "fair")}
    done = panel.save_sheet(ws, "ann", entries, BY, submit=True)
    assert done.submitted and (builder.root / "scores" / "ann.csv").read_text().splitlines() == [
        "bidder,criterion,score,justification,criterion_title,scale",
        "A,quality,4,good,Quality,0 to 5", "B,quality,3,fair,Quality,0 to 5"]
    with pytest.raises(TenderError, match="already submitted"):
        panel.save_sheet(ws, "ann", entries, BY)
    status = panel.status(builder.root)
    assert status.submitted == ("ann",) and not status.all_submitted
    assert verify(builder.root).ok


def test_an_agreed_score_replaces_its_row_and_keeps_the_others(build) -> None:
    builder = (build().write().bid("a.yaml", bid("A", 100000)).bid("b.yaml", bid("B", 90000))
               .quality({"A": (1, 5, 3), "B": (2, 2, 3)})
               .moderation([["B", "quality", "2", "agreed at the meeting"]]))
    ws = builder.open()
    rows = panel.moderation(ws)
    a = next(r for r in rows if r.item.bidder == "A")
    assert a.item.pending and set(a.justifications) == {"ann", "ben", "cat"}
    panel.agree(ws, "A", "quality", "3", "the panel  agreed 3", BY)
    panel.agree(ws, "A", "quality", "4", "on reflection, 4", BY)
    assert (builder.root / "moderation.csv").read_text().splitlines() == [
        "bidder,criterion,score,justification", "B,quality,2,agreed at the meeting",
        "A,quality,4,\"on reflection, 4\""]
    with pytest.raises(TenderError, match="off the scale"):
        panel.agree(ws, "A", "quality", "7", "no", BY)
    with pytest.raises(TenderError, match="not an item"):
        panel.agree(ws, "Z", "quality", "3", "no", BY)
    assert panel.downloads(builder.root) == ["out/audit.jsonl"]
