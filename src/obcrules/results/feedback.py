"""The evaluation document as one bidder may see it (schema ``obcrules.feedback/1``).

After the award each bidder gets an assessment summary. It is built from a
`FeedbackDocument`, and the plugins' feedback sections receive one, so nothing
that document leaves out can reach a bidder: another losing bidder's name, bid,
bid file, margins, reasons or moderation, the ties and the sensitivity analysis,
which compare the bids with each other, and the evaluators' names (the panel):
evaluators appear only by their role, ``Evaluator 2``. It is never written to a
file; the reports derive it from ``out/evaluation.json`` with `feedback_document`.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import PurePosixPath
from typing import Any, Literal

from pydantic import ConfigDict, with_config
from typing_extensions import TypedDict

from obcrules.results.evaluation import (
    BidEntry,
    CriterionEntry,
    EvaluationDocument,
    FileRecord,
    ItemTitle,
    LotRef,
    ModerationEntry,
    Settings,
    TenderRulesetRef,
    Tie,
)

SCHEMA = "obcrules.feedback/1"

_STRICT = ConfigDict(extra="forbid", use_attribute_docstrings=True)


@with_config(_STRICT)
class FeedbackDocument(TypedDict):
    """``out/evaluation.json`` narrowed to what ``for_bidder`` may see."""

    schema: Literal["obcrules.feedback/1"]
    for_bidder: str
    """The bidder the document is for."""
    lot: LotRef
    ruleset: TenderRulesetRef
    currency: str
    plugins: dict[str, str]
    inputs: list[FileRecord]
    """The evaluation's inputs, less other losing bidders' bid files and the score
    sheets (their files are named by evaluator)."""
    settings: Settings
    items: list[ItemTitle]
    criteria: list[CriterionEntry]
    """The lot's criteria, their working without any entry about another losing bidder."""
    bids: list[BidEntry]
    """This bidder's bid and the winning bid (the same bid when it won), in the result's
    order, each score with its reasons or working."""
    winner: str | None
    moderation: list[ModerationEntry]
    """The moderation of this bidder's items only, each evaluator's score under its role."""
    tie: Tie | None
    """When this bid's published total equals the winning bid's: the rule that ranked
    the winner above it (``bidders``: the winner, then this bidder); else null."""


def feedback_document(evaluation: EvaluationDocument, bidder: str) -> FeedbackDocument:
    """``evaluation`` as ``bidder`` may see it: its own bid and the winner's, nothing else.

    Raises `ValueError` when ``bidder`` made no bid.
    """
    if not any(b["bidder"] == bidder for b in evaluation["bids"]):
        raise ValueError(f"{bidder!r} made no bid in this evaluation")
    winner = evaluation["winner"]
    visible = {bidder} if winner is None else {bidder, winner}
    hidden = {b["bidder"] for b in evaluation["bids"]} - visible
    # another losing bidder's file name can name it: leave those inputs out
    files = {b["file"] for b in evaluation["bids"] if b["bidder"] in hidden} - {
        b["file"] for b in evaluation["bids"] if b["bidder"] in visible}
    roles = {member["evaluator"]: member["role"] for member in evaluation["panel"]}
    # a score sheet's file is named by its evaluator, whom a bidder knows only by role
    files |= {i["path"] for i in evaluation["inputs"]
              if (path := PurePosixPath(i["path"])).parent.name == "scores"
              and path.stem in roles}
    return {
        "schema": "obcrules.feedback/1",
        "for_bidder": bidder,
        "lot": evaluation["lot"],
        "ruleset": evaluation["ruleset"],
        "currency": evaluation["currency"],
        "plugins": evaluation["plugins"],
        "inputs": [i for i in evaluation["inputs"] if i["path"] not in files],
        "settings": evaluation["settings"],
        "items": evaluation["items"],
        "criteria": [{**c, "working": _without(c["working"], hidden)}
                     for c in evaluation["criteria"]],
        "bids": [b for b in evaluation["bids"] if b["bidder"] in visible],
        "winner": winner,
        "moderation": [{**m, "scores": {role: m["scores"][e] for e, role in roles.items()
                                        if e in m["scores"]}}
                       for m in evaluation["moderation"] if m["bidder"] == bidder],
        "tie": _tie_with_winner(evaluation, bidder),
    }


_RULE_ORDER = {"price": 1, "name": 2}
"""The tie-break rules after the lot's tie-break criterion (order 0), in the order the
ranking applies them."""


def _tie_with_winner(evaluation: EvaluationDocument, bidder: str) -> Tie | None:
    """The tie between the winner and ``bidder`` when their published totals are equal.

    ``ties`` records each pair of adjacent ranked bids; between the winner and a bid
    further down the same run of equal totals, the rule that decided is the earliest
    (in the ranking's order of rules) that decided any adjacent pair between them, since
    the ranking sorts on the rules one after the other.
    """
    winner = evaluation["winner"]
    ranked = [b["bidder"] for b in evaluation["bids"] if b["status"] == "ranked"]
    if winner is None or bidder == winner or bidder not in ranked:
        return None
    pairs = {tuple(t["bidders"]): t for t in evaluation["ties"]}
    between = [pairs.get(pair) for pair in pairwise(ranked[:ranked.index(bidder) + 1])]
    decided = [t for t in between if t is not None]
    if len(decided) != len(between):
        return None  # a lower total somewhere between: not a tie
    first = min(decided, key=lambda t: _RULE_ORDER.get(t["decided_by"], 0))
    return {"bidders": [winner, bidder], "total": first["total"],
            "decided_by": first["decided_by"]}


def _without(working: dict[str, Any], hidden: set[str]) -> dict[str, Any]:
    """A criterion's working without the entries keyed by, or about, a hidden bidder.

    The working is whatever the scoring method reports (``outcomes`` → each
    bidder's margin by name, for scores from targets), so every level is searched.
    """
    kept = _prune(working, hidden)
    return kept if isinstance(kept, dict) else {}


def _prune(value: Any, hidden: set[str]) -> Any:
    if isinstance(value, dict):
        if value.get("bidder") in hidden:
            return None
        return {k: _prune(v, hidden) for k, v in value.items() if k not in hidden}
    if isinstance(value, list):
        return [v for v in (_prune(v, hidden) for v in value) if v is not None]
    return value
