"""Readers of monitoring data files: CSV, Parquet and XLSX into Arrow.

The core registers these through ``register_readers`` like any plugin would.
CSV and XLSX are read as text, column by column, so that the engine's
validation can say exactly which value in which row is not a number or a date;
Parquet keeps its own types. Empty cells are missing values. A file that cannot
be read raises `MonitoringError` naming the file and what to do about it.
"""

from __future__ import annotations

import csv
import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

from obcrules.engine.errors import MonitoringError
from obcrules.plugins.declarations import ReaderDecl

CSV_BLOCKS = (1 << 20, 64 << 20)
"""Block sizes the CSV reader tries: pyarrow's own, then one for records of up to 64 MB
(a long free-text field) before saying that a quote is probably left open."""
ROW_COLUMN = "_obc_row"
"""The column readers add: the row number as a spreadsheet shows it (header = row 1)."""


def with_row_numbers(table: Any) -> Any:
    """``table`` with a ``_obc_row`` column: 2 for the first record, 3 for the next, …"""
    import pyarrow as pa
    import pyarrow.compute as pc

    ones = pa.repeat(pa.scalar(1, pa.int64()), table.num_rows)
    rows = pc.add(pc.cumulative_sum(ones), 1) if table.num_rows else pa.array([], pa.int64())
    return table.append_column(ROW_COLUMN, rows)


def read_csv(path: Path) -> Any:
    """A CSV file with a header row, every column as text (empty = missing)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle), None)
    except UnicodeDecodeError as exc:
        raise MonitoringError(
            f"{path}: this file is not UTF-8 text (byte {exc.start + 1}); "
            "save it as 'CSV UTF-8' and run again") from None
    except OSError as exc:
        raise MonitoringError(f"{path}: cannot be read ({exc.strerror})") from None
    except csv.Error as exc:  # a header field over 128 KB: an unclosed quote, most often
        raise MonitoringError(f"{path}: the header row cannot be read ({exc}); the first line "
                              "must name the columns: check that its quotes are closed") from None
    if not header or not any(name.strip() for name in header):
        raise MonitoringError(f"{path}: the file is empty or has no header row; "
                              "the first line must name the columns (person_id,provider,…)")
    names = [name.strip() for name in header]
    _no_repeats(path, names)
    convert = pacsv.ConvertOptions(column_types={name: pa.string() for name in names},
                                   strings_can_be_null=True, null_values=[""],
                                   quoted_strings_can_be_null=True)
    for block in CSV_BLOCKS:
        try:
            table = pacsv.read_csv(path, read_options=pacsv.ReadOptions(
                column_names=names, skip_rows=1, block_size=block), convert_options=convert)
            return with_row_numbers(table)
        except pa.ArrowInvalid as exc:
            detail = str(exc).split("\n")[0]
            if "straddle" in detail and block != CSV_BLOCKS[-1]:
                continue  # a record longer than the block: read it again in larger blocks
            if "straddle" in detail:
                raise MonitoringError(
                    f"{path}: cannot be read as CSV: a record is longer than "
                    f"{block >> 20} MB, which is most often a quote left open that runs to "
                    "the end of the file; check the quotes") from None
            raise MonitoringError(f"{path}: cannot be read as CSV: {detail}; check that every "
                                  "row has as many values as the header has columns") from None
    raise AssertionError("unreachable: the last block size returns or raises")


def read_parquet(path: Path) -> Any:
    """A Parquet file with its own column types."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise MonitoringError(f"{path}: cannot be read as Parquet ({exc}); "
                              "export the table again as Parquet, or as CSV") from None
    return with_row_numbers(table)


def read_xlsx(path: Path) -> Any:
    """The table's worksheet of an XLSX workbook, its first row naming the columns.

    The worksheet named after the table (``people`` in ``people.xlsx``, any case) if there
    is one, else the first visible one; hidden worksheets are never read. Cells become text
    as a person would type them: dates as ``2026-03-31``, ``TRUE``/``FALSE`` as
    ``true``/``false``, whole numbers without a decimal point. A formula is refused with
    its cell named: its cached result may be stale, or missing, and is not what was typed.
    A value in a hidden row or column is refused too, its rows or column named: nobody
    checking the workbook sees it, yet it would be counted and paid for. So is a
    workbook packed like a zip bomb (`obcrules.io.workbook.check_packing`), before it is
    opened.
    """
    import pyarrow as pa

    try:
        names, columns = _xlsx_columns(path)
    except MonitoringError:
        raise
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, SyntaxError,
            IndexError) as exc:  # the package, or XML in it, is broken (or hostile)
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise MonitoringError(f"{path}: cannot be read as an XLSX workbook ({reason}); "
                              "save it from the spreadsheet as .xlsx, or export CSV") from None
    table = pa.table({name: pa.array(col, pa.string()) for name, col in zip(names, columns,
                                                                            strict=True)})
    return with_row_numbers(table)


