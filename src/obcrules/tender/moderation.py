"""Moderation: one agreed score per item (bidder × criterion scored by evaluators).

* A row in ``moderation.csv`` (``bidder,criterion,score,justification``) always
  wins: it is the agreed score.
* Otherwise, when the evaluators' scores spread by at least the moderation spread
  (``obc.toml``, default 40% of the scale's range: 2 points on 0 to 5, 40 on 0 to
  100), the item needs an agreed score and evaluation refuses to complete.
* Otherwise the agreed score is the most common score, ties going to the lower.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from obcrules.model import EvaluatorScoring, Tender
from obcrules.tender.problems import Problem, TenderError
from obcrules.tender.scoresheets import SCORE_COLUMNS, ScoreEntry, parse_score_row
from obcrules.tender.sheets import read_rows
from obcrules.tender.workspace import MODERATION_FILE, Workspace


@dataclass(frozen=True)
class ModeratedItem:
    """One item's evaluator scores and how its agreed score was reached.

    ``method`` is ``mode`` (most common score), ``agreed`` (a row of
    ``moderation.csv``) or ``pending`` (needs agreement; ``agreed`` is None).
    """

    bidder: str
    criterion: str
    scores: Mapping[str, Decimal]
    spread: Decimal
    threshold: Decimal
    needs_agreement: bool
    method: str
    agreed: Decimal | None
    justification: str = ""

    @property
    def pending(self) -> bool:
        """True while the item still needs an agreed score."""
        return self.method == "pending"


def mode_score(scores: Collection[Decimal]) -> Decimal:
    """The most common score; among equally common ones, the lowest."""
    counts = Counter(scores)
    top = max(counts.values())
    return min(score for score, count in counts.items() if count == top)


def spread_threshold(tender: Tender, criterion: str, fraction: Decimal) -> Decimal:
    """The spread of scores at which an item needs agreement (``fraction`` of the range)."""
    scoring = next(c.scoring for c in tender.criteria if c.name == criterion)
    assert isinstance(scoring, EvaluatorScoring)
    return fraction * (scoring.high - scoring.low)


def load_moderation(ws: Workspace, known_bidders: Collection[str]
                    ) -> tuple[dict[tuple[str, str], ScoreEntry], Path | None]:
    """The agreed scores of ``moderation.csv`` (none when the file is absent)."""
    path = ws.root / MODERATION_FILE
    if not path.is_file():
        return {}, None
    problems: list[Problem] = []
    agreed: dict[tuple[str, str], ScoreEntry] = {}
    for row in read_rows(path, MODERATION_FILE, SCORE_COLUMNS):
        entry = parse_score_row(row, MODERATION_FILE, ws.tender, known_bidders, problems)
        if entry is None:
            continue
        key = (entry.bidder, entry.criterion)
        if key in agreed:
            problems.append(Problem(MODERATION_FILE, row.where(), f"agrees a score for "
                                    f"{entry.bidder} on `{entry.criterion}` twice "
                                    f"(first at {agreed[key].where})", "keep one row"))
            continue
        agreed[key] = entry
    if problems:
        raise TenderError(f"{MODERATION_FILE} has {len(problems)} problem(s)", problems)
    return agreed, path


def moderate(tender: Tender, items: Mapping[tuple[str, str], Mapping[str, ScoreEntry]],
             agreed: Mapping[tuple[str, str], ScoreEntry], fraction: Decimal
             ) -> list[ModeratedItem]:
    """Every item with its agreed score (or ``pending``), sorted by bidder and criterion."""
    result = []
    for (bidder, criterion), by_evaluator in sorted(items.items()):
        scores = {evaluator: entry.score for evaluator, entry in sorted(by_evaluator.items())}
        values = list(scores.values())
        spread = max(values) - min(values) if values else Decimal(0)
        threshold = spread_threshold(tender, criterion, fraction)
        needs = spread >= threshold
        row = agreed.get((bidder, criterion))
        if row is not None:
            method, score, why = "agreed", row.score, row.justification
        elif needs or not values:
            method, score, why = "pending", None, ""
        else:
            method, score, why = "mode", mode_score(values), ""
        result.append(ModeratedItem(bidder=bidder, criterion=criterion, scores=scores,
                                    spread=spread, threshold=threshold, needs_agreement=needs,
                                    method=method, agreed=score, justification=why))
    return result
