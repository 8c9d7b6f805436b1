"""Evaluator score sheets: writing blank ones and reading those returned.

``obc tender scoresheets`` writes ``out/scoresheets/EVALUATOR.csv`` and ``.xlsx``:
one row per bidder that passed the gates × criterion scored by evaluators, with
the scale (and, in the XLSX, data validation and a guidance sheet). Evaluators
return them as ``scores/EVALUATOR.csv`` or ``.xlsx`` with the columns
``bidder,criterion,score,justification`` (other columns are ignored).

Errors name the sheet and row: a missing sheet, an unknown bidder or criterion,
a score off the scale, a missing or blank justification, a row given twice, and
an item (bidder × criterion) that the sheet does not score.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from obcrules.diagnostics import did_you_mean
from obcrules.io.atomic import write_bytes_atomic
from obcrules.io.cells import csv_bytes
from obcrules.io.xlsx import workbook_bytes
from obcrules.model import Criterion, EvaluatorScoring, Tender
from obcrules.tender.config import percent_text
from obcrules.tender.problems import Problem, TenderError
from obcrules.tender.sheets import SCORES_SHEET, Row, read_rows
from obcrules.tender.workspace import SCORES_DIR, Workspace

SCORE_COLUMNS = ("bidder", "criterion", "score", "justification")
SHEET_COLUMNS = (*SCORE_COLUMNS, "criterion_title", "scale")

DESCRIPTORS_0_TO_5 = (
    "0 – Unacceptable: no response, or one that does not address the requirement",
    "1 – Poor: major gaps or risks; little evidence",
    "2 – Weak: addresses some of the requirement; significant gaps",
    "3 – Satisfactory: meets the requirement with minor gaps",
    "4 – Good: meets the requirement fully, with good evidence",
    "5 – Excellent: exceeds the requirement, with strong evidence and added value",
)
"""Descriptors shown with a 0 to 5 scale (other scales show their range only)."""


@dataclass(frozen=True)
class ScoreEntry:
    """One evaluator's (or the moderators') score of one item, with where it was read."""

    bidder: str
    criterion: str
    score: Decimal
    justification: str
    file: str
    where: str


def evaluator_criteria(tender: Tender) -> list[Criterion]:
    """The lot's criteria scored by evaluators, in ruleset order."""
    return [c for c in tender.criteria if isinstance(c.scoring, EvaluatorScoring)]


def scale_text(scoring: EvaluatorScoring) -> str:
    """``0 to 5``."""
    return f"{scoring.low.normalize():f} to {scoring.high.normalize():f}"


def write_scoresheets(ws: Workspace, bidders: Sequence[str], out: Path | None = None
                      ) -> list[Path]:
    """Blank sheets for every evaluator, for ``bidders`` (those that passed the gates), in
    ``out/scoresheets/`` (``out`` is the workspace's by default)."""
    criteria = evaluator_criteria(ws.tender)
    if not criteria:
        return []
    if not ws.config.evaluators:
        raise TenderError("obc.toml lists no evaluators, but the lot has criteria scored by "
                          "evaluators", [Problem("obc.toml", "evaluators", "is empty",
                                                 'list them, e.g. evaluators = ["alice", "bob"]')])
    written = []
    for evaluator in ws.config.evaluators:
        base = (out or ws.out) / "scoresheets" / evaluator
        write_bytes_atomic(base.with_suffix(".csv"), _csv(criteria, bidders))
        write_bytes_atomic(base.with_suffix(".xlsx"), _xlsx(ws, evaluator, criteria, bidders))
        written += [base.with_suffix(".csv"), base.with_suffix(".xlsx")]
    return written


def _rows(criteria: Sequence[Criterion], bidders: Sequence[str]) -> list[list[str]]:
    rows = []
    for bidder in sorted(bidders):
        for criterion in criteria:
            assert isinstance(criterion.scoring, EvaluatorScoring)
            rows.append([bidder, criterion.name, "", "", criterion.title,
                         scale_text(criterion.scoring)])
    return rows


def _csv(criteria: Sequence[Criterion], bidders: Sequence[str]) -> bytes:
    return csv_bytes([SHEET_COLUMNS, *_rows(criteria, bidders)])


