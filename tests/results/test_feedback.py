"""The evaluation as one bidder may see it: its own bid and the winner's, nothing else."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from obcrules.results.evaluation import EvaluationDocument
from obcrules.results.feedback import FeedbackDocument, feedback_document
from obcrules.results.reading import read_evaluation, validate

FIXTURE = Path(__file__).parents[1] / "reports" / "fixtures" / "evaluation.json"


@pytest.fixture
def evaluation() -> EvaluationDocument:
    """The report fixture, with the working of scores from targets as the tender writes it."""
    document = read_evaluation(FIXTURE)
    ambition = next(c for c in document["criteria"] if c["name"] == "ambition")
    ambition["working"] = {"outcomes": {"wellbeing": {
        "unit": "points", "largest": "4",
        "margins": {b["bidder"]: str(i) for i, b in enumerate(document["bids"])}}}}
    return document


def _others(evaluation: EvaluationDocument, bidder: str) -> list[dict[str, Any]]:
    """The bids of the losing bidders other than ``bidder``."""
    return [dict(b) for b in evaluation["bids"]
            if b["bidder"] not in (bidder, evaluation["winner"])]


def test_a_loser_sees_its_bid_and_the_winners_and_nobody_else(
        evaluation: EvaluationDocument) -> None:
    seen = feedback_document(evaluation, "CheapCo")
    validate(seen, FeedbackDocument, "the feedback document")  # the type it claims
    assert seen["schema"] == "obcrules.feedback/1"
    assert seen["for_bidder"] == "CheapCo"
    assert [b["bidder"] for b in seen["bids"]] == ["Acme Care Ltd", "CheapCo"]
    assert [m["criterion"] for m in seen["moderation"]] == ["approach"]
    assert seen["moderation"][0]["scores"] == {"Evaluator 1": "1", "Evaluator 2": "1"}
    assert "ties" not in seen and "sensitivity" not in seen
    text = json.dumps(seen)
    others = _others(evaluation, "CheapCo")
    assert len(others) == 3
    for other in others:
        assert other["bidder"] not in text and other["file"] not in text, other["bidder"]
    assert "bids/cheapco.yaml" in text and "bids/acme.yaml" in text
    [ambition] = [c for c in seen["criteria"] if c["name"] == "ambition"]
    assert ambition["working"]["outcomes"]["wellbeing"] == {
        "unit": "points", "largest": "4", "margins": {"Acme Care Ltd": "0", "CheapCo": "2"}}


def test_a_loser_sees_its_reasons_and_the_winners_and_no_one_elses(
        evaluation: EvaluationDocument) -> None:
    seen = feedback_document(evaluation, "CheapCo")
    text = json.dumps(seen)
    own, winner = (next(b for b in seen["bids"] if b["bidder"] == name)
                   for name in ("CheapCo", "Acme Care Ltd"))
    assert own["scores"]["approach"]["reasons"][0]["text"] == (
        "No plan for case finding; staffing relies on agency cover.")
    assert winner["scores"]["approach"]["reasons"][1] == {
        "by": "Evaluator 2", "score": "4",
        "text": "Clear pathway from assessment to treatment; good use of the community team."}
    assert winner["scores"]["ambition"]["working"]["targets"][0]["offered"] == "less than 8%"
    for other in _others(evaluation, "CheapCo"):
        for score in other["scores"].values():
            for reason in score["reasons"]:
                assert reason["text"] not in text, reason
            if score["working"]:
                assert score["working"]["calculation"] not in text


def test_evaluators_are_named_by_role_never_by_name(evaluation: EvaluationDocument) -> None:
    assert [m["evaluator"] for m in evaluation["panel"]] == ["alice", "bob"]
    for bid in evaluation["bids"]:
        seen = feedback_document(evaluation, bid["bidder"])
        assert "panel" not in seen
        text = json.dumps(seen)
        assert "alice" not in text and "bob" not in text, bid["bidder"]


def test_the_winner_sees_only_its_own_bid(evaluation: EvaluationDocument) -> None:
    seen = feedback_document(evaluation, "Acme Care Ltd")
    assert [b["bidder"] for b in seen["bids"]] == ["Acme Care Ltd"]
    text = json.dumps(seen)
    for other in _others(evaluation, "Acme Care Ltd"):
        assert other["bidder"] not in text and other["file"] not in text


def test_the_evaluation_itself_is_left_as_it_was(evaluation: EvaluationDocument) -> None:
    before = json.dumps(evaluation, sort_keys=True)
    feedback_document(evaluation, "CheapCo")
    assert json.dumps(evaluation, sort_keys=True) == before


def test_a_bidder_without_a_bid_has_no_feedback(evaluation: EvaluationDocument) -> None:
    with pytest.raises(ValueError, match="'Nobody Ltd' made no bid"):
        feedback_document(evaluation, "Nobody Ltd")


def test_a_bid_tied_with_the_winner_gets_the_earliest_rule_between_them(
        evaluation: EvaluationDocument) -> None:
    # W, X, Y, Z on equal totals: W above X by name, X above Y by price, Y above Z by name;
    # between W and Y (and Z) the bids differ first on price, the earlier rule
    names = ["W", "X", "Y", "Z"]
    template = next(b for b in evaluation["bids"] if b["status"] == "ranked")
    evaluation["bids"] = [{**template, "bidder": n, "rank": i} for i, n in enumerate(names, 1)]
    evaluation["winner"] = "W"
    evaluation["ties"] = [{"bidders": [a, b], "total": "80.00", "decided_by": rule}
                          for a, b, rule in [("W", "X", "name"), ("X", "Y", "price"),
                                             ("Y", "Z", "name")]]
    assert [feedback_document(evaluation, n)["tie"] for n in names] == [None] + [
        {"bidders": ["W", n], "total": "80.00", "decided_by": rule}
        for n, rule in [("X", "name"), ("Y", "price"), ("Z", "price")]]
    evaluation["ties"] = evaluation["ties"][:1]  # Y scored less than X: no tie with W
    assert feedback_document(evaluation, "Y")["tie"] is None
