"""The panel's work in a workspace: evaluators' draft and submitted sheets, agreed scores.

What ``obc serve`` lets a panel do, kept in the same files as the command line's:

* an evaluator's draft is ``out/panel/EVALUATOR.json``, rewritten at each save;
* submitting writes ``scores/EVALUATOR.csv``, the returned sheet that ``obc tender
  evaluate`` reads; once it exists (however it got there) the sheet is submitted
  and is never written again from here;
* the chair's agreed score of an item is a row of ``moderation.csv``, the others
  kept as they were.

Each write holds the workspace lock and appends an audit entry naming who did it
(`obcrules.tender.transaction`), so 50 evaluators saving at once write one after
another, and nothing is lost or half-written. Nothing here decides who may see or
do what: that is the web app's, which calls these through `obcrules.api`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path, PurePosixPath

from obcrules.io.cells import csv_bytes
from obcrules.model import EvaluatorScoring
from obcrules.tender.audit import read_chain
from obcrules.tender.bids import Bid, InvalidBid, bid_attachments
from obcrules.tender.config import CONFIG_NAME, TenderConfig, parse_config, percent_text
from obcrules.tender.evaluation import assess
from obcrules.tender.lifecycle import lifecycle
from obcrules.tender.moderation import ModeratedItem, load_moderation, moderate
from obcrules.tender.problems import Problem, TenderError
from obcrules.tender.scoresheets import (
    DESCRIPTORS_0_TO_5,
    SCORE_COLUMNS,
    SHEET_COLUMNS,
    evaluator_criteria,
    load_scores,
    parse_score_row,
    scale_text,
    sheet_path,
)
from obcrules.tender.sheets import Row, read_rows
from obcrules.tender.transaction import running
from obcrules.tender.workspace import (
    BIDS_DIR,
    MODERATION_FILE,
    OUT_DIR,
    SCORES_DIR,
    SUPERSEDED_DIR,
    Workspace,
)

PANEL_DIR = f"{OUT_DIR}/panel"
SAVE, SUBMIT, AGREE = "panel save", "panel submit", "panel agree"
MAX_TEXT = 5000
"""The longest justification or note kept (characters)."""

DOWNLOADS = ("evaluation.json", "evaluation.html", "evaluation.pdf", "contract.yaml",
             "ocds.json", "audit.jsonl", "bid-template.yaml", "bid-template.xlsx")
"""The files of ``out/`` a panel may download; with ``feedback/`` and ``superseded/``."""


@dataclass(frozen=True)
class CriterionGuide:
    """A criterion as evaluators read it: its weight, scale, minimum and descriptors."""

    name: str
    title: str
    weight: str
    scale: str
    low: Decimal
    high: Decimal
    minimum: str
    descriptors: tuple[str, ...]


@dataclass(frozen=True)
class SheetItem:
    """One row of a sheet: a bidder × criterion, and the evaluator's score so far."""

    bidder: str
    criterion: str
    title: str
    scale: str
    score: str
    justification: str


@dataclass(frozen=True)
class Sheet:
    """An evaluator's sheet: the draft, or the submitted sheet (then read-only)."""

    evaluator: str
    items: tuple[SheetItem, ...]
    submitted: bool
    file: str | None
    """Where the scores were read from (the draft, or the returned sheet)."""


@dataclass(frozen=True)
class PanelStatus:
    """Where the panel stands, from the files: who has submitted, and the lot's state."""

    evaluators: tuple[str, ...]
    submitted: tuple[str, ...]
    ruleset: str
    """The workspace's ruleset file (workspace-relative)."""
    state: str
    """``open``, ``evaluated`` or ``awarded`` (`obcrules.tender.lifecycle`)."""
    describe: str

    @property
    def all_submitted(self) -> bool:
        """Every evaluator's sheet is in ``scores/`` (scores may now be seen)."""
        return set(self.evaluators) <= set(self.submitted)


@dataclass(frozen=True)
class ModerationRow:
    """An item's scores and each evaluator's justification, side by side."""

    item: ModeratedItem
    justifications: Mapping[str, str]
    title: str = ""
    """The criterion's title."""


