"""The tender evaluation report's view model, from ``evaluation.json``.

Written for the procurement board that signs the award and for anyone who
later audits it: the recommendation first, then the ranking, scores by
criterion, every excluded bid and why, the evaluators' scores and the
moderation log, the price checks, the sensitivity of the ranking to the
weights, and every input's SHA-256.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from obcrules.reports import formatting as fmt
from obcrules.reports.charts import StackedBar, stacked_scores
from obcrules.reports.context.common import (
    Fact,
    ReportView,
    SectionView,
    TocEntry,
    audit_inputs,
    plugin_versions,
    toc_with_sections,
)
from obcrules.reports.context.json_views import mapping, name_and_title, records, strings, text

METHOD_WORDS = {"evaluators": "evaluators", "targets": "targets offered",
                "lowest_price": "lowest price"}
MODERATION_WORDS = {"mode": "most common score", "agreed": "agreed at moderation",
                    "pending": "awaiting moderation"}


@dataclass(frozen=True)
class CriterionColumn:
    """A criterion as a column heading: title, weight (points of 100) and scale maximum."""

    name: str
    title: str
    weight: str
    maximum: str
    method: str
    minimum: str = ""


@dataclass(frozen=True)
class ScoreCell:
    """One bid on one criterion: the agreed score on its scale and the weighted points."""

    agreed: str
    maximum: str
    weighted: str


@dataclass(frozen=True)
class BidRow:
    """One bid as the board sees it."""

    anchor: str
    bidder: str
    status: str
    rank: str
    total: str
    price: str
    reasons: tuple[str, ...]
    flags: tuple[str, ...]
    scores: tuple[ScoreCell | None, ...]
    winner: bool


@dataclass(frozen=True)
class ModerationRow:
    """An item of the moderation log."""

    bidder: str
    criterion: str
    scores: tuple[Fact, ...]
    spread: str
    threshold: str
    needs_agreement: bool
    method: str
    agreed: str
    justification: str


@dataclass(frozen=True)
class TransferRow:
    """A shift of weight from one criterion to another and what it would do."""

    source: str
    target: str
    points: str
    new_winner: str


@dataclass(frozen=True)
class EvaluationView:
    """The body of the evaluation report."""

    lot: str
    winner: str
    recommendation: str
    criteria: tuple[CriterionColumn, ...]
    ranked: tuple[BidRow, ...]
    scored: tuple[BidRow, ...]
    excluded: tuple[BidRow, ...]
    moderation: tuple[ModerationRow, ...]
    price_checks: tuple[BidRow, ...]
    lowest_price: str
    sensitivity: str
    transfers: tuple[TransferRow, ...]
    plugins: tuple[Fact, ...]
    ties: tuple[str, ...] = ()


def criteria_of(result: Mapping[str, Any]) -> list[CriterionColumn]:
    """The lot's criteria: from ``criteria`` if the result lists them, else from the scores."""
    listed = records(result.get("criteria"))
    if listed:
        return [CriterionColumn(text(c.get("name")), text(c.get("title"), text(c.get("name"))),
                                fmt.number(c.get("weight")),
                                fmt.number(c.get("max", c.get("maximum"))),
                                METHOD_WORDS.get(text(c.get("method")), text(c.get("method"))),
                                fmt.number(c.get("minimum")) if c.get("minimum") else "")
                for c in listed]
    names: dict[str, str] = {}
    for bid in records(result.get("bids")):
        for name, score in mapping(bid.get("scores")).items():
            names.setdefault(name, fmt.number(mapping(score).get("max")))
    return [CriterionColumn(n, fmt.capitalise(fmt.humanise(n)), "", m, "")
            for n, m in names.items()]


