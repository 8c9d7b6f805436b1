"""Claims person by person (`obcrules.engine.verification.claims`, through a monitoring
run): listed for a sample, struck when verification fails, and checked against the
commissioner's confirming table. Every figure by hand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from obcrules.engine import monitor
from obcrules.engine.verification.claims import Claim, Settlement
from obcrules.plugins.manager import Registry
from tests.engine.conftest import ADULTS_IMPROVED, PEOPLE_COLUMNS, checked_ruleset, write_csv

PAID = ADULTS_IMPROVED.replace("target at least 50%\n", "target at least 50%\n"
                               "    verify case_file_audit sample 10% every quarter\n"
                               "    verify admin_data every quarter\n") + '''
payment:
    improved_share pays £100 per person where improved:
        group older pays £150 where age >= 65
'''

PEOPLE = [("a", "P1", "2026-Q1", 40, True), ("b", "P1", "2026-Q1", 70, True),
          ("c", "P1", "2026-Q2", 40, True), ("d", "P2", "2026-Q1", 40, True),
          ("e", "P2", "2026-Q1", 40, False)]


def data(tmp_path: Path, confirmed: list[tuple[str, str]] | None = None) -> Path:
    folder = tmp_path / "data"
    folder.mkdir(exist_ok=True)
    write_csv(folder / "people.csv", [
        {"person_id": p, "provider": provider, "period": period, "code": "x", "age": age,
         "improved": improved} for p, provider, period, age, improved in PEOPLE],
        PEOPLE_COLUMNS)
    if confirmed is not None:
        write_csv(folder / "register.csv", [{"ref": p, "outcome": o} for p, o in confirmed])
    return folder


def paid(document: dict[str, Any]) -> dict[str, list[tuple[str, int, str]]]:
    return {p["provider"]: [(b["period"], b["people"], b["amount"]) for b in p["by_period"]]
            for p in document["payments"]}


def test_the_claims_are_listed_person_by_person_with_their_group(
        svc_registry: Registry, tmp_path: Path) -> None:
    settlement = Settlement(listing=True)
    monitor(checked_ruleset(PAID, svc_registry), data(tmp_path), settlement=settlement)
    assert sorted(settlement.claims) == [
        Claim("P1", 1, "a", "2026-Q1", "improved_share"),
        Claim("P1", 1, "b", "2026-Q1", "improved_share", "older"),
        Claim("P1", 1, "c", "2026-Q2", "improved_share"),
        Claim("P2", 1, "d", "2026-Q1", "improved_share")]


def test_a_struck_claim_is_not_paid(svc_registry: Registry, tmp_path: Path) -> None:
    checked = checked_ruleset(PAID, svc_registry)
    before = paid(monitor(checked, data(tmp_path)).document)
    assert before == {"P1": [("2026-Q1", 2, "250.00"), ("2026-Q2", 1, "100.00")],
                      "P2": [("2026-Q1", 1, "100.00")]}
    settlement = Settlement(struck=frozenset({("P1", 1, "b"), ("P2", 1, "d")}), listing=True)
    after = paid(monitor(checked, data(tmp_path), settlement=settlement).document)
    assert after == {"P1": [("2026-Q1", 1, "100.00"), ("2026-Q2", 1, "100.00")], "P2": []}
    assert sorted((c.provider, c.person) for c in settlement.claims) == [
        ("P1", "a"), ("P1", "c")]


def test_the_confirming_table_strikes_claims_it_does_not_hold(
        svc_registry: Registry, tmp_path: Path) -> None:
    source = PAID + "    confirm with register on ref\n"
    settlement = Settlement()
    document = monitor(checked_ruleset(source, svc_registry),
                       data(tmp_path, [("a", "improved_share"), ("c", "improved_share"),
                                       ("d", "other_outcome")]),
                       settlement=settlement).document
    assert sorted(settlement.mismatches) == [
        Claim("P1", 1, "b", "2026-Q1", "improved_share"),
        Claim("P2", 1, "d", "2026-Q1", "improved_share")]
    assert paid(document) == {"P1": [("2026-Q1", 1, "100.00"), ("2026-Q2", 1, "100.00")],
                              "P2": []}
    assert [i["path"] for i in document["inputs"]] == ["people.csv", "register.csv"]
