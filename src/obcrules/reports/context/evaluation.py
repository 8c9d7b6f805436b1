"""The tender evaluation report's view model, from ``evaluation.json``.

Written for the procurement board that signs the award and for anyone who
later audits it: the recommendation first, then the ranking, scores by
criterion, the reasons for every score, every excluded bid and why, the
evaluators' scores (by role) and the moderation log, the price checks, the
sensitivity of the ranking to the weights, and every input's SHA-256.

It reads an `EvaluationDocument` as the tender writes it (validated when read).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

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
from obcrules.reports.context.reasons import CriterionReasons, criterion_reasons
from obcrules.results.evaluation import (
    BidEntry,
    CriterionEntry,
    EvaluationDocument,
    ModerationEntry,
    Sensitivity,
    TenderRulesetRef,
    Tie,
    Transfer,
    tie_rule,
)
from obcrules.results.feedback import FeedbackDocument
from obcrules.tender.moderation import METHOD_WORDS

ROUNDING_WORDS = {
    "published": "Every figure is computed from the published figures before it, each rounded "
                 "half up to 2 decimals, so a calculator redoes it from this report.",
    "exact": "Every figure is computed from exact values and rounded once, half up to 2 "
             "decimals, for display; the weighted scores shown may not add up to the total "
             "shown by a cent or two.",
}
"""The rounding policy (``settings.rounding``) as the report states it."""
PORTRAIT_CRITERIA = 4
"""At most this many criteria columns in the scores table on a portrait page."""
LANDSCAPE_CRITERIA = 8
"""With more, the table goes on landscape pages, at most this many criteria to a table."""
SIGNATORIES = ("Chair of the evaluation panel", "Procurement lead",
               "For the commissioner: approval of the award")
"""Who signs the evaluation report, in the sign-off block."""
SETTLE_WORDS = {"mode-lower": "the most common score, the lower on a tie",
                "median": "the median of the evaluators' scores",
                "mean": "the mean of the evaluators' scores"}
"""How scores that need no agreement are settled, by ``settings.settle``."""


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
class ScoreTable:
    """One table of the scores by criterion: the criteria it has columns for (indexes
    into the view's ``criteria`` and each bid's ``scores``), and whether the Total is
    its last column."""

    columns: tuple[int, ...]
    total: bool


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
    settle: str = SETTLE_WORDS["mode-lower"]
    reasons: tuple[CriterionReasons, ...] = ()
    commissioner: str = ""
    date: str = ""
    """The date of the evaluation as the cover gives it, or why there is none."""
    evaluated_on: str = ""
    """The date of the evaluation (``2 March 2026``), empty when it is not recorded."""
    panel: tuple[Fact, ...] = ()
    rounding: str = ROUNDING_WORDS["published"]
    score_tables: tuple[ScoreTable, ...] = ()
    wide: bool = False
    """True when the scores table has too many criteria for a portrait page."""
    record: str = ""
    """The SHA-256 of the evaluation.json the report shows."""
    signatories: tuple[str, ...] = SIGNATORIES


def criteria_of(criteria: Sequence[CriterionEntry]) -> list[CriterionColumn]:
    """The lot's criteria as column headings, in the document's order."""
    return [CriterionColumn(c["name"], c["title"], fmt.number(c["weight"]),
                            fmt.number(c["max"]), c["method"],
                            fmt.number(c["minimum"]) if c["minimum"] else "")
            for c in criteria]


def score_tables(count: int) -> tuple[tuple[ScoreTable, ...], bool]:
    """The tables that show ``count`` criteria, and whether they go on landscape pages.

    Up to `PORTRAIT_CRITERIA` fit one portrait table; more go on landscape pages in
    tables of at most `LANDSCAPE_CRITERIA`, as even as can be, so that every column
    of any number of criteria, whatever their titles, stays on the page.
    """
    if count <= PORTRAIT_CRITERIA:
        return (ScoreTable(tuple(range(count)), True),), False
    tables = -(-count // LANDSCAPE_CRITERIA)
    size = -(-count // tables)
    starts = range(0, count, size)
    return tuple(ScoreTable(tuple(range(i, min(i + size, count))), i + size >= count)
                 for i in starts), True


def name_titles(document: EvaluationDocument | FeedbackDocument) -> dict[str, str]:
    """Every name a document's reasons may give, with the title to show instead."""
    return {**{i["name"]: i["title"] for i in document["items"]},
            **{c["name"]: c["title"] for c in document["criteria"]}}


