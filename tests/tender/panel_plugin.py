"""The test service `panel`: one gate and two scoring methods, and nothing else.

A lot that names `panel` (`PANEL_LOT`, with METHOD for the scoring method) has the
gate `insured` and the scoring methods `people_offered` (a plain dict) and
`people_worked` (with working) that stand for any plugin's; `_builder` writes a
workspace of three bids for it. Used by test_gates.py and test_scoring.py.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import obcrules.builtin
from obcrules import hookimpl
from obcrules.plugins.declarations import GateDecl, ScoringMethodDecl, WorkedScores
from obcrules.plugins.manager import Registry, make_plugin_manager
from obcrules.tender.evaluation import evaluate
from obcrules.tender.gates import GateContext
from obcrules.tender.result import evaluation_data
from obcrules.tender.scoring import ScoringContext
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
