"""Moderation: one agreed score per item (bidder × criterion scored by evaluators).

* A row in ``moderation.csv`` (``bidder,criterion,score,justification``) always
  wins: it is the agreed score.
* Otherwise, when the evaluators' scores spread by at least the moderation spread
  (``obc.toml``, default 40% of the scale's range: 2 points on 0 to 5, 40 on 0 to
  100), the item needs an agreed score and evaluation refuses to complete.
* Otherwise the scores are settled by the rule of ``[moderation] settle``: the
  most common score, ties going to the lower (``mode-lower``, the default), the
  ``median`` or the ``mean`` (`settle_score`).

Each item keeps every evaluator's justification and names the evaluators whose
score was adopted (`adopted_evaluators`): their justifications are the reasons
for the agreed score, unless moderation set it, when its note is the reason.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from obcrules.model import EvaluatorScoring, Tender
from obcrules.tender.config import Settle
from obcrules.tender.problems import Problem, TenderError
from obcrules.tender.scoresheets import SCORE_COLUMNS, ScoreEntry, parse_score_row
from obcrules.tender.sheets import read_rows
from obcrules.tender.workspace import MODERATION_FILE, Workspace

METHOD_WORDS: Mapping[str, str] = {
    "mode": "most common score", "median": "median score", "mean": "mean score",
    "agreed": "agreed at moderation", "pending": "awaiting moderation"}
"""How an item's agreed score was reached, in the words of the reports and the web app."""


@dataclass(frozen=True)
class ModeratedItem:
    """One item's evaluator scores and how its agreed score was reached.

    ``method`` is ``mode`` (most common score, the lower on a tie), ``median``,
    ``mean``, ``agreed`` (a row of ``moderation.csv``) or ``pending`` (needs
    agreement; ``agreed`` is None). ``justifications`` are each evaluator's;
    ``adopted`` names the evaluators whose justifications give the reasons for
    the agreed score (none when moderation set it: ``justification`` is its note).
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
    justifications: Mapping[str, str] = field(default_factory=dict)
    adopted: tuple[str, ...] = ()

    @property
    def pending(self) -> bool:
        """True while the item still needs an agreed score."""
        return self.method == "pending"

    @property
    def method_words(self) -> str:
        """How the agreed score was reached, in words (`METHOD_WORDS`)."""
        return METHOD_WORDS.get(self.method, self.method)


def mode_score(scores: Collection[Decimal]) -> Decimal:
    """The most common score; among equally common ones, the lowest."""
    counts = Counter(scores)
    top = max(counts.values())
    return min(score for score, count in counts.items() if count == top)


def median_score(scores: Collection[Decimal]) -> Decimal:
    """The middle score; of an even number of scores, the mean of the two middle ones."""
    low, high = _middle(sorted(scores))
    return (low + high) / 2


def mean_score(scores: Collection[Decimal]) -> Decimal:
    """The mean of the scores (exact: the rounding policy rounds it where it is published)."""
    return sum(scores, Decimal(0)) / len(scores)


SETTLE = {"mode-lower": mode_score, "median": median_score, "mean": mean_score}
"""Each ``[moderation] settle`` rule and the function that settles a list of scores."""

METHODS: Mapping[Settle, str] = {"mode-lower": "mode", "median": "median", "mean": "mean"}
"""Each rule's ``method`` in the moderation log (``mode`` is the most common score)."""


def settle_score(scores: Collection[Decimal], rule: Settle = "mode-lower") -> Decimal:
    """The agreed score of evaluators' ``scores`` that need no agreement, by ``rule``."""
    return SETTLE[rule](scores)


def adopted_evaluators(scores: Mapping[str, Decimal], rule: Settle) -> tuple[str, ...]:
    """The evaluators whose scores the agreed score adopts, so whose justifications are its
    reasons: those who gave the most common score (``mode-lower``); those who gave the
    middle score, or either of the two middle ones (``median``); everyone (``mean``)."""
    if rule == "mean":
        return tuple(scores)
    if rule == "median":
        low, high = _middle(sorted(scores.values()))
        return tuple(e for e, s in scores.items() if low <= s <= high)
    agreed = mode_score(list(scores.values()))
    return tuple(e for e, s in scores.items() if s == agreed)


def panel_warnings(evaluators: Sequence[str], rule: Settle) -> list[str]:
    """Warnings about a panel and its settle rule, for ``obc tender init`` to print."""
    if len(evaluators) == 2 and rule == "mode-lower":
        return ["warning: with two evaluators, the most common score (mode-lower) is always "
                "the lower of their two scores when they differ; to settle on their mean "
                'instead, set settle = "mean" under [moderation] in obc.toml before scoring']
    return []


def _middle(ordered: Sequence[Decimal]) -> tuple[Decimal, Decimal]:
    half = len(ordered) // 2
    return (ordered[half], ordered[half]) if len(ordered) % 2 else (ordered[half - 1],
                                                                     ordered[half])


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
    for row in read_rows(path, MODERATION_FILE, SCORE_COLUMNS,
                         limit=ws.config.max_file_size):
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
             agreed: Mapping[tuple[str, str], ScoreEntry], fraction: Decimal,
             rule: Settle = "mode-lower") -> list[ModeratedItem]:
    """Every item with its agreed score (or ``pending``), sorted by bidder and criterion.

    ``rule`` settles the items that need no agreement (`settle_score`).
    """
    result = []
    for (bidder, criterion), by_evaluator in sorted(items.items()):
        scores = {evaluator: entry.score for evaluator, entry in sorted(by_evaluator.items())}
        values = list(scores.values())
        spread = max(values) - min(values) if values else Decimal(0)
        threshold = spread_threshold(tender, criterion, fraction)
        needs = spread >= threshold
        row = agreed.get((bidder, criterion))
        adopted: tuple[str, ...] = ()
        if row is not None:
            method, score, why = "agreed", row.score, row.justification
        elif needs or not values:
            method, score, why = "pending", None, ""
        else:
            method, score, why = METHODS[rule], settle_score(values, rule), ""
            adopted = adopted_evaluators(scores, rule)
        result.append(ModeratedItem(
            bidder=bidder, criterion=criterion, scores=scores, spread=spread,
            threshold=threshold, needs_agreement=needs, method=method, agreed=score,
            justification=why, adopted=adopted,
            justifications={e: entry.justification for e, entry in
                            sorted(by_evaluator.items())}))
    return result
