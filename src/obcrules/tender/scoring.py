"""Automatic scores: running a criterion's registered scoring method and checking its result.

Every automatic criterion names a scoring method in the vocabulary: ``scored by
lowest price`` and ``scored from targets`` name the core plugin's
``lowest_price`` and ``from_targets`` (`obcrules.builtin.scoring`, where their
arithmetic is documented), ``scored by NAME`` a plugin's. They are found and run
the same way: the method's ``score(context)`` receives a `ScoringContext` over
the bids that passed the gates and returns each bidder's score from 0 to the
method's declared maximum, as a dict or as `WorkedScores` with the working a
reader needs to redo them. Scores are exact here; `obcrules.tender.ranking`
publishes them to 2 decimals.

The working may hold each bid's own working under ``bids``: bidder →
``{"formula", "calculation", "targets"}`` (`obcrules.results.evaluation.ScoreWorking`;
``targets`` may be left out). It is taken out of the criterion's working and
published with that bid's score; a bid without one gets the method's description
as its formula.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from pydantic import TypeAdapter, ValidationError

from obcrules.model import AutomaticScoring, Criterion, Literal_, Ruleset, Tender
from obcrules.plugins.catalog import Vocabulary
from obcrules.plugins.declarations import ScoringMethodDecl, WorkedScores
from obcrules.results.evaluation import ScoreWorking
from obcrules.semantics.commerce import AUTOMATIC_SCALE
from obcrules.tender.bids import Bid
from obcrules.tender.problems import TenderError

AUTOMATIC_MAXIMUM = AUTOMATIC_SCALE[1]


@dataclass(frozen=True)
class ScoringContext:
    """What a scoring method sees.

    ``bids`` are the bids that passed the gates; ``maximum`` is the method's
    declared maximum, the top of the criterion's scale; ``args`` are the
    literals after the method's name
    (``scored by social_value_toms 2026`` → ``(NumberLit(2026),)``).
    """

    ruleset: Ruleset
    tender: Tender
    criterion: Criterion
    vocabulary: Vocabulary
    bids: tuple[Bid, ...]
    maximum: Decimal = AUTOMATIC_MAXIMUM
    args: tuple[Literal_, ...] = ()


@dataclass(frozen=True)
class AutomaticScores:
    """Each bidder's exact score, and the working a reader needs to redo it by hand.

    ``working`` is the criterion's; ``per_bid`` each bid's own (its ``calculation``
    without the result, which depends on the rounding policy); ``formula`` the
    method's description, the formula of a bid the method gave no working for.
    """

    scores: dict[str, Decimal]
    maximum: Decimal
    working: dict[str, Any] = field(default_factory=dict)
    per_bid: dict[str, ScoreWorking] = field(default_factory=dict)
    formula: str = ""

    def working_of(self, bidder: str) -> ScoreWorking:
        """The working of ``bidder``'s score (the formula alone if the method gave none)."""
        return self.per_bid.get(bidder) or {"formula": self.formula, "calculation": "",
                                            "targets": []}


def automatic_scores(context: ScoringContext) -> AutomaticScores:
    """The scores of an automatic criterion by its registered method, validated."""
    scoring = context.criterion.scoring
    if not isinstance(scoring, AutomaticScoring):
        raise TenderError(f"criterion `{context.criterion.name}` is not scored automatically")
    name = scoring.registered_name
    decl = context.vocabulary.scoring_methods.get(name)
    if decl is None:
        raise TenderError(f"no plugin provides the scoring method `{name}` of criterion "
                          f"`{context.criterion.name}`; install it and run `obc check`")
    return _run(decl, replace(context, maximum=decl.maximum))


def _run(decl: ScoringMethodDecl, context: ScoringContext) -> AutomaticScores:
    try:
        result: Any = decl.score(context)
    except Exception as exc:
        raise TenderError(f"the scoring method `{decl.name}` failed: {type(exc).__name__}: "
                          f"{exc}; report this to its plugin's authors") from exc
    worked = result if isinstance(result, WorkedScores) else WorkedScores(result)
    scores = _checked_scores(decl, context, worked.scores)
    working = _checked_working(decl, worked.working)
    per_bid = _checked_per_bid(decl, scores, working.pop("bids", {}))
    return AutomaticScores(scores, decl.maximum, working, per_bid,
                           decl.description or decl.title)


def _checked_scores(decl: ScoringMethodDecl, context: ScoringContext,
                    result: Any) -> dict[str, Decimal]:
    expected = {bid.bidder for bid in context.bids}
    if not isinstance(result, Mapping) or set(result) != expected:
        raise TenderError(f"the scoring method `{decl.name}` must return a score for each of "
                          f"{sorted(expected)}, got {result!r}")
    scores: dict[str, Decimal] = {}
    for bidder, value in result.items():
        if not isinstance(value, Decimal | int) or not 0 <= value <= decl.maximum:
            raise TenderError(f"the scoring method `{decl.name}` gave {bidder} {value!r}, "
                              f"not a Decimal from 0 to {decl.maximum}")
        scores[bidder] = Decimal(value)
    return scores


def _checked_working(decl: ScoringMethodDecl, working: Any) -> dict[str, Any]:
    if isinstance(working, Mapping):
        try:
            json.dumps(dict(working))
        except (TypeError, ValueError):
            pass
        else:
            return dict(working)
    raise TenderError(f"the scoring method `{decl.name}` returned the working {working!r}, "
                      "not a mapping of JSON data (text, numbers, lists, mappings)")


_SCORE_WORKING: TypeAdapter[ScoreWorking] = TypeAdapter(ScoreWorking)


def _checked_per_bid(decl: ScoringMethodDecl, scores: Mapping[str, Decimal],
                     per_bid: Any) -> dict[str, ScoreWorking]:
    checked: dict[str, ScoreWorking] = {}
    if isinstance(per_bid, Mapping) and set(per_bid) <= set(scores):
        try:
            for bidder, working in sorted(per_bid.items()):
                filled = {"targets": [], **working} if isinstance(working, Mapping) else working
                checked[bidder] = _SCORE_WORKING.validate_python(filled, strict=True)
        except ValidationError:
            pass
        else:
            return checked
    raise TenderError(f"the scoring method `{decl.name}` returned the working of each bid "
                      f"(`bids`) {per_bid!r}, not bidder → {{formula, calculation, targets}} "
                      "for bidders it scored")


def gated_context(ruleset: Ruleset, tender: Tender, criterion: Criterion,
                  vocabulary: Vocabulary, bids: Sequence[Bid]) -> ScoringContext:
    """The `ScoringContext` of ``criterion`` over the gated-in ``bids``."""
    args = getattr(criterion.scoring, "args", ())
    return ScoringContext(ruleset=ruleset, tender=tender, criterion=criterion,
                          vocabulary=vocabulary, bids=tuple(bids), args=tuple(args))