def _xlsx_columns(path: Path) -> tuple[list[str], list[list[str | None]]]:
    from openpyxl import load_workbook

    from obcrules.io.strict import InputError
    from obcrules.io.workbook import check_packing, hidden_rows_and_columns

    with zipfile.ZipFile(path) as archive:  # not a zip: read_xlsx says so
        infos = archive.infolist()
    try:
        check_packing(infos)
    except InputError as exc:
        raise MonitoringError(f"{path}: {exc.message}; {exc.hint}") from None
    workbook = load_workbook(path, read_only=True, data_only=False)
    try:
        sheet = _table_sheet(path, workbook)
        hidden_rows, hidden_columns = hidden_rows_and_columns(sheet)
        rows = sheet.iter_rows()
        header = [_typed(path, cell) for cell in next(rows, ())]
        if not any(cell is not None for cell in header):
            raise MonitoringError(f"{path}: the worksheet {sheet.title!r} is empty or has no "
                                  "header row; its first row must name the columns")
        names = [str(cell).strip() if cell is not None else "" for cell in header]
        while names and not names[-1]:
            names.pop()
        _no_repeats(path, names)
        _no_hidden_columns(path, sheet.title, names, hidden_columns)
        columns: list[list[str | None]] = [[] for _ in names]
        unseen: list[int] = [1] if 1 in hidden_rows else []
        for number, row in enumerate(rows, start=2):
            cells = [_typed(path, cell) for cell in row[: len(names)]]
            cells += [None] * (len(names) - len(cells))
            if all(cell is None or cell == "" for cell in cells):
                continue  # a blank line at the end of a sheet is not a record
            if number in hidden_rows:
                unseen.append(number)
            for column, cell in zip(columns, cells, strict=True):
                column.append(cell_text(cell))
        _no_hidden_rows(path, sheet.title, unseen)
    finally:
        workbook.close()
    return names, columns


def _no_hidden_columns(path: Path, sheet: str, names: list[str],
                       hidden: frozenset[int]) -> None:
    from openpyxl.utils import get_column_letter

    read = [(get_column_letter(n), name) for n, name in enumerate(names, start=1)
            if n in hidden]
    if read:
        listed = ", ".join(f"{letter} ({name!r})" for letter, name in read)
        raise MonitoringError(
            f"{path}: the worksheet {sheet!r} hides column(s) {listed}, which obc would read; "
            "nobody checking the workbook sees them: unhide them (or delete them), or "
            "export CSV")


def _no_hidden_rows(path: Path, sheet: str, rows: list[int]) -> None:
    if rows:
        shown = ", ".join(str(n) for n in rows[:10]) + (
            f" and {len(rows) - 10:,} more" if len(rows) > 10 else "")
        raise MonitoringError(
            f"{path}: the worksheet {sheet!r} hides row(s) {shown}, which hold values obc "
            "would count; nobody checking the workbook sees them: unhide them (or delete "
            "them), or export CSV")


def _table_sheet(path: Path, workbook: Any) -> Any:
    """The worksheet named after the table, else the first visible one."""
    if not workbook.worksheets:
        raise MonitoringError(f"{path}: has no worksheet; save it from the spreadsheet again "
                              "as .xlsx, or export CSV")
    visible = [s for s in workbook.worksheets if s.sheet_state == "visible"]
    for sheet in visible:
        if sheet.title.strip().lower() == path.stem.lower():
            return sheet
    if not visible:
        raise MonitoringError(f"{path}: has no visible worksheet; obc never reads hidden ones: "
                              f"show the sheet with the data (or name it {path.stem!r})")
    return visible[0]


def _typed(path: Path, cell: Any) -> Any:
    """A cell's value; a formula is an error naming the cell."""
    if getattr(cell, "data_type", None) == "f":
        raise MonitoringError(f"{path}: cell {cell.coordinate} holds a formula "
                              f"({str(cell.value)[:60]}); enter a value, not a formula (copy "
                              "the sheet and paste values only)")
    return getattr(cell, "value", None)


def cell_text(cell: Any) -> str | None:
    """A spreadsheet cell as the text a person would have typed (None when empty)."""
    if cell is None:
        return None
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    text = str(cell)
    return text if text.strip() else None


def _no_repeats(path: Path, names: list[str]) -> None:
    seen: set[str] = set()
    for index, name in enumerate(names, start=1):
        if not name:
            raise MonitoringError(f"{path}: column {index} of the header has no name; "
                                  "name it or delete the column")
        if name in seen:
            raise MonitoringError(f"{path}: the header names the column {name!r} twice; "
                                  "keep one")
        seen.add(name)


CORE_READERS: tuple[ReaderDecl, ...] = (
    ReaderDecl(name="csv", suffixes=(".csv",), title="CSV with a header row", read=read_csv),
    ReaderDecl(name="parquet", suffixes=(".parquet",), title="Apache Parquet",
               read=read_parquet),
    ReaderDecl(name="xlsx", suffixes=(".xlsx",), title="Excel workbook (first sheet)",
               read=read_xlsx),
)
"""The readers the core registers (``register_readers``)."""
