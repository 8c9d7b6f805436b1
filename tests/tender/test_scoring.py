"""Automatic scores (`obcrules.tender.scoring`): a plugin's scoring methods, found in the
vocabulary and run like the core's, and what a method returns is checked.

The lot names the test service `panel` (`tests.tender.panel_plugin`), whose scoring
methods `people_offered` (a plain dict) and `people_worked` (with working) stand
for any plugin's. Every number is worked out by hand in the comments.
"""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from obcrules.plugins.declarations import ScoringMethodDecl, WorkedScores
from obcrules.tender.bids import load_bids
from obcrules.tender.gates import gate_reasons
from obcrules.tender.problems import TenderError
from obcrules.tender.scoring import ScoringContext, automatic_scores, gated_context
from tests.tender.conftest import bid
from tests.tender.panel_plugin import _builder, _Panel, _people, _published


def test_a_plugin_method_returning_a_dict_scores_on_its_own_scale(tmp_path: Path) -> None:
    # offered: A 180 ÷ 180 × 10 = 10, B 90 ÷ 180 × 10 = 5; weighted × 50 ÷ 10 → 50, 25.
    # price (U, cheapest, is excluded): B 100, A 90,000 ÷ 120,000 × 100 = 75; × 50% →
    # 50, 37.50. Totals A 87.50, B 75.
    data = _published(_builder(tmp_path, "people_offered"))
    bids = {b["bidder"]: b for b in data["bids"]}
    assert {k: bids["A"]["scores"]["offered"][k] for k in ("agreed", "max", "weighted")} == {
        "agreed": "10.00", "max": "10", "weighted": "50.00"}
    assert bids["B"]["scores"]["offered"]["agreed"] == "5.00"
    assert [bids[b]["total"] for b in "AB"] == ["87.50", "75.00"]
    offered = next(c for c in data["criteria"] if c["name"] == "offered")
    assert offered["method"] == "people_offered" and offered["max"] == "10"
    assert offered["working"] == {}
    # no working of its own: the bid's working is the method's title, no calculation
    assert bids["A"]["scores"]["offered"]["working"] == {
        "formula": "People offered", "calculation": "", "targets": []}


def test_a_plugin_method_may_return_its_working(tmp_path: Path) -> None:
    data = _published(_builder(tmp_path, "people_worked"))
    offered = next(c for c in data["criteria"] if c["name"] == "offered")
    assert offered["working"] == {"most": "180"}
    assert {b["bidder"]: b["scores"].get("offered", {}).get("agreed") for b in data["bids"]} \
        == {"A": "10.00", "B": "5.00", "U": None}


def test_a_plugin_method_may_give_each_bids_working(tmp_path: Path) -> None:
    def worked(ctx: ScoringContext) -> WorkedScores:
        return WorkedScores(_people(ctx), {"most": "180", "bids": {
            "A": {"formula": "people offered ÷ the most offered × 10",
                  "calculation": "180 ÷ 180 × 10"},
            "B": {"formula": "people offered ÷ the most offered × 10",
                  "calculation": "90 ÷ 180 × 10"}}})

    data = _published(_builder(tmp_path, "people_worked", _Panel(worked)))
    offered = next(c for c in data["criteria"] if c["name"] == "offered")
    assert offered["working"] == {"most": "180"}  # each bid's working moves to its score
    bids = {b["bidder"]: b for b in data["bids"]}
    assert bids["B"]["scores"]["offered"]["working"] == {
        "formula": "people offered ÷ the most offered × 10",
        "calculation": "90 ÷ 180 × 10 = 5.00", "targets": []}


@pytest.mark.parametrize(("worked", "message"), [
    (lambda ctx: WorkedScores(_people(ctx), {"most": Decimal(180)}),
     "the scoring method `people_worked` returned the working {'most': Decimal('180')}, "
     "not a mapping of JSON data"),
    (lambda ctx: WorkedScores(_people(ctx), ["most", "180"]),  # type: ignore[arg-type]
     "returned the working ['most', '180'], not a mapping"),
    (lambda ctx: WorkedScores({"A": Decimal(11), "B": Decimal(5)}),
     "the scoring method `people_worked` gave A Decimal('11'), not a Decimal from 0 to 10"),
    (lambda ctx: {"A": Decimal(1)},
     "must return a score for each of ['A', 'B'], got {'A': Decimal('1')}"),
    (lambda ctx: WorkedScores(_people(ctx), {"bids": {"Z": {"formula": "f",
                                                            "calculation": "c"}}}),
     "returned the working of each bid (`bids`) {'Z': {'formula': 'f', 'calculation': 'c'}}, "
     "not bidder → {formula, calculation, targets} for bidders it scored"),
    (lambda ctx: WorkedScores(_people(ctx), {"bids": {"A": {"formula": 1}}}),
     "returned the working of each bid (`bids`) {'A': {'formula': 1}}"),
])
def test_what_a_method_returns_is_checked(tmp_path: Path, worked: Any, message: str) -> None:
    with pytest.raises(TenderError, match=re.escape(message)):
        _published(_builder(tmp_path, "people_worked", _Panel(worked)))


def test_core_methods_and_gates_are_looked_up_in_the_vocabulary(build) -> None:
    """Replace the core's `lowest_price` in a vocabulary and that one is run; remove the
    core's gates and the gate lines have nothing to run."""
    ws = build().write().bid("a.yaml", bid("A", 100000)).bid("b.yaml", bid("B", 80000)).open()
    bids = load_bids(ws).valid
    flat = ScoringMethodDecl(name="lowest_price", title="Flat",
                             score=lambda ctx: {b.bidder: Decimal(7) for b in ctx.bids})
    vocabulary = dataclasses.replace(
        ws.vocabulary, scoring_methods={**ws.vocabulary.scoring_methods, "lowest_price": flat})
    price = next(c for c in ws.tender.criteria if c.name == "price")
    scores = automatic_scores(gated_context(ws.ruleset, ws.tender, price, vocabulary, bids))
    assert scores.scores == {"A": Decimal(7), "B": Decimal(7)} and scores.working == {}
    with pytest.raises(TenderError, match="no plugin provides the gate `every_outcome_offered`"):
        gate_reasons(ws.ruleset, ws.tender, dataclasses.replace(ws.vocabulary, gates={}), bids)
