"""The assessment summary each bidder gets (`obcrules.reports.context.feedback`): its own bid
against the winner's, and no other loser."""

from __future__ import annotations

from markupsafe import escape

from obcrules.reports import ReportFiles
from tests.reports.conftest import load, pdf_text
from tests.reports.context.conftest import _flat

RESULT = load("evaluation.json")


def test_one_feedback_per_bidder_without_other_losers(rendered: list[ReportFiles]) -> None:
    feedback = rendered[1:]
    assert len(feedback) == len(RESULT["bids"])
    assert all(f.html.parent.name == "feedback" for f in feedback)
    names = [b["bidder"] for b in RESULT["bids"]]
    for bid, files in zip(RESULT["bids"], feedback, strict=True):
        html = files.html.read_text(encoding="utf-8")
        assert str(escape(bid["bidder"])) in html
        for other in names:
            if other not in (bid["bidder"], RESULT["winner"]):
                assert str(escape(other)) not in html, (bid["bidder"], other)
                assert other not in html


def test_feedback_pdf_compares_with_the_winner(rendered: list[ReportFiles]) -> None:
    second = next(f for f in rendered[1:] if f.html.stem == "brightcare-partnership")
    assert second.pdf is not None
    text = _flat(pdf_text(second.pdf))
    assert _flat("ranked 2nd with a total of 72.00") in text
    assert "AcmeCareLtd" in text and "80.57" in text
    assert "-8.00" in text  # approach: 24.00 against 32.00


def test_bidder_names_become_safe_file_names(rendered: list[ReportFiles]) -> None:
    for files in rendered[1:]:
        assert all(c.isalnum() or c == "-" for c in files.html.stem)