def _xlsx(ws: Workspace, evaluator: str, criteria: Sequence[Criterion],
          bidders: Sequence[str]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SCORES_SHEET
    sheet.append(list(SHEET_COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    rows = _rows(criteria, bidders)
    for row in rows:
        sheet.append(row)
    for criterion in criteria:
        assert isinstance(criterion.scoring, EvaluatorScoring)
        low, high = criterion.scoring.low, criterion.scoring.high
        scale = scale_text(criterion.scoring)
        check = DataValidation(type="decimal", operator="between", formula1=str(low),
                               formula2=str(high), allow_blank=True, showErrorMessage=True,
                               errorTitle="Off the scale",
                               error=f"{criterion.name} is scored from {scale}",
                               promptTitle=criterion.name, prompt=f"A score from {scale}",
                               showInputMessage=True)
        sheet.add_data_validation(check)
        for number, row in enumerate(rows, start=2):
            if row[1] == criterion.name:
                check.add(f"C{number}")
    if rows:
        note = DataValidation(type="textLength", operator="greaterThan", formula1="0",
                              allow_blank=False, showErrorMessage=True,
                              error="Every score needs a written justification",
                              showInputMessage=True, promptTitle="Justification",
                              prompt="Why this score: cite the bid's evidence")
        sheet.add_data_validation(note)
        note.add(f"D2:D{len(rows) + 1}")
    for column, width in zip("ABCDEF", (28, 18, 8, 70, 36, 10), strict=True):
        sheet.column_dimensions[column].width = width
    for row_cells in sheet.iter_rows(min_row=2, min_col=4, max_col=4):
        for cell in row_cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    guide = book.create_sheet("Guidance")
    guide.append([f"Score sheet of {evaluator} for lot {ws.tender.name}: {ws.tender.title}"])
    guide.append(["Score every row on the criterion's scale and write a justification. "
                  "Return this file as scores/" + evaluator + ".xlsx."])
    guide.append([])
    guide.append(["criterion", "title", "weight", "scale", "minimum", "descriptors"])
    for criterion in criteria:
        assert isinstance(criterion.scoring, EvaluatorScoring)
        zero_to_five = criterion.scoring.low == 0 and criterion.scoring.high == 5
        descriptors = DESCRIPTORS_0_TO_5 if zero_to_five else ()
        guide.append([criterion.name, criterion.title,
                      percent_text(criterion.weight.value) if criterion.weight else "",
                      scale_text(criterion.scoring),
                      f"{criterion.minimum.value}" if criterion.minimum else "",
                      "\n".join(descriptors)])
    guide.column_dimensions["B"].width = 40
    guide.column_dimensions["F"].width = 80
    return workbook_bytes(book)


def sheet_path(ws: Workspace, evaluator: str) -> tuple[Path | None, list[Problem]]:
    """The returned sheet of ``evaluator`` (CSV or XLSX), or the problem finding it."""
    found = [ws.root / SCORES_DIR / f"{evaluator}{suffix}" for suffix in (".csv", ".xlsx")]
    present = [p for p in found if p.is_file()]
    if len(present) == 1:
        return present[0], []
    if not present:
        return None, [Problem(f"{SCORES_DIR}/{evaluator}.csv", "", f"the score sheet of "
                              f"evaluator `{evaluator}` is missing",
                              "put the returned sheet in scores/ as .csv or .xlsx")]
    return None, [Problem(f"{SCORES_DIR}/{evaluator}.csv", "", f"evaluator `{evaluator}` has "
                          "both a .csv and an .xlsx sheet", "keep one of them")]


def parse_score_row(row: Row, file: str, tender: Tender, known_bidders: Collection[str],
                    problems: list[Problem]) -> ScoreEntry | None:
    """A validated score row, or None after adding its problems to ``problems``."""
    before = len(problems)

    def bad(column: str, message: str, hint: str = "") -> None:
        problems.append(Problem(file, row.where(column), message, hint))

    bidder = row.get("bidder")
    if bidder not in known_bidders:
        guess = did_you_mean(bidder, known_bidders)
        bad("bidder", f"`{bidder}` is not a bidder" if bidder else "names no bidder",
            f"did you mean `{guess}`?" if guess else "write the bidder exactly as in its bid; "
            "if its bid is invalid, fix the bid")
    name = row.get("criterion")
    criterion = next((c for c in tender.criteria if c.name == name), None)
    scoring = criterion.scoring if criterion is not None else None
    if criterion is None:
        guess = did_you_mean(name, [c.name for c in evaluator_criteria(tender)])
        bad("criterion", f"`{name}` is not a criterion of lot `{tender.name}`" if name
            else "names no criterion", f"did you mean `{guess}`?" if guess else "")
    elif not isinstance(scoring, EvaluatorScoring):
        bad("criterion", f"`{name}` is scored automatically, not by evaluators",
            "remove this row")
    score = _decimal(row.get("score"))
    if isinstance(scoring, EvaluatorScoring):
        if score is None:
            bad("score", f"`{row.get('score')}` is not a score" if row.get("score")
                else "has no score", f"give a number from {scale_text(scoring)}")
        elif not scoring.low <= score <= scoring.high:
            bad("score", f"{row.get('score')} is off the scale {scale_text(scoring)}",
                f"give a number from {scale_text(scoring)}")
    justification = row.get("justification")
    if not justification:
        bad("justification", "has no justification", "every score needs a written reason")
    if len(problems) > before or score is None:
        return None
    return ScoreEntry(bidder=bidder, criterion=name, score=score, justification=justification,
                      file=file, where=row.where())


def load_scores(ws: Workspace, known_bidders: Collection[str], scored: Collection[str],
                *, missing_ok: bool = False
                ) -> tuple[dict[tuple[str, str], dict[str, ScoreEntry]], list[Path]]:
    """Every evaluator's scores by (bidder, criterion), and the sheets read.

    ``known_bidders`` may appear in a sheet; only the ``scored`` ones (those that
    passed the gates) must and are kept. `TenderError` lists every problem; with
    ``missing_ok``, or with no bid to score, a sheet not returned is not one.
    """
    criteria = evaluator_criteria(ws.tender)
    items: dict[tuple[str, str], dict[str, ScoreEntry]] = {
        (bidder, c.name): {} for bidder in sorted(scored) for c in criteria}
    if not criteria:
        return items, []
    problems: list[Problem] = []
    if not ws.config.evaluators:
        problems.append(Problem("obc.toml", "evaluators", "is empty, but the lot has criteria "
                                "scored by evaluators", "list the evaluators"))
    files = []
    for evaluator in ws.config.evaluators:
        path, missing = sheet_path(ws, evaluator)
        # with every bid excluded by the gates the sheets are blank: none is awaited
        if (missing_ok or not items) and path is None and not any(
                (ws.root / SCORES_DIR / f"{evaluator}{s}").is_file() for s in (".csv", ".xlsx")):
            continue  # not returned yet
        problems += missing
        if path is None:
            continue
        files.append(path)
        rel = ws.relative(path)
        try:
            rows = read_rows(path, rel, SCORE_COLUMNS, limit=ws.config.max_file_size)
        except TenderError as exc:
            problems += exc.problems or [Problem(rel, "", exc.summary)]
            continue
        seen: dict[tuple[str, str], str] = {}
        present = {(row.get("bidder"), row.get("criterion")) for row in rows}
        for row in rows:
            entry = parse_score_row(row, rel, ws.tender, known_bidders, problems)
            if entry is None:
                continue
            key = (entry.bidder, entry.criterion)
            if key in seen:
                problems.append(Problem(rel, row.where(), f"scores {entry.bidder} on "
                                        f"`{entry.criterion}` again (first at {seen[key]})",
                                        "keep one row per bidder and criterion"))
                continue
            seen[key] = row.where()
            if key in items:
                items[key][evaluator] = entry
        for bidder, criterion in items:
            if (bidder, criterion) not in present:
                problems.append(Problem(rel, "", f"has no score for {bidder} on `{criterion}`",
                                        "add the row; the blank sheet from `obc tender "
                                        "scoresheets` lists every item"))
    if problems:
        raise TenderError(f"the score sheets have {len(problems)} problem(s)", problems)
    return items, files


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip())
    except (InvalidOperation, AttributeError):
        return None
    return value if value.is_finite() else None