@dataclass(frozen=True)
class PanelBids:
    """The bids as the panel reads them: valid ones (with any gate failures), invalid ones,
    and each bid file's attachments (names in its folder ``bids/STEM/``)."""

    valid: tuple[Bid, ...]
    invalid: tuple[InvalidBid, ...]
    excluded: Mapping[str, tuple[str, ...]]
    attachments: Mapping[str, tuple[str, ...]]
    titles: Mapping[str, str] = field(default_factory=dict)
    """The ruleset's items and the lot's criteria by name, with their titles (the names the
    gates' reasons give, as the evaluation report shows them)."""
    prices: Mapping[str, str] = field(default_factory=dict)
    """Each valid bid's price by file, as the evaluation report shows it (``£1,150,000``);
    filled in by `obcrules.api.panel_bids`."""


def status(root: Path) -> PanelStatus:
    """Who has submitted and the lot's state (reads obc.toml, scores/ and the log only)."""
    config = _config(root)
    submitted = tuple(e for e in config.evaluators
                      if any((root / SCORES_DIR / f"{e}{s}").is_file() for s in (".csv", ".xlsx")))
    life = lifecycle(read_chain(root))
    return PanelStatus(config.evaluators, submitted, config.ruleset, life.state,
                       life.describe())


def criteria(ws: Workspace) -> list[CriterionGuide]:
    """The lot's criteria scored by evaluators, with their guidance."""
    guides = []
    for criterion in evaluator_criteria(ws.tender):
        scoring = criterion.scoring
        assert isinstance(scoring, EvaluatorScoring)
        zero_to_five = scoring.low == 0 and scoring.high == 5
        guides.append(CriterionGuide(
            criterion.name, criterion.title,
            percent_text(criterion.weight.value) if criterion.weight else "",
            scale_text(scoring), scoring.low, scoring.high,
            f"{criterion.minimum.value}" if criterion.minimum else "",
            DESCRIPTORS_0_TO_5 if zero_to_five else ()))
    return guides


def bids(ws: Workspace) -> PanelBids:
    """Every bid, whether it passed the gates, and its attachments."""
    found = assess(ws, with_scores=False)
    attachments = {ws.relative(path): tuple(p.name for p in bid_attachments(path))
                   for path in found.bids.files}
    titles = {**{i.name: i.title for i in ws.ruleset.items},
              **{c.name: c.title for c in ws.tender.criteria}}
    return PanelBids(tuple(found.bids.valid), tuple(found.bids.invalid),
                     {b: tuple(r) for b, r in found.gate_reasons.items() if r}, attachments,
                     titles)


def attachment(ws: Workspace, bid_file: str, name: str) -> Path:
    """The attachment ``name`` of the bid ``bids/BID_FILE``; `TenderError` for any other path."""
    listed = bids(ws).attachments.get(f"{BIDS_DIR}/{bid_file}", ())
    if name in listed:
        return ws.root / BIDS_DIR / Path(bid_file).stem / name
    raise TenderError(f"{bid_file} has no attachment `{name}`")


def sheet(ws: Workspace, evaluator: str) -> Sheet:
    """The evaluator's sheet: every item, with the submitted scores or the draft's."""
    _known(ws, evaluator)
    items = _items(ws)
    path, _ = sheet_path(ws, evaluator)
    if path is not None:
        rel = ws.relative(path)
        return Sheet(evaluator, _filled(items, _rows_of(read_rows(
            path, rel, SCORE_COLUMNS, limit=ws.config.max_file_size))),
                     True, rel)
    draft = ws.root / PANEL_DIR / f"{evaluator}.json"
    if draft.is_file():
        data = json.loads(draft.read_text(encoding="utf-8"))
        saved = {(r["bidder"], r["criterion"]): (r["score"], r["justification"])
                 for r in data["items"]}
        return Sheet(evaluator, _filled(items, saved), False, ws.relative(draft))
    return Sheet(evaluator, tuple(items), False, None)


