"""One assessment summary per bidder, for feedback after the award.

A bidder sees its own scores and the reasons for each (the panel's, by
evaluator role, or the working of an automatic score), its own exclusion
reasons, set against the winning bid's scores and their reasons: the relative
advantages of the winning tender, which procurement rules require a
commissioner to give. Nothing of another losing bidder appears: not its name,
price, scores, reasons or rank. The summary is built from the
`FeedbackDocument` of the bidder, which holds nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

from obcrules.reports import formatting as fmt
from obcrules.reports.charts import PairedBar, paired_bars
from obcrules.reports.context.common import Fact, ReportView, TocEntry
from obcrules.reports.context.evaluation import (
    BidRow,
    CriterionColumn,
    ScoreCell,
    bid_rows,
    commissioner_of,
    criteria_of,
    date_of,
    name_titles,
)
from obcrules.reports.context.reasons import CriterionReasons, criterion_reasons
from obcrules.results.evaluation import BidEntry, tie_rule
from obcrules.results.feedback import FeedbackDocument


@dataclass(frozen=True)
class ComparisonRow:
    """One criterion: this bid's score and weighted points against the winning bid's."""

    criterion: str
    weight: str
    own: str
    own_weighted: str
    winner: str
    winner_weighted: str
    difference: str


@dataclass(frozen=True)
class FeedbackView:
    """The body of one bidder's assessment summary."""

    bidder: str
    outcome: str
    is_winner: bool
    winner: str
    reasons: tuple[str, ...]
    flags: tuple[str, ...]
    rows: tuple[ComparisonRow, ...]
    own_total: str
    winner_total: str
    score_reasons: tuple[CriterionReasons, ...]
    """Per criterion, this bid's score and its reasons, then the winning bid's."""
    scored: bool = True
    """False when this bid has no scores (excluded by a gate, or invalid)."""
    comparison_title: str = ""
    """The heading of the score table: against the winning bid's when there is one."""
    withdrawn: bool = False
    """The bidder withdrew the bid (``obc tender withdraw``); ``reasons`` say when and why."""


def build_feedback(document: FeedbackDocument, evaluated: str | None = None) -> ReportView:
    """The assessment summary of the bidder the document is for, in its currency;
    ``evaluated`` is when the evaluation was made (see `build_evaluation`)."""
    bidder = document["for_bidder"]
    lot_name, lot_title = document["lot"]["name"], document["lot"]["title"]
    criteria = criteria_of(document["criteria"])
    rows = bid_rows(document["bids"], document["winner"], criteria,
                    document["currency"] or "£", name_titles(document))
    own = next(r for r in rows if r.bidder == bidder)
    win = next((r for r in rows if r.winner), None)
    comparison = tuple(_compare(c, i, own, win) for i, c in enumerate(criteria))
    chart = None
    if win is not None and any(own.scores):
        chart = paired_bars(
            [PairedBar(c.title, _weighted(own.scores[i]), _weighted(win.scores[i]),
                       _float(c.weight) or 1.0)
             for i, c in enumerate(criteria)],
            "Your bid", "Winning bid",
        )
    winner = document["winner"]
    mine = [b for b in document["bids"] if b["bidder"] == bidder]
    theirs = [b for b in document["bids"] if b["bidder"] == winner and b["bidder"] != bidder]
    labels = {bidder: "Your bid"} | ({winner: "The winning bid"} if theirs and winner else {})
    explained = tuple(criterion_reasons(document["criteria"], [*mine, *theirs], winner, labels))
    body = FeedbackView(
        bidder=bidder,
        outcome=_outcome(own, win) + _tie(document, mine, theirs),
        is_winner=own.winner,
        winner=win.bidder if win else "",
        reasons=own.reasons,
        flags=own.flags,
        rows=comparison,
        own_total=own.total,
        winner_total=win.total if win else "–",
        score_reasons=explained if any(c.scores for c in explained) else (),
        scored=bool(mine and mine[0]["scores"]),
        withdrawn=own.status == "withdrawn",
        # with no winning bid (every bid excluded, say) there is nothing to compare with
        comparison_title=("Your scores against the winning bid's" if win is not None
                          else "Your scores"),
    )
    toc = [TocEntry("outcome", "The outcome of your bid"),
           TocEntry("comparison", body.comparison_title)]
    if body.score_reasons:
        toc.append(TocEntry("reasons", "The reasons for the scores"))
    return ReportView(
        kind="feedback",
        title=f"{bidder}: {lot_title}",
        subtitle="Assessment summary",
        facts=(Fact("Commissioner", commissioner_of(document)),
               Fact("Lot", lot_title or lot_name), Fact("Bidder", bidder),
               Fact("Date of the evaluation", date_of(evaluated)),
               Fact("Your total", f"{own.total} out of 100" if own.total != "–" else "not scored"),
               Fact("Winning bidder", win.bidder if win else "no award")),
        toc=tuple(toc),
        body=body,
        footer=f"Assessment summary for {bidder}",
        charts={"comparison": chart} if chart is not None else {},
    )