def bid_rows(result: Mapping[str, Any], criteria: Sequence[CriterionColumn],
             currency: str) -> list[BidRow]:
    """Every bid in the result, in its order, with scores aligned to ``criteria``."""
    winner = text(result.get("winner"))
    taken: set[str] = set()
    rows = []
    for bid in records(result.get("bids")):
        scores = mapping(bid.get("scores"))
        cells = []
        for c in criteria:
            s = mapping(scores.get(c.name))
            cells.append(ScoreCell(fmt.number(s.get("agreed")), fmt.number(s.get("max")),
                                   fmt.fixed(s.get("weighted"))) if s else None)
        bidder = text(bid.get("bidder"))
        rank = bid.get("rank")
        rows.append(BidRow(
            anchor="bid-" + fmt.slug(bidder, taken),
            bidder=bidder,
            status=text(bid.get("status")),
            rank=str(rank) if isinstance(rank, int) else "–",
            total=fmt.fixed(bid.get("total")),
            price=fmt.money(bid.get("price"), currency),
            reasons=strings(bid.get("reasons")),
            flags=strings(bid.get("flags")),
            scores=tuple(cells),
            winner=bool(winner) and bidder == winner,
        ))
    return rows


def build_evaluation(
    result: Mapping[str, Any],
    sections: tuple[SectionView, ...] = (),
    currency: str = "£",
) -> ReportView:
    """The evaluation report's view model."""
    lot_name, lot_title = name_and_title(result.get("lot"))
    criteria = criteria_of(result)
    rows = bid_rows(result, criteria, currency)
    ranked = sorted((r for r in rows if r.status == "ranked"), key=lambda r: _rank_key(r.rank))
    excluded = tuple(r for r in rows if r.status != "ranked")
    scored = tuple(ranked) + tuple(r for r in excluded if any(r.scores))
    winner = text(result.get("winner"))
    win = next((r for r in rows if r.winner), None)
    titles = {c.name: c.title for c in criteria}
    body = EvaluationView(
        lot=lot_title,
        winner=winner,
        recommendation=_recommendation(lot_title, win, len(ranked), len(rows)),
        criteria=tuple(criteria),
        ranked=tuple(ranked),
        scored=scored,
        excluded=excluded,
        moderation=tuple(_moderation(result, titles)),
        price_checks=tuple(r for r in rows if r.flags),
        lowest_price=_lowest_price(result, currency),
        sensitivity=_sensitivity_summary(result, titles, winner),
        transfers=tuple(_transfers(result, titles)),
        plugins=plugin_versions(result),
        ties=tuple(_ties(result, titles)),
    )
    core = [TocEntry("summary", "Summary and recommendation"), TocEntry("ranking", "Ranking"),
            TocEntry("scores", "Scores by criterion"),
            TocEntry("exclusions", "Gates and exclusions"),
            TocEntry("moderation", "Evaluator scores and moderation"),
            TocEntry("price-checks", "Price checks"),
            TocEntry("sensitivity", "Sensitivity to the weights"),
            TocEntry("audit", "Audit appendix")]
    ruleset = mapping(result.get("ruleset"))
    facts = (
        Fact("Lot", f"{lot_title} ({lot_name})" if lot_title != lot_name else lot_name),
        Fact("Recommended bidder", winner or "none: no bid can be recommended"),
        Fact("Bids received", str(len(rows))),
        Fact("Bids ranked", str(len(ranked))),
        Fact("Bids excluded or invalid", str(len(excluded))),
        Fact("Ruleset", f"{text(ruleset.get('name'))} {text(ruleset.get('version'))}".strip()
             or "not recorded"),
    )
    chart = stacked_scores(
        [StackedBar(r.bidder, tuple(float(fmt.to_decimal(c.weighted) or 0) if c else 0.0
                                    for c in r.scores), r.winner) for r in scored],
        [f"{c.title} ({c.weight})" if c.weight else c.title for c in criteria],
    ) if scored and criteria else None
    return ReportView(
        kind="evaluation",
        title=lot_title or "Tender evaluation",
        subtitle="Tender evaluation report",
        facts=facts,
        toc=toc_with_sections(core, sections, before="audit"),
        body=body,
        sections=sections,
        audit=audit_inputs(result),
        footer=f"{text(result.get('schema'))} · winner {winner or 'none'}",
        charts={"scores": chart} if chart is not None else {},
    )


def _rank_key(rank: str) -> int:
    return int(rank) if rank.isdigit() else 10**6