def bid_rows(bids: Sequence[BidEntry], winner: str | None,
             criteria: Sequence[CriterionColumn], currency: str,
             titles: Mapping[str, str] | None = None) -> list[BidRow]:
    """Every bid, in the document's order, with scores aligned to ``criteria`` and
    names in its reasons and flags shown by ``titles`` (`formatting.by_title`)."""
    taken: set[str] = set()
    rows = []
    for bid in bids:
        cells = []
        for c in criteria:
            s = bid["scores"].get(c.name)
            cells.append(ScoreCell(fmt.score(s["agreed"]), fmt.number(s["max"]),
                                   fmt.fixed(s["weighted"])) if s else None)
        bidder, rank = bid["bidder"], bid["rank"]
        rows.append(BidRow(
            anchor="bid-" + fmt.slug(bidder, taken),
            bidder=bidder,
            status=bid["status"],
            rank=str(rank) if rank is not None else "–",
            total=fmt.fixed(bid["total"]),
            price=fmt.money(bid["price"], currency),
            reasons=tuple(fmt.by_title(r, titles or {}) for r in bid["reasons"]),
            flags=tuple(fmt.by_title(f, titles or {}) for f in bid["flags"]),
            scores=tuple(cells),
            winner=bool(winner) and bidder == winner,
        ))
    return rows


def build_evaluation(document: EvaluationDocument,
                     sections: tuple[SectionView, ...] = (), evaluated: str | None = None,
                     record: str = "") -> ReportView:
    """The evaluation report's view model, in the document's currency.

    ``evaluated`` is when the evaluation was made (the audit trail's time, from
    `obcrules.tender.result.evaluation_time`); ``record`` the SHA-256 of the
    evaluation.json shown.
    """
    lot_name, lot_title = document["lot"]["name"], document["lot"]["title"]
    currency = document["currency"] or "£"
    criteria = criteria_of(document["criteria"])
    rows = bid_rows(document["bids"], document["winner"], criteria, currency,
                    name_titles(document))
    ranked = sorted((r for r in rows if r.status == "ranked"), key=lambda r: _rank_key(r.rank))
    excluded = tuple(r for r in rows if r.status != "ranked")
    scored = tuple(ranked) + tuple(r for r in excluded if any(r.scores))
    winner = document["winner"] or ""
    win = next((r for r in rows if r.winner), None)
    titles = {c.name: c.title for c in criteria}
    roles = {m["evaluator"]: m["role"] for m in document["panel"]}
    tables, wide = score_tables(len(criteria))
    order = {r.bidder: i for i, r in enumerate(scored)}
    body = EvaluationView(
        lot=lot_title,
        winner=winner,
        recommendation=_recommendation(lot_title, win, len(ranked), len(rows)),
        criteria=tuple(criteria),
        ranked=tuple(ranked),
        scored=scored,
        excluded=excluded,
        moderation=tuple(_moderation(document["moderation"], titles, roles)),
        price_checks=tuple(r for r in rows if r.flags),
        lowest_price=_lowest_price(document["bids"], currency),
        sensitivity=_sensitivity_summary(document["sensitivity"], titles, winner),
        transfers=tuple(_transfers(document["sensitivity"], titles)),
        plugins=plugin_versions(document["plugins"]),
        ties=tuple(_ties(document["ties"], titles)),
        settle=SETTLE_WORDS[document["settings"]["settle"]],
        reasons=tuple(criterion_reasons(
            document["criteria"],
            sorted((b for b in document["bids"] if b["bidder"] in order),
                   key=lambda b: order[b["bidder"]]),
            document["winner"])),
        commissioner=commissioner_of(document),
        date=date_of(evaluated),
        evaluated_on=fmt.long_date(evaluated) if evaluated else "",
        panel=tuple(Fact(m["role"], m["evaluator"]) for m in document["panel"]),
        rounding=ROUNDING_WORDS[document["settings"]["rounding"]],
        score_tables=tables,
        wide=wide,
        record=record,
    )
    core = [TocEntry("summary", "Summary and recommendation"),
            TocEntry("panel", "The evaluation panel"), TocEntry("ranking", "Ranking"),
            TocEntry("scores", "Scores by criterion"),
            TocEntry("reasons", "Reasons for each score"),
            TocEntry("exclusions", "Gates and exclusions"),
            TocEntry("moderation", "Evaluator scores and moderation"),
            TocEntry("price-checks", "Price checks"),
            TocEntry("sensitivity", "Sensitivity to the weights"),
            TocEntry("sign-off", "Approval"),
            TocEntry("audit", "Audit appendix")]
    ruleset = document["ruleset"]
    facts = (
        Fact("Commissioner", body.commissioner),
        Fact("Lot", f"{lot_title} ({lot_name})" if lot_title != lot_name else lot_name),
        Fact("Date of the evaluation", body.date),
        Fact("Recommended bidder", winner or "none: no bid can be recommended"),
        Fact("Bids received", str(len(rows))),
        Fact("Bids ranked", str(len(ranked))),
        Fact("Bids excluded, withdrawn or invalid", str(len(excluded))),
        Fact("Ruleset", _ruleset_text(ruleset)),
        *((Fact("Evaluation record", f"evaluation.json, SHA-256 {record}"),) if record else ()),
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
        audit=audit_inputs(document),
        footer=f"{document['schema']} · winner {winner or 'none'}",
        charts={"scores": chart} if chart is not None else {},
    )