def _weighted(cell: ScoreCell | None) -> float:
    return _float(cell.weighted) if cell is not None else 0.0


def _float(value: str | None) -> float:
    d = fmt.to_decimal(value.replace(",", "") if value else None)
    return float(d) if d is not None else 0.0


def _outcome(own: BidRow, win: BidRow | None) -> str:
    if own.winner:
        return (f"Your bid ranked first with a total of {own.total} out of 100 and is "
                "recommended for award.")
    if own.status == "ranked":
        winner = f" The winning bid, from {win.bidder}, scored {win.total}." if win else ""
        return (f"Your bid was compliant and ranked {fmt.ordinal(int(own.rank))} with a total "
                f"of {own.total} out of 100; it was not successful.{winner}")
    if own.status == "invalid":
        return "Your bid could not be evaluated because it could not be read as submitted."
    if own.status == "withdrawn":
        return "Your bid was withdrawn, so it was not evaluated (see below)."
    return "Your bid was excluded from the evaluation for the reasons below."


def _tie(document: FeedbackDocument, mine: list[BidEntry], theirs: list[BidEntry]) -> str:
    """Why the winning bid ranks above this one on an equal total, with both bids' figures
    for the rule that decided: a bidder is owed the reason it lost, not two equal totals."""
    tie = document["tie"]
    if tie is None or not mine or not theirs:
        return ""
    own, win = mine[0], theirs[0]
    rule = tie["decided_by"]
    why = " Your total equalled the winning bid's; the tie was broken by " + tie_rule(
        rule, name_titles(document))
    if rule == "price":
        currency = document["currency"] or "£"
        return (f"{why}: the winning bid's price is {fmt.money(win['price'], currency)}, "
                f"yours {fmt.money(own['price'], currency)}.")
    if rule in own["scores"] and rule in win["scores"]:
        return (f"{why}: the winning bid earned {fmt.fixed(win['scores'][rule]['weighted'])} "
                f"points on it, yours {fmt.fixed(own['scores'][rule]['weighted'])}.")
    return f"{why}."


def _compare(c: CriterionColumn, i: int, own: BidRow, win: BidRow | None) -> ComparisonRow:
    mine = own.scores[i] if i < len(own.scores) else None
    theirs = win.scores[i] if win is not None and i < len(win.scores) else None
    diff = "–"
    if mine is not None and theirs is not None:
        a, b = fmt.to_decimal(mine.weighted.replace(",", "")), fmt.to_decimal(
            theirs.weighted.replace(",", ""))
        if a is not None and b is not None:
            diff = ("+" if a - b > 0 else "") + fmt.fixed(a - b)
    return ComparisonRow(
        criterion=c.title,
        weight=c.weight,
        own=f"{mine.agreed} / {mine.maximum}" if mine else "–",
        own_weighted=mine.weighted if mine else "–",
        winner=f"{theirs.agreed} / {theirs.maximum}" if theirs else "–",
        winner_weighted=theirs.weighted if theirs else "–",
        difference=diff,
    )
