"""Rows of a returned tender sheet (score sheets, ``moderation.csv``), each knowing where
its cells are: `obcrules.io.sheets` reads them, and a sheet that cannot be read becomes
a `TenderError` naming the file and place."""

from __future__ import annotations

from pathlib import Path

from obcrules.io.sheets import Row, SheetError, read_table
from obcrules.tender.problems import Problem, TenderError

__all__ = ["Row", "read_rows"]


def read_rows(path: Path, rel: str, required: tuple[str, ...]) -> list[Row]:
    """The data rows of a .csv or .xlsx table whose header has the ``required`` columns.

    Blank rows are skipped. `TenderError` when the file cannot be read or a column
    is missing.
    """
    try:
        return read_table(path, rel, required)
    except SheetError as error:
        raise TenderError(error.summary, [Problem(rel, error.where, error.message,
                                                  error.hint)]) from None