def save_sheet(ws: Workspace, evaluator: str, entries: Mapping[tuple[str, str], tuple[str, str]],
               by: Mapping[str, str] | None = None, *, submit: bool = False) -> Sheet:
    """Save the evaluator's draft (scores may be blank) and, with ``submit``, write
    ``scores/EVALUATOR.csv``, after which the sheet is read-only. `TenderError` lists
    every problem (a score off the scale; on submit, a blank score or justification)."""
    _known(ws, evaluator)
    with running(ws.root, SUBMIT if submit else SAVE, by=by) as run:
        if any((ws.root / SCORES_DIR / f"{evaluator}{s}").is_file() for s in (".csv", ".xlsx")):
            raise TenderError(f"the sheet of `{evaluator}` is already submitted; it can no "
                              "longer be changed")
        items = _items(ws)
        keys = {(i.bidder, i.criterion) for i in items}
        unknown = [k for k in entries if k not in keys]
        if unknown:
            raise TenderError("these items are not on the sheet: "
                              + ", ".join(f"{b} × {c}" for b, c in unknown))
        filled = _filled(items, {k: (s.strip(), " ".join(j.split())[:MAX_TEXT])
                                 for k, (s, j) in entries.items()})
        sheet_file = f"{SCORES_DIR}/{evaluator}.csv"
        _check(ws, filled, sheet_file, complete=submit)
        draft = f"{PANEL_DIR}/{evaluator}.json"
        run.write(draft, _draft(evaluator, filled))
        if submit:
            run.write(sheet_file, _csv(filled))
        run.commit([ws.root / CONFIG_NAME])
    return Sheet(evaluator, filled, submit, sheet_file if submit else draft)


def moderation(ws: Workspace) -> list[ModerationRow]:
    """Every item with each evaluator's score and justification, its spread and how its
    agreed score stands; `TenderError` until every sheet is returned and valid."""
    found = assess(ws, with_scores=False)
    scored = [b.bidder for b in found.gated]
    items, _ = load_scores(ws, found.known_bidders, scored)
    agreed, _ = load_moderation(ws, found.known_bidders)
    moderated = moderate(ws.tender, items, agreed, ws.config.moderation_spread,
                         ws.config.settle)
    titles = {c.name: c.title for c in ws.tender.criteria}
    return [ModerationRow(m, {e: entry.justification
                              for e, entry in sorted(items[(m.bidder, m.criterion)].items())},
                          titles.get(m.criterion, m.criterion))
            for m in moderated]


def agree(ws: Workspace, bidder: str, criterion: str, score: str, note: str,
          by: Mapping[str, str] | None = None) -> None:
    """Record the agreed score of one item (and why) in ``moderation.csv``, keeping its
    other rows; the item's earlier row, if any, is replaced."""
    with running(ws.root, AGREE, by=by) as run:
        rows = moderation(ws)
        if not any(r.item.bidder == bidder and r.item.criterion == criterion for r in rows):
            raise TenderError(f"{bidder} × {criterion} is not an item of this evaluation")
        path = ws.root / MODERATION_FILE
        kept = [[r.get(c) for c in SCORE_COLUMNS]
                for r in (read_rows(path, MODERATION_FILE, SCORE_COLUMNS,
                                   limit=ws.config.max_file_size)
                          if path.is_file() else [])
                if (r.get("bidder"), r.get("criterion")) != (bidder, criterion)]
        row = [bidder, criterion, score.strip(), " ".join(note.split())[:MAX_TEXT]]
        problems: list[Problem] = []
        parse_score_row(Row(len(kept) + 2, dict(zip(SCORE_COLUMNS, row, strict=True)), {}),
                        MODERATION_FILE, ws.tender, {bidder}, problems)
        if problems:
            raise TenderError("the agreed score cannot be recorded", problems)
        run.write(MODERATION_FILE, _table(SCORE_COLUMNS, [*kept, row]))
        run.commit([ws.root / CONFIG_NAME])


