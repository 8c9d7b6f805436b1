"""The audit sample on paper: ``sample.json`` and one sheet per provider out, the sheets
with their findings back.

``obc verify sample`` writes, under ``OUT/PERIOD/METHOD/``, ``sample.json`` (the draw:
its seed, the strata and every claim drawn) and for each provider ``PROVIDER.csv`` and
``PROVIDER.xlsx``: one row per claim drawn, with empty ``finding`` and ``note``
columns. The auditor fills one of the two (``finding``: confirmed, not confirmed or
not found; a note is required for the last two) and leaves it where it is.

A sample is drawn once. Drawn again into the same folder with the same inputs, it is
the same draw: the sheets there are kept (the auditor may have filled them in) and
only missing ones are written. A different draw (the data, contract or ruleset
changed) is refused while the earlier one is there: redrawing until a sample suits
is what an audit must rule out, and the earlier sheets may hold findings.

`read_returned` reads every ``sample.json`` below a folder and the sheets beside it. A
finding that is not one of the three, a failure without a note, a row that was not
drawn or is given twice, a sheet of a provider that was not sampled, and two filled
sheets for one provider are errors naming the file and cell; a claim drawn but not
returned with a finding is *outstanding*.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from obcrules.engine.errors import MonitoringError
from obcrules.engine.verification.claims import Claim, ClaimKey
from obcrules.engine.verification.sampling import Stratum
from obcrules.io.atomic import write_bytes_atomic, write_text_atomic
from obcrules.io.cells import csv_bytes
from obcrules.io.sheets import Row, SheetError, read_table
from obcrules.io.xlsx import workbook_bytes
from obcrules.money import price_text

SCHEMA = "obcrules.verification-sample/1"
MANIFEST = "sample.json"
CONFIRMED, NOT_CONFIRMED, NOT_FOUND = "confirmed", "not confirmed", "not found"
FINDINGS = (CONFIRMED, NOT_CONFIRMED, NOT_FOUND)
FAILED = (NOT_CONFIRMED, NOT_FOUND)
KEY_COLUMNS = ("provider", "person_id", "rate_line")
SHEET_COLUMNS = ("provider", "person_id", "outcome", "rate_line", "period", "price_group",
                 "rate", "rank", "sha256", "finding", "note")
SHEET_TITLE = "Sample"


@dataclass(frozen=True)
class Sample:
    """A drawn sample: what seeded it, and its strata."""

    ruleset: str
    seed: str
    seeded_by: str
    """The file whose SHA-256 is the seed (the contract's, else the ruleset's)."""
    period: str
    method: str
    minimum: int
    strata: list[Stratum]
    rates: dict[tuple[int, str | None], Decimal]
    """The price of each rate-card line (and price group) the provider is paid."""


def folder_of(out: Path, period: str, method: str) -> Path:
    """``OUT/PERIOD/METHOD``: where a sample's files go."""
    return out / period / method


_UNSAFE = re.compile(r"[^A-Za-z0-9 ._-]")


