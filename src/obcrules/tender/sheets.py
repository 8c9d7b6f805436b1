"""Rows of a CSV or XLSX sheet, each knowing where its cells are.

Score sheets and ``moderation.csv`` are tables with a header row. `read_rows`
returns the rows as text with a `Row.where` that names a CSV row (``row 4``,
counting the header as row 1, as a spreadsheet shows it) or an XLSX cell
(``Scores!C4``), so every problem can point at the place to fix.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from openpyxl.utils import get_column_letter

from obcrules.io.cells import unguard
from obcrules.io.strict import DEFAULT_MAX_FILE_SIZE, MAX_TEXT, InputError, check_size
from obcrules.io.workbook import open_workbook, sheet_named
from obcrules.io.workbook import problems as workbook_problems
from obcrules.tender.problems import Problem, TenderError


@dataclass(frozen=True)
class Row:
    """One data row: its cells as stripped text, and where each one is."""

    number: int
    values: dict[str, str]
    cells: dict[str, str]

    def where(self, column: str | None = None) -> str:
        """``Scores!C4`` for an XLSX cell, else ``row 4`` (with the column named)."""
        if column is not None and column in self.cells:
            return self.cells[column]
        return f"row {self.number}" + (f", column {column}" if column else "")

    def get(self, column: str) -> str:
        """The cell's text ('' when blank or absent)."""
        return self.values.get(column, "")


SCORES_SHEET = "Scores"
"""The sheet of an XLSX score sheet that holds the scores (found by name)."""


def read_rows(path: Path, rel: str, required: tuple[str, ...], *,
              limit: int = DEFAULT_MAX_FILE_SIZE) -> list[Row]:
    """The data rows of a .csv or .xlsx table whose header has the ``required`` columns.

    Blank rows are skipped. `TenderError` when the file cannot be read, is over
    ``limit`` bytes, has a field over `MAX_TEXT` characters or a column is missing; an
    XLSX table is its visible `SCORES_SHEET`, and a formula or a value in a hidden row
    or column is refused (`obcrules.io.workbook`).
    """
    try:
        if path.suffix.lower() == ".xlsx":
            header, rows = _xlsx(path, rel, limit)
        else:
            check_size(path, limit)
            header, rows = _csv(path, rel)
    except InputError as exc:
        raise TenderError(f"{rel} cannot be read",
                          [Problem(rel, exc.where, exc.message, exc.hint)]) from None
    except OSError as exc:
        raise TenderError(f"{rel} cannot be read",
                          [Problem(rel, "", f"cannot be read: {exc.strerror or exc}",
                                   "check the file's permissions")]) from None
    missing = [c for c in required if c not in header]
    if missing:
        raise TenderError(f"{rel} lacks the column(s) {', '.join(missing)}",
                          [Problem(rel, "row 1", "the header needs the columns "
                                   + ",".join(required), "keep the header row of the sheet")])
    return [row for row in rows if any(row.values.values())]


def _csv(path: Path, rel: str) -> tuple[list[str], list[Row]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")  # a "\r" in a quoted cell stays
    except UnicodeDecodeError:
        raise TenderError(f"{rel} is not UTF-8 text",
                          [Problem(rel, "", "is not UTF-8", "save it as CSV UTF-8")]) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        lines = list(reader)
    except csv.Error as exc:
        raise InputError(f"is not a readable CSV table: {exc}", reader.line_num,
                         hint=f"a cell holds at most {MAX_TEXT:,} characters; check the "
                         "quotes") from None
    long = next(((n, c) for n, line in enumerate(lines, start=1) for c in line
                 if len(c) > MAX_TEXT), None)
    if long is not None:
        raise InputError(f"has a cell of {len(long[1]):,} characters, more than the "
                         f"{MAX_TEXT:,} a cell may hold", long[0], hint="shorten it")
    if not lines:
        return [], []
    header = [h.strip().lower() for h in lines[0]]
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        values = {h: (unguard(line[i].strip()).strip() if i < len(line) else "")
                  for i, h in enumerate(header)}
        rows.append(Row(number, values, {}))
    return header, rows


def _xlsx(path: Path, rel: str, limit: int) -> tuple[list[str], list[Row]]:
    book = open_workbook(path, limit)
    sheet = sheet_named(book, SCORES_SHEET)
    unseen = workbook_problems(book, sheet)
    if unseen:
        raise TenderError(f"{rel} shows other than it holds",
                          [Problem(rel, where, message, hint) for where, message, hint in unseen])
    lines = list(sheet.iter_rows(values_only=True))
    if not lines:
        return [], []
    header = [_cell(h).lower() for h in lines[0]]
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        values = {h: (_cell(line[i]) if i < len(line) else "") for i, h in enumerate(header)}
        cells = {h: f"{sheet.title}!{get_column_letter(i + 1)}{number}"
                 for i, h in enumerate(header)}
        rows.append(Row(number, values, cells))
    return header, rows


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{Decimal(str(value)).normalize():f}" if not value.is_integer() else str(
            int(value))
    return unguard(str(value).strip()).strip()