def downloads(root: Path) -> list[str]:
    """The files of ``out/`` a panel may download (reports, evaluation, award, log),
    workspace-relative and sorted; never drafts, people or staging."""
    out = root / OUT_DIR
    found = [f"{OUT_DIR}/{name}" for name in DOWNLOADS if (out / name).is_file()]
    for folder in ("feedback", SUPERSEDED_DIR.removeprefix(f"{OUT_DIR}/")):
        base = out / folder
        if base.is_dir():
            found += [p.relative_to(root).as_posix() for p in base.rglob("*")
                      if p.is_file() and not p.name.startswith(".")]
    return sorted(set(found))


# ---------------------------------------------------------------- helpers


def _config(root: Path) -> TenderConfig:
    path = root / CONFIG_NAME
    if not path.is_file():
        raise TenderError(f"{root} is not a tender workspace: it has no {CONFIG_NAME}")
    return parse_config(path.read_text(encoding="utf-8-sig"))


def _known(ws: Workspace, evaluator: str) -> None:
    if evaluator not in ws.config.evaluators:
        raise TenderError(f"`{evaluator}` is not an evaluator of this workspace")


def _items(ws: Workspace) -> list[SheetItem]:
    """The sheet's rows: every bidder that passed the gates × evaluator criterion."""
    gated = sorted(b.bidder for b in assess(ws, with_scores=False).gated)
    rows = []
    for bidder in gated:
        for criterion in evaluator_criteria(ws.tender):
            assert isinstance(criterion.scoring, EvaluatorScoring)
            rows.append(SheetItem(bidder, criterion.name, criterion.title,
                                  scale_text(criterion.scoring), "", ""))
    return rows


def _rows_of(rows: Sequence[Row]) -> dict[tuple[str, str], tuple[str, str]]:
    return {(r.get("bidder"), r.get("criterion")): (r.get("score"), r.get("justification"))
            for r in rows}


def _filled(items: Sequence[SheetItem], saved: Mapping[tuple[str, str], tuple[str, str]]
            ) -> tuple[SheetItem, ...]:
    result = []
    for item in items:
        score, why = saved.get((item.bidder, item.criterion), ("", ""))
        result.append(SheetItem(item.bidder, item.criterion, item.title, item.scale,
                                str(score), str(why)))
    return tuple(result)


def _check(ws: Workspace, items: Sequence[SheetItem], file: str, *, complete: bool) -> None:
    """Every problem of the sheet: off-scale scores always; blanks when ``complete``."""
    problems: list[Problem] = []
    bidders = {i.bidder for i in items}
    for number, item in enumerate(items, start=2):
        if not complete and not item.score:
            continue
        if not complete and not item.justification:
            item = SheetItem(item.bidder, item.criterion, item.title, item.scale, item.score,
                             "(draft)")
        row = Row(number, {"bidder": item.bidder, "criterion": item.criterion,
                           "score": item.score, "justification": item.justification}, {})
        parse_score_row(row, file, ws.tender, bidders, problems)
    if problems:
        raise TenderError(f"the sheet has {len(problems)} problem(s)", [
            Problem(p.file, f"{items[_row(p.where) - 2].bidder} × "
                    f"{items[_row(p.where) - 2].criterion}", p.message, p.hint)
            for p in problems])


def _row(where: str) -> int:
    """The row number of ``row 4, column score``."""
    return int(where.split(",")[0].removeprefix("row "))


def _draft(evaluator: str, items: Sequence[SheetItem]) -> bytes:
    data = {"evaluator": evaluator, "items": [
        {"bidder": i.bidder, "criterion": i.criterion, "score": i.score,
         "justification": i.justification} for i in items]}
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def _csv(items: Sequence[SheetItem]) -> bytes:
    return _table(SHEET_COLUMNS, [[i.bidder, i.criterion, i.score, i.justification, i.title,
                                   i.scale] for i in items])


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    return csv_bytes([header, *rows])


def is_download(root: Path, relative: str) -> bool:
    """Is ``relative`` one of the `downloads` (compared as text, never resolved first)?"""
    return PurePosixPath(relative).as_posix() == relative and relative in downloads(root)
