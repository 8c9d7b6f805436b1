"""``out/evaluation.json`` (schema ``obcrules.evaluation/1``): what ``obc tender evaluate`` writes.

`TypedDict`s, as in `obcrules.results.monitoring`: the tender builds the document
as plain dictionaries, the reports read it with these types, and the published
JSON Schema is generated from them. Every score and amount is a decimal string
(scores and money to two decimals); docs/tender.md explains each figure.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import ConfigDict, with_config
from typing_extensions import TypedDict

SCHEMA = "obcrules.evaluation/1"

BidStatus = Literal["ranked", "excluded", "withdrawn", "invalid"]

_STRICT = ConfigDict(extra="forbid", use_attribute_docstrings=True)


@with_config(_STRICT)
class LotRef(TypedDict):
    """The lot evaluated."""

    name: str
    title: str


@with_config(_STRICT)
class TenderRulesetRef(TypedDict):
    """The ruleset, as the workspace names it."""

    path: str
    name: str | None
    title: str | None
    version: str | None
    commissioner: str | None
    """The ruleset header's ``commissioner``, who buys the outcomes (None when not named)."""
    sha256: str


@with_config(_STRICT)
class ItemTitle(TypedDict):
    """An outcome, output, process or input of the ruleset and its title."""

    name: str
    title: str


@with_config(_STRICT)
class FileRecord(TypedDict):
    """An input file of the evaluation and the SHA-256 of its bytes."""

    path: str
    sha256: str


@with_config(_STRICT)
class Settings(TypedDict):
    """The workspace's evaluation settings (obc.toml)."""

    abnormally_low_price: str
    moderation_spread: str
    rounding: Literal["published", "exact"]
    """How the published figures were computed: each from the published (2-decimal)
    figures before it (``published``), or from exact values, rounded once (``exact``)."""
    settle: Literal["mode-lower", "median", "mean"]
    """How evaluators' scores that need no agreement were settled: the most common
    score, the lower on a tie (``mode-lower``), the ``median`` or the ``mean``."""


@with_config(_STRICT)
class PanelMember(TypedDict):
    """An evaluator and the role the published reasons name them by."""

    role: str
    """``Evaluator 1``, ``Evaluator 2``…, in the order of ``obc.toml``'s ``evaluators``."""
    evaluator: str
    """The evaluator's id in ``obc.toml`` (it names the score sheet)."""


@with_config(_STRICT)
class CriterionEntry(TypedDict):
    """A criterion of the lot: its weight, how it is scored and the automatic working."""

    name: str
    title: str
    weight: str | None
    """Per cent of the total, to two decimals."""
    method: str
    max: str
    minimum: str | None
    working: dict[str, Any]
    """How an automatic score was reached: ``lowest_price`` for lowest price;
    ``outcomes`` (per outcome: ``unit``, ``largest`` and each bidder's margin) for
    scores from targets; whatever a plugin method reports for its own."""


SettledBy = Literal["automatic", "agreed", "mode", "median", "mean"]


@with_config(_STRICT)
class Reason(TypedDict):
    """A reason for an agreed score: the moderation note, or an adopted evaluator's
    justification."""

    by: str
    """``Moderation``, or the evaluator's role on the panel (``Evaluator 2``), never a name."""
    score: str
    """The score the reason supports: the evaluator's own, or the agreed score."""
    text: str


@with_config(_STRICT)
class TargetWorking(TypedDict):
    """One outcome of a score from targets: the bid's offer against the requirement."""

    outcome: str
    title: str
    required: str
    """The required target, as the ruleset words it."""
    offered: str | None
    """The bid's offered target as written, or None when it offered none."""
    unit: str
    """``points`` (shares: percentage points) or ``relative`` (a fraction of the
    required value)."""
    margin: str
    """How far the offer beats the requirement (0 when it does not)."""
    largest: str
    """The largest margin any compliant bid offered on this outcome."""
    ratio: str
    """margin ÷ largest: this outcome's share of full marks (1 for every bid when no
    bid beats the requirement)."""


