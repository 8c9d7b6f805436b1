"""Rows of a returned tender sheet (score sheets, ``moderation.csv``), each knowing where
its cells are: `obcrules.io.sheets` reads them, and a sheet that cannot be read becomes
a `TenderError` naming the file and place."""

from __future__ import annotations

from pathlib import Path

from obcrules.io.sheets import Row, SheetError, read_table
from obcrules.io.strict import DEFAULT_MAX_FILE_SIZE
from obcrules.tender.problems import Problem, TenderError

__all__ = ["SCORES_SHEET", "Row", "read_rows"]


SCORES_SHEET = "Scores"
"""The worksheet of an XLSX score sheet that holds the scores (found by name)."""


def read_rows(path: Path, rel: str, required: tuple[str, ...], *,
              limit: int = DEFAULT_MAX_FILE_SIZE) -> list[Row]:
    """The data rows of a .csv or .xlsx table whose header has the ``required`` columns.

    Blank rows are skipped. `TenderError` when the file cannot be read, is over
    ``limit`` bytes, has a cell over 32,767 characters or a column is missing; an XLSX
    table is its visible `SCORES_SHEET`, a formula or a value in a hidden row or column
    refused (`obcrules.io.sheets`).
    """
    try:
        return read_table(path, rel, required, sheet=SCORES_SHEET, limit=limit)
    except SheetError as error:
        # every formula or hidden value with its cell, so all are fixed in one go
        raise TenderError(error.summary, [Problem(rel, where, message, hint)
                                          for where, message, hint in error.findings]
                          ) from None
