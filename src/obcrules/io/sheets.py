"""Sheets people fill in and return: rows of a CSV or XLSX table that know where their
cells are, and the guard that keeps data written into a sheet from running as a formula.

`read_table` returns the rows as text with a `Row.where` that names a CSV row
(``row 4``, counting the header as row 1, as a spreadsheet shows it) or an XLSX cell
(``Scores!C4``), so every problem can point at the place to fix. A file that cannot
be read, or lacks a column, raises `SheetError` with the place and what to do.

`guard` writes a cell's text so that a spreadsheet shows it as text: text starting
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (which a spreadsheet would
run as a formula) gets a leading ``'``; `unguard` takes it off again when the sheet
comes back (both live in `obcrules.io.cells`, which every writer uses).

A sheet is read as a person sees it: at most ``limit`` bytes, no cell over
`obcrules.io.strict.MAX_TEXT` characters, and an XLSX table is its visible worksheet
found by name, with formulas and values in hidden rows, columns or sheets refused
(`obcrules.io.workbook`).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from obcrules.io.cells import guard, unguard
from obcrules.io.strict import DEFAULT_MAX_FILE_SIZE, MAX_TEXT, InputError, check_size

__all__ = ["Row", "SheetError", "guard", "read_table", "unguard"]


class SheetError(Exception):
    """A sheet cannot be read: ``where`` in it (``row 1``, or empty for the whole file),
    ``message`` what is wrong and ``hint`` what to do."""

    def __init__(self, summary: str, where: str, message: str, hint: str,
                 findings: list[tuple[str, str, str]] | None = None) -> None:
        super().__init__(summary)
        self.summary, self.where, self.message, self.hint = summary, where, message, hint
        self.findings = findings or [(where, message, hint)]
        """Every place to fix, as (where, message, hint): the first is ``where``,
        ``message`` and ``hint``; an XLSX sheet's formulas and hidden values each have
        one (at most `obcrules.io.workbook.LISTED`, then one counting the rest)."""


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


def read_table(path: Path, rel: str, required: tuple[str, ...], *, sheet: str,
               limit: int = DEFAULT_MAX_FILE_SIZE) -> list[Row]:
    """The data rows of a .csv or .xlsx table whose header has the ``required`` columns
    (the visible worksheet ``sheet`` of a workbook). Blank rows are skipped."""
    try:
        check_size(path, limit)
        if path.suffix.lower() == ".xlsx":
            header, rows = _xlsx(path, rel, sheet, limit)
        else:
            header, rows = _csv(path, rel)
    except InputError as exc:
        raise SheetError(f"{rel} cannot be read", exc.where, exc.message, exc.hint) from None
    except OSError as exc:
        raise SheetError(f"{rel} cannot be read", "", f"cannot be read: {exc.strerror or exc}",
                         "check the file's permissions") from None
    missing = [c for c in required if c not in header]
    if missing:
        raise SheetError(f"{rel} lacks the column(s) {', '.join(missing)}", "row 1",
                         "the header needs the columns " + ",".join(required),
                         "keep the header row of the sheet")
    return [row for row in rows if any(row.values.values())]


def _csv(path: Path, rel: str) -> tuple[list[str], list[Row]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")  # a "\r" in a quoted cell stays
    except UnicodeDecodeError:
        raise SheetError(f"{rel} is not UTF-8 text", "", "is not UTF-8",
                         "save it as CSV UTF-8") from None
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


def _xlsx(path: Path, rel: str, name: str, limit: int) -> tuple[list[str], list[Row]]:
    from openpyxl.utils import get_column_letter  # on first use: monitoring never needs it

    from obcrules.io.workbook import listed, open_workbook, problems, sheet_named

    book = open_workbook(path, limit)
    sheet = sheet_named(book, name)
    unseen = problems(book, sheet)
    if unseen:
        where, message, hint = unseen[0]
        more = f" (and {len(unseen) - 1} more)" if len(unseen) > 1 else ""
        raise SheetError(f"{rel} shows other than it holds", where, message + more, hint,
                         listed(unseen))
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