def sheet_names(providers: list[str]) -> dict[str, str]:
    """Provider → the name of its sheets without suffix: the provider's code with any
    character other than letters, digits, space, ``.``, ``_`` and ``-`` written ``_``
    (and no leading dot), numbered when two providers would share one."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for provider in sorted(providers):
        base = _UNSAFE.sub("_", provider).lstrip(".").strip() or "provider"
        name, n = base, 1
        while name.lower() in taken:
            n += 1
            name = f"{base}-{n}"
        taken.add(name.lower())
        names[provider] = name
    return names


def write_sample(out: Path, sample: Sample) -> tuple[list[Path], list[Path]]:
    """Write ``sample.json`` and each provider's sheets (CSV and XLSX), atomically; the
    files written, and those kept from the same draw made before (see the module).
    `MonitoringError` when the folder holds a different draw."""
    folder = folder_of(out, sample.period, sample.method)
    rows: dict[str, list[list[str]]] = {}
    names = sheet_names(sorted({s.provider for s in sample.strata}))
    drawn = []
    for stratum in sample.strata:
        for d in stratum.drawn:
            c = d.claim
            rate = price_text(sample.rates[(c.line, c.group)])
            rows.setdefault(c.provider, []).append(
                [c.provider, c.person, c.outcome, str(c.line), c.period, c.group or "", rate,
                 str(d.rank), d.digest, "", ""])
            drawn.append({"provider": c.provider, "person_id": c.person, "outcome": c.outcome,
                          "rate_line": c.line, "period": c.period, "price_group": c.group,
                          "rate": rate, "rank": d.rank, "sha256": d.digest})
    manifest = {
        "schema": SCHEMA, "ruleset": sample.ruleset, "seed": sample.seed,
        "seeded_by": sample.seeded_by, "period": sample.period, "method": sample.method,
        "minimum": sample.minimum, "sheets": names,
        "strata": [{"provider": s.provider, "outcome": s.outcome,
                    "share": f"{s.share.normalize():f}", "claims": s.claims, "size": s.size}
                   for s in sample.strata],
        "drawn": drawn}
    text = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    same_draw = _same_draw(folder / MANIFEST, text)
    written: list[Path] = []
    kept: list[Path] = []
    if same_draw:
        kept.append(folder / MANIFEST)
    else:
        write_text_atomic(folder / MANIFEST, text)
        written.append(folder / MANIFEST)
    for provider, provider_rows in sorted(rows.items()):
        base = folder / names[provider]
        sheets: list[tuple[Path, Callable[[], bytes]]] = [
            (base.with_suffix(".csv"), partial(_csv, provider_rows)),
            (base.with_suffix(".xlsx"), partial(_xlsx, sample, provider, provider_rows))]
        for sheet, content in sheets:
            if same_draw and sheet.is_file():
                kept.append(sheet)
            else:
                write_bytes_atomic(sheet, content())
                written.append(sheet)
    return written, kept


def _same_draw(manifest: Path, text: str) -> bool:
    """True when ``manifest`` holds this very draw, False when there is none;
    `MonitoringError` when it holds another."""
    if not manifest.exists():
        return False
    try:
        if manifest.read_text(encoding="utf-8") == text:
            return True
    except (OSError, UnicodeDecodeError):
        pass
    raise MonitoringError(
        f"{manifest.parent} holds an earlier, different draw of this period and method (the "
        "data, the contract or the ruleset has changed since); a sample is drawn once, and "
        "its sheets may hold the auditor's findings: to draw again, move the folder away "
        "or give another --out")


def _csv(rows: list[list[str]]) -> bytes:
    return csv_bytes([SHEET_COLUMNS, *rows])


def _xlsx(sample: Sample, provider: str, rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook  # on first use: a monitoring run never needs it
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET_TITLE
    sheet.append(list(SHEET_COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)  # text, never a formula: `workbook_bytes` makes every text cell text
    if rows:
        findings = DataValidation(type="list", formula1='"' + ",".join(FINDINGS) + '"',
                                  allow_blank=True, showErrorMessage=True,
                                  error="confirmed, not confirmed or not found")
        sheet.add_data_validation(findings)
        findings.add(f"J2:J{len(rows) + 1}")
    sheet.freeze_panes = "A2"
    guide = book.create_sheet("Guidance")
    guide.append([f"Audit sample of {sample.method} for {sample.period}: {provider}"])
    guide.append(["For each claim, write the finding (confirmed, not confirmed or not "
                  "found) and, unless confirmed, a note saying why. A claim not confirmed or "
                  "not found is not paid."])
    return workbook_bytes(book)


# --------------------------------------------------------------------------- returned


@dataclass(frozen=True)
class Case:
    """A claim drawn, and what its returned sheet says of it (no finding: outstanding)."""

    claim: Claim
    rate: Decimal
    finding: str | None = None
    note: str = ""
    file: str | None = None
    where: str = ""


@dataclass
class Returned:
    """One sample as returned: its manifest's facts and every case drawn."""

    folder: str
    period: str
    method: str
    cases: list[Case] = field(default_factory=list)
    sheets: dict[str, list[str]] = field(default_factory=dict)
    """Provider → the returned sheets read (relative to the verification folder)."""


def read_returned(directory: Path) -> list[Returned]:
    """Every sample below ``directory`` with its findings; `MonitoringError` listing every
    problem found in the sheets."""
    if not directory.is_dir():
        raise MonitoringError(f"{directory}: no such folder of returned verification sheets; "
                              "give the folder `obc verify sample` wrote to")
    manifests = sorted(directory.rglob(MANIFEST))
    if not manifests:
        raise MonitoringError(f"{directory}: no {MANIFEST} found; give the folder `obc verify "
                              "sample` wrote to, with the sheets filled in where they are")
    problems: list[str] = []
    samples = [_read_sample(directory, path, problems) for path in manifests]
    if problems:
        raise MonitoringError(f"{len(problems)} problem(s) in the returned verification "
                              "sheets:\n" + "\n".join(f"  {p}" for p in problems))
    return samples


