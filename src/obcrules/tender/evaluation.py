"""The evaluation pipeline: bids → gates → automatic scores → score sheets →
moderation → weighted totals, minimums, ranking, price checks and sensitivity.

`assess` runs it as far as moderation (what ``obc tender scoresheets`` and
``obc tender moderate`` need); `evaluate` completes it, refusing while any item
awaits an agreed score. Nothing here writes a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from obcrules.figures import count_text
from obcrules.model import Criterion, EvaluatorScoring
from obcrules.tender.bids import Bid, BidSet, bid_attachments, load_bids
from obcrules.tender.config import CONFIG_NAME
from obcrules.tender.gates import gate_reasons
from obcrules.tender.moderation import ModeratedItem, load_moderation, moderate
from obcrules.tender.problems import Problem, TenderError
from obcrules.tender.ranking import Standing, Tie, abnormally_low, minimum_reasons, rank, score_bid
from obcrules.tender.scoresheets import evaluator_criteria, load_scores
from obcrules.tender.scoring import AutomaticScores, automatic_scores, gated_context
from obcrules.tender.sensitivity import Transfer, transfers
from obcrules.tender.withdrawals import WithdrawnBid, load_withdrawals, set_aside
from obcrules.tender.workspace import Workspace


@dataclass
class Assessment:
    """The evaluation up to moderation."""

    bids: BidSet
    """The bids, without the withdrawn ones."""
    gate_reasons: dict[str, list[str]]
    gated: list[Bid]
    withdrawn: list[WithdrawnBid] = field(default_factory=list)
    """The bids withdrawn with `obc tender withdraw`: listed, not evaluated."""
    automatic: dict[str, AutomaticScores] = field(default_factory=dict)
    moderation: list[ModeratedItem] = field(default_factory=list)
    inputs: list[Path] = field(default_factory=list)

    @property
    def pending(self) -> list[ModeratedItem]:
        """Items that still need an agreed score."""
        return [m for m in self.moderation if m.pending]

    @property
    def known_bidders(self) -> set[str]:
        """Every bidder named by a bid file (valid or not, or withdrawn): a score sheet's row
        for one that is not scored is ignored, not an error."""
        return ({b.bidder for b in self.bids.valid} | {b.bidder for b in self.bids.invalid}
                | {w.bidder for w in self.withdrawn})


@dataclass
class Evaluation:
    """A completed evaluation."""

    assessment: Assessment
    standings: list[Standing]
    ranked: list[Standing]
    ties: list[Tie]
    flags: dict[str, list[str]]
    sensitivity: list[Transfer]

    @property
    def winner(self) -> Standing | None:
        """The first-ranked bid, if any bid is ranked."""
        return self.ranked[0] if self.ranked else None


def gate_bids(ws: Workspace) -> Assessment:
    """All bids but the withdrawn ones, each valid bid's gate failures, the bids that
    passed, and the withdrawn bids (the assessment so far, with its inputs)."""
    withdrawals, record = load_withdrawals(ws.root)
    bids, withdrawn = set_aside(load_bids(ws, {w.file for w in withdrawals}), withdrawals)
    reasons = gate_reasons(ws.ruleset, ws.tender, ws.vocabulary, bids.valid)
    gated = [bid for bid in bids.valid if not reasons[bid.bidder]]
    result = Assessment(bids=bids, gate_reasons=reasons, gated=gated, withdrawn=withdrawn)
    result.inputs = [ws.root / CONFIG_NAME, ws.ruleset_path, *bids.files,
                     *(a for f in bids.files for a in bid_attachments(f)),
                     *([record] if record is not None else [])]
    return result


def assess(ws: Workspace, *, with_scores: bool = True) -> Assessment:
    """Bids, gates, automatic scores and (``with_scores``) the moderated evaluator scores."""
    result = gate_bids(ws)
    gated = result.gated
    for criterion in ws.tender.criteria:
        if not isinstance(criterion.scoring, EvaluatorScoring):
            context = gated_context(ws.ruleset, ws.tender, criterion, ws.vocabulary, gated)
            result.automatic[criterion.name] = automatic_scores(context)
    if not with_scores:
        return result
    scored = [bid.bidder for bid in gated]
    items, sheets = load_scores(ws, result.known_bidders, scored)
    agreed, moderation_file = load_moderation(ws, result.known_bidders)
    result.inputs += sheets + ([moderation_file] if moderation_file else [])
    result.moderation = moderate(ws.tender, items, agreed, ws.config.moderation_spread,
                                 ws.config.settle)
    return result


def evaluate(ws: Workspace) -> Evaluation:
    """The completed evaluation; `TenderError` while any item awaits agreement."""
    assessment = assess(ws)
    if assessment.pending:
        raise TenderError(
            f"{count_text(len(assessment.pending), 'item')} "
            f"{'needs' if len(assessment.pending) == 1 else 'need'} an agreed score in "
            "moderation.csv before the evaluation can complete: obc tender moderate lists "
            "them",
            [Problem("moderation.csv", f"{m.bidder} × {m.criterion}",
                     "evaluators scored " + ", ".join(f"{e} {s}" for e, s in m.scores.items())
                     + f" (spread {m.spread.normalize():f}, limit {m.threshold.normalize():f})",
                     "agree a score and write it with a justification")
             for m in assessment.pending], kind="moderation")
    criteria = list(ws.tender.criteria)
    maxima = {c.name: _maximum(c, assessment) for c in criteria}
    agreed_by_item = {(m.bidder, m.criterion): m.agreed for m in assessment.moderation}
    standings = []
    for bid in assessment.gated:
        agreed: dict[str, Decimal] = {}
        for criterion in criteria:
            if criterion.name in assessment.automatic:
                agreed[criterion.name] = assessment.automatic[criterion.name].scores[bid.bidder]
            else:
                value = agreed_by_item[(bid.bidder, criterion.name)]
                assert value is not None
                agreed[criterion.name] = value
        scores, total = score_bid(criteria, agreed, maxima, ws.config.rounding)
        standings.append(Standing(bidder=bid.bidder, price=bid.price, scores=scores,
                                  total=total, reasons=minimum_reasons(criteria, scores)))
    ranked, ties = rank(ws.tender, standings)
    low = abnormally_low({b.bidder: b.price for b in assessment.gated},
                         ws.config.abnormally_low_price)
    flags = {bidder: [message] for bidder, message in low.items()}
    return Evaluation(assessment=assessment, standings=standings, ranked=ranked, ties=ties,
                      flags=flags, sensitivity=transfers(criteria, ranked))


def _maximum(criterion: Criterion, assessment: Assessment) -> Decimal:
    if isinstance(criterion.scoring, EvaluatorScoring):
        return criterion.scoring.high
    return assessment.automatic[criterion.name].maximum


__all__ = ["Assessment", "Evaluation", "assess", "evaluate", "evaluator_criteria", "gate_bids"]