def _recommendation(lot: str, win: BidRow | None, ranked: int, received: int) -> str:
    if win is None:
        return (f"No bid for {lot} can be recommended: none of the {received} bids received "
                "passed every gate and criterion minimum.")
    return (f"The panel recommends awarding {lot} to {win.bidder}, the highest-ranked of the "
            f"{ranked} compliant bids ({received} received), with a total weighted score of "
            f"{win.total} out of 100 at a price of {win.price}.")


def _moderation(result: Mapping[str, Any], titles: Mapping[str, str]) -> list[ModerationRow]:
    rows = []
    for item in records(result.get("moderation")):
        scores = mapping(item.get("scores"))
        criterion = text(item.get("criterion"))
        rows.append(ModerationRow(
            bidder=text(item.get("bidder")),
            criterion=titles.get(criterion, criterion),
            scores=tuple(Fact(str(k), fmt.number(v)) for k, v in sorted(scores.items())),
            spread=fmt.number(item.get("spread")),
            threshold=fmt.number(item.get("threshold")),
            needs_agreement=bool(item.get("needs_agreement")),
            method=MODERATION_WORDS.get(text(item.get("method")), text(item.get("method"))),
            agreed=fmt.number(item.get("agreed")),
            justification=text(item.get("justification")),
        ))
    return rows


def _ties(result: Mapping[str, Any], titles: Mapping[str, str]) -> list[str]:
    found = []
    for tie in records(result.get("ties")):
        first, second = ([*strings(tie.get("bidders")), "", ""])[:2]
        rule = text(tie.get("decided_by"))
        rule = titles.get(rule, rule)
        found.append(f"{first} and {second} tied on a total of {fmt.fixed(tie.get('total'))}; "
                     f"the tie was decided by {rule}, so {first} ranks above {second}.")
    return found


def _lowest_price(result: Mapping[str, Any], currency: str) -> str:
    prices = [fmt.to_decimal(b.get("price")) for b in records(result.get("bids"))
              if b.get("status") == "ranked"]
    found = [p for p in prices if p is not None]
    return fmt.money(min(found), currency) if found else "–"


def _ends(transfer: Mapping[str, Any], titles: Mapping[str, str]) -> tuple[str, str]:
    source = text(transfer.get("from", transfer.get("source")))
    target = text(transfer.get("to", transfer.get("target")))
    return titles.get(source, source), titles.get(target, target)


def _transfers(result: Mapping[str, Any], titles: Mapping[str, str]) -> list[TransferRow]:
    rows = []
    sensitivity = mapping(result.get("sensitivity"))
    for t in records(sensitivity.get("pairs", sensitivity.get("transfers"))):
        points = t.get("points")
        source, target = _ends(t, titles)
        rows.append(TransferRow(
            source=source,
            target=target,
            points=fmt.fixed(points) if points is not None
            else text(t.get("note"), "no shift changes the winner"),
            new_winner=text(t.get("new_winner"), "–"),
        ))
    return rows


def _sensitivity_summary(result: Mapping[str, Any], titles: Mapping[str, str],
                         winner: str) -> str:
    sensitivity = mapping(result.get("sensitivity"))
    smallest = mapping(sensitivity.get("smallest"))
    if not sensitivity:
        return "The result records no sensitivity analysis."
    if not smallest or smallest.get("points") is None:
        return (f"No shift of weight between two criteria changes the winner: {winner} ranks "
                "first however the weights are moved between pairs of criteria.")
    points = fmt.to_decimal(smallest.get("points")) or Decimal(0)
    source, target = _ends(smallest, titles)
    return (f"The smallest shift that changes the winner moves {fmt.fixed(points)} points of "
            f"weight from “{source}” to “{target}”; {text(smallest.get('new_winner'))} "
            "would then rank first. A shift that large would be a material change to the "
            "published weights." if points >= 5 else
            f"The smallest shift that changes the winner moves only {fmt.fixed(points)} points "
            f"of weight from “{source}” to “{target}”; {text(smallest.get('new_winner'))} "
            "would then rank first. The result is sensitive to the weights: the board may "
            "wish to note this.")
