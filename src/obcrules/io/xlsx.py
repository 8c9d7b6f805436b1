"""Workbooks as reproducible bytes: the same content always gives the same file.

openpyxl stamps the time of saving into ``docProps/core.xml`` and into every
member of the zip archive, so two runs over the same inputs would write
different files (and a bid or score sheet written by the tool would hash
differently each time). `workbook_bytes` saves a workbook and rewrites those
stamps to one fixed instant.

It also makes every text cell text: each is guarded (`obcrules.io.cells.guard`: a
leading ``=``, ``+``, ``-``, ``@``, tab or carriage return gets an apostrophe before
it) and written with the string type, never as a formula or an error value, so no
text from an input (a bidder's name, a ruleset's title) can become a live cell.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from typing import Protocol

from obcrules.io.cells import guard

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
"""The zip format's earliest date: every member of the archive carries it."""

_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


class Cell(Protocol):
    """An openpyxl cell: its value and its type (``s`` text, ``n`` number, ``f`` formula…)."""

    value: object
    data_type: str


class Sheet(Protocol):
    """An openpyxl worksheet, as far as its cells go."""

    _cells: Mapping[tuple[int, int], Cell]
    """The cells that exist. Read directly: ``iter_rows`` would create every cell of the
    used range, which changes the file."""


class Saveable(Protocol):
    """An openpyxl ``Workbook`` (its sheets, and it saves itself to a binary stream)."""

    @property
    def worksheets(self) -> Sequence[Sheet]:
        """The worksheets."""

    def save(self, filename: io.BytesIO) -> None:
        """Write the workbook to ``filename``."""


def text_cells(book: Saveable) -> None:
    """Make every text cell of ``book`` guarded text (see the module)."""
    for sheet in book.worksheets:
        for cell in sheet._cells.values():
            if isinstance(cell.value, str):
                cell.value = guard(cell.value)
                cell.data_type = "s"


def workbook_bytes(book: Saveable) -> bytes:
    """The workbook's XLSX bytes, every text cell text (`text_cells`), with its save time
    replaced by a fixed instant."""
    text_cells(book)
    saved = io.BytesIO()
    book.save(saved)
    out = io.BytesIO()
    with zipfile.ZipFile(saved) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename == "docProps/core.xml":
                data = _STAMP.sub(rb"\g<1>1980-01-01T00:00:00Z\g<2>", data)
            info = zipfile.ZipInfo(member.filename, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = member.external_attr
            target.writestr(info, data)
    return out.getvalue()
