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


def _why(bidder: str) -> list[str]:
    """The reasons and calculations of every score of ``bidder`` in the fixture."""
    bid = next(b for b in RESULT["bids"] if b["bidder"] == bidder)
    return [text for score in bid["scores"].values()
            for text in [*(r["text"] for r in score["reasons"]),
                         *([score["working"]["calculation"]] if score["working"] else [])]]


def test_a_losers_summary_gives_its_reasons_and_the_winners_and_no_one_elses(
        rendered: list[ReportFiles]) -> None:
    cheapco = next(f for f in rendered[1:] if f.html.stem == "cheapco")
    assert cheapco.pdf is not None
    text = _flat(pdf_text(cheapco.pdf))
    assert _flat("Your bid: 1 / 5, 8.00 points") in text
    assert _flat("Evaluator 2 (1): Does not say how residents will be assessed.") in text
    assert _flat("The winning bid: 4 / 5, 32.00 points") in text
    assert _flat("Evaluator 1 (4): Named continence lead; mobilisation in six weeks") in text
    # the winning bid's offered targets against the requirement: its relative advantage
    assert _flat("Residents report better wellbeing at least 60% at least 63% 3 points "
                 "5 points 0.6") in text
    assert _flat("Working: (2 ÷ 2 + 3 ÷ 5) ÷ 2 × 100 = 80") in text
    for why in [*_why("CheapCo"), *_why("Acme Care Ltd")]:
        assert _flat(why) in text, why
    html = cheapco.html.read_text(encoding="utf-8")
    for why in _why("BrightCare Partnership"):  # another loser: nothing of it
        assert str(escape(why)) not in html and why not in html, why
    for evaluator in ("alice", "bob"):  # evaluators by role only
        assert evaluator not in html


def test_the_winners_summary_gives_only_its_own_reasons(rendered: list[ReportFiles]) -> None:
    acme = next(f for f in rendered[1:] if f.html.stem == "acme-care-ltd")
    html = acme.html.read_text(encoding="utf-8")
    for why in _why("Acme Care Ltd"):
        assert str(escape(why)) in html, why
    for other in ("BrightCare Partnership", "CheapCo"):
        for why in _why(other):
            assert str(escape(why)) not in html, why
    assert "The winning bid:" not in html


def test_bidder_names_become_safe_file_names(rendered: list[ReportFiles]) -> None:
    for files in rendered[1:]:
        assert all(c.isalnum() or c == "-" for c in files.html.stem)


def test_a_bid_tied_with_the_winner_is_told_what_broke_the_tie(build) -> None:  # type: ignore[no-untyped-def]
    # three bids on 88.00: C first by the tie-break criterion, then A above B by name. B's
    # summary showed 88.00 against the winner's 88.00 and "not successful", and no reason
    from obcrules.reports import render_evaluation
    from obcrules.tender.workflow import run_evaluation
    from tests.tender.conftest import bid

    builder = (build().write()
               .bid("a.yaml", bid("A", 100000)).bid("b.yaml", bid("B", 100000))
               .bid("c.yaml", bid("C", "142857.14"))
               .quality({"A": (4, 4, 4), "B": (4, 4, 4), "C": (5, 5, 5)}))
    run_evaluation(builder.open())
    out = builder.root / "out"
    render_evaluation(out / "evaluation.json", out, pdf=False)

    def outcome(name: str) -> str:
        html = (out / "feedback" / f"{name}.html").read_text(encoding="utf-8")
        return " ".join(html.split('<p class="lead">')[1].split("</p>")[0].split())

    assert outcome("b") == (
        "Your bid was compliant and ranked 3rd with a total of 88.00 out of 100; it was not "
        "successful. The winning bid, from C, scored 88.00. Your total equalled the winning "
        "bid&#39;s; the tie was broken by Quality, the lot&#39;s tie-break criterion: the "
        "winning bid earned 60.00 points on it, yours 48.00.")
    assert outcome("c").startswith("Your bid ranked first")
    evaluation = (out / "evaluation.html").read_text(encoding="utf-8")
    assert ("A and B tied on a total of 88.00; the tie was decided by the bidders&#39; names "
            "in alphabetical order, the last rule, since the bids were level on every rule "
            "before it, so A ranks above B.") in " ".join(evaluation.split())


def test_with_no_winning_bid_the_summary_compares_with_nothing(build) -> None:  # type: ignore[no-untyped-def]
    # Every bid under the quality minimum: no bid ranks, so there is no winning bid. The
    # summary's heading said "against the winning bid's" over a column of dashes.
    from obcrules.reports import render_evaluation
    from obcrules.tender.workflow import run_evaluation
    from tests.tender.conftest import bid

    builder = (build().write()
               .bid("a.yaml", bid("A", 100000)).bid("b.yaml", bid("B", 100000))
               .quality({"A": (1, 1, 1), "B": (1, 1, 1)}))
    evaluation, _ = run_evaluation(builder.open())
    assert evaluation.winner is None
    out = builder.root / "out"
    render_evaluation(out / "evaluation.json", out, pdf=False)
    html = " ".join((out / "feedback" / "a.html").read_text(encoding="utf-8").split())
    assert "<h2>Your scores</h2>" in html
    assert "winning bid&#39;s" not in html and "Winning bid&#39;s score" not in html
    assert "No bid was ranked first, so there is no winning bid to set your scores against." in html


def test_a_withdrawn_bid_is_reported_as_withdrawn_with_its_reason(build) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from obcrules.reports import render_evaluation
    from obcrules.tender.workflow import run_evaluation, run_withdrawal
    from tests.tender.conftest import bid

    builder = (build().write()
               .bid("a.yaml", bid("A", 100000)).bid("b.yaml", bid("B", 90000))
               .quality({"A": (4, 4, 4), "B": (4, 4, 4)}))
    run_withdrawal(builder.open(), "B", "Bidder's letter of 3 March",
                   now=dt.datetime(2026, 3, 3, tzinfo=dt.UTC))
    run_evaluation(builder.open())
    out = builder.root / "out"
    render_evaluation(out / "evaluation.json", out, pdf=False)
    report = " ".join((out / "evaluation.html").read_text(encoding="utf-8").split())
    assert ("withdrawn</span></td> <td>withdrawn by the bidder on 2026-03-03: Bidder&#39;s "
            "letter of 3 March</td>") in report
    summary = " ".join((out / "feedback" / "b.html").read_text(encoding="utf-8").split())
    assert "Your bid was withdrawn, so it was not evaluated (see below)." in summary
    assert "<h3>Your withdrawal</h3>" in summary


def test_a_bidder_that_withdrew_and_bid_again_gets_one_summary(build) -> None:  # type: ignore[no-untyped-def]
    # C withdrew bids/c.yaml and bid again (the later bid is invalid: a withdrawal is
    # final): two rows of C in the evaluation made two identical summaries, c.html and
    # c-2.html.
    import datetime as dt

    from obcrules.reports import render_evaluation
    from obcrules.tender.workflow import run_evaluation, run_withdrawal
    from tests.tender.conftest import bid

    builder = (build().write().bid("a.yaml", bid("A", 100000)).bid("c.yaml", bid("C", 80000))
               .quality({"A": (4, 4, 4), "C": (4, 4, 4)}))
    run_withdrawal(builder.open(), "C", "replaced", now=dt.datetime(2026, 3, 3, tzinfo=dt.UTC))
    builder.bid("c2.yaml", bid("C", 90000))
    run_evaluation(builder.open())
    out = builder.root / "out"
    files = render_evaluation(out / "evaluation.json", out, pdf=False)
    assert [f.html.name for f in files[1:]] == ["a.html", "c.html"]
