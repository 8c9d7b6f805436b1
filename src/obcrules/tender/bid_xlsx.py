"""Reading an XLSX bid return (the layout `obcrules.tender.bid_layout` describes).

Problems are placed on cells: ``Bid!B5 (price)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from obcrules.io.cells import unguard
from obcrules.io.strict import DEFAULT_MAX_FILE_SIZE, InputError
from obcrules.io.workbook import listed, open_workbook, sheet_named
from obcrules.io.workbook import problems as workbook_problems
from obcrules.tender import bid_layout
from obcrules.tender.problems import Problem

Locator = Any


def read_bid_xlsx(path: Path, rel: str, limit: int = DEFAULT_MAX_FILE_SIZE
                  ) -> tuple[Any, Locator, list[Problem]]:
    """The bid in an XLSX return as plain data, with a locator that names cells.

    The bid is the visible sheet `bid_layout.SHEET`; a formula, a value in a hidden row
    or column or a hidden sheet with values makes it unreadable (`obcrules.io.workbook`).
    """
    try:
        book = open_workbook(path, limit)
        sheet = sheet_named(book, bid_layout.SHEET)
    except InputError as exc:
        return None, str, [Problem(rel, exc.where, exc.message, exc.hint)]
    unseen = workbook_problems(book, sheet)
    if unseen:
        return None, str, [Problem(rel, where, message, hint)
                           for where, message, hint in listed(unseen)]
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
    columns, problem = _columns(sheet, header_row, bid_layout.COLUMNS,
                                bid_layout.OUTCOME_FIELDS, "the outcome table", rel)
    if problem is not None:
        return None, str, [problem]
    outcomes: dict[str, Any] = {}
    rate_header = None
    rate_title = bid_layout.RATE_COLUMNS["line"].casefold()
    for row in range(header_row + 1, sheet.max_row + 1):
        outcome = _text(sheet.cell(row, 1).value)
        if outcome is None:
            continue
        if outcome.casefold() == rate_title:
            rate_header = row
            break
        entry: dict[str, Any] = {}
        for key in bid_layout.OUTCOME_FIELDS:
            col = columns[key]
            entry[key] = _value(sheet.cell(row, col).value)
            cells[f"outcomes.{outcome}.{key}"] = f"{name}!{get_column_letter(col)}{row}"
        cells[f"outcomes.{outcome}"] = f"{name}!A{row}"
        outcomes[outcome] = entry
    raw["outcomes"] = outcomes
    organisation = {key.split(".", 1)[1]: raw.pop(key) for key in bid_layout.ORGANISATION_ROWS
                    if key in raw}
    if any(value is not None for value in organisation.values()):
        raw["organisation"] = {key: str(value) if isinstance(value, int) else value
                               for key, value in organisation.items() if value is not None}
    if rate_header is not None:
        rate_card, problems = _rate_card(sheet, rate_header, cells, rel)
        if problems:
            return None, str, problems
        raw["rate_card"] = rate_card

    def locate(field: str) -> str:
        base = field.split("[", 1)[0]
        cell = cells.get(field) or cells.get(base)
        return f"{cell} ({field})" if cell else f"{name} ({field})" if field else name

    return raw, locate, []


def _columns(sheet: Any, header_row: int, titles: dict[str, str], required: tuple[str, ...],
             table: str, rel: str) -> tuple[dict[str, int], Problem | None]:
    """The column of each field a table's header row names; a problem if one it needs is
    missing."""
    keys = {v.casefold(): k for k, v in titles.items()}
    columns: dict[str, int] = {}
    for col in range(1, sheet.max_column + 1):
        title = _text(sheet.cell(header_row, col).value)
        if title is not None and title.casefold() in keys:
            columns[keys[title.casefold()]] = col
    missing = [titles[k] for k in required if k not in columns]
    if not missing:
        return columns, None
    return columns, Problem(rel, f"{sheet.title}!{header_row}", f"{table} has no column "
                            + ", ".join(f"`{m}`" for m in missing), "use the template's columns")


def _rate_card(sheet: Any, header_row: int, cells: dict[str, str],
               rel: str) -> tuple[dict[str, Any], list[Problem]]:
    """The rate-card table below its header row: each line's price and people."""
    name = sheet.title
    columns, problem = _columns(sheet, header_row, bid_layout.RATE_COLUMNS,
                                bid_layout.RATE_FIELDS, "the rate-card table", rel)
    if problem is not None:
        return {}, [problem]
    rate_card: dict[str, Any] = {}
    for row in range(header_row + 1, sheet.max_row + 1):
        key = _text(sheet.cell(row, 1).value)
        if key is None:
            continue
        key = key.removesuffix(".0")
        entry: dict[str, Any] = {}
        for field in bid_layout.RATE_FIELDS:
            col = columns[field]
            cell = sheet.cell(row, col)
            value = _value(cell.value)
            if field == "price" and isinstance(cell.value, int | float) and \
                    not isinstance(cell.value, bool) and str(cell.number_format).endswith("%"):
                value = f"{cell.value * 100:g}%"  # a cell formatted as a percentage: a discount
            entry[field] = value
            cells[f"rate_card.{key}.{field}"] = f"{name}!{get_column_letter(col)}{row}"
        cells[f"rate_card.{key}"] = f"{name}!A{row}"
        rate_card[key] = entry
    return rate_card, []


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = unguard(str(value).strip()).strip()
    return text or None


def _value(value: Any) -> Any:
    if isinstance(value, str):
        return unguard(value.strip()).strip() or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _starts(label: str, labels: dict[str, str]) -> str | None:
    folded = label.casefold()
    for text, key in labels.items():
        if folded.startswith(text.split(" (")[0]):
            return key
    return None