def _ruleset_text(ruleset: TenderRulesetRef) -> str:
    """``Continence care for older people (continence_care 2026.1)``."""
    named = f"{ruleset['name'] or ''} {ruleset['version'] or ''}".strip()
    if ruleset["title"] and named:
        return f"{ruleset['title']} ({named})"
    return ruleset["title"] or named or "not recorded"


def commissioner_of(document: EvaluationDocument | FeedbackDocument) -> str:
    """The commissioner the ruleset names, or what to do when it names none."""
    return (document["ruleset"]["commissioner"]
            or "not named in the ruleset (its header can name one: commissioner \"…\")")


def date_of(evaluated: str | None) -> str:
    """The date of the evaluation, from the audit trail's time, or why there is none."""
    if evaluated is None:
        return "not recorded: no evaluation in the workspace's audit trail wrote this result"
    return f"{fmt.long_date(evaluated)}, when the evaluation was run (from the audit trail)"


def _rank_key(rank: str) -> int:
    return int(rank) if rank.isdigit() else 10**6


def _recommendation(lot: str, win: BidRow | None, ranked: int, received: int) -> str:
    if win is None:
        return (f"No bid for {lot} can be recommended: none of the {received} bids received "
                "passed every gate and criterion minimum.")
    return (f"The panel recommends awarding {lot} to {win.bidder}, the highest-ranked of the "
            f"{ranked} compliant bids ({received} received), with a total weighted score of "
            f"{win.total} out of 100 at a price of {win.price}.")


def _moderation(items: Sequence[ModerationEntry], titles: Mapping[str, str],
                roles: Mapping[str, str]) -> list[ModerationRow]:
    """The moderation log, each evaluator's score under their role in panel order."""
    ordered = [*roles, *sorted({e for item in items for e in item["scores"]} - set(roles))]
    return [ModerationRow(
        bidder=item["bidder"],
        criterion=titles.get(item["criterion"], item["criterion"]),
        scores=tuple(Fact(roles.get(e, e), fmt.number(item["scores"][e]))
                     for e in ordered if e in item["scores"]),
        spread=fmt.number(item["spread"]),
        threshold=fmt.number(item["threshold"]),
        needs_agreement=item["needs_agreement"],
        method=METHOD_WORDS.get(item["method"], item["method"]),
        agreed=fmt.number(item["agreed"]),
        justification=item["justification"],
    ) for item in items]


def _ties(ties: Sequence[Tie], titles: Mapping[str, str]) -> list[str]:
    found = []
    for tie in ties:
        first, second = [*tie["bidders"], "", ""][:2]
        found.append(f"{first} and {second} tied on a total of {fmt.fixed(tie['total'])}; "
                     f"the tie was decided by {tie_rule(tie['decided_by'], titles)}, so "
                     f"{first} ranks above {second}.")
    return found


def _lowest_price(bids: Sequence[BidEntry], currency: str) -> str:
    prices = [Decimal(b["price"]) for b in bids
              if b["status"] == "ranked" and b["price"] is not None]
    return fmt.money(min(prices), currency) if prices else "–"


def _ends(transfer: Transfer, titles: Mapping[str, str]) -> tuple[str, str]:
    return (titles.get(transfer["from"], transfer["from"]),
            titles.get(transfer["to"], transfer["to"]))


def _transfers(sensitivity: Sensitivity, titles: Mapping[str, str]) -> list[TransferRow]:
    rows = []
    for t in sensitivity["pairs"]:
        points = t["points"]
        source, target = _ends(t, titles)
        rows.append(TransferRow(
            source=source,
            target=target,
            points=fmt.fixed(points) if points is not None
            else t["note"] if t["note"] is not None else "no shift changes the winner",
            new_winner=t["new_winner"] if t["new_winner"] is not None else "–",
        ))
    return rows


def _sensitivity_summary(sensitivity: Sensitivity, titles: Mapping[str, str],
                         winner: str) -> str:
    smallest = sensitivity["smallest"]
    if smallest is None or smallest["points"] is None:
        return (f"No shift of weight between two criteria changes the winner: {winner} ranks "
                "first however the weights are moved between pairs of criteria.")
    points = Decimal(smallest["points"])
    source, target = _ends(smallest, titles)
    new_winner = smallest["new_winner"] or ""
    return (f"The smallest shift that changes the winner moves {fmt.fixed(points)} points of "
            f"weight from “{source}” to “{target}”; {new_winner} "
            "would then rank first. A shift that large would be a material change to the "
            "published weights." if points >= 5 else
            f"The smallest shift that changes the winner moves only {fmt.fixed(points)} points "
            f"of weight from “{source}” to “{target}”; {new_winner} "
            "would then rank first. The result is sensitive to the weights: the board may "
            "wish to note this.")
