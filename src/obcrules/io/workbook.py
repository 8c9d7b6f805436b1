"""Reading an XLSX workbook that someone outside the tool filled in: only what a person sees.

A spreadsheet can show one thing and hold another: a formula's cached value is
whatever the last program to save it wrote (``=1390000*2`` cached as ``1000``), a
hidden row or column, or a hidden sheet, holds values nobody reviewing the file
sees. So a workbook is read for its values as typed, and `problems` lists every
formula (to be replaced by its value), every value in a hidden row or column, and
the sheet read must be visible and found by its name, never by position.

`open_workbook` refuses, with an `InputError`, a file over the size limit, a zip
that unpacks to more than `UNPACKED` times it, a part packed like a zip bomb
(`check_packing`: a few hundred kilobytes can hold a 400 MB cell, which takes a
gigabyte of memory to read), and anything openpyxl cannot parse (malformed XML, an
undefined entity, a missing part). Monitoring data, which has no size limit, is
read in openpyxl's streaming mode after the same `check_packing`, and its hidden
rows and columns are found with `hidden_rows_and_columns`.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from obcrules.io.strict import MAX_TEXT, InputError, check_size, size_text

UNPACKED = 5
"""A workbook may unpack to at most this many times the file size limit."""
PACKING = 100
"""A part of a workbook may unpack to at most this many times its packed size once it
is larger than `LOOSE_PART`. Spreadsheets pack their XML 5 to 20 times (every cell
names its own row and column, so even identical rows differ); deflate packs one
repeated character about a thousand times, which is how a zip bomb is made."""
LOOSE_PART = 16 * 1024 * 1024
"""Parts up to this size unpacked are accepted however well they pack."""
COLUMNS = 16_384
"""The columns a worksheet can have (A to XFD)."""


def parts(path: Path) -> list[zipfile.ZipInfo]:
    """The parts of the workbook's package; `InputError` when it is not a zip.

    Their sizes are the ones the package declares, and they bound what is read: Python's
    zipfile stops at the declared size and refuses a part whose bytes do not match it."""
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"is not a readable XLSX workbook ({exc})",
                         hint="save it from the spreadsheet as .xlsx") from None


def check_packing(infos: list[zipfile.ZipInfo]) -> None:
    """`InputError` naming the first part that unpacks to more than `PACKING` times its
    packed size (and to more than `LOOSE_PART`)."""
    for info in infos:
        if info.file_size > LOOSE_PART and info.file_size > PACKING * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise InputError(
                f"its part {info.filename} unpacks to {size_text(info.file_size)} from "
                f"{size_text(info.compress_size)} ({ratio:,} times, where a spreadsheet's "
                "parts pack some 5 to 20 times)",
                hint="open it in a spreadsheet and save it again as .xlsx, or export CSV")


def hidden_rows_and_columns(sheet: Any) -> tuple[frozenset[int], frozenset[int]]:
    """The hidden rows and columns (numbers from 1) of a worksheet opened read-only.

    openpyxl's read-only sheets do not keep the rows' and columns' dimensions, so they
    are read from the sheet's XML with the parser openpyxl itself reads the file with
    (``<row r="5" hidden="1">``, ``<col min="2" max="4" hidden="1">``)."""
    from openpyxl.xml.functions import iterparse

    rows: set[int] = set()
    columns: set[int] = set()
    with sheet.parent._archive.open(sheet._worksheet_path) as source:
        for _, element in iterparse(source):
            tag = element.tag.rpartition("}")[2]
            if tag == "row":
                if _is_true(element.get("hidden")) and (element.get("r") or "").isdigit():
                    rows.add(int(element.get("r")))
                element.clear()  # the cells are read by openpyxl; keep no tree
            elif tag == "col" and _is_true(element.get("hidden")):
                low, high = element.get("min") or "", element.get("max") or ""
                if low.isdigit() and high.isdigit():
                    columns.update(_column_span(int(low), int(high)))
    return frozenset(rows), frozenset(columns)


def _is_true(value: str | None) -> bool:
    return value in ("1", "true")


def _column_span(low: int, high: int) -> range:
    """Columns ``low`` to ``high``, no further than the last a sheet can have."""
    return range(low, min(high, COLUMNS) + 1)


def open_workbook(path: Path, limit: int) -> Workbook:
    """The workbook at ``path`` with its formulas as written (not their cached values)."""
    check_size(path, limit)
    infos = parts(path)
    unpacked = sum(info.file_size for info in infos)
    if unpacked > UNPACKED * limit:
        raise InputError(f"unpacks to {size_text(unpacked)}, more than the "
                         f"{size_text(UNPACKED * limit)} a bid or sheet may hold",
                         hint="remove pictures and pasted documents, or raise [limits] "
                         "max_file_size in obc.toml")
    check_packing(infos)
    try:
        return openpyxl.load_workbook(path, data_only=False)
    except Exception as exc:
        reason = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise InputError(f"is not a readable XLSX workbook ({reason})",
                         hint="open it in a spreadsheet and save it again as .xlsx") from None


def sheet_named(book: Workbook, name: str) -> Worksheet:
    """The visible worksheet called ``name``; `InputError` when there is none."""
    if name not in book.sheetnames:
        raise InputError(f"has no sheet named `{name}` (its sheets: "
                         + ", ".join(f"`{n}`" for n in book.sheetnames) + ")",
                         hint=f"fill in the template's `{name}` sheet; do not rename it")
    sheet = book[name]
    if not isinstance(sheet, Worksheet):
        raise InputError(f"`{name}` is a chart, not a sheet of cells")
    if sheet.sheet_state != "visible":
        raise InputError(f"its sheet `{name}` is hidden", hint="unhide it: obc reads only "
                         "what a person reviewing the file can see")
    return sheet


LISTED = 20
"""At most this many of a workbook's `problems` are listed one by one; `listed` counts
the rest."""


def listed(found: list[tuple[str, str, str]], limit: int = LISTED
           ) -> list[tuple[str, str, str]]:
    """The first ``limit`` of ``found`` (cell, message, hint), then one line counting the
    rest (``and 7 more``), so that a sheet full of formulas is reported in one go but
    not cell by cell past reason."""
    if len(found) <= limit:
        return found
    rest = len(found) - limit
    return [*found[:limit], ("", f"and {rest} more cell(s) like these",
                             "fix them the same way; `obc tender check` lists them once "
                             "these are fixed")]


def problems(book: Workbook, sheet: Worksheet) -> list[tuple[str, str, str]]:
    """What makes ``sheet`` show other than it holds, as (cell, message, hint): formulas,
    values in hidden rows or columns, over-long text, and other hidden sheets with values."""
    found: list[tuple[str, str, str]] = []
    title = sheet.title
    hidden_rows = {r for r, d in sheet.row_dimensions.items() if d.hidden}
    hidden_columns: set[int] = set()
    for dimension in sheet.column_dimensions.values():
        if dimension.hidden and dimension.min is not None and dimension.max is not None:
            hidden_columns.update(_column_span(dimension.min, dimension.max))
    cells: dict[tuple[int, int], Any] = sheet._cells
    for (row, column), cell in sorted(cells.items()):
        value = cell.value
        if value is None or value == "":
            continue
        where = f"{title}!{get_column_letter(column)}{row}"
        if cell.data_type == "f" or (not isinstance(value, str | int | float | bool) and \
                type(value).__name__.endswith("Formula")):
            text = value if isinstance(value, str) else getattr(value, "text", "") or ""
            found.append((where, f"enter a value, not a formula (`{_short(str(text))}`)",
                          "type the value itself: obc does not run formulas, and a "
                          "formula's saved result may not be what it shows"))
        elif isinstance(value, str) and len(value) > MAX_TEXT:
            found.append((where, f"holds {len(value):,} characters, more than the "
                          f"{MAX_TEXT:,} a cell may", "shorten it"))
        if row in hidden_rows:
            found.append((where, f"is in hidden row {row} (`{_short(str(value))}`)",
                          "unhide the row, or delete it: obc reads only what a person "
                          "reviewing the file can see"))
        elif column in hidden_columns:
            found.append((where, f"is in hidden column {get_column_letter(column)} "
                          f"(`{_short(str(value))}`)", "unhide the column, or delete it"))
    for other in book.worksheets:
        if other.sheet_state != "visible" and other is not sheet and \
                any(c.value not in (None, "") for c in other._cells.values()):
            found.append((other.title, f"the sheet `{other.title}` is hidden and holds values",
                          "unhide it or delete it: obc reads only what a person can see"))
    return found


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:39] + "…"
