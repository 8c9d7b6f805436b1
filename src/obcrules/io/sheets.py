"""Sheets people fill in and return: rows of a CSV or XLSX table that know where their
cells are, and the guard that keeps data written into a sheet from running as a formula.

`read_table` returns the rows as text with a `Row.where` that names a CSV row
(``row 4``, counting the header as row 1, as a spreadsheet shows it) or an XLSX cell
(``Scores!C4``), so every problem can point at the place to fix. A file that cannot
be read, or lacks a column, raises `SheetError` with the place and what to do.

`guard` writes a cell's text so that a spreadsheet shows it as text: text starting
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (which a spreadsheet would
run as a formula) gets a leading ``'``; `unguard` takes it off again when the sheet
comes back.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula."""


def guard(text: str) -> str:
    """``=1+2`` → ``'=1+2``: text a spreadsheet shows and never runs."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unguard(text: str) -> str:
    """The inverse of `guard`: ``'=1+2`` → ``=1+2`` (other text unchanged)."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


class SheetError(Exception):
    """A sheet cannot be read: ``where`` in it (``row 1``, or empty for the whole file),
    ``message`` what is wrong and ``hint`` what to do."""

    def __init__(self, summary: str, where: str, message: str, hint: str) -> None:
        super().__init__(summary)
        self.summary, self.where, self.message, self.hint = summary, where, message, hint


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


def read_table(path: Path, rel: str, required: tuple[str, ...]) -> list[Row]:
    """The data rows of a .csv or .xlsx table whose header has the ``required`` columns
    (the first worksheet of a workbook). Blank rows are skipped."""
    if path.suffix.lower() == ".xlsx":
        header, rows = _xlsx(path, rel)
    else:
        header, rows = _csv(path, rel)
    missing = [c for c in required if c not in header]
    if missing:
        raise SheetError(f"{rel} lacks the column(s) {', '.join(missing)}", "row 1",
                         "the header needs the columns " + ",".join(required),
                         "keep the header row of the sheet")
    return [row for row in rows if any(row.values.values())]


def _csv(path: Path, rel: str) -> tuple[list[str], list[Row]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise SheetError(f"{rel} is not UTF-8 text", "", "is not UTF-8",
                         "save it as CSV UTF-8") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    lines = list(reader)
    if not lines:
        return [], []
    header = [h.strip().lower() for h in lines[0]]
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        values = {h: (line[i].strip() if i < len(line) else "") for i, h in enumerate(header)}
        rows.append(Row(number, values, {}))
    return header, rows


def _xlsx(path: Path, rel: str) -> tuple[list[str], list[Row]]:
    import openpyxl  # on first use: reading a CSV, or monitoring, never needs it
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, data_only=True, read_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise SheetError(f"{rel} is not a readable XLSX workbook", "", str(exc),
                         "save it as .xlsx") from None
    sheet = book.worksheets[0]
    lines = list(sheet.iter_rows(values_only=True))
    book.close()
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
    return str(value).strip()