@with_config(_STRICT)
class ScoreWorking(TypedDict):
    """How an automatic score was reached, with this bid's figures."""

    formula: str
    """The method's formula in words."""
    calculation: str
    """The formula with this bid's figures and the published score (empty when the
    method gave none)."""
    targets: list[TargetWorking]
    """For scores from targets, each outcome's offer, margin and largest margin."""


@with_config(_STRICT)
class Score(TypedDict):
    """A bid's agreed score on one criterion, out of ``max``, its weighted points and the
    reasons for it."""

    agreed: str
    max: str
    weighted: str
    settled_by: SettledBy
    """``automatic`` (the criterion's scoring method), ``agreed`` (at moderation), or the
    settle rule that took the evaluators' scores: ``mode``, ``median``, ``mean``."""
    reasons: list[Reason]
    """The moderation note where moderation set the score; otherwise the justification
    of each evaluator whose score was adopted. Empty for automatic scores."""
    working: ScoreWorking | None
    """The working of an automatic score; None for scores by evaluators."""


@with_config(_STRICT)
class BidEntry(TypedDict):
    """One bid: ranked, excluded (with reasons), withdrawn (with the withdrawal's date
    and reason: ``obc tender withdraw``) or invalid (with its problems)."""

    bidder: str
    file: str
    status: BidStatus
    reasons: list[str]
    price: str | None
    provider_id: str | None
    scores: dict[str, Score]
    total: str | None
    rank: int | None
    flags: list[str]


@with_config(_STRICT)
class Tie(TypedDict):
    """Two bids with the same published total, and how the tie was broken."""

    bidders: list[str]
    total: str
    decided_by: str


def tie_rule(decided_by: str, titles: Mapping[str, str]) -> str:
    """The tie-break rule a tie's ``decided_by`` names, in words: the lot's tie-break
    criterion (by its title in ``titles``), the lower price, or, last, the bidders'
    names. The reports and ``obc tender evaluate`` say it the same way."""
    if decided_by == "price":
        return "the lower price"
    if decided_by == "name":
        return ("the bidders' names in alphabetical order, the last rule, since the bids "
                "were level on every rule before it")
    return f"{titles.get(decided_by, decided_by)}, the lot's tie-break criterion"


@with_config(_STRICT)
class ModerationEntry(TypedDict):
    """An evaluator-scored item: each evaluator's score, the spread and the agreed score."""

    bidder: str
    criterion: str
    scores: dict[str, str]
    spread: str
    threshold: str
    needs_agreement: bool
    method: str
    """``mode`` (most common score, the lower on a tie), ``median``, ``mean``, ``agreed``
    (set at moderation) or ``pending``."""
    agreed: str | None
    justification: str
    """The moderation note, where moderation set the score."""


# ``from`` is a keyword, so this TypedDict takes the functional form.
Transfer = TypedDict("Transfer", {
    "from": str, "to": str, "points": str | None, "new_winner": str | None, "note": str | None,
})
"""Weight moved from one criterion to another: the points that would change the winner."""
Transfer.__pydantic_config__ = _STRICT  # type: ignore[attr-defined]


@with_config(_STRICT)
class Sensitivity(TypedDict):
    """How far the weights would have to move to change the winner."""

    winner: str | None
    pairs: list[Transfer]
    smallest: Transfer | None


@with_config(_STRICT)
class EvaluationDocument(TypedDict):
    """The whole of ``out/evaluation.json``."""

    schema: Literal["obcrules.evaluation/1"]
    lot: LotRef
    ruleset: TenderRulesetRef
    currency: str
    plugins: dict[str, str]
    inputs: list[FileRecord]
    settings: Settings
    items: list[ItemTitle]
    """Every item of the ruleset with its title, so that documents show names by title."""
    panel: list[PanelMember]
    criteria: list[CriterionEntry]
    bids: list[BidEntry]
    winner: str | None
    ties: list[Tie]
    moderation: list[ModerationEntry]
    sensitivity: Sensitivity
