"""The bid return forms derived from the ruleset, that bidders fill in.

``obc tender template`` writes them to ``out/bid-template.yaml`` and ``.xlsx``
(the users' word; in the code "template" means only the reports' Jinja templates).

One entry (YAML) or row (XLSX) per outcome, showing its required target, measure
and the ruleset's verification, with blanks for the offered target, the people
expected and the verification methods offered. Bidders fill in exactly the
fields the bid reader validates (`obcrules.tender.bid_layout`).
"""

from __future__ import annotations

import json
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from obcrules.io.xlsx import workbook_bytes
from obcrules.model import Item, RateCardEntry
from obcrules.money import display_money
from obcrules.syntax.printer import (
    format_expr,
    format_measure,
    format_target,
    format_verification,
)
from obcrules.tender import bid_layout
from obcrules.tender.workspace import Workspace

FILL = PatternFill("solid", fgColor="FFF2CC")


def _required(item: Item) -> str:
    return format_target(item.target) if item.target is not None else "(none)"


def _verification(item: Item) -> str:
    return "; ".join(format_verification(v) for v in item.verifications) or "(none)"


def _budget(ws: Workspace) -> str:
    budget = ws.tender.budget
    return display_money(budget.amount, budget.currency) if budget is not None else ""


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def bid_form_yaml(ws: Workspace) -> bytes:
    """The YAML bid return, with comments that say what each field expects."""
    header = ws.ruleset.header
    title = header.title if header else ""
    budget = f"; the budget is at most {_budget(ws)}" if ws.tender.budget else ""
    currency = header.currency if header and header.currency else ""
    methods = ", ".join(sorted(ws.vocabulary.verification_methods))
    lines = [
        f"# Bid return for {ws.tender.name}: {ws.tender.title}",
        f"# Ruleset {header.name if header else ''}: {title}"
        + (f" (version {header.version})" if header and header.version else ""),
        "# Fill in every blank. Targets are written as in the ruleset, e.g. `less than 8%`,",
        "# and must be no weaker than the required target.",
        f"# Verification methods: {methods}.",
        'bidder: ""',
        f"lot: {_q(ws.tender.name)}",
    ]
    if ws.tender.pricing is None:
        lines.append(f"price:      # the total price in {currency or 'the ruleset currency'}, "
                     "e.g. 1150000" + budget)
    else:
        lines += [
            "# This lot is priced from the rate card: your price is the expected cost, the fixed",
            "# fee plus each line's price × the people you expect it to pay for" + budget + ".",
            "fixed_fee:  # optional: paid whatever the outcomes, e.g. 50000; blank for none",
        ]
    lines += [
        'provider_id: ""   # optional: the code your monitoring returns use for you',
        "outcomes:",
    ]
    for item in ws.ruleset.outcomes:
        lines += [
            f"  {item.name}:   # {item.title}",
            f"    # measure: {format_measure(item.measure) if item.measure else '(none)'}",
            f"    # required target: {_required(item)}",
            f"    # verification in the ruleset: {_verification(item)}",
            '    target: ""',
            "    people:      # how many people you expect to help",
            "    verify: []   # e.g. [provider_return, case_file_audit]",
        ]
    if ws.tender.pricing is not None:
        lines += ["rate_card:   # your price per line: at most the ruleset's, or a discount such "
                  "as \"10%\""]
        for entry in _rate_card(ws):
            lines += [
                f"  {_q(entry.key)}:   # {_line_text(entry)}",
                "    price:",
                "    people:      # how many people you expect this line to pay for",
            ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _rate_card(ws: Workspace) -> tuple[RateCardEntry, ...]:
    payment = ws.ruleset.payment
    return payment.rate_card() if payment is not None else ()


def _line_text(entry: RateCardEntry) -> str:
    """``accommodation_entry pays at most £1,500 per person where …``."""
    line = entry.rate_line
    most = display_money(entry.amount.amount, entry.amount.currency)
    if entry.group is not None:
        group = next(g for g in line.groups if g.name == entry.group)
        return (f"group {entry.group} of line {entry.line}: {entry.outcome} pays at most {most} "
                f"per {line.per} where {format_expr(group.where)}")
    where = f" where {format_expr(line.where)}" if line.where is not None else ""
    return f"{entry.outcome} pays at most {most} per {line.per}{where}"


def _rate_card_table(ws: Workspace, sheet: Any, header_row: int) -> None:
    """A priced lot's rate card: a row per line, for its price and the people expected."""
    columns = list(bid_layout.RATE_COLUMNS.values())
    for col, title in enumerate(columns, start=1):
        sheet.cell(header_row, col, title).font = Font(bold=True)
    price_col = columns.index(bid_layout.RATE_COLUMNS["price"]) + 1
    people_col = columns.index(bid_layout.RATE_COLUMNS["people"]) + 1
    sheet.cell(header_row, price_col).comment = Comment(
        "An amount of at most the line's price, or a discount on it written as a percentage "
        "(e.g. 10%)", "obc")
    people_check = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0",
                                  showErrorMessage=True, error="A whole number of people")
    sheet.add_data_validation(people_check)
    for offset, entry in enumerate(_rate_card(ws), start=1):
        row = header_row + offset
        values = [entry.key, entry.outcome,
                  display_money(entry.amount.amount, entry.amount.currency),
                  _line_text(entry).split(" per ", 1)[1]]
        for col, value in enumerate(values, start=1):
            sheet.cell(row, col, value).alignment = Alignment(wrap_text=True, vertical="top")
        for col in (price_col, people_col):
            sheet.cell(row, col).fill = FILL
        people_check.add(sheet.cell(row, people_col).coordinate)


