"""The reasons for each score, as the evaluation report and the assessment summaries show them.

Every agreed score in ``evaluation.json`` carries its reasons (the moderation
note, or the justifications of the evaluators whose score was adopted, by role)
or, for an automatic score, its working (the formula, the formula with the bid's
figures and, for scores from targets, each offer against the requirement). This
module turns them into plain rows; the reports only show what the document says.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from obcrules.reports import formatting as fmt
from obcrules.results.evaluation import BidEntry, CriterionEntry, Score, ScoreWorking

SETTLED_WORDS = {"agreed": "agreed at moderation",
                 "mode": "the most common of the evaluators' scores",
                 "median": "the median of the evaluators' scores",
                 "mean": "the mean of the evaluators' scores"}
"""How an agreed score was reached, by its ``settled_by`` (automatic: the method)."""


@dataclass(frozen=True)
class ReasonLine:
    """A reason for a score: who gave it (a role, or the moderation), their score, the text."""

    by: str
    score: str
    text: str


@dataclass(frozen=True)
class TargetLine:
    """One outcome of a score from targets: the offer against the requirement."""

    outcome: str
    required: str
    offered: str
    margin: str
    largest: str
    ratio: str


@dataclass(frozen=True)
class WorkingView:
    """How an automatic score was reached: the formula, and with this bid's figures."""

    formula: str
    calculation: str
    targets: tuple[TargetLine, ...] = ()


@dataclass(frozen=True)
class ScoreReasons:
    """One bid's score on one criterion with its reasons or its working.

    ``label`` names the bid as the report does: its bidder, or in a summary "Your
    bid" and "The winning bid".
    """

    label: str
    score: str
    weighted: str
    settled: str
    reasons: tuple[ReasonLine, ...]
    working: WorkingView | None
    winner: bool = False


@dataclass(frozen=True)
class CriterionReasons:
    """A criterion and the reasons for each bid's score on it."""

    anchor: str
    title: str
    weight: str
    method: str
    """How the criterion is scored, as a phrase: ``scored by lowest price``, ``scored from
    targets``, ``scored by evaluators 0 to 5``."""
    scores: tuple[ScoreReasons, ...]


def score_reasons(label: str, score: Score, method: str, winner: bool = False) -> ScoreReasons:
    """``score`` as the reports show it; ``method`` is the criterion's (for automatic scores)."""
    working = score["working"]
    return ScoreReasons(
        label=label,
        score=f"{fmt.score(score['agreed'])} / {fmt.number(score['max'])}",
        weighted=fmt.fixed(score["weighted"]),
        settled=SETTLED_WORDS.get(score["settled_by"], method),
        reasons=tuple(ReasonLine(r["by"], fmt.number(r["score"]), r["text"])
                      for r in score["reasons"]),
        working=working_view(working) if working is not None else None,
        winner=winner,
    )


def working_view(working: ScoreWorking) -> WorkingView:
    """An automatic score's working, margins in their units."""
    return WorkingView(
        formula=working["formula"],
        calculation=working["calculation"],
        targets=tuple(TargetLine(
            outcome=t["title"] or t["outcome"],
            required=t["required"],
            offered=t["offered"] if t["offered"] is not None else "not offered",
            margin=_margin(t["margin"], t["unit"]),
            largest=_margin(t["largest"], t["unit"]),
            ratio=fmt.number(t["ratio"], 6),
        ) for t in working["targets"]),
    )


def criterion_reasons(criteria: Iterable[CriterionEntry], bids: Iterable[BidEntry],
                      winner: str | None, labels: Mapping[str, str] | None = None
                      ) -> list[CriterionReasons]:
    """Each criterion with the reasons for every scored bid's score, bids in the given order.

    ``labels`` renames bidders (a summary calls them "Your bid", "The winning bid").
    """
    scored = [b for b in bids if b["scores"]]
    taken: set[str] = set()
    return [CriterionReasons(
        anchor="reasons-" + fmt.slug(c["name"], taken),
        title=c["title"],
        weight=fmt.number(c["weight"]),
        method=scored_by(c["method"]),
        scores=tuple(score_reasons((labels or {}).get(b["bidder"], b["bidder"]),
                                   b["scores"][c["name"]], c["method"],
                                   winner is not None and b["bidder"] == winner)
                     for b in scored if c["name"] in b["scores"]),
    ) for c in criteria]


def scored_by(method: str) -> str:
    """``lowest price`` → ``scored by lowest price``; ``from targets`` → ``scored from
    targets``."""
    return f"scored {method}" if method.startswith("from ") else f"scored by {method}"


def _margin(value: str, unit: str) -> str:
    """``2`` points → ``2 points``; a relative ``0.25`` → ``25%`` (of the required value)."""
    return fmt.points(value) if unit == "points" else fmt.percent(value, 2)
