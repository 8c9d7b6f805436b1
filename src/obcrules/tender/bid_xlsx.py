"""Reading an XLSX bid return (the layout `obcrules.tender.bid_layout` describes).

Problems are placed on cells: ``Bid!B5 (price)``.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from obcrules.tender import bid_layout
from obcrules.tender.problems import Problem

Locator = Any


def read_bid_xlsx(path: Path, rel: str) -> tuple[Any, Locator, list[Problem]]:
    """The bid in an XLSX return as plain data, with a locator that names cells."""
    try:
        book = openpyxl.load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        return None, str, [Problem(rel, "", f"is not a readable XLSX workbook ({exc})",
                                   "save the bid return as .xlsx")]
    sheet = book[bid_layout.SHEET] if bid_layout.SHEET in book.sheetnames else book.worksheets[0]
    name = sheet.title
    cells: dict[str, str] = {}
    raw: dict[str, Any] = {}
    labels = {v.casefold(): k for k, v in bid_layout.LABELS.items()}
    header_row = None
    for row in range(1, min(sheet.max_row, 200) + 1):
        label = _text(sheet.cell(row, 1).value)
        if label is None:
            continue
        key = labels.get(label.casefold()) or _starts(label, labels)
        if key is not None and key not in raw:
            raw[key] = _value(sheet.cell(row, 2).value)
            cells[key] = f"{name}!B{row}"
        elif label.casefold() == bid_layout.COLUMNS["outcome"].casefold():
            header_row = row
            break
    if header_row is None:
        return None, str, [Problem(rel, name, "has no outcome table (a row starting with "
                                   "`Outcome`)", "fill in the bid return template from "
                                   "`obc tender template`")]
    columns: dict[str, int] = {}
    titles = {v.casefold(): k for k, v in bid_layout.COLUMNS.items()}
    for col in range(1, sheet.max_column + 1):
        title = _text(sheet.cell(header_row, col).value)
        if title is not None and title.casefold() in titles:
            columns[titles[title.casefold()]] = col
    missing = [bid_layout.COLUMNS[k] for k in bid_layout.OUTCOME_FIELDS if k not in columns]
    if missing:
        return None, str, [Problem(rel, f"{name}!{header_row}", "the outcome table has no "
                                   "column " + ", ".join(f"`{m}`" for m in missing),
                                   "use the template's columns")]
    outcomes: dict[str, Any] = {}
    for row in range(header_row + 1, sheet.max_row + 1):
        outcome = _text(sheet.cell(row, 1).value)
        if outcome is None:
            continue
        entry: dict[str, Any] = {}
        for key in bid_layout.OUTCOME_FIELDS:
            col = columns[key]
            entry[key] = _value(sheet.cell(row, col).value)
            cells[f"outcomes.{outcome}.{key}"] = f"{name}!{get_column_letter(col)}{row}"
        cells[f"outcomes.{outcome}"] = f"{name}!A{row}"
        outcomes[outcome] = entry
    raw["outcomes"] = outcomes

    def locate(field: str) -> str:
        base = field.split("[", 1)[0]
        cell = cells.get(field) or cells.get(base)
        return f"{cell} ({field})" if cell else f"{name} ({field})" if field else name

    return raw, locate, []


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _value(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _starts(label: str, labels: dict[str, str]) -> str | None:
    folded = label.casefold()
    for text, key in labels.items():
        if folded.startswith(text.split(" (")[0]):
            return key
    return None
