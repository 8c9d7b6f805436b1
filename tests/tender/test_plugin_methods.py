"""Plugin gates and scoring methods, found in the vocabulary and run like the core's.

The lot below names the test service `panel`, whose gate `insured` and scoring
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

import obcrules.builtin
from obcrules import hookimpl
from obcrules.plugins.declarations import GateDecl, ScoringMethodDecl, WorkedScores
from obcrules.plugins.manager import Registry, make_plugin_manager
from obcrules.tender.bids import load_bids
from obcrules.tender.evaluation import evaluate
from obcrules.tender.gates import GateContext, gate_reasons
from obcrules.tender.problems import TenderError
from obcrules.tender.result import evaluation_data
from obcrules.tender.scoring import ScoringContext, automatic_scores, gated_context
from tests import care_plugin
from tests.tender.conftest import RULESET, Builder, bid

LOT = RULESET[RULESET.index("tender lot1"):RULESET.index("payment:")]
PANEL_LOT = """\
tender lot1 "Lot 1":
    criterion price "Price":
        weight 50%
        scored by lowest price
    criterion offered "People offered":
        weight 50%
        scored by METHOD
    require every outcome offered
    require insured
    tie break by price

"""


def _uninsured(context: GateContext, bid: Any) -> list[str]:
    return [f"{bid.bidder} holds no insurance"] if bid.bidder == "U" else []


def _people(context: ScoringContext) -> dict[str, Decimal]:
    """People offered over all outcomes ÷ the most any bid offered × maximum."""
    offered = {b.bidder: sum(o.people or 0 for o in b.outcomes.values()) for b in context.bids}
    most = max(offered.values())
    return {bidder: Decimal(n) / most * context.maximum for bidder, n in offered.items()}


class _Panel:
    """A test service with one gate and scoring methods, and nothing else."""

    def __init__(self, worked: Any = None) -> None:
        self.worked = worked

    @hookimpl
    def register_gates(self) -> list[GateDecl]:
        return [GateDecl(name="insured", title="Insured", check=_uninsured)]

    @hookimpl
    def register_scoring_methods(self) -> list[ScoringMethodDecl]:
        return [
            ScoringMethodDecl(name="people_offered", title="People offered",
                              maximum=Decimal(10), score=_people),
            ScoringMethodDecl(name="people_worked", title="People offered, worked",
                              maximum=Decimal(10), score=self.worked or (
                                  lambda ctx: WorkedScores(_people(ctx), {"most": "180"}))),
        ]


def _builder(tmp_path: Path, method: str, panel: _Panel | None = None) -> Builder:
    registry: Registry = make_plugin_manager(entry_points=False, extra={
        "core": obcrules.builtin, "care": care_plugin, "panel": panel or _Panel()})
    ruleset = (RULESET.replace("service care", "service care, panel")
               .replace(LOT, PANEL_LOT.replace("METHOD", method)))
    builder = Builder(tmp_path, registry).write(ruleset)
    # people offered: A 100 + 80 = 180, B 50 + 40 = 90; U is excluded by `insured`.
    small = bid("B", 90000)
    for offer, people in zip(small["outcomes"].values(), (50, 40), strict=True):
        offer["people"] = people
    return builder.bid("a.yaml", bid("A", 120000)).bid("b.yaml", small).bid(
        "u.yaml", bid("U", 60000))


def _published(builder: Builder) -> dict[str, Any]:
    ws = builder.open()
    return evaluation_data(ws, evaluate(ws))


def test_a_plugin_gate_excludes_a_bid_with_its_reasons(tmp_path: Path) -> None:
    data = _published(_builder(tmp_path, "people_offered"))
    bids = {b["bidder"]: b for b in data["bids"]}
    assert bids["U"]["status"] == "excluded"
    assert bids["U"]["reasons"] == ["U holds no insurance"]
    assert bids["A"]["status"] == bids["B"]["status"] == "ranked"


def test_a_plugin_method_returning_a_dict_scores_on_its_own_scale(tmp_path: Path) -> None:
    # offered: A 180 ÷ 180 × 10 = 10, B 90 ÷ 180 × 10 = 5; weighted × 50 ÷ 10 → 50, 25.
    # price (U, cheapest, is excluded): B 100, A 90,000 ÷ 120,000 × 100 = 75; × 50% →
    # 50, 37.50. Totals A 87.50, B 75.
    data = _published(_builder(tmp_path, "people_offered"))
    bids = {b["bidder"]: b for b in data["bids"]}
    assert bids["A"]["scores"]["offered"] == {"agreed": "10.00", "max": "10",
                                              "weighted": "50.00"}
    assert bids["B"]["scores"]["offered"]["agreed"] == "5.00"
    assert [bids[b]["total"] for b in "AB"] == ["87.50", "75.00"]
    offered = next(c for c in data["criteria"] if c["name"] == "offered")
    assert offered["method"] == "people_offered" and offered["max"] == "10"
    assert offered["working"] == {}


def test_a_plugin_method_may_return_its_working(tmp_path: Path) -> None:
    data = _published(_builder(tmp_path, "people_worked"))
    offered = next(c for c in data["criteria"] if c["name"] == "offered")
    assert offered["working"] == {"most": "180"}
    assert {b["bidder"]: b["scores"].get("offered", {}).get("agreed") for b in data["bids"]} \
        == {"A": "10.00", "B": "5.00", "U": None}


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