def bid_form_xlsx(ws: Workspace) -> bytes:
    """The XLSX bid return (layout in `obcrules.tender.bid_layout`), with data validation."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = bid_layout.SHEET
    sheet["A1"] = f"Bid return for {ws.tender.name}: {ws.tender.title}"
    sheet["A1"].font = Font(bold=True, size=13)
    header = ws.ruleset.header
    currency = header.currency if header and header.currency else ""
    priced = ws.tender.pricing is not None
    money_key = "fixed_fee" if priced else "price"
    rows = {"bidder": None, "lot": ws.tender.name, money_key: None, "provider_id": None}
    for offset, (key, value) in enumerate(rows.items()):
        row = bid_layout.FIRST_LABEL_ROW + offset
        label = bid_layout.LABELS[key] + (f" ({currency})" if key == money_key and currency
                                          else "")
        sheet.cell(row, 1, label).font = Font(bold=True)
        cell = sheet.cell(row, 2, value)
        cell.fill = FILL
    price_row = bid_layout.FIRST_LABEL_ROW + 2
    price_check = DataValidation(type="decimal", operator="greaterThanOrEqual" if priced
                                 else "greaterThan", formula1="0", showErrorMessage=True,
                                 error="An amount of money" if priced
                                 else "The price is a positive amount")
    if priced:
        sheet.cell(price_row, 3, "paid whatever the outcomes; your price is the expected cost: "
                   "this fee plus each rate-card line's price × people"
                   + (f" (at most {_budget(ws)})" if ws.tender.budget is not None else ""))
    elif ws.tender.budget is not None:
        sheet.cell(price_row, 3, f"at most {_budget(ws)}")
    sheet.add_data_validation(price_check)
    price_check.add(f"B{price_row}")
    lot_check = DataValidation(type="list", formula1=f'"{ws.tender.name}"', allow_blank=False)
    sheet.add_data_validation(lot_check)
    lot_check.add(f"B{bid_layout.FIRST_LABEL_ROW + 1}")
    columns = list(bid_layout.COLUMNS.values())
    for col, title in enumerate(columns, start=1):
        sheet.cell(bid_layout.HEADER_ROW, col, title).font = Font(bold=True)
    people_col = columns.index(bid_layout.COLUMNS["people"]) + 1
    verify_col = columns.index(bid_layout.COLUMNS["verify"]) + 1
    target_col = columns.index(bid_layout.COLUMNS["target"]) + 1
    people_check = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0",
                                  showErrorMessage=True, error="A whole number of people")
    sheet.add_data_validation(people_check)
    methods = ", ".join(sorted(ws.vocabulary.verification_methods))
    sheet.cell(bid_layout.HEADER_ROW, verify_col).comment = Comment(
        f"Comma-separated, from: {methods}", "obc")
    sheet.cell(bid_layout.HEADER_ROW, target_col).comment = Comment(
        "Written as in the ruleset, e.g. `less than 8%`; no weaker than the required target",
        "obc")
    for offset, item in enumerate(ws.ruleset.outcomes, start=1):
        row = bid_layout.HEADER_ROW + offset
        values = [item.name, item.title,
                  format_measure(item.measure) if item.measure else "", _required(item),
                  _verification(item)]
        for col, value in enumerate(values, start=1):
            sheet.cell(row, col, value).alignment = Alignment(wrap_text=True, vertical="top")
        for col in (target_col, people_col, verify_col):
            sheet.cell(row, col).fill = FILL
        people_check.add(sheet.cell(row, people_col).coordinate)
    if priced:
        _rate_card_table(ws, sheet, bid_layout.HEADER_ROW + len(ws.ruleset.outcomes) + 2)
    for letter, width in zip("ABCDEFGH", (24, 40, 50, 20, 36, 22, 16, 36), strict=True):
        sheet.column_dimensions[letter].width = width
    return workbook_bytes(book)