def _read_sample(directory: Path, manifest: Path, problems: list[str]) -> Returned:
    rel = manifest.relative_to(directory).as_posix()
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        drawn: list[dict[str, Any]] = data["drawn"]
        period, method = str(data["period"]), str(data["method"])
        names = {str(p): str(n) for p, n in data["sheets"].items()}
    except (ValueError, KeyError, TypeError):
        raise MonitoringError(f"{directory / rel}: not a sample that `obc verify sample` "
                              "wrote; draw the sample again") from None
    folder = manifest.parent
    sample = Returned(folder.relative_to(directory).as_posix(), period, method)
    cases = {(str(d["provider"]), int(d["rate_line"]), str(d["person_id"])): Case(
        Claim(str(d["provider"]), int(d["rate_line"]), str(d["person_id"]), str(d["period"]),
              str(d["outcome"]), d.get("price_group")), Decimal(str(d["rate"])))
        for d in drawn}
    providers = sorted({k[0] for k in cases})
    stems = {names.get(p, p) for p in providers}
    for path in sorted(folder.glob("*.csv")) + sorted(folder.glob("*.xlsx")):
        if path.stem not in stems:
            problems.append(f"{_rel(directory, path)}: no claims of a provider "
                            f"`{path.stem}` were drawn in this sample (sheets: "
                            f"{', '.join(sorted(stems))}); remove or rename the file")
    for provider in providers:
        filled = []
        stem = names.get(provider, provider)
        for path in (folder / f"{stem}.csv", folder / f"{stem}.xlsx"):
            if not path.is_file():
                continue
            found = _read_sheet(directory, path, provider, cases, problems)
            if found:
                filled.append((path, found))
        if len(filled) > 1:
            problems.append(f"{_rel(directory, filled[0][0])}: {_rel(directory, filled[1][0])} "
                            "also has findings; keep the findings in one of the two sheets")
            continue
        for path, found in filled:
            sample.sheets[provider] = [_rel(directory, path)]
            for key, case in found.items():
                cases[key] = case
    sample.cases = [cases[k] for k in sorted(cases)]
    return sample


def _read_sheet(directory: Path, path: Path, provider: str, cases: dict[ClaimKey, Case],
                problems: list[str]) -> dict[ClaimKey, Case]:
    rel = _rel(directory, path)
    try:
        rows = read_table(path, rel, (*KEY_COLUMNS, "finding", "note"), sheet=SHEET_TITLE)
    except SheetError as error:
        where = f"{error.where}: " if error.where else ""
        problems.append(f"{rel}: {where}{error.message} ({error.hint})")
        return {}
    found: dict[ClaimKey, Case] = {}
    seen: dict[ClaimKey, Row] = {}
    for row in rows:
        finding = " ".join(row.get("finding").lower().replace("_", " ").split())
        person = row.get("person_id")
        line = row.get("rate_line")
        key = (row.get("provider"), int(line) if line.isdigit() else -1, person)
        if key not in cases or key[0] != provider:
            problems.append(f"{rel}: {row.where('person_id')}: person {person!r} on rate-card "
                            f"line {line or '?'} was not drawn for {provider} in this sample; "
                            "keep the rows as written and fill in finding and note only")
            continue
        if key in seen:
            problems.append(f"{rel}: {row.where('person_id')}: person {person!r} on line "
                            f"{line} is given twice (also {seen[key].where('person_id')}); "
                            "keep one row")
            continue
        seen[key] = row
        if not finding:
            continue
        if finding not in FINDINGS:
            problems.append(f"{rel}: {row.where('finding')}: {row.get('finding')!r} is not a "
                            "finding; write confirmed, not confirmed or not found")
            continue
        note = row.get("note")
        if finding in FAILED and not note:
            problems.append(f"{rel}: {row.where('note')}: the finding {finding!r} needs a "
                            "note saying why (what was missing or did not match)")
            continue
        found[key] = Case(cases[key].claim, cases[key].rate, finding, note, rel,
                          row.where("finding"))
    return found


def _rel(directory: Path, path: Path) -> str:
    return path.relative_to(directory).as_posix()


def struck(samples: list[Returned]) -> frozenset[ClaimKey]:
    """The claims found not confirmed or not found: they are not paid."""
    return frozenset((c.claim.provider, c.claim.line, c.claim.person)
                     for s in samples for c in s.cases if c.finding in FAILED)
