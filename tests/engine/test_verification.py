"""Verification executed, end to end: `api.verify_sample` draws and writes the sheets,
they come back filled in, and a monitoring run with them pays no failed claim, claws
back from the rest above the threshold and lists what was never returned. Every figure
by hand."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from obcrules import api
from obcrules.engine import monitor
from obcrules.engine.errors import MonitoringError
from obcrules.engine.render import status_table
from obcrules.engine.verification.sheets import read_returned
from obcrules.plugins.manager import Registry
from obcrules.semantics.checked import CheckedRuleset
from tests.engine.conftest import ADULTS_IMPROVED, PEOPLE_COLUMNS, checked_ruleset, write_csv

SOURCE = ADULTS_IMPROVED.replace("target at least 50%\n", "target at least 50%\n"
                                 "    verify case_file_audit sample 50% every quarter\n") + '''
payment:
    improved_share pays £100 per person where improved
    claw back when more than 10% fail
'''

FOLDER = "2026-Q1/case_file_audit"


@pytest.fixture
def checked(svc_registry: Registry) -> CheckedRuleset:
    return checked_ruleset(SOURCE, svc_registry)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    people = [(f"a{i}", "P1", "2026-Q1") for i in range(10)]
    people += [(f"b{i}", "P2", "2026-Q1") for i in range(4)]
    people += [("a9", "P1", "2026-Q2"), ("c0", "P1", "2026-Q2")]  # c0 is claimed in Q2
    write_csv(folder / "people.csv", [
        {"person_id": p, "provider": provider, "period": period, "code": "x", "age": 40,
         "improved": True} for p, provider, period in people], PEOPLE_COLUMNS)
    return folder


def drawn_by_hand(checked: CheckedRuleset, provider: str, people: list[str], k: int
                  ) -> list[str]:
    """The documented draw, redone: the k smallest SHA-256 of SEED|PERIOD|METHOD|…."""
    def key(person: str) -> str:
        text = f"{checked.sha256}|2026-Q1|case_file_audit|{provider}|1|{person}"
        return hashlib.sha256(text.encode()).hexdigest()
    return sorted(people, key=key)[:k]


def sheet_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def fill_csv(path: Path, findings: dict[str, tuple[str, str]]) -> None:
    rows = sheet_rows(path)
    for row in rows:
        row["finding"], row["note"] = findings.get(row["person_id"], ("", ""))
    write_rows(path, rows)


def fill_xlsx(path: Path, findings: dict[str, tuple[str, str]]) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    for row in sheet.iter_rows(min_row=2):
        finding, note = findings.get(str(row[1].value), ("", ""))
        row[9].value, row[10].value = finding or None, note or None
    book.save(path)


def draw(checked: CheckedRuleset, data: Path, out: Path) -> list[dict[str, Any]]:
    run = api.verify_sample(checked, data, period="2026-Q1", out=out, minimum=2)
    assert [p.relative_to(out).as_posix() for p in run.written] == [
        f"{FOLDER}/sample.json", f"{FOLDER}/P1.csv", f"{FOLDER}/P1.xlsx", f"{FOLDER}/P2.csv",
        f"{FOLDER}/P2.xlsx"]
    return list(json.loads((out / FOLDER / "sample.json").read_text())["drawn"])


def test_the_sample_is_the_documented_draw_and_the_same_every_time(
        checked: CheckedRuleset, data: Path, tmp_path: Path) -> None:
    drawn = draw(checked, data, tmp_path / "s1")
    # P1: 10 claims in Q1 (c0 is Q2's), ceil(50% × 10) = 5; P2: 4 claims, 2
    p1 = [d["person_id"] for d in drawn if d["provider"] == "P1"]
    p2 = [d["person_id"] for d in drawn if d["provider"] == "P2"]
    assert p1 == drawn_by_hand(checked, "P1", [f"a{i}" for i in range(10)], 5)
    assert p2 == drawn_by_hand(checked, "P2", [f"b{i}" for i in range(4)], 2)
    again = draw(checked, data, tmp_path / "s2")
    assert again == drawn
    for name in ("sample.json", "P1.csv", "P1.xlsx"):
        assert (tmp_path / "s1" / FOLDER / name).read_bytes() == (
            tmp_path / "s2" / FOLDER / name).read_bytes()
    assert [r["rate"] for r in sheet_rows(tmp_path / "s1" / FOLDER / "P1.csv")] == ["100.00"] * 5


def test_failed_claims_are_not_paid_and_the_failure_rate_claws_back(
        checked: CheckedRuleset, data: Path, tmp_path: Path) -> None:
    out = tmp_path / "samples"
    drawn = draw(checked, data, out)
    p1 = [d["person_id"] for d in drawn if d["provider"] == "P1"]
    p2 = [d["person_id"] for d in drawn if d["provider"] == "P2"]
    fill_csv(out / FOLDER / "P1.csv", {p1[0]: ("not confirmed", "no tenancy record"),
                                       p1[1]: ("Confirmed", ""), p1[2]: ("confirmed", "")})
    fill_xlsx(out / FOLDER / "P2.xlsx", {p2[0]: ("confirmed", ""), p2[1]: ("confirmed", "")})
    result = monitor(checked, data, samples=read_returned(out))
    document = result.document
    assert ("  verified case_file_audit 2026-Q1: 3 of 5 returned, 1 not paid, 2 outstanding; "
            "clawed back £233.33\n") in status_table(result)
    paid = {(p["provider"], b["period"]): (b["people"], b["amount"])
            for p in document["payments"] for b in p["by_period"]}
    # P1 Q1: 10 claims, one not confirmed: 9 × £100
    assert paid == {("P1", "2026-Q1"): (9, "900.00"), ("P1", "2026-Q2"): (1, "100.00"),
                    ("P2", "2026-Q1"): (4, "400.00")}
    [one, two] = document["verification"]
    # P1: 1 of 3 returned failed (33.33%) > 10%: (£900 − 2 × £100 confirmed) × 1/3
    # = £233.333… → £233.33
    assert {k: one[k] for k in ("provider", "drawn", "returned", "confirmed",
                                "not_confirmed", "not_found", "failure_rate", "threshold",
                                "paid_in_period", "confirmed_value", "base", "clawback")} == {
        "provider": "P1", "drawn": 5, "returned": 3, "confirmed": 2, "not_confirmed": 1,
        "not_found": 0, "failure_rate": "0.333333", "threshold": "0.1",
        "paid_in_period": "900.00", "confirmed_value": "200.00", "base": "700.00",
        "clawback": "233.33"}
    assert one["working"] == (
        "1 of 3 sampled claims returned failed (33.33%), above the 10.00% threshold. P1 was "
        "paid £900.00 on these outcomes in 2026-Q1; less £200.00 for the 2 sampled claims "
        "confirmed leaves £700.00; 1/3 of it, £233.33, is clawed back.")
    assert one["sheets"] == [f"{FOLDER}/P1.csv"]
    assert [(u["person_id"], u["finding"], u["note"], u["amount"], u["cell"])
            for u in one["unpaid"]] == [
        (p1[0], "not confirmed", "no tenancy record", "100.00", "row 2, column finding")]
    assert sorted(o["person_id"] for o in one["outstanding"]) == sorted(p1[3:])
    assert (two["provider"], two["returned"], two["failure_rate"], two["clawback"],
            two["sheets"]) == ("P2", 2, "0", "0.00", [f"{FOLDER}/P2.xlsx"])
    assert two["working"] == ("0 of 2 sampled claims returned failed (0.00%), not above the "
                              "10.00% threshold: the failed claims are not paid and nothing "
                              "more is clawed back.")
    totals = {t["provider"]: (t["outcome_payments"], t["clawback"], t["total"])
              for t in document["payment_totals"]}
    assert totals == {"P1": ("1000.00", "233.33", "766.67"), "P2": ("400.00", "0.00", "400.00")}


def test_a_sample_not_yet_returned_lists_every_claim_outstanding(
        checked: CheckedRuleset, data: Path, tmp_path: Path) -> None:
    out = tmp_path / "samples"
    draw(checked, data, out)
    document = monitor(checked, data, samples=read_returned(out)).document
    assert [(e["provider"], e["returned"], len(e["outstanding"]), e["failure_rate"],
             e["clawback"]) for e in document["verification"]] == [
        ("P1", 0, 5, None, "0.00"), ("P2", 0, 2, None, "0.00")]


def problems(out: Path) -> list[str]:
    with pytest.raises(MonitoringError) as caught:
        read_returned(out)
    return str(caught.value).splitlines()[1:]


def test_bad_sheets_are_errors_naming_the_file_and_cell(
        checked: CheckedRuleset, data: Path, tmp_path: Path) -> None:
    out = tmp_path / "samples"
    drawn = draw(checked, data, out)
    p1 = [d["person_id"] for d in drawn if d["provider"] == "P1"]
    p2 = [d["person_id"] for d in drawn if d["provider"] == "P2"]
    fill_xlsx(out / FOLDER / "P1.xlsx", {p1[0]: ("maybe", ""), p1[1]: ("not found", "")})
    fill_csv(out / FOLDER / "P2.csv", {p2[0]: ("confirmed", "")})
    fill_xlsx(out / FOLDER / "P2.xlsx", {p2[1]: ("confirmed", "")})
    rows = sheet_rows(out / FOLDER / "P2.csv")
    (out / FOLDER / "P3.csv").write_text("provider,person_id,rate_line,finding,note\n",
                                         encoding="utf-8")
    assert problems(out) == [
        f"  {FOLDER}/P3.csv: no claims of a provider `P3` were drawn in this sample (sheets: "
        "P1, P2); remove or rename the file",
        f"  {FOLDER}/P1.xlsx: Sample!J2: 'maybe' is not a finding; write confirmed, not "
        "confirmed or not found",
        f"  {FOLDER}/P1.xlsx: Sample!K3: the finding 'not found' needs a note saying why "
        "(what was missing or did not match)",
        f"  {FOLDER}/P2.csv: {FOLDER}/P2.xlsx also has findings; keep the findings in one of "
        "the two sheets"]
    assert rows[0]["person_id"] == p2[0]


def test_a_row_not_drawn_or_given_twice_is_an_error(
        checked: CheckedRuleset, data: Path, tmp_path: Path) -> None:
    out = tmp_path / "samples"
    draw(checked, data, out)
    path = out / FOLDER / "P2.csv"
    rows = sheet_rows(path)
    rows.append(dict(rows[0]))
    rows.append(dict(rows[0], person_id="zz"))
    write_rows(path, rows)
    assert problems(out) == [
        f"  {FOLDER}/P2.csv: row 4, column person_id: person {rows[0]['person_id']!r} on "
        "line 1 is given twice (also row 2, column person_id); keep one row",
        f"  {FOLDER}/P2.csv: row 5, column person_id: person 'zz' on rate-card line 1 was not "
        "drawn for P2 in this sample; keep the rows as written and fill in finding and note "
        "only"]


def test_a_folder_without_a_sample_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(MonitoringError, match=r"no sample\.json found"):
        read_returned(tmp_path)


def test_a_contract_seeds_the_draw_and_limits_it_to_its_provider(
        checked: CheckedRuleset, data: Path, tmp_path: Path) -> None:
    contract = tmp_path / "contract.yaml"
    contract.write_text("schema: obcrules.contract/1\nprovider_id: P1\n", encoding="utf-8")
    out = tmp_path / "samples"
    run = api.verify_sample(checked, data, period="2026-Q1", out=out, minimum=2,
                            contract=contract)
    assert [p.name for p in run.written] == ["sample.json", "P1.csv", "P1.xlsx"]
    manifest = json.loads((out / FOLDER / "sample.json").read_text())
    seed = hashlib.sha256(contract.read_bytes()).hexdigest()
    assert (manifest["seed"], manifest["seeded_by"]) == (seed, "contract.yaml")

    def key(person: str) -> str:
        return hashlib.sha256(f"{seed}|2026-Q1|case_file_audit|P1|1|{person}".encode()
                              ).hexdigest()
    assert [d["person_id"] for d in manifest["drawn"]] == sorted(
        (f"a{i}" for i in range(10)), key=key)[:5]


def test_a_method_the_ruleset_does_not_sample_is_a_usage_error(
        checked: CheckedRuleset, data: Path, tmp_path: Path) -> None:
    with pytest.raises(api.UsageError, match="the ruleset samples no claims by 'survey'"):
        api.verify_sample(checked, data, period="2026-Q1", out=tmp_path / "s",
                          method="survey")
    with pytest.raises(api.UsageError, match="the minimum per provider is at least 1"):
        api.verify_sample(checked, data, period="2026-Q1", out=tmp_path / "s", minimum=0)


def test_claims_outside_the_contracts_term_are_not_drawn(
        svc_registry: Registry, data: Path, tmp_path: Path) -> None:
    """Before its term the contract pays nobody, so there is no claim to audit there."""
    checked = checked_ruleset(SOURCE.replace("claw back", "term 2026-Q2 to 2026-Q4\n    claw back"),
                              svc_registry)
    api.verify_sample(checked, data, period="2026-Q1", out=tmp_path / "s1", minimum=2)
    assert json.loads((tmp_path / "s1" / FOLDER / "sample.json").read_text())["drawn"] == []
    api.verify_sample(checked, data, period="2026-Q2", out=tmp_path / "s2", minimum=2)
    q2 = json.loads((tmp_path / "s2" / "2026-Q2/case_file_audit/sample.json").read_text())
    assert [(d["provider"], d["person_id"]) for d in q2["drawn"]] == [("P1", "c0")]


def test_a_clawback_never_takes_back_more_than_the_rate_card_paid(
        svc_registry: Registry, data: Path, tmp_path: Path) -> None:
    """10% of £1,000 is at risk: P1's rate card earns £800 after the strikes but is paid
    £100. Two of three claims failed: (£800 − £100 confirmed) × 2/3 = £466.67 would take
    £366.67 of the fixed part; £100, what the rate card paid, is clawed back."""
    checked = checked_ruleset(SOURCE.replace(
        "payment:\n", "payment:\n    contract value £1_000\n    at risk 10%\n"), svc_registry)
    out = tmp_path / "samples"
    p1 = [d["person_id"] for d in draw(checked, data, out) if d["provider"] == "P1"]
    fill_csv(out / FOLDER / "P1.csv", {p1[0]: ("not confirmed", "no record"),
                                       p1[1]: ("not found", "no file"),
                                       p1[2]: ("confirmed", "")})
    document = monitor(checked, data, samples=read_returned(out)).document
    totals = document["payment_totals"][0]
    assert (totals["rate_card_after_at_risk"], totals["outcome_payments"], totals["fixed"],
            totals["clawback"], totals["total"]) == ("100.00", "100.00", "900.00", "100.00",
                                                     "900.00")
    entry = document["verification"][0]
    assert (entry["paid_in_period"], entry["base"], entry["clawback"]) == (
        "800.00", "700.00", "100.00")
    assert entry["working"] == (
        "2 of 3 sampled claims returned failed (66.67%), above the 10.00% threshold. P1's "
        "claims on these outcomes in 2026-Q1 came to £800.00 on the rate card; less £100.00 "
        "for the 1 sampled claims confirmed leaves £700.00; 2/3 of it is £466.67. But within "
        "the amount at risk and its outcome payments, the rate card paid P1 £100.00 over the "
        "contract that is not already clawed back, so £100.00 is clawed back: never more "
        "than was paid.")


def test_findings_are_refused_when_the_rate_card_changed_since_the_draw(
        svc_registry: Registry, checked: CheckedRuleset, data: Path, tmp_path: Path) -> None:
    """A line added before the sampled one: line 1 is another line now, and a finding on
    line 1 would leave the failed claim paid and strike someone's £50 claim instead."""
    out = tmp_path / "samples"
    p1 = [d["person_id"] for d in draw(checked, data, out) if d["provider"] == "P1"]
    fill_csv(out / FOLDER / "P1.csv", {p1[0]: ("not confirmed", "no record")})
    changed = checked_ruleset(SOURCE.replace(
        "payment:\n", "payment:\n    improved_share pays £50 per person where age >= 18\n"),
        svc_registry)
    with pytest.raises(MonitoringError) as caught:
        monitor(changed, data, samples=read_returned(out))
    assert str(caught.value) == (
        "1 rate-card line(s) of the returned verification samples differ from the payment "
        "terms (the ruleset or the contract changed since the sample was drawn), so the "
        "findings would strike the wrong claims:\n"
        "  2026-Q1/case_file_audit: rate-card line 1 paid on improved_share at £100.00 when "
        "drawn, it pays on improved_share at £50.00 now\n"
        "monitor with the ruleset and contract the sample was drawn under, or draw a new "
        "sample into another folder")
    repriced = checked_ruleset(SOURCE.replace("£100", "£120"), svc_registry)
    with pytest.raises(MonitoringError, match=re.escape(
            "at £100.00 when drawn, it pays on improved_share at £120.00 now")):
        monitor(repriced, data, samples=read_returned(out))
    reformatted = checked_ruleset(SOURCE + "\n# a comment changes no term\n", svc_registry)
    assert monitor(reformatted, data, samples=read_returned(out)).document["verification"]
