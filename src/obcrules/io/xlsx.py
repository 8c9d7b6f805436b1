"""Workbooks as reproducible bytes: the same content always gives the same file.

openpyxl stamps the time of saving into ``docProps/core.xml`` and into every
member of the zip archive, so two runs over the same inputs would write
different files (and a bid or score sheet written by the tool would hash
differently each time). `workbook_bytes` saves a workbook and rewrites those
stamps to one fixed instant.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Protocol

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
"""The zip format's earliest date: every member of the archive carries it."""

_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


class Saveable(Protocol):
    """An openpyxl ``Workbook`` (anything that saves itself to a binary stream)."""

    def save(self, filename: io.BytesIO) -> None:
        """Write the workbook to ``filename``."""


def workbook_bytes(book: Saveable) -> bytes:
    """The workbook's XLSX bytes, with its save time replaced by a fixed instant."""
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
